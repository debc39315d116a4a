#include "providererrors.h"

#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::OAuth;

Q_DECLARE_METATYPE(Tokenscope::Error)

// A provider's refusal in plain words: the registered codes, the Microsoft codes found in the description
// and Keycloak's messages; nothing is made up for what is not known.
class TestProviderErrors final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void explains_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("description");
        QTest::addColumn<QString>("providerCode"); // empty: none found
        QTest::addColumn<QString>("explanationContains"); // empty: nothing known

        const auto registered = [](const char* code, const char* words) {
            QTest::newRow(code) << QString::fromLatin1(code) << QString() << QString()
                                << QString::fromUtf8(words);
        };
        // RFC 6749 §4.1.2.1 and §5.2
        registered("invalid_request", "found the request malformed");
        registered("unauthorized_client", "may not use this grant");
        registered("access_denied", "sign-in was declined");
        registered("unsupported_response_type", "does not allow the code flow");
        registered("invalid_scope", "scope is unknown or not allowed");
        registered("server_error", "internal error");
        registered("temporarily_unavailable", "overloaded or in maintenance");
        registered("invalid_client", "did not accept the client id or secret");
        registered("invalid_grant", "expired, already used or revoked");
        registered("unsupported_grant_type", "does not support this grant");
        // OIDC Core §3.1.2.6
        registered("interaction_required", "cannot sign you in silently");
        registered("login_required", "sign in interactively");
        registered("account_selection_required", "choose an account");
        registered("consent_required", "needs your consent");
        registered("invalid_request_uri", "request_uri is unknown or expired");
        registered("invalid_request_object", "rejected the request object");
        registered("request_not_supported", "does not accept request objects");
        registered("request_uri_not_supported", "does not accept the request_uri parameter");
        registered("registration_not_supported", "does not accept the registration parameter");
        // RFC 8628 §3.5
        registered("authorization_pending", "not finished yet");
        registered("slow_down", "polled less often");
        registered("expired_token", "not entered and confirmed in time");
        // RFC 6750 §3.1
        registered("invalid_token", "expired, revoked or malformed");
        registered("insufficient_scope", "lacks a scope");
        // RFC 9449
        registered("use_dpop_nonce", "DPoP-Nonce");
        registered("invalid_dpop_proof", "rejected the DPoP proof");

        QTest::newRow("upper case: INVALID_GRANT")
            << QStringLiteral("INVALID_GRANT") << QString() << QString()
            << QStringLiteral("expired, already used or revoked");
        QTest::newRow("odd case with spaces: ' Access_Denied '") << QStringLiteral(
            " Access_Denied ") << QString() << QString() << QStringLiteral("sign-in was declined");
        QTest::newRow("unknown code, empty description")
            << QStringLiteral("provider_specific") << QString() << QString() << QString();
        QTest::newRow("empty code, empty description") << QString() << QString() << QString() << QString();
        QTest::newRow("unknown code, unknown AADSTS code")
            << QStringLiteral("provider_specific")
            << QStringLiteral("AADSTS123456789: Something new. Trace ID: 1") << QString() << QString();

        const auto microsoft = [](const char* code, const char* oauthCode, const char* words) {
            QTest::newRow(code) << QString::fromLatin1(oauthCode)
                                << QString::fromLatin1(code) + QStringLiteral(": provider text.")
                                << QString::fromLatin1(code) << QString::fromUtf8(words);
        };
        microsoft("AADB2C90118", "access_denied", "Forgot your password?");
        microsoft("AADB2C90091", "access_denied", "cancelled");
        microsoft("AADB2C90080", "invalid_grant", "has expired");
        microsoft("AADB2C90085", "server_error", "internal problem with the grant");
        microsoft("AADB2C90006", "invalid_request", "redirect URI is not registered");
        microsoft("AADB2C90057", "unauthorized_client", "not configured for this kind of request");
        microsoft("AADB2C90079", "invalid_request", "client secret is missing or wrong");
        microsoft("AADB2C90117", "invalid_scope", "full scope URIs");
        microsoft("AADB2C90205", "unauthorized_client", "no permission for the requested API");
        microsoft("AADB2C90077", "login_required", "prompt=none");
        microsoft("AADB2C90088", "invalid_grant", "another user flow");
        microsoft("AADB2C90129", "invalid_grant", "revoked");
        microsoft("AADB2C99002", "invalid_request", "user does not exist");
        microsoft("AADSTS50011", "invalid_request", "redirect URI does not match");
        microsoft("AADSTS500113", "invalid_request", "No redirect URI is registered");
        microsoft("AADSTS700016", "unauthorized_client", "not found in this tenant");
        microsoft("AADSTS7000215", "invalid_client", "client secret is wrong");
        microsoft("AADSTS7000222", "invalid_client", "client secret has expired");
        microsoft("AADSTS65001", "invalid_grant", "not consented");
        microsoft("AADSTS50076", "invalid_grant", "Multi-factor authentication is required");
        microsoft("AADSTS50079", "invalid_grant", "register for multi-factor");
        microsoft("AADSTS70008", "invalid_grant", "has expired");
        microsoft("AADSTS54005", "invalid_grant", "already redeemed");
        microsoft("AADSTS700082", "invalid_grant", "not used for too long");
        microsoft("AADSTS70011", "invalid_scope", "scope is invalid");
        microsoft("AADSTS90014", "invalid_request", "required field is missing");
        microsoft("AADSTS50126", "invalid_grant", "user name or password is wrong");
        microsoft("AADSTS9002313", "invalid_request", "malformed or invalid");
        microsoft("AADSTS50058", "interaction_required", "No signed-in session");

        QTest::newRow("AADSTS70008 inside a longer text with trace ids")
            << QStringLiteral("invalid_grant")
            << QStringLiteral(
                   "The request failed.\r\nAADSTS70008: The provided authorization code or refresh "
                   "token has expired due to inactivity. Send a new interactive authorization "
                   "request for this user and resource.\r\nTrace ID: "
                   "2f9e5c1a-7b3d-4e8f-9a0b-c1d2e3f4a5b6\r\nCorrelation ID: "
                   "8d7c6b5a-4f3e-2d1c-0b9a-8f7e6d5c4b3a\r\nTimestamp: 2026-12-02 01:23:45Z")
            << QStringLiteral("AADSTS70008") << QStringLiteral("code or refresh token has expired");
        QTest::newRow("lower-case aadsts50011")
            << QStringLiteral("invalid_request") << QStringLiteral("aadsts50011: redirect mismatch")
            << QStringLiteral("aadsts50011") << QStringLiteral("redirect URI does not match");
        QTest::newRow("AADB2C code in the error itself")
            << QStringLiteral("AADB2C90091") << QString() << QStringLiteral("AADB2C90091")
            << QStringLiteral("cancelled");
        QTest::newRow("a number that only starts like a known one: AADSTS500110")
            << QStringLiteral("provider_specific") << QStringLiteral("AADSTS500110: something else")
            << QString() << QString();

        const auto keycloak = [](const char* name, const char* oauthCode, const char* description,
                                  const char* found, const char* words) {
            QTest::newRow(name) << QString::fromLatin1(oauthCode) << QString::fromLatin1(description)
                                << QString::fromLatin1(found) << QString::fromUtf8(words);
        };
        keycloak("Keycloak: Invalid parameter: redirect_uri", "invalid_request",
            "Invalid parameter: redirect_uri", "Invalid parameter: redirect_uri", "Valid Redirect URIs");
        keycloak("Keycloak: Client not found", "invalid_client", "Client not found", "Client not found",
            "no client with this client id");
        keycloak("Keycloak: Invalid client or Invalid client credentials", "unauthorized_client",
            "Invalid client or Invalid client credentials", "Invalid client or Invalid client credentials",
            "Credentials tab");
        keycloak("Keycloak: Invalid client credentials", "unauthorized_client", "Invalid client credentials",
            "Invalid client credentials", "Credentials tab");
        keycloak("Keycloak: Code not valid", "invalid_grant", "Code not valid", "Code not valid",
            "can be used once");
        keycloak("Keycloak: Session not active", "invalid_grant", "Session not active", "Session not active",
            "session at Keycloak has ended");
        keycloak("Keycloak: Token is not active", "invalid_grant", "Token is not active",
            "Token is not active", "its session has ended");
        keycloak("Keycloak: Invalid refresh token", "invalid_grant", "Invalid refresh token",
            "Invalid refresh token", "not valid for this client or realm");
        keycloak("Keycloak: Stale token", "invalid_grant", "Stale token", "Stale token", "rotation");
        keycloak("Keycloak: Refresh token expired", "invalid_grant", "Refresh token expired",
            "Refresh token expired", "idle or maximum time");
        keycloak("Keycloak: Account is not fully set up", "invalid_grant", "Account is not fully set up",
            "Account is not fully set up", "actions pending");
        keycloak("Keycloak: Offline tokens not allowed", "invalid_scope",
            "Offline tokens not allowed for the user or client",
            "Offline tokens not allowed for the user or client", "offline tokens");
        keycloak("Keycloak: message in another case", "invalid_grant", "code NOT valid", "code NOT valid",
            "can be used once");
    }

    void explains()
    {
        QFETCH(QString, code);
        QFETCH(QString, description);
        QFETCH(QString, providerCode);
        QFETCH(QString, explanationContains);
        const ProviderErrorExplanation explanation = explainProviderError(code, description);
        QCOMPARE(explanation.code, code); // as the provider sent it
        QCOMPARE(explanation.providerCode, providerCode);
        if (explanationContains.isEmpty()) {
            QVERIFY2(!explanation.isKnown(), qPrintable(explanation.text()));
            QVERIFY(explanation.text().isEmpty());
            return;
        }
        QVERIFY(explanation.isKnown());
        QVERIFY2(explanation.text().contains(explanationContains), qPrintable(explanation.text()));
        if (!providerCode.isEmpty())
            QCOMPARE(explanation.text(), explanation.providerMeaning); // the specific cause first
    }

    // The flow log's line keeps the summary as it is and adds the explanation only when there is one.
    void failureLine_data()
    {
        QTest::addColumn<Error>("error");
        QTest::addColumn<QString>("line");
        QTest::newRow("known code") << Error(
            QStringLiteral("The provider refused the sign-in: access_denied"),
            QStringLiteral("AADB2C90091: The user has cancelled entering self-asserted information."), {},
            QStringLiteral("access_denied"))
                                    << QStringLiteral("The provider refused the sign-in: access_denied — The "
                                                      "user cancelled on the provider's page.");
        QTest::newRow("unknown code") << Error(QStringLiteral("The provider refused the sign-in: odd_thing"),
            QStringLiteral("whatever"), {}, QStringLiteral("odd_thing"))
                                      << QStringLiteral("The provider refused the sign-in: odd_thing");
        QTest::newRow("our own failure") << Error(QStringLiteral("Could not reach the token endpoint"),
            QStringLiteral("Connection refused"), QStringLiteral("Check the URL."), QStringLiteral("network"))
                                         << QStringLiteral("Could not reach the token endpoint");
    }

    void failureLine()
    {
        QFETCH(Error, error);
        QFETCH(QString, line);
        QCOMPARE(OAuth::failureLine(error), line);
    }
};

QTEST_GUILESS_MAIN(TestProviderErrors)
#include "tst_providererrors.moc"
