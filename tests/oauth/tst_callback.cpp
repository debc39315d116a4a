#include "callback.h"

#include <QTest>
#include <QUrlQuery>

using namespace Tokenscope::OAuth;
using Outcome = CallbackResult::Outcome;

Q_DECLARE_METATYPE(Tokenscope::OAuth::CallbackResult::Outcome)

namespace {

const QString issuer = QStringLiteral("http://127.0.0.1:4000");

PendingAuthorization pendingRequest(
    const QString& redirect = QStringLiteral("https://oauth.pstmn.io/v1/browser-callback"))
{
    PendingAuthorization pending;
    pending.redirectUri = QUrl(redirect);
    pending.state = QStringLiteral("s-123_abc");
    pending.expectedIssuer = issuer;
    pending.issuerRequired = true;
    return pending;
}

} // namespace

// docs/oauth-client-rules.md cases 1–11, "Authorization response"; data tags carry the case names.
class TestCallback final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void authorizationResponse_data()
    {
        QTest::addColumn<QString>("redirect");
        QTest::addColumn<bool>("issuerRequired");
        QTest::addColumn<QString>("received");
        QTest::addColumn<Outcome>("outcome");
        QTest::addColumn<QString>("errorCode");
        QTest::addColumn<QString>("code");

        const QString pstmn = QStringLiteral("https://oauth.pstmn.io/v1/browser-callback");
        const QString iss = QStringLiteral("&iss=http%3A%2F%2F127.0.0.1%3A4000");
        QTest::newRow("valid-response")
            << pstmn << true << (pstmn + QStringLiteral("?code=abc&state=s-123_abc") + iss) << Outcome::Code
            << QString() << QStringLiteral("abc");
        QTest::newRow("invalid-state")
            << pstmn << true << (pstmn + QStringLiteral("?code=abc&state=other") + iss) << Outcome::Rejected
            << QStringLiteral("invalid_state") << QString();
        QTest::newRow("missing-state") << pstmn << true << (pstmn + QStringLiteral("?code=abc") + iss)
                                       << Outcome::Rejected << QStringLiteral("missing_state") << QString();
        QTest::newRow("invalid-iss")
            << pstmn << true
            << (pstmn + QStringLiteral("?code=abc&state=s-123_abc&iss=https%3A%2F%2Fevil.example"))
            << Outcome::Rejected << QStringLiteral("invalid_iss") << QString();
        QTest::newRow("missing-iss-when-advertised")
            << pstmn << true << (pstmn + QStringLiteral("?code=abc&state=s-123_abc")) << Outcome::Rejected
            << QStringLiteral("missing_iss") << QString();
        QTest::newRow("missing-iss-not-advertised")
            << pstmn << false << (pstmn + QStringLiteral("?code=abc&state=s-123_abc")) << Outcome::Code
            << QString() << QStringLiteral("abc");
        QTest::newRow("access-denied")
            << pstmn << true
            << (pstmn
                   + QStringLiteral(
                       "?error=access_denied&error_description=End-User+aborted+interaction&state=s-123_abc")
                   + iss)
            << Outcome::ProviderError << QStringLiteral("access_denied") << QString();
        QTest::newRow("duplicate-parameters")
            << pstmn << true << (pstmn + QStringLiteral("?code=abc&code=def&state=s-123_abc") + iss)
            << Outcome::Rejected << QStringLiteral("duplicate_parameters") << QString();
        QTest::newRow("duplicate-state")
            << pstmn << true << (pstmn + QStringLiteral("?code=abc&state=s-123_abc&state=s-123_abc") + iss)
            << Outcome::Rejected << QStringLiteral("duplicate_parameters") << QString();
        QTest::newRow("missing-code") << pstmn << true << (pstmn + QStringLiteral("?state=s-123_abc") + iss)
                                      << Outcome::Rejected << QStringLiteral("missing_code") << QString();
        QTest::newRow("unknown-parameters-ignored")
            << pstmn << true << (pstmn + QStringLiteral("?code=abc&state=s-123_abc&session_state=xyz") + iss)
            << Outcome::Code << QString() << QStringLiteral("abc");
        QTest::newRow("redirect-mismatch-port")
            << QStringLiteral("http://127.0.0.1:8400/callback") << true
            << (QStringLiteral("http://127.0.0.1:8401/callback?code=abc&state=s-123_abc") + iss)
            << Outcome::Rejected << QStringLiteral("redirect_mismatch") << QString();
        QTest::newRow("redirect-mismatch-path")
            << pstmn << true
            << (QStringLiteral("https://oauth.pstmn.io/v1/browser-callback2?code=abc&state=s-123_abc") + iss)
            << Outcome::Rejected << QStringLiteral("redirect_mismatch") << QString();
        QTest::newRow("redirect-mismatch-host")
            << pstmn << true
            << (QStringLiteral(
                    "https://oauth.pstmn.io.evil.example/v1/browser-callback?code=abc&state=s-123_abc")
                   + iss)
            << Outcome::Rejected << QStringLiteral("redirect_mismatch") << QString();
        QTest::newRow("redirect-mismatch-scheme")
            << pstmn << true
            << (QStringLiteral("http://oauth.pstmn.io/v1/browser-callback?code=abc&state=s-123_abc") + iss)
            << Outcome::Rejected << QStringLiteral("redirect_mismatch") << QString();
        QTest::newRow("private-use-scheme")
            << QStringLiteral("com.example.app:/callback") << true
            << (QStringLiteral("com.example.app:/callback?code=abc&state=s-123_abc") + iss) << Outcome::Code
            << QString() << QStringLiteral("abc");
        QTest::newRow("code-with-reserved-characters")
            << pstmn << true << (pstmn + QStringLiteral("?code=a%2Bb%2Fc%3D&state=s-123_abc") + iss)
            << Outcome::Code << QString() << QStringLiteral("a+b/c=");
    }

    void authorizationResponse()
    {
        QFETCH(QString, redirect);
        QFETCH(bool, issuerRequired);
        QFETCH(QString, received);
        QFETCH(Outcome, outcome);
        QFETCH(QString, errorCode);
        QFETCH(QString, code);

        PendingAuthorization pending = pendingRequest(redirect);
        pending.issuerRequired = issuerRequired;
        const CallbackResult result = validateCallback(QUrl(received), pending);
        QCOMPARE(result.outcome, outcome);
        QCOMPARE(result.error.code, errorCode);
        QCOMPARE(result.code, code);
        if (outcome != Outcome::Code)
            QVERIFY(!result.error.summary.isEmpty());
    }

    void accessDeniedShowsTheProvidersWords()
    {
        PendingAuthorization pending = pendingRequest();
        const CallbackResult result = validateCallback(
            QUrl(QStringLiteral(
                     "https://oauth.pstmn.io/v1/"
                     "browser-callback?error=access_denied&error_description=End-User+"
                     "aborted+interaction&error_uri=https%3A%2F%2Fidp.example%2Fhelp&state=s-123_abc&iss=")
                + QString::fromLatin1(QUrl::toPercentEncoding(issuer))),
            pending);
        QCOMPARE(result.outcome, Outcome::ProviderError);
        QVERIFY(result.error.summary.contains(QStringLiteral("access_denied")));
        QVERIFY(result.error.detail.contains(QStringLiteral("End-User aborted interaction")));
        QVERIFY(result.error.detail.contains(QStringLiteral("https://idp.example/help")));
        QVERIFY(!result.error.hint.isEmpty());
    }

    // The provider's code and text stay in the summary and the detail; the hint says in plain words what
    // the provider's own code (here Entra's, inside its description) means.
    void providerCodeInTheDescriptionIsExplained()
    {
        PendingAuthorization pending = pendingRequest();
        const QString description = QStringLiteral(
            "AADSTS50011: The redirect URI 'https://oauth.pstmn.io/v1/browser-callback' specified in the "
            "request does not match the redirect URIs configured for the application. Trace ID: "
            "0f1e2d3c-0000-4000-8000-1234567890ab Correlation ID: 9a8b7c6d-0000-4000-8000-ba0987654321");
        QUrl received(QStringLiteral("https://oauth.pstmn.io/v1/browser-callback"));
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("error"), QStringLiteral("invalid_request"));
        query.addQueryItem(
            QStringLiteral("error_description"), QString::fromLatin1(QUrl::toPercentEncoding(description)));
        query.addQueryItem(QStringLiteral("state"), QStringLiteral("s-123_abc"));
        query.addQueryItem(QStringLiteral("iss"), QString::fromLatin1(QUrl::toPercentEncoding(issuer)));
        received.setQuery(query);
        const CallbackResult result = validateCallback(received, pending);
        QCOMPARE(result.outcome, Outcome::ProviderError);
        QCOMPARE(result.error.code, QStringLiteral("invalid_request"));
        QVERIFY(result.error.summary.contains(QStringLiteral("invalid_request")));
        QCOMPARE(result.error.detail, description);
        QVERIFY2(result.error.hint.contains(QStringLiteral("redirect URI does not match any registered")),
            qPrintable(result.error.hint));
    }

    void replayedCallback()
    {
        PendingAuthorization pending = pendingRequest();
        const QUrl callback(
            QStringLiteral("https://oauth.pstmn.io/v1/browser-callback?code=abc&state=s-123_abc&iss=")
            + QString::fromLatin1(QUrl::toPercentEncoding(issuer)));
        QCOMPARE(validateCallback(callback, pending).outcome, Outcome::Code);
        const CallbackResult replay = validateCallback(callback, pending);
        QCOMPARE(replay.outcome, Outcome::Rejected);
        QCOMPARE(replay.error.code, QStringLiteral("replayed_callback"));
    }

    void unexpectedState()
    {
        PendingAuthorization pending = pendingRequest();
        pending.state.clear();
        const CallbackResult result = validateCallback(
            QUrl(QStringLiteral("https://oauth.pstmn.io/v1/browser-callback?code=abc&state=zzz")), pending);
        QCOMPARE(result.outcome, Outcome::Rejected);
        QCOMPARE(result.error.code, QStringLiteral("unexpected_state"));
    }

    void redirectMatching_data()
    {
        QTest::addColumn<QString>("registered");
        QTest::addColumn<QString>("candidate");
        QTest::addColumn<bool>("matches");
        QTest::newRow("exact") << QStringLiteral("http://127.0.0.1/callback")
                               << QStringLiteral("http://127.0.0.1/callback?code=1") << true;
        QTest::newRow("default port spelled out") << QStringLiteral("http://127.0.0.1/callback")
                                                  << QStringLiteral("http://127.0.0.1:80/callback") << true;
        QTest::newRow("other port") << QStringLiteral("http://127.0.0.1/callback")
                                    << QStringLiteral("http://127.0.0.1:8080/callback") << false;
        QTest::newRow("host case") << QStringLiteral("https://oauth.pstmn.io/v1/browser-callback")
                                   << QStringLiteral("https://OAUTH.pstmn.io/v1/browser-callback") << true;
        QTest::newRow("path case") << QStringLiteral("https://oauth.pstmn.io/v1/browser-callback")
                                   << QStringLiteral("https://oauth.pstmn.io/v1/Browser-Callback") << false;
        QTest::newRow("trailing slash") << QStringLiteral("https://hub.example/t1/cb/")
                                        << QStringLiteral("https://hub.example/t1/cb") << false;
        QTest::newRow("localhost is not 127.0.0.1") << QStringLiteral("http://127.0.0.1/callback")
                                                    << QStringLiteral("http://localhost/callback") << false;
        QTest::newRow("ipv6 loopback")
            << QStringLiteral("http://[::1]:8400/cb") << QStringLiteral("http://[::1]:8400/cb?x=1") << true;
        QTest::newRow("provider page") << QStringLiteral("http://127.0.0.1/callback")
                                       << QStringLiteral("http://127.0.0.1:4000/interaction/abc") << false;
    }
    void redirectMatching()
    {
        QFETCH(QString, registered);
        QFETCH(QString, candidate);
        QFETCH(bool, matches);
        QCOMPARE(matchesRedirectUri(QUrl(candidate), QUrl(registered)), matches);
    }
};

QTEST_GUILESS_MAIN(TestCallback)
#include "tst_callback.moc"
