#include "flowlog.h"
#include "formencoding.h"
#include "redaction.h"

#include <QTest>

using namespace Tokenscope::Http;

// docs/oauth-client-rules.md case 40 for the pieces that record and export: no token or secret survives
// redaction.
class TestRedaction final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void urlQueryAndFragment()
    {
        const QUrl url(QStringLiteral(
            "http://127.0.0.1/"
            "callback?code=SplxlOBeZQQYbYS6WxSbIA&state=abc&iss=x#access_token=eyJhbGciOiJSUzI1NiJ9"));
        const QString redacted = Redaction::redactUrl(url).toString();
        QVERIFY(!redacted.contains(QStringLiteral("SplxlOBeZQQYbYS6WxSbIA")));
        QVERIFY(!redacted.contains(QStringLiteral("eyJhbGciOiJSUzI1NiJ9")));
        QVERIFY(redacted.contains(QStringLiteral("state=abc")));
        QVERIFY(redacted.contains(QStringLiteral("Splx")));
    }

    void headers()
    {
        const auto redacted
            = Redaction::redactHeaders({{"Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig"},
                {"Cookie", "_session=abcdefghijkl"}, {"Accept", "application/json"}});
        QVERIFY(redacted.at(0).second.startsWith("Bearer eyJh"));
        QVERIFY(!redacted.at(0).second.contains("payload"));
        QVERIFY(!redacted.at(1).second.contains("abcdefghijkl"));
        QCOMPARE(redacted.at(2).second, QByteArray("application/json"));
    }

    void bodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QByteArray>("kept");
        QTest::newRow("form: code_verifier")
            << QByteArray(
                   "grant_type=authorization_code&code_verifier=dBjftJeZ4CVP-mJ92K9qNdVj4MUWAYE3f7uAMXUhQt8")
            << QByteArray("application/x-www-form-urlencoded") << QByteArray("mJ92K9qNdVj4MUWAYE3f7uAMXUhQt8")
            << QByteArray("grant_type=authorization_code");
        QTest::newRow("form: client_secret") << QByteArray("client_id=c&client_secret=very-secret-value")
                                             << QByteArray("application/x-www-form-urlencoded")
                                             << QByteArray("very-secret-value") << QByteArray("client_id=c");
        QTest::newRow("form: client_assertion")
            << QByteArray(
                   "client_id=c&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type"
                   "%3Ajwt-bearer&client_assertion=eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJjIn0.c2lnbmF0dXJl")
            << QByteArray("application/x-www-form-urlencoded") << QByteArray("eyJpc3MiOiJjIn0.c2lnbmF0dXJl")
            << QByteArray("client_assertion_type=urn");
        QTest::newRow("form: revocation token")
            << QByteArray("token=tttttttttttttttttttt&token_type_hint=refresh_token")
            << QByteArray("application/x-www-form-urlencoded") << QByteArray("tttttttttttttttttttt")
            << QByteArray("token_type_hint=refresh_token");
        QTest::newRow("json: tokens") << QByteArray(
            R"({"access_token":"AAAAAAAAAAAAAAAAAAAA","refresh_token":"RRRRRRRRRRRRRRRR","id_token":"IIIIIIIIIIIIIIII","token_type":"Bearer"})")
                                      << QByteArray("application/json; charset=utf-8")
                                      << QByteArray("AAAAAAAAAAAAAAAAAAAA")
                                      << QByteArray(R"("token_type":"Bearer")");
        QTest::newRow("json: nested")
            << QByteArray(R"({"data":[{"refresh_token":"RRRRRRRRRRRRRRRR"}]})")
            << QByteArray("application/json") << QByteArray("RRRRRRRRRRRRRRRR") << QByteArray("data");
        QTest::newRow("json labelled text/plain")
            << QByteArray(R"({"access_token":"AAAAAAAAAAAAAAAAAAAA","token_type":"Bearer"})")
            << QByteArray("text/plain") << QByteArray("AAAAAAAAAAAAAAAAAAAA") << QByteArray("Bearer");
        QTest::newRow("form without content type")
            << QByteArray("grant_type=refresh_token&refresh_token=rrrrrrrrrrrrrrrrrrrr") << QByteArray()
            << QByteArray("rrrrrrrrrrrrrrrrrrrr") << QByteArray("grant_type=refresh_token");
        QTest::newRow("json: FHIR code stays")
            << QByteArray(R"({"code":{"text":"Diabetes"}})") << QByteArray("application/fhir+json")
            << QByteArray("no-secret-here") << QByteArray("Diabetes");
    }
    void bodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, secret);
        QFETCH(QByteArray, kept);
        const QByteArray redacted = Redaction::redactBody(body, contentType);
        QVERIFY2(!redacted.contains(secret), redacted.constData());
        QVERIFY2(redacted.contains(kept), redacted.constData());
    }

    // Form bodies are masked after decoding: the mask counts and shows the value's own characters, and
    // the redacted body decodes back to a readable mask (the Timeline shows the fields decoded).
    void formBodyMaskedAfterDecoding_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("masked");
        QTest::newRow("escaped refresh token")
            << QByteArray("grant_type=refresh_token&refresh_token=rt-0123456789%20%2F%20%2Bx")
            << QStringLiteral("refresh_token") << QStringLiteral("rt-0•••(18 chars)");
        QTest::newRow("plus reads as a space")
            << QByteArray("username=u&password=ab+cd+ef+gh") << QStringLiteral("password")
            << QStringLiteral("ab c•••(11 chars)");
        QTest::newRow("escaped field name")
            << QByteArray("client_id=c&client%5Fsecret=abcdefghijkl") << QStringLiteral("client_secret")
            << QStringLiteral("abcd•••(12 chars)");
        QTest::newRow("short code") << QByteArray("code=abc&state=s") << QStringLiteral("code")
                                    << QStringLiteral("•••");
        QTest::newRow("non-ASCII value") << QByteArray("token=%C3%A9t%C3%A9-abcdefgh")
                                         << QStringLiteral("token") << QStringLiteral("été-•••(12 chars)");
    }
    void formBodyMaskedAfterDecoding()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, name);
        QFETCH(QString, masked);
        const QByteArray redacted = Redaction::redactBody(body, "application/x-www-form-urlencoded");
        QString found;
        for (const auto& [field, value] : formDecode(redacted)) {
            if (field == name)
                found = value;
        }
        QCOMPARE(found, masked);
        // The other fields survive unchanged.
        QCOMPARE(formDecode(redacted).size(), formDecode(body).size());
        QCOMPARE(formDecode(redacted).constFirst().first, formDecode(body).constFirst().first);
    }

    void flowLogRedactsOnTheWayIn()
    {
        FlowLog log;
        FlowEvent event;
        event.kind = FlowEvent::Kind::HttpRequest;
        event.url = QUrl(QStringLiteral("https://idp.example/token?client_secret=abcdefghijklmnop"));
        event.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
            {"Authorization", "Basic Y2xpZW50OnNlY3JldA=="}};
        event.body = "grant_type=refresh_token&refresh_token=rrrrrrrrrrrrrrrrrrrr";
        log.append(event);
        const FlowEvent& stored = log.events().first();
        QVERIFY(!stored.url.toString().contains(QStringLiteral("abcdefghijklmnop")));
        QVERIFY(!stored.headers.at(1).second.contains("Y2xpZW50OnNlY3JldA=="));
        QVERIFY(!stored.body.contains("rrrrrrrrrrrrrrrrrrrr"));
        QVERIFY(stored.timestamp.isValid());
    }
};

QTEST_GUILESS_MAIN(TestRedaction)
#include "tst_redaction.moc"
