#include "environmentcopy.h"

#include "appsession.h"
#include "clientsecret.h"
#include "secretstore.h"

#include <QCoreApplication>

namespace Tokenscope::Workspace {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Workspace::EnvironmentCopy)
};

} // namespace

Environment environmentCopy(const Environment& source, const QString& name)
{
    Environment copy = source;
    copy.id = newEnvironmentId();
    copy.name = name;
    return copy;
}

void duplicateEnvironment(AppSession* session, const QString& sourceId, const QString& name, QObject* context,
    const std::function<void(const QString& id, const Error& error)>& done)
{
    const Environment* source = session->workspace().findEnvironment(sourceId);
    if (!source) {
        done({}, {Text::tr("The environment to duplicate no longer exists"), {}, {}});
        return;
    }
    const QString sourceName = source->name;
    // The client secret is read first: a copy without it would fail its first sign-in for no visible
    // reason, so none is made when the keychain cannot say.
    session->secretStore()->read(OAuth::clientSecretKey(sourceId), context,
        [session, sourceId, sourceName, name, done](const Secrets::SecretResult& result) {
            const Environment* current = session->workspace().findEnvironment(sourceId);
            if (!current) {
                done({}, {Text::tr("The environment to duplicate no longer exists"), {}, {}});
                return;
            }
            if (!result.backendWorks()) {
                done({},
                    {Text::tr(
                         "“%1” was not duplicated: its client secret could not be read from the keychain")
                            .arg(sourceName),
                        result.message, Text::tr("Unlock the keychain and duplicate it again.")});
                return;
            }
            const Environment copy = environmentCopy(*current, name);
            session->putEnvironment(
                copy, result.ok() ? std::optional<QString>(result.value) : std::optional<QString>());
            done(copy.id, {});
        });
}

} // namespace Tokenscope::Workspace
