#include "oauthharness.h"
#include "tokenclient.h"
#include "tokenset.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::OAuth;
using Tokenscope::Tests::httpResponse;

Q_DECLARE_METATYPE(Tokenscope::Http::HttpResponse)

namespace {

// JSON written with single quotes for readability (and because moc mis-reads raw string literals).
QByteArray json(const char* text)
{
    return QByteArray(text).replace('\'', '"');
}

const QDateTime receivedAt = QDateTime(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);

// An unsigned JWT whose payload carries exp, as some providers issue access tokens.
QByteArray jwtWithExp(qint64 exp)
{
    const auto part = [](const QJsonObject& object) {
        return QJsonDocument(object)
            .toJson(QJsonDocument::Compact)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    return part({{QStringLiteral("alg"), QStringLiteral("RS256")}}) + '.'
        + part({{QStringLiteral("exp"), exp}}) + ".c2ln";
}

} // namespace

// docs/oauth-client-rules.md cases 12–16, "Token response"; data tags carry the case names.
class TestTokenSet final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tokenResponse_data()
    {
        QTest::addColumn<Http::HttpResponse>("input");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QString>("errorCode");

        QTest::newRow("valid") << httpResponse(
            200, json("{'access_token':'at','token_type':'Bearer','expires_in':300}"))
                               << true << QString();
        QTest::newRow("missing-access-token")
            << httpResponse(200, json("{'token_type':'Bearer','expires_in':300}")) << false
            << QStringLiteral("missing_access_token");
        QTest::newRow("missing-token-type")
            << httpResponse(200, json("{'access_token':'at','expires_in':300}")) << false
            << QStringLiteral("missing_token_type");
        QTest::newRow("non-json") << httpResponse(
            200, "access_token=at&token_type=bearer", "application/x-www-form-urlencoded")
                                  << false << QStringLiteral("non_json");
        QTest::newRow("array-body") << httpResponse(
            200, json("[{'access_token':'at','token_type':'Bearer'}]"))
                                    << false << QStringLiteral("array_body");
        QTest::newRow("html-body") << httpResponse(200, "<!DOCTYPE html><html><body>Sign in</body></html>",
            "text/html") << false << QStringLiteral("html_body");
        QTest::newRow("empty-body") << httpResponse(200, QByteArray()) << false
                                    << QStringLiteral("empty_body");
        QTest::newRow("token-type-case-insensitive")
            << httpResponse(200, json("{'access_token':'at','token_type':'bEaReR'}")) << true << QString();
        QTest::newRow("unknown-token-type")
            << httpResponse(200, json("{'access_token':'at','token_type':'mac'}")) << false
            << QStringLiteral("unknown_token_type");
        QTest::newRow("no-expires-in")
            << httpResponse(200, json("{'access_token':'at','token_type':'Bearer'}")) << true << QString();
        QTest::newRow("non-numeric-expires-in")
            << httpResponse(200, json("{'access_token':'at','token_type':'Bearer','expires_in':'soon'}"))
            << false << QStringLiteral("invalid_expires_in");
        QTest::newRow("negative-expires-in")
            << httpResponse(200, json("{'access_token':'at','token_type':'Bearer','expires_in':-5}")) << false
            << QStringLiteral("invalid_expires_in");
        QTest::newRow("fractional-expires-in")
            << httpResponse(200, json("{'access_token':'at','token_type':'Bearer','expires_in':1.5}"))
            << false << QStringLiteral("invalid_expires_in");
        QTest::newRow("digits-string-expires-in")
            << httpResponse(200, json("{'access_token':'at','token_type':'Bearer','expires_in':'3600'}"))
            << true << QString();
        QTest::newRow("wrong-code-verifier") << httpResponse(
            400, json("{'error':'invalid_grant','error_description':'PKCE verification failed'}"))
                                             << false << QStringLiteral("invalid_grant");
        QTest::newRow("invalid-client") << httpResponse(401, json("{'error':'invalid_client'}")) << false
                                        << QStringLiteral("invalid_client");
        QTest::newRow("http-500-html") << httpResponse(500, "<html><body>Internal Server Error</body></html>",
            "text/html") << false << QStringLiteral("html_error");
        QTest::newRow("http-503-text")
            << httpResponse(503, "busy", "text/plain") << false << QStringLiteral("http_error");
        Http::HttpResponse redirect = httpResponse(302, QByteArray(), QByteArray());
        redirect.headers.append(
            Http::RawHeader(QByteArray("Location"), QByteArray("https://idp.example/login")));
        QTest::newRow("redirect-on-token-endpoint") << redirect << false << QStringLiteral("redirect");
        Http::HttpResponse timeout;
        timeout.timedOut = true;
        timeout.errorString = QStringLiteral("No response within the time limit.");
        QTest::newRow("timeout") << timeout << false << QStringLiteral("timeout");
        Http::HttpResponse refused;
        refused.errorString = QStringLiteral("Connection refused");
        QTest::newRow("network-failure") << refused << false << QStringLiteral("network");
        Http::HttpResponse huge;
        huge.tooLarge = true;
        QTest::newRow("huge-body") << huge << false << QStringLiteral("too_large");
    }

