#include "deviceauthorization.h"

#include "callback.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace Tokenscope::OAuth {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::DeviceAuthorization)
};

DeviceAuthorizationOutcome failure(
    const QString& code, const QString& summary, const QString& detail, const QString& hint)
{
    DeviceAuthorizationOutcome outcome;
    outcome.error = {summary, detail, hint, code};
    return outcome;
}

QString excerpt(const QByteArray& body)
{
    constexpr int limit = 300;
    QString text = QString::fromUtf8(body.left(limit)).simplified();
    if (body.size() > limit)
        text += QStringLiteral(" …");
    return text;
}

QString compact(const QString& name, const QJsonValue& value)
{
    return QString::fromUtf8(QJsonDocument(QJsonObject {{name, value}}).toJson(QJsonDocument::Compact));
}

// A whole, non-negative number of seconds: a JSON number, or digits in a string (some servers).
std::optional<qint64> readSeconds(const QJsonValue& value)
{
    if (value.isDouble()) {
        const double seconds = value.toDouble();
        if (seconds >= 0 && seconds < 1e9 && std::floor(seconds) == seconds)
            return qint64(seconds);
    } else if (value.isString()) {
        bool ok = false;
        const qint64 seconds = value.toString().toLongLong(&ok);
        if (ok && seconds >= 0 && seconds < 1000000000)
            return seconds;
    }
    return std::nullopt;
}

bool isWebUrl(const QUrl& url)
{
    return url.isValid() && !url.host().isEmpty()
        && (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"));
}

} // namespace

