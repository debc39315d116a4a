#include "parameterexplanation.h"

#include "formencoding.h"
#include "redaction.h"

#include <QCoreApplication>

namespace Tokenscope::OAuth {

using Http::FlowEvent;

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::ParameterExplanation)
};

QByteArray contentTypeOf(const FlowEvent& event)
{
    for (const auto& [name, value] : event.headers) {
        if (name.compare("content-type", Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

} // namespace

QString explainParameter(const QString& name)
{
    // One switch, so every sentence is a whole sentence the translator sees.
    if (name == QLatin1String("response_type"))
        return Text::tr("What the provider is to return: \"code\" is the authorization code flow.");
    if (name == QLatin1String("client_id"))
        return Text::tr("The identifier of this application at the provider.");
    if (name == QLatin1String("redirect_uri"))
        return Text::tr("Where the provider sends the browser back after sign-in; it must match the "
                        "registered address exactly.");
    if (name == QLatin1String("scope"))
        return Text::tr("The permissions asked for, separated by spaces; \"openid\" asks for an ID token.");
    if (name == QLatin1String("state"))
        return Text::tr("A random value Tokenscope checks on the way back, against forged sign-in "
                        "answers (RFC 6749 §10.12).");
    if (name == QLatin1String("nonce"))
        return Text::tr("A random value the ID token must repeat, so an old ID token cannot be replayed.");
    if (name == QLatin1String("code_challenge"))
        return Text::tr("The hash of a secret only Tokenscope knows (PKCE): only it can exchange the code.");
    if (name == QLatin1String("code_challenge_method"))
        return Text::tr("How the challenge was made from the secret: S256 is a SHA-256 hash, plain is the "
                        "secret itself.");
    if (name == QLatin1String("code_verifier"))
        return Text::tr("The PKCE secret itself, sent with the code to prove it is the same application.");
    if (name == QLatin1String("prompt"))
        return Text::tr("Whether the provider must ask again: login, consent, select_account or none.");
    if (name == QLatin1String("response_mode"))
        return Text::tr("How the answer comes back: in the query, in the fragment, or posted as a form "
                        "(form_post).");
    if (name == QLatin1String("max_age"))
        return Text::tr("The longest time in seconds since the user last signed in before they must sign "
                        "in again.");
    if (name == QLatin1String("login_hint"))
        return Text::tr("The account to suggest on the sign-in page, such as an email address.");
    if (name == QLatin1String("acr_values"))
        return Text::tr("The strength of sign-in asked for, such as multi-factor authentication.");
    if (name == QLatin1String("resource"))
        return Text::tr("The API the token is meant for, as an address (RFC 8707).");
    if (name == QLatin1String("audience"))
        return Text::tr("The API the token is meant for, in the provider's own words (not standard).");
    if (name == QLatin1String("ui_locales"))
        return Text::tr("The languages the sign-in page should use, in order of preference.");
    if (name == QLatin1String("id_token_hint"))
        return Text::tr("An earlier ID token, telling the provider who is expected to be signed in.");
    if (name == QLatin1String("request_uri"))
        return Text::tr("A reference to the request parameters pushed to the provider beforehand (PAR).");
    if (name == QLatin1String("grant_type"))
        return Text::tr("What is traded for tokens: an authorization code, a refresh token, the client's "
                        "own credentials or a device code.");
    if (name == QLatin1String("code"))
        return Text::tr("The one-time authorization code the provider returned, traded for tokens once.");
    if (name == QLatin1String("refresh_token"))
        return Text::tr("The long-lived token used to get a new access token without signing in again.");
    if (name == QLatin1String("client_secret"))
        return Text::tr("The application's password at the provider.");
    if (name == QLatin1String("client_assertion"))
        return Text::tr("A signed JWT that proves the application's identity instead of a password.");
    if (name == QLatin1String("client_assertion_type"))
        return Text::tr("The kind of client assertion: a JWT bearer assertion.");
    if (name == QLatin1String("device_code"))
        return Text::tr("The code of the device sign-in, polled until the user has confirmed elsewhere.");
    if (name == QLatin1String("token"))
        return Text::tr("The token this request is about (to check or revoke).");
    if (name == QLatin1String("token_type_hint"))
        return Text::tr("Which kind of token is sent: access_token or refresh_token.");
    if (name == QLatin1String("iss"))
        return Text::tr("The provider that answered, checked against the expected issuer (RFC 9207).");
    if (name == QLatin1String("session_state"))
        return Text::tr("The provider's sign-in session, for session management.");
    if (name == QLatin1String("error"))
        return Text::tr("The provider's error code.");
    if (name == QLatin1String("error_description"))
        return Text::tr("The provider's own explanation of the error.");
    return {};
}

QList<ExplainedParameter> explainedParameters(const FlowEvent& event)
{
    Http::FormFields fields;
    switch (event.kind) {
    case FlowEvent::Kind::AuthorizationRequest:
        fields = Http::formDecode(event.url.query(QUrl::FullyEncoded).toUtf8());
        break;
    case FlowEvent::Kind::RedirectReceived:
        fields = Http::formDecode(event.url.query(QUrl::FullyEncoded).toUtf8());
        if (fields.isEmpty())
            fields = Http::formDecode(event.url.fragment(QUrl::FullyEncoded).toUtf8());
        break;
    case FlowEvent::Kind::HttpRequest:
        if (Http::Redaction::isFormBody(event.body, contentTypeOf(event)))
            fields = Http::formDecode(event.body);
        // A provider that wants its token parameters in the query of the POST (not standard).
        else if (event.body.isEmpty() && event.method == "POST")
            fields = Http::formDecode(event.url.query(QUrl::FullyEncoded).toUtf8());
        break;
    case FlowEvent::Kind::HttpResponse:
    case FlowEvent::Kind::Failure:
    case FlowEvent::Kind::Note:
        break;
    }
    QList<ExplainedParameter> result;
    result.reserve(fields.size());
    for (const auto& [name, value] : fields)
        result.append({name, value, explainParameter(name)});
    return result;
}

} // namespace Tokenscope::OAuth
