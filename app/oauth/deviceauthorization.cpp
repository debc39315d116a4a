#include "deviceauthorization.h"

#include "endpointanswer.h"
#include "urlhelpers.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace Tokenscope::OAuth {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::DeviceAuthorization)
};

QString compact(const QString& name, const QJsonValue& value)
{
    return QString::fromUtf8(QJsonDocument(QJsonObject {{name, value}}).toJson(QJsonDocument::Compact));
}

// A whole number of seconds below about 31 years.
constexpr qint64 secondsLimit = 1000000000;

} // namespace

DeviceAuthorizationOutcome parseDeviceAuthorizationResponse(
    const Http::HttpResponse& response, const QDateTime& receivedAt)
{
    const EndpointAnswer answer = classifyEndpointAnswer(Endpoint::DeviceAuthorization, response);
    if (!answer.ok())
        return failedOutcome<DeviceAuthorizationOutcome>(answer.error);

    const QJsonObject& object = answer.object;
    const QString malformed = Text::tr("RFC 8628 §3.2 requires it; the provider's response is malformed.");
    DeviceAuthorization result;
    result.deviceCode = object.value(QLatin1String("device_code")).toString();
    if (result.deviceCode.isEmpty()) {
        return failedOutcome<DeviceAuthorizationOutcome>(
            {Text::tr("The device authorization response has no device_code"), {}, malformed,
                QStringLiteral("missing_device_code")});
    }
    result.userCode = object.value(QLatin1String("user_code")).toString();
    if (result.userCode.isEmpty()) {
        return failedOutcome<DeviceAuthorizationOutcome>(
            {Text::tr("The device authorization response has no user_code"), {}, malformed,
                QStringLiteral("missing_user_code")});
    }
    // Google's endpoint spells it verification_url (a draft's name); the meaning is the same.
    QJsonValue uri = object.value(QLatin1String("verification_uri"));
    if (uri.isUndefined())
        uri = object.value(QLatin1String("verification_url"));
    if (!uri.isString() || uri.toString().isEmpty()) {
        return failedOutcome<DeviceAuthorizationOutcome>(
            {Text::tr("The device authorization response has no verification_uri"), {}, malformed,
                QStringLiteral("missing_verification_uri")});
    }
    result.verificationUri = QUrl(uri.toString(), QUrl::StrictMode);
    // The user is sent there: only a web address, never javascript:, file: or the like.
    if (!isWebUrl(result.verificationUri)) {
        return failedOutcome<DeviceAuthorizationOutcome>(
            {Text::tr("The device authorization response has an unusable verification_uri"), uri.toString(),
                Text::tr("It must be an http or https address."),
                QStringLiteral("invalid_verification_uri")});
    }
    const QJsonValue complete = object.value(QLatin1String("verification_uri_complete"));
    if (complete.isString() && !complete.toString().isEmpty()) {
        const QUrl url(complete.toString(), QUrl::StrictMode);
        if (!isWebUrl(url)) {
            return failedOutcome<DeviceAuthorizationOutcome>(
                {Text::tr("The device authorization response has an unusable verification_uri_complete"),
                    complete.toString(), Text::tr("It must be an http or https address."),
                    QStringLiteral("invalid_verification_uri")});
        }
        result.verificationUriComplete = url;
    }
    const QJsonValue expiresIn = object.value(QLatin1String("expires_in"));
    if (expiresIn.isUndefined() || expiresIn.isNull()) {
        return failedOutcome<DeviceAuthorizationOutcome>(
            {Text::tr("The device authorization response has no expires_in"), {}, malformed,
                QStringLiteral("missing_expires_in")});
    }
    const auto expires = wholeSeconds(expiresIn, secondsLimit);
    if (!expires || *expires == 0) {
        return failedOutcome<DeviceAuthorizationOutcome>(
            {Text::tr("The device authorization response has an invalid expires_in"),
                compact(QStringLiteral("expires_in"), expiresIn),
                Text::tr("It must be a whole number of seconds."), QStringLiteral("invalid_expires_in")});
    }
    result.expiresInSeconds = *expires;
    result.expiresAt = receivedAt.addSecs(*expires);
    const QJsonValue interval = object.value(QLatin1String("interval"));
    if (!interval.isUndefined() && !interval.isNull()) {
        const auto seconds = wholeSeconds(interval, secondsLimit);
        if (!seconds || *seconds > 3600) {
            return failedOutcome<DeviceAuthorizationOutcome>(
                {Text::tr("The device authorization response has an invalid interval"),
                    compact(QStringLiteral("interval"), interval),
                    Text::tr("It must be a whole number of seconds between polls."),
                    QStringLiteral("invalid_interval")});
        }
        // 0 would mean polling without pause; one second is the least this client waits.
        result.intervalSeconds = std::max(1, int(*seconds));
    }

    DeviceAuthorizationOutcome outcome;
    outcome.authorization = result;
    return outcome;
}

} // namespace Tokenscope::OAuth