    void tokenResponse()
    {
        QFETCH(Http::HttpResponse, input);
        QFETCH(bool, accepted);
        QFETCH(QString, errorCode);
        const TokenOutcome outcome = parseTokenResponse(input, QStringLiteral("openid profile"), receivedAt);
        QCOMPARE(outcome.ok(), accepted);
        QCOMPARE(outcome.error.code, errorCode);
        if (!accepted) {
            QVERIFY(!outcome.error.summary.isEmpty());
            QVERIFY2(!outcome.error.hint.isEmpty(), "every refusal says what to try");
        }
    }

    // A hostile number where a time or lifetime belongs is refused, never converted with undefined
    // behaviour (the asan preset's UBSan runs these clean): the JWT exp fallback and PAR's expires_in.
    void numbersOutOfRange_data()
    {
        QTest::addColumn<QJsonValue>("number");
        QTest::newRow("exp-out-of-range: 1e300") << QJsonValue(1e300);
        QTest::newRow("exp-out-of-range: -1e300") << QJsonValue(-1e300);
        QTest::newRow("exp-out-of-range: 9e30") << QJsonValue(9e30);
        QTest::newRow("exp-out-of-range: a string") << QJsonValue(QStringLiteral("1900000000"));
    }
    void numbersOutOfRange()
    {
        QFETCH(QJsonValue, number);
        const auto part = [](const QJsonObject& object) {
            return QJsonDocument(object)
                .toJson(QJsonDocument::Compact)
                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        };
        const QByteArray accessToken = part({{QStringLiteral("alg"), QStringLiteral("RS256")}}) + '.'
            + part({{QStringLiteral("exp"), number}}) + ".c2ln";
        const QJsonObject response {{QStringLiteral("access_token"), QString::fromLatin1(accessToken)},
            {QStringLiteral("token_type"), QStringLiteral("Bearer")}};
        const TokenOutcome outcome = parseTokenResponse(
            httpResponse(200, QJsonDocument(response).toJson(QJsonDocument::Compact)), {}, receivedAt);
        QVERIFY(outcome.ok());
        QVERIFY(!outcome.tokens->expiresAt.isValid()); // unknown, not some wrapped-around date

        const QJsonObject pushed {
            {QStringLiteral("request_uri"), QStringLiteral("urn:x")}, {QStringLiteral("expires_in"), number}};
        const ParOutcome par = parseParResponse(httpResponse(201, QJsonDocument(pushed).toJson()));
        QVERIFY(par.ok());
        QCOMPARE(par.expiresIn, qint64(0));
    }

