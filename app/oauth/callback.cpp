#include "callback.h"

#include "formencoding.h"
#include "providererrors.h"

#include <QCoreApplication>
#include <QHash>

namespace Tokenscope::OAuth {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::Callback)
};

CallbackResult rejected(const QString& reason, const QString& summary, const QString& detail = {})
{
    CallbackResult result;
    result.outcome = CallbackResult::Outcome::Rejected;
    result.error = {summary, detail,
        Text::tr("Nothing from this response was used. Start the sign-in again; if it keeps happening, "
                 "another application or page may be answering on the redirect URI."),
        reason};
    return result;
}

} // namespace

bool matchesRedirectUri(const QUrl& candidate, const QUrl& redirectUri)
{
    if (!candidate.isValid() || !redirectUri.isValid())
        return false;
    const auto normalisedPath = [](const QUrl& url) {
        const QString path = url.path(QUrl::FullyEncoded);
        return path.isEmpty() && !url.host().isEmpty() ? QStringLiteral("/") : path;
    };
    const int defaultPort
        = candidate.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0 ? 443 : 80;
    return candidate.scheme().compare(redirectUri.scheme(), Qt::CaseInsensitive) == 0
        && candidate.host().compare(redirectUri.host(), Qt::CaseInsensitive) == 0
        && candidate.port(defaultPort) == redirectUri.port(defaultPort)
        && normalisedPath(candidate) == normalisedPath(redirectUri);
}

CallbackResult validateCallback(const QUrl& received, PendingAuthorization& pending)
{
    if (!matchesRedirectUri(received, pending.redirectUri)) {
        return rejected(QStringLiteral("redirect_mismatch"),
            Text::tr("The response did not arrive at the registered redirect URI"),
            received.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment).toString());
    }

    // The code flow answers in the query (RFC 6749 §4.1.2); take the fragment only if the query is empty,
    // for providers configured with response_mode=fragment.
    const QString encoded
        = received.hasQuery() ? received.query(QUrl::FullyEncoded) : received.fragment(QUrl::FullyEncoded);
    QHash<QString, QString> parameters;
    for (const auto& [name, value] : Http::formDecode(encoded.toLatin1())) {
        // RFC 6749 §3.1: parameters must not be included more than once.
        if (parameters.contains(name)) {
            return rejected(QStringLiteral("duplicate_parameters"),
                Text::tr("The authorization response repeats the parameter “%1”").arg(name));
        }
        parameters.insert(name, value);
    }

    // State first: a response we did not ask for is not looked at any further (RFC 6749 §10.12).
    const auto state = parameters.constFind(QStringLiteral("state"));
    if (pending.consumed)
        return rejected(
            QStringLiteral("replayed_callback"), Text::tr("This authorization response was already used"));
    if (state == parameters.constEnd()) {
        return rejected(
            QStringLiteral("missing_state"), Text::tr("The authorization response has no state parameter"));
    }
    if (pending.state.isEmpty()) {
        return rejected(QStringLiteral("unexpected_state"),
            Text::tr("The authorization response carries a state that was never sent"));
    }
    if (state.value() != pending.state) {
        return rejected(QStringLiteral("invalid_state"),
            Text::tr("The authorization response answers another sign-in (state does not match)"));
    }
    pending.consumed = true;

    // RFC 9207 §2.4: mix-up defence.
    const auto issuer = parameters.constFind(QStringLiteral("iss"));
    if (issuer != parameters.constEnd() && !pending.expectedIssuer.isEmpty()
        && issuer.value() != pending.expectedIssuer) {
        return rejected(QStringLiteral("invalid_iss"), Text::tr("The response comes from another issuer"),
            Text::tr("Expected “%1”, received “%2”.").arg(pending.expectedIssuer, issuer.value()));
    }
    if (issuer == parameters.constEnd() && pending.issuerRequired) {
        return rejected(QStringLiteral("missing_iss"),
            Text::tr("The provider promised an iss parameter in its responses, and this one has none"));
    }

    if (const auto error = parameters.constFind(QStringLiteral("error")); error != parameters.constEnd()) {
        CallbackResult result;
        result.outcome = CallbackResult::Outcome::ProviderError;
        const QString description = parameters.value(QStringLiteral("error_description"));
        QString detail = description;
        if (const QString uri = parameters.value(QStringLiteral("error_uri")); !uri.isEmpty())
            detail += (detail.isEmpty() ? QString() : QStringLiteral("\n")) + uri;
        result.error = {Text::tr("The provider refused the sign-in: %1").arg(error.value()), detail,
            explainProviderError(error.value(), description).text(), error.value()};
        return result;
    }

    const QString code = parameters.value(QStringLiteral("code"));
    if (code.isEmpty())
        return rejected(QStringLiteral("missing_code"), Text::tr("The authorization response has no code"));

    CallbackResult result;
    result.outcome = CallbackResult::Outcome::Code;
    result.code = code;
    return result;
}

} // namespace Tokenscope::OAuth
