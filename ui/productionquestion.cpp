#include "productionquestion.h"

#include "appsession.h"
#include "messagebox.h"
#include "tokenmismatch.h"
#include "tokensession.h"

#include <QCoreApplication>

namespace Tokenscope::Ui {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Ui::ProductionQuestion)
};

using Kind = Workspace::TokenMismatch::Kind;

} // namespace

bool isChangingMethod(const QByteArray& method)
{
    const QByteArray upper = method.trimmed().toUpper();
    return upper != "GET" && upper != "HEAD" && upper != "OPTIONS";
}

bool confirmProductionSend(QWidget* parent, Workspace::AppSession* session, const Http::HttpRequest& request,
    const QString& collectionId)
{
    const Workspace::Environment* environment = session->currentEnvironment();
    if (!environment || !environment->production || !isChangingMethod(request.method))
        return true;
    const QString method = QString::fromLatin1(request.method.trimmed().toUpper());
    // The URL as typed: a secret variable in it stays a {{name}}. The host it resolves to besides.
    const QString typed = request.url.trimmed();
    const QString host = session->resolvedUrl(request, collectionId).host();
    QString text
        = Text::tr("Send %1 %2 to the production environment “%3”?").arg(method, typed, environment->name);
    if (!host.isEmpty() && !typed.contains(host, Qt::CaseInsensitive))
        text += QStringLiteral("\n\n") + Text::tr("It goes to %1.").arg(host);
    text += QStringLiteral("\n\n")
        + Text::tr("A %1 request may change or delete data there. “%2” is marked as production.")
              .arg(method, environment->name);
    const QMessageBox::StandardButton answer = MessageBox::question(parent, Text::tr("Send to production?"),
        text, {{QMessageBox::Yes, Text::tr("&Send %1").arg(method)}, {QMessageBox::Cancel, {}}},
        QMessageBox::Cancel);
    return answer == QMessageBox::Yes;
}

bool confirmTokenMatch(QWidget* parent, Workspace::AppSession* session, const Http::HttpRequest& request,
    const QString& collectionId)
{
    const Workspace::Environment* environment = session->currentEnvironment();
    const Workspace::TokenDestination destination = session->tokenDestination(request, collectionId);
    OAuth::TokenSession* tokens = session->currentTokenSession();
    if (!environment || destination.host.isEmpty() || !tokens)
        return true; // no token goes with it
    const Workspace::TokenMismatch mismatch = Workspace::tokenMismatch(session->workspace(), environment->id,
        tokens->tokens().accessToken, session->resolvedUrl(request, collectionId));
    if (!mismatch.isMismatch())
        return true;
    const QString name = environment->name;
    QString why;
    switch (mismatch.kind) {
    case Kind::OtherEnvironmentIssuer:
        why = Text::tr("It was issued by %1, the issuer of the environment “%2”, not by the issuer of “%3”.")
                  .arg(mismatch.issuer, mismatch.otherEnvironmentName, name);
        break;
    case Kind::OtherIssuer:
        why = Text::tr("It was issued by %1, not by %2, the issuer of “%3”.")
                  .arg(mismatch.issuer, mismatch.expectedIssuer, name);
        break;
    case Kind::OtherAudience:
        why = mismatch.otherEnvironmentName.isEmpty()
            ? Text::tr("It is meant for %1, not for %2.")
                  .arg(mismatch.audiences.join(QStringLiteral(", ")), mismatch.host)
            : Text::tr("It is meant for %1, an API of the environment “%2”, not for %3.")
                  .arg(mismatch.audiences.join(QStringLiteral(", ")), mismatch.otherEnvironmentName,
                      mismatch.host);
        break;
    case Kind::None:
        return true;
    }
    const QString text = Text::tr("The access token of “%1” looks like another environment's.").arg(name)
        + QStringLiteral("\n\n") + why + QStringLiteral("\n\n")
        + Text::tr("Sending the wrong environment's token is a common mix-up. Get a new token for “%1” or "
                   "select the environment the token belongs to. Send it to %2 anyway?")
              .arg(name, mismatch.host);
    const QMessageBox::StandardButton answer
        = MessageBox::question(parent, Text::tr("Send another environment's token?"), text,
            {{QMessageBox::Yes, Text::tr("Send &Anyway")}, {QMessageBox::Cancel, {}}}, QMessageBox::Cancel);
    return answer == QMessageBox::Yes;
}

} // namespace Tokenscope::Ui