DeviceAuthorizationOutcome parseDeviceAuthorizationResponse(
    const Http::HttpResponse& response, const QDateTime& receivedAt)
{
    const QString checkUrl = Text::tr("Check the device authorization endpoint in the environment.");
    if (response.isTransportFailure()) {
        if (response.timedOut) {
            return failure(QStringLiteral("timeout"),
                Text::tr("The device authorization endpoint did not answer in time"), response.errorString,
                Text::tr("Check that the provider is reachable, then try again."));
        }
        if (response.tooLarge) {
            return failure(QStringLiteral("too_large"),
                Text::tr("The device authorization endpoint sent an oversized response"),
                response.errorString, checkUrl);
        }
        if (!response.untrustedCertificateSha256.isEmpty()) {
            return failure(QStringLiteral("untrusted_certificate"),
                Text::tr("The device authorization endpoint's certificate is not trusted"),
                response.errorString,
                Text::tr(
                    "If this is a sandbox with a self-signed certificate, check the fingerprint with its "
                    "administrator and trust it in the environment's Sign-in settings."));
        }
        return failure(QStringLiteral("network"),
            Text::tr("Could not reach the device authorization endpoint"), response.errorString,
            Text::tr("Check the device authorization endpoint URL, your network, proxy and TLS settings."));
    }
    if (response.status >= 300 && response.status < 400) {
        return failure(QStringLiteral("redirect"),
            Text::tr("The device authorization endpoint answered with a redirect (HTTP %1)")
                .arg(response.status),
            QString::fromUtf8(response.header("location")),
            Text::tr("Requests carrying client credentials are not followed to other addresses. Use the "
                     "final URL."));
    }

    const QByteArray trimmed = response.body.trimmed();
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(trimmed, &parseError);
    const bool isJson = parseError.error == QJsonParseError::NoError;
    const bool html = response.contentType().toLower().contains("html") || trimmed.startsWith('<');

    if (response.status >= 400 || response.status < 200) {
        // RFC 8628 §3.2 / RFC 6749 §5.2: a JSON error object, shown as the provider wrote it.
        if (isJson && document.isObject() && document.object().value(QLatin1String("error")).isString()) {
            const QJsonObject object = document.object();
            const QString code = object.value(QLatin1String("error")).toString();
            QString detail = object.value(QLatin1String("error_description")).toString();
            if (const QString uri = object.value(QLatin1String("error_uri")).toString(); !uri.isEmpty())
                detail += (detail.isEmpty() ? QString() : QStringLiteral("\n")) + uri;
            return failure(code,
                Text::tr("The device authorization endpoint refused the request: %1").arg(code), detail,
                hintForErrorCode(code));
        }
        if (html) {
            return failure(QStringLiteral("html_error"),
                Text::tr("The device authorization endpoint answered HTTP %1 with a web page instead of JSON")
                    .arg(response.status),
                excerpt(response.body), checkUrl);
        }
        return failure(QStringLiteral("http_error"),
            Text::tr("The device authorization endpoint answered HTTP %1").arg(response.status),
            excerpt(response.body),
            response.status >= 500 ? Text::tr("The provider has a problem. Try again later.") : checkUrl);
    }
    if (trimmed.isEmpty()) {
        return failure(QStringLiteral("empty_body"),
            Text::tr("The device authorization endpoint answered with an empty body"), {}, checkUrl);
    }
    if (!isJson) {
        return failure(QStringLiteral("non_json"),
            Text::tr("The device authorization endpoint's answer is not JSON"), excerpt(response.body),
            checkUrl);
    }
    if (!document.isObject()) {
        return failure(QStringLiteral("array_body"),
            Text::tr("The device authorization endpoint's answer is not a JSON object"),
            excerpt(response.body), checkUrl);
    }

    const QJsonObject object = document.object();
    const QString malformed = Text::tr("RFC 8628 §3.2 requires it; the provider's response is malformed.");
    DeviceAuthorization result;
    result.deviceCode = object.value(QLatin1String("device_code")).toString();
    if (result.deviceCode.isEmpty()) {
        return failure(QStringLiteral("missing_device_code"),
            Text::tr("The device authorization response has no device_code"), {}, malformed);
    }
    result.userCode = object.value(QLatin1String("user_code")).toString();
    if (result.userCode.isEmpty()) {
        return failure(QStringLiteral("missing_user_code"),
            Text::tr("The device authorization response has no user_code"), {}, malformed);
    }
    // Google's endpoint spells it verification_url (a draft's name); the meaning is the same.
    QJsonValue uri = object.value(QLatin1String("verification_uri"));
    if (uri.isUndefined())
        uri = object.value(QLatin1String("verification_url"));
    if (!uri.isString() || uri.toString().isEmpty()) {
        return failure(QStringLiteral("missing_verification_uri"),
            Text::tr("The device authorization response has no verification_uri"), {}, malformed);
    }
    result.verificationUri = QUrl(uri.toString(), QUrl::StrictMode);
    // The user is sent there: only a web address, never javascript:, file: or the like.
    if (!isWebUrl(result.verificationUri)) {
        return failure(QStringLiteral("invalid_verification_uri"),
            Text::tr("The device authorization response has an unusable verification_uri"), uri.toString(),
            Text::tr("It must be an http or https address."));
    }
    const QJsonValue complete = object.value(QLatin1String("verification_uri_complete"));
    if (complete.isString() && !complete.toString().isEmpty()) {
        const QUrl url(complete.toString(), QUrl::StrictMode);
        if (!isWebUrl(url)) {
            return failure(QStringLiteral("invalid_verification_uri"),
                Text::tr("The device authorization response has an unusable verification_uri_complete"),
                complete.toString(), Text::tr("It must be an http or https address."));
        }
        result.verificationUriComplete = url;
    }
    const QJsonValue expiresIn = object.value(QLatin1String("expires_in"));
    if (expiresIn.isUndefined() || expiresIn.isNull()) {
        return failure(QStringLiteral("missing_expires_in"),
            Text::tr("The device authorization response has no expires_in"), {}, malformed);
    }
    const auto expires = readSeconds(expiresIn);
    if (!expires || *expires == 0) {
        return failure(QStringLiteral("invalid_expires_in"),
            Text::tr("The device authorization response has an invalid expires_in"),
            compact(QStringLiteral("expires_in"), expiresIn),
            Text::tr("It must be a whole number of seconds."));
    }
    result.expiresInSeconds = *expires;
    result.expiresAt = receivedAt.addSecs(*expires);
    const QJsonValue interval = object.value(QLatin1String("interval"));
    if (!interval.isUndefined() && !interval.isNull()) {
        const auto seconds = readSeconds(interval);
        if (!seconds || *seconds > 3600) {
            return failure(QStringLiteral("invalid_interval"),
                Text::tr("The device authorization response has an invalid interval"),
                compact(QStringLiteral("interval"), interval),
                Text::tr("It must be a whole number of seconds between polls."));
        }
        // 0 would mean polling without pause; one second is the least this client waits.
        result.intervalSeconds = std::max(1, int(*seconds));
    }

    DeviceAuthorizationOutcome outcome;
    outcome.authorization = result;
    return outcome;
}

} // namespace Tokenscope::OAuth
