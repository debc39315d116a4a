#include "tokendestinationquestion.h"

#include "appsession.h"
#include "messagebox.h"

#include <QCoreApplication>

namespace Tokenscope::Ui {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Ui::TokenDestination)
};

using Kind = Workspace::TokenDestination::Kind;

} // namespace

bool confirmTokenDestination(QWidget* parent, Workspace::AppSession* session,
    const Http::HttpRequest& request, const QString& collectionId)
{
    const Workspace::TokenDestination destination = session->tokenDestination(request, collectionId);
    const Workspace::Environment* environment = session->currentEnvironment();
    if (!destination.needsConfirmation() || !environment)
        return true;
    const QString name = environment->name;
    const QString host = destination.host;
    const QString why = destination.kind == Kind::OtherEnvironment
        ? Text::tr("%1 belongs to the environment “%2”. Select “%2” to call it with its own token.")
              .arg(host, destination.otherEnvironmentName)
        : Text::tr("%1 is neither the provider of “%2” nor one of its API base URLs. Whoever runs it can use "
                   "the token as you until it expires.")
              .arg(host, name);
    const QString text = Text::tr("Send the access token of “%1” to %2?").arg(name, host)
        + QStringLiteral("\n\n") + why + QStringLiteral("\n\n")
        + Text::tr("“Always for This Host” adds %1 to the API base URLs of “%2”.").arg(host, name);
    const QMessageBox::StandardButton answer
        = MessageBox::question(parent, Text::tr("Send the access token?"), text,
            {{QMessageBox::Yes, Text::tr("Send &Once")},
                {QMessageBox::YesToAll, Text::tr("&Always for This Host")}, {QMessageBox::Cancel, {}}},
            QMessageBox::Cancel);
    if (answer == QMessageBox::YesToAll)
        session->addApiBaseUrl(environment->id, destination.baseUrl);
    return answer == QMessageBox::Yes || answer == QMessageBox::YesToAll;
}

std::optional<Error> foreignHostRefusal(
    Workspace::AppSession* session, const Http::HttpRequest& request, const QString& collectionId)
{
    const Workspace::TokenDestination destination = session->tokenDestination(request, collectionId);
    const Workspace::Environment* environment = session->currentEnvironment();
    if (!destination.needsConfirmation() || !environment)
        return std::nullopt;
    const QString environmentName = environment->name;
    const QString summary
        = Text::tr("%1 refused the access token of “%2” (HTTP 401)").arg(destination.host, environmentName);
    if (destination.kind == Kind::OtherEnvironment) {
        return Error {summary,
            Text::tr("%1 belongs to the environment “%2”, not to “%3”; the token was not refreshed.")
                .arg(destination.host, destination.otherEnvironmentName, environmentName),
            Text::tr("Select “%1” and send again.").arg(destination.otherEnvironmentName)};
    }
    return Error {summary,
        Text::tr("%1 is not one of the API hosts of “%2”; the token was not refreshed.")
            .arg(destination.host, environmentName),
        Text::tr("Check the URL. If the API belongs to “%1”, add it to its API base URLs (Edit Environment).")
            .arg(environmentName)};
}

} // namespace Tokenscope::Ui
