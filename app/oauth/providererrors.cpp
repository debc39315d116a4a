#include "providererrors.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>

namespace Tokenscope::OAuth {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::ProviderErrors)
};

// The registered `error` values, by their lower-case spelling.
const QHash<QString, const char*>& registeredCodes()
{
    static const QHash<QString, const char*> codes {
        // RFC 6749 §4.1.2.1 and §5.2
        {QStringLiteral("invalid_request"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The provider found the request malformed. Check the endpoints, redirect URI and extra "
                "parameters.")},
        {QStringLiteral("unauthorized_client"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "This client may not use this grant. Check the client's registration at the provider.")},
        {QStringLiteral("access_denied"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The sign-in was declined, or the account may not use this client.")},
        {QStringLiteral("unsupported_response_type"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The provider does not allow the code flow for this client.")},
        {QStringLiteral("invalid_scope"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "A requested scope is unknown or not allowed for this client. Check the scopes in the "
                "environment.")},
        {QStringLiteral("server_error"),
            QT_TRANSLATE_NOOP(
                "Tokenscope::OAuth::ProviderErrors", "The provider had an internal error. Try again later.")},
        {QStringLiteral("temporarily_unavailable"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The provider is overloaded or in maintenance. Try again later.")},
        {QStringLiteral("invalid_client"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The provider did not accept the client id or secret. Check them, and the client "
                "authentication method, in the environment.")},
        {QStringLiteral("invalid_grant"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The code or refresh token is expired, already used or revoked, or the redirect URI "
                "differs from the one used to get it. Sign in again.")},
        {QStringLiteral("unsupported_grant_type"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The provider does not support this grant, or not for this client. Check the grant in "
                "the environment and the client's registration at the provider.")},
        // OIDC Core §3.1.2.6
        {QStringLiteral("interaction_required"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The provider needs you on its page (to confirm or complete something) and cannot sign "
                "you in silently. Sign in interactively.")},
        {QStringLiteral("login_required"),
            QT_TRANSLATE_NOOP(
                "Tokenscope::OAuth::ProviderErrors", "The provider needs you to sign in interactively.")},
        {QStringLiteral("account_selection_required"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The provider needs you to choose an account. Sign in interactively.")},
        {QStringLiteral("consent_required"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The provider needs your consent for the requested scopes.")},
        {QStringLiteral("invalid_request_uri"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The request_uri is unknown or expired (a pushed request is valid for a short time "
                "only). Start the sign-in again.")},
        {QStringLiteral("invalid_request_object"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The provider rejected the request object (the signed request parameter).")},
        {QStringLiteral("request_not_supported"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The provider does not accept request objects (the request parameter).")},
        {QStringLiteral("request_uri_not_supported"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The provider does not accept the request_uri parameter.")},
        {QStringLiteral("registration_not_supported"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The provider does not accept the registration parameter.")},
        // RFC 8628 §3.5
        {QStringLiteral("authorization_pending"),
            QT_TRANSLATE_NOOP(
                "Tokenscope::OAuth::ProviderErrors", "The sign-in on the other device is not finished yet.")},
        {QStringLiteral("slow_down"),
            QT_TRANSLATE_NOOP(
                "Tokenscope::OAuth::ProviderErrors", "The provider asked to be polled less often.")},
        {QStringLiteral("expired_token"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The code was not entered and confirmed in time. Start the sign-in again and finish it "
                "before the countdown ends.")},
        // RFC 6750 §3.1
        {QStringLiteral("invalid_token"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The access token is expired, revoked or malformed, or meant for another API. Refresh it "
                "or get a new one.")},
        {QStringLiteral("insufficient_scope"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The access token lacks a scope this request needs. Add the scope to the environment and "
                "sign in again.")},
        // RFC 9449 §8 and §7.1
        {QStringLiteral("use_dpop_nonce"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The provider wants a DPoP proof carrying the nonce from its DPoP-Nonce header; the "
                "request is to be sent again with it.")},
        {QStringLiteral("invalid_dpop_proof"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The provider rejected the DPoP proof: its signature, time, nonce or the request it "
                "names.")},
    };
    return codes;
}

// Azure AD B2C and Entra ID (Azure AD) codes, as they appear in error_description ("AADSTS50011: …"),
// by their upper-case spelling.
const QHash<QString, const char*>& microsoftCodes()
{
    static const QHash<QString, const char*> codes {
        {QStringLiteral("AADB2C90118"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The user chose “Forgot your password?” on the sign-in page. The application is to start "
                "the password reset user flow.")},
        {QStringLiteral("AADB2C90091"),
            QT_TRANSLATE_NOOP(
                "Tokenscope::OAuth::ProviderErrors", "The user cancelled on the provider's page.")},
        {QStringLiteral("AADB2C90080"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The grant (code or refresh token) has expired. Sign in again.")},
        {QStringLiteral("AADB2C90085"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The provider had an internal problem with the grant. Sign in again.")},
        {QStringLiteral("AADB2C90006"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The redirect URI is not registered for this application in the B2C tenant. Register it, "
                "or use the registered one in the environment.")},
        {QStringLiteral("AADB2C90007"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The application has no redirect URI registered in the B2C tenant.")},
        {QStringLiteral("AADB2C90057"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The application is not configured for this kind of request (for example implicit tokens "
                "or this response type). Check the app registration's authentication settings.")},
        {QStringLiteral("AADB2C90079"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The client secret is missing or wrong. Check the secret and the client authentication "
                "method in the environment.")},
        {QStringLiteral("AADB2C90117"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "A requested scope is not supported. B2C APIs need full scope URIs "
                "(https://<tenant>.onmicrosoft.com/<api>/<scope>).")},
        {QStringLiteral("AADB2C90205"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The application has no permission for the requested API. Add it under API permissions "
                "in the app registration and grant consent.")},
        {QStringLiteral("AADB2C90077"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "There is no session at the provider and silent sign-in (prompt=none) was asked. Sign in "
                "interactively.")},
        {QStringLiteral("AADB2C90088"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The code or refresh token was issued by another user flow (policy). Use the same policy "
                "in the token endpoint as in the sign-in.")},
        {QStringLiteral("AADB2C90129"),
            QT_TRANSLATE_NOOP(
                "Tokenscope::OAuth::ProviderErrors", "The grant has been revoked. Sign in again.")},
        {QStringLiteral("AADB2C99002"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The user does not exist (any more) in the B2C tenant.")},
        {QStringLiteral("AADSTS50011"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The redirect URI does not match any registered for the application. Register it in the "
                "app registration, or use the registered one in the environment.")},
        {QStringLiteral("AADSTS500113"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "No redirect URI is registered for the application. Register one in the app "
                "registration.")},
        {QStringLiteral("AADSTS700016"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The application (client id) was not found in this tenant. Check the client id and the "
                "tenant in the endpoints.")},
        {QStringLiteral("AADSTS7000215"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The client secret is wrong. Use the secret's value, not its secret ID.")},
        {QStringLiteral("AADSTS7000222"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The client secret has expired. Create a new one in the app registration.")},
        {QStringLiteral("AADSTS700024"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The client assertion is not within its valid time range. Check this computer's clock.")},
        {QStringLiteral("AADSTS65001"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The user or an administrator has not consented to the application's permissions. Grant "
                "consent, or ask an administrator to.")},
        {QStringLiteral("AADSTS65004"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors", "The user declined to consent.")},
        {QStringLiteral("AADSTS50076"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "Multi-factor authentication is required. Sign in interactively.")},
        {QStringLiteral("AADSTS50079"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The user must register for multi-factor authentication. Sign in interactively.")},
        {QStringLiteral("AADSTS70008"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The authorization code or refresh token has expired. Sign in again.")},
        {QStringLiteral("AADSTS54005"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The authorization code was already redeemed; a code can be used once. Sign in again.")},
        {QStringLiteral("AADSTS700082"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The refresh token expired because it was not used for too long. Sign in again.")},
        {QStringLiteral("AADSTS50173"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The grant was revoked, for example after a password change. Sign in again.")},
        {QStringLiteral("AADSTS70011"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "A requested scope is invalid. Check the scopes in the environment (for example "
                "api://<app id>/.default).")},
        {QStringLiteral("AADSTS90014"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "A required field is missing from the request; the provider's text names it.")},
        {QStringLiteral("AADSTS9002313"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The request is malformed or invalid. Check the parameters the provider's text names.")},
        {QStringLiteral("AADSTS501481"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The code_verifier does not match the code_challenge of the sign-in. Sign in again.")},
        {QStringLiteral("AADSTS50126"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors", "The user name or password is wrong.")},
        {QStringLiteral("AADSTS50034"),
            QT_TRANSLATE_NOOP(
                "Tokenscope::OAuth::ProviderErrors", "The user account does not exist in this tenant.")},
        {QStringLiteral("AADSTS50058"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "No signed-in session was found for a silent sign-in. Sign in interactively.")},
        {QStringLiteral("AADSTS53003"),
            QT_TRANSLATE_NOOP(
                "Tokenscope::OAuth::ProviderErrors", "Access was blocked by a Conditional Access policy.")},
        {QStringLiteral("AADSTS90002"),
            QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
                "The tenant was not found. Check the tenant name or id in the endpoints.")},
    };
    return codes;
}

struct KeycloakMessage
{
    QLatin1String text;
    const char* meaning = nullptr;
};

// Keycloak's error_description texts. A longer text comes before one it contains.
constexpr KeycloakMessage keycloakMessages[] = {
    {QLatin1String("Invalid parameter: redirect_uri"),
        QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
            "The redirect URI is not among the client's Valid Redirect URIs in Keycloak. Add it there, "
            "or use a registered one in the environment.")},
    {QLatin1String("Client not found"),
        QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
            "Keycloak has no client with this client id in this realm. Check the client id and the "
            "realm in the endpoints.")},
    {QLatin1String("Invalid client or Invalid client credentials"),
        QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
            "Keycloak did not accept the client id or secret. Compare the secret with the client's "
            "Credentials tab, and check the client authentication method.")},
    {QLatin1String("Invalid client credentials"),
        QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
            "Keycloak did not accept the client id or secret. Compare the secret with the client's "
            "Credentials tab, and check the client authentication method.")},
    {QLatin1String("Code not valid"),
        QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
            "The code is expired, already used or from another session; a code can be used once. Sign in "
            "again.")},
    {QLatin1String("Session not active"),
        QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
            "The user's session at Keycloak has ended (signed out or timed out). Sign in again.")},
    {QLatin1String("Token is not active"),
        QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
            "The token has expired or its session has ended. Sign in again.")},
    {QLatin1String("Invalid refresh token"),
        QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
            "The refresh token is not valid for this client or realm. Sign in again.")},
    {QLatin1String("Stale token"),
        QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
            "This refresh token was already used: with refresh token rotation only the newest one works. "
            "Sign in again.")},
    {QLatin1String("Refresh token expired"),
        QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
            "The refresh token has expired (the session's idle or maximum time passed). Sign in again.")},
    {QLatin1String("Account is not fully set up"),
        QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
            "The account has actions pending (update the password, verify the e-mail address, set up a "
            "one-time code). Sign in through the browser to finish them.")},
    {QLatin1String("Offline tokens not allowed for the user or client"),
        QT_TRANSLATE_NOOP("Tokenscope::OAuth::ProviderErrors",
            "offline_access was asked, but the user or the client may not get offline tokens. Remove "
            "offline_access from the scopes, or ask the realm's administrator.")},
};

} // namespace

ProviderErrorExplanation explainProviderError(const QString& code, const QString& description)
{
    ProviderErrorExplanation explanation;
    explanation.code = code;
    if (const auto it = registeredCodes().constFind(code.trimmed().toLower()); it != registeredCodes().cend())
        explanation.meaning = Text::tr(it.value());

    // The Microsoft code leads the description, after a trace id or inside a longer text; the first known
    // one is the cause.
    static const QRegularExpression microsoft(
        QStringLiteral("\\b(AADSTS|AADB2C)(\\d+)\\b"), QRegularExpression::CaseInsensitiveOption);
    for (auto match = microsoft.globalMatch(code + u' ' + description); match.hasNext();) {
        const QRegularExpressionMatch found = match.next();
        const QString key = found.captured(1).toUpper() + found.captured(2);
        if (const auto it = microsoftCodes().constFind(key); it != microsoftCodes().cend()) {
            explanation.providerCode = found.captured(0);
            explanation.providerMeaning = Text::tr(it.value());
            return explanation;
        }
    }
    for (const KeycloakMessage& message : keycloakMessages) {
        if (const qsizetype at = description.indexOf(message.text, 0, Qt::CaseInsensitive); at >= 0) {
            explanation.providerCode = description.mid(at, message.text.size());
            explanation.providerMeaning = Text::tr(message.meaning);
            return explanation;
        }
    }
    return explanation;
}

QString failureLine(const Error& error)
{
    const ProviderErrorExplanation explanation = explainProviderError(error.code, error.detail);
    if (error.code.isEmpty() || !explanation.isKnown())
        return error.summary;
    return error.summary + QStringLiteral(" — ") + explanation.text();
}

} // namespace Tokenscope::OAuth