    void providerErrorIsShownVerbatim()
    {
        const TokenOutcome outcome
            = parseTokenResponse(httpResponse(400,
                                     json("{'error':'invalid_grant','error_description':'grant request is "
                                          "invalid','error_uri':'https://idp.example/e'}")),
                {}, receivedAt);
        QVERIFY(outcome.error.summary.contains(QStringLiteral("invalid_grant")));
        QCOMPARE(outcome.error.detail, QStringLiteral("grant request is invalid\nhttps://idp.example/e"));
    }

    void expiresInSetsTheExpiry()
    {
        const auto outcome = parseTokenResponse(
            httpResponse(200,
                json("{'access_token':'at','token_type':'Bearer','expires_in':300,'refresh_token':'rt','"
                     "refresh_expires_in':1800,'id_token':'x.y.z'}")),
            {}, receivedAt);
        QVERIFY(outcome.ok());
        QCOMPARE(outcome.tokens->expiresAt, receivedAt.addSecs(300));
        QCOMPARE(outcome.tokens->refreshToken, QStringLiteral("rt"));
        QCOMPARE(outcome.tokens->idToken, QStringLiteral("x.y.z"));
        QVERIFY(outcome.tokens->refreshExpiresAt.has_value());
        QCOMPARE(*outcome.tokens->refreshExpiresAt, receivedAt.addSecs(1800)); // Keycloak
        QVERIFY(!outcome.tokens->isExpired(receivedAt.addSecs(269), 30));
        QVERIFY(outcome.tokens->isExpired(receivedAt.addSecs(271), 30)); // refreshed ahead of expiry
    }

    // no-expires-in: fall back to the exp claim of the JWT, never to forever.
    void noExpiresInUsesJwtExp()
    {
        const qint64 exp = receivedAt.addSecs(120).toSecsSinceEpoch();
        const QByteArray body
            = json("{'access_token':'") + jwtWithExp(exp) + json("','token_type':'Bearer'}");
        const auto outcome = parseTokenResponse(httpResponse(200, body), {}, receivedAt);
        QVERIFY(outcome.ok());
        QCOMPARE(outcome.tokens->expiresAt, QDateTime::fromSecsSinceEpoch(exp, Qt::UTC));
        QVERIFY(outcome.tokens->isExpired(receivedAt.addSecs(121)));
    }

    void noExpiresInOpaqueTokenHasUnknownExpiry()
    {
        const auto outcome = parseTokenResponse(
            httpResponse(200, json("{'access_token':'opaque','token_type':'Bearer'}")), {}, receivedAt);
        QVERIFY(outcome.ok());
        QVERIFY(!outcome.tokens->expiresAt.isValid());
    }

    // no-scope: the requested scope is granted. narrowed-scope: recorded and shown.
    void scopes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("granted");
        QTest::addColumn<QStringList>("missing");
        QTest::newRow("no-scope") << QByteArray(json("{'access_token':'a','token_type':'Bearer'}"))
                                  << QStringLiteral("openid profile demo.read") << QStringList();
        QTest::newRow("narrowed-scope")
            << QByteArray(json("{'access_token':'a','token_type':'Bearer','scope':'openid demo.read'}"))
            << QStringLiteral("openid demo.read") << QStringList {QStringLiteral("profile")};
        QTest::newRow("widened-scope") << QByteArray(
            json("{'access_token':'a','token_type':'Bearer','scope':'openid profile demo.read demo.write'}"))
                                       << QStringLiteral("openid profile demo.read demo.write")
                                       << QStringList();
    }
    void scopes()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, granted);
        QFETCH(QStringList, missing);
        const auto outcome = parseTokenResponse(
            httpResponse(200, body), QStringLiteral("openid  profile demo.read"), receivedAt);
        QVERIFY(outcome.ok());
        QCOMPARE(outcome.tokens->grantedScope, granted);
        QCOMPARE(outcome.tokens->missingScopes(), missing);
    }
};

QTEST_GUILESS_MAIN(TestTokenSet)
#include "tst_tokenset.moc"
