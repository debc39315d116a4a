#include "flowlog.h"
#include "formencoding.h"
#include "redaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

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
        // Nothing of the value shows, not even its first characters: its mask stands in its place.
        QVERIFY(!redacted.contains(QStringLiteral("Splx")));
        QCOMPARE(
            QUrlQuery(Redaction::redactUrl(url)).queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded),
            Redaction::mask(u"SplxlOBeZQQYbYS6WxSbIA"));
    }

    void maskFormat()
    {
        const QString a = Redaction::mask(u"abcdefghijklmnopqrstuvwxyz");
        QVERIFY2(
            QRegularExpression(QStringLiteral("^•••••• #[0-9a-f]{6}$")).match(a).hasMatch(), qPrintable(a));
        QVERIFY(!a.contains(QStringLiteral("abcd")));
        // Two values can be told apart, and one value is always masked alike.
        QCOMPARE(Redaction::mask(u"abcdefghijklmnopqrstuvwxyz"), a);
        QVERIFY(Redaction::mask(u"abcdefghijklmnopqrstuvwxyZ") != a);
        QCOMPARE(Redaction::mask(u""), QString());
    }

    void headers()
    {
        const auto redacted
            = Redaction::redactHeaders({{"Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig"},
                {"Cookie", "_session=abcdefghijkl"}, {"Accept", "application/json"}});
        QCOMPARE(
            redacted.at(0).second, "Bearer " + Redaction::mask(u"eyJhbGciOiJSUzI1NiJ9.payload.sig").toUtf8());
        QVERIFY(!redacted.at(1).second.contains("abcdefghijkl"));
        QCOMPARE(redacted.at(2).second, QByteArray("application/json"));
        const auto custom = Redaction::redactHeaders({{"X-Api-Key", "k-1234567890"},
            {"Api_Key", "k-0987654321"}, {"X-Auth-Token", "t-1234567890"}, {"X-Request-Id", "r-1234567890"}});
        QVERIFY(!custom.at(0).second.contains("1234567890"));
        QVERIFY(!custom.at(1).second.contains("0987654321"));
        QVERIFY(!custom.at(2).second.contains("1234567890"));
        QCOMPARE(custom.at(3).second, QByteArray("r-1234567890"));
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
        QTest::newRow("redaction-camelcase-tokens") << QByteArray(
            "{\"accessToken\":\"AAAAAAAAAAAAAAAAAAAA\",\"data\":{\"RefreshToken\":\"AAAAAAAAAAAAAAAAAAAA\","
            "\"idToken\":\"AAAAAAAAAAAAAAAAAAAA\",\"api_key\":\"AAAAAAAAAAAAAAAAAAAA\","
            "\"apiKey\":\"AAAAAAAAAAAAAAAAAAAA\",\"clientSecret\":\"AAAAAAAAAAAAAAAAAAAA\","
            "\"Access-Token\":\"AAAAAAAAAAAAAAAAAAAA\"},\"tokenType\":\"Bearer\"}")
                                                    << QByteArray("application/json")
                                                    << QByteArray("AAAAAAAAAAAAAAAAAAAA")
                                                    << QByteArray("\"tokenType\":\"Bearer\"");
        QTest::newRow("redaction-camelcase-tokens: form")
            << QByteArray("clientSecret=AAAAAAAAAAAAAAAAAAAA&refreshToken=AAAAAAAAAAAAAAAAAAAA&grant_type=x")
            << QByteArray("application/x-www-form-urlencoded") << QByteArray("AAAAAAAAAAAAAAAAAAAA")
            << QByteArray("grant_type=x");
        // The token response parser trims \f and \v and accepts the body; so must the redactor.
        QTest::newRow("redaction-body-with-form-feed")
            << QByteArray("\f\v{\"access_token\":\"AAAAAAAAAAAAAAAAAAAA\",\"token_type\":\"Bearer\"}\v\f")
            << QByteArray("application/json") << QByteArray("AAAAAAAAAAAAAAAAAAAA") << QByteArray("Bearer");
        QTest::newRow("redaction-json-labelled-form")
            << QByteArray("{\"access_token\":\"AAAAAAAAAAAAAAAAAAAA\",\"token_type\":\"Bearer\"}")
            << QByteArray("application/x-www-form-urlencoded") << QByteArray("AAAAAAAAAAAAAAAAAAAA")
            << QByteArray("Bearer");
        // Fail closed: what cannot be read but names a secret field is masked whole.
        QTest::newRow("broken JSON naming a token")
            << QByteArray("{\"access_token\":\"AAAAAAAAAAAAAAAAAAAA\",\"token_type\":\"Bearer\",")
            << QByteArray("application/json") << QByteArray("AAAAAAAAAAAAAAAAAAAA") << QByteArray("••••••");
        QTest::newRow("broken JSON labelled form")
            << QByteArray("{\"refresh_token\":\"AAAAAAAAAAAAAAAAAAAA\"")
            << QByteArray("application/x-www-form-urlencoded") << QByteArray("AAAAAAAAAAAAAAAAAAAA")
            << QByteArray("••••••");
        QTest::newRow("broken JSON naming nothing secret stays")
            << QByteArray("{\"status\":\"degraded\",") << QByteArray("application/json")
            << QByteArray("no-secret-here") << QByteArray("{\"status\":\"degraded\",");
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
        QTest::addColumn<QString>("value");
        QTest::newRow("escaped refresh token")
            << QByteArray("grant_type=refresh_token&refresh_token=rt-0123456789%20%2F%20%2Bx")
            << QStringLiteral("refresh_token") << QStringLiteral("rt-0123456789 / +x");
        QTest::newRow("plus reads as a space") << QByteArray("username=u&password=ab+cd+ef+gh")
                                               << QStringLiteral("password") << QStringLiteral("ab cd ef gh");
        QTest::newRow("escaped field name")
            << QByteArray("client_id=c&client%5Fsecret=abcdefghijkl") << QStringLiteral("client_secret")
            << QStringLiteral("abcdefghijkl");
        QTest::newRow("short code") << QByteArray("code=abc&state=s") << QStringLiteral("code")
                                    << QStringLiteral("abc");
        QTest::newRow("non-ASCII value") << QByteArray("token=%C3%A9t%C3%A9-abcdefgh")
                                         << QStringLiteral("token") << QStringLiteral("été-abcdefgh");
    }
    void formBodyMaskedAfterDecoding()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, name);
        QFETCH(QString, value);
        const QByteArray redacted = Redaction::redactBody(body, "application/x-www-form-urlencoded");
        QString found;
        for (const auto& [field, fieldValue] : formDecode(redacted)) {
            if (field == name)
                found = fieldValue;
        }
        // The mask stands for the decoded value, not its escapes.
        QCOMPARE(found, Redaction::mask(value));
        // The other fields survive unchanged.
        QCOMPARE(formDecode(redacted).size(), formDecode(body).size());
        QCOMPARE(formDecode(redacted).constFirst().first, formDecode(body).constFirst().first);
    }

    // Masked by value: a value the session holds, wherever it turns up in an event and however it is
    // encoded there.
    void maskedByValue_data()
    {
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QUrl>("url");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("body");
        const QString token
            = QStringLiteral("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl");
        const QByteArray raw = token.toUtf8();
        QTest::newRow("redaction-echoed-authorization-header")
            << token << QUrl(QStringLiteral("https://echo.example/anything"))
            << QByteArray("application/json")
            << QByteArray("{\"headers\":{\"Accept\":\"application/json\",\"X-Echo\":\"Bearer " + raw
                   + "\"},\"data\":\"seen: " + raw + "\",\"json\":[\"" + raw + "\"]}");
        QTest::newRow("echoed in a header and the address")
            << token << QUrl(QStringLiteral("https://echo.example/anything?seen=") + token)
            << QByteArray("text/plain; echo=") + raw << QByteArray("Bearer " + raw);
        const QString quoted = QStringLiteral("s3cr\"et/with\\back+slash and space");
        QTest::newRow("redaction-secret-with-quote")
            << quoted
            << QUrl(QStringLiteral("https://api.example/x?q=")
                   + QString::fromLatin1(QUrl::toPercentEncoding(quoted)))
            << QByteArray("application/json")
            << QByteArray("{\"echo\":\"s3cr\\\"et\\/with\\\\back+slash and "
                          "space\",\"again\":\"s3cr\\\"et/with\\\\back+slash and "
                          "space\"}");
        QTest::newRow("percent- and form-encoded in a body")
            << quoted << QUrl(QStringLiteral("https://api.example/x")) << QByteArray("text/plain")
            << QByteArray("a=") + QUrl::toPercentEncoding(quoted)
                + "&b=" + QUrl::toPercentEncoding(quoted, " ").replace(' ', '+');
    }
    void maskedByValue()
    {
        QFETCH(QString, secret);
        QFETCH(QUrl, url);
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, body);
        FlowLog log;
        log.registerSecret(secret);
        FlowEvent event;
        event.kind = FlowEvent::Kind::HttpResponse;
        event.url = url;
        event.status = 200;
        event.headers = {{"Content-Type", header}};
        event.body = body;
        event.summary = QStringLiteral("GET ") + url.toString();
        log.append(event);
        const FlowEvent& stored = log.events().constLast();
        QByteArray everything = stored.url.toEncoded() + '\n' + stored.url.toString().toUtf8() + '\n'
            + stored.summary.toUtf8() + '\n' + stored.body;
        for (const auto& [name, value] : stored.headers)
            everything += '\n' + name + ": " + value;
        QByteArray escaped = QJsonDocument(QJsonArray {secret}).toJson(QJsonDocument::Compact);
        escaped = escaped.mid(2, escaped.size() - 4);
        for (const QByteArray& form : {secret.toUtf8(), QUrl::toPercentEncoding(secret), escaped,
                 QByteArray(escaped).replace("/", "\\/")}) {
            QVERIFY2(!everything.contains(form), everything.constData());
        }
        QVERIFY2(everything.contains(Redaction::mask(secret).toUtf8())
                || everything.contains(QUrl::toPercentEncoding(Redaction::mask(secret))),
            everything.constData());
    }

    // A broken server's header lines: the secret is masked in the line the timeline shows, also when it
    // runs into the name or is split across the name and the value.
    void maskedInBrokenHeaderLines_data()
    {
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        const QString token = QStringLiteral("2YotnFZFEjr1zCsicMWpAA");
        QTest::newRow("secret run into a header name")
            << token << QByteArray("X-Debug 2YotnFZFEjr1zCsicMWpAA") << QByteArray("seen");
        const QString split = QStringLiteral("0Yoontrol: no-s(((pAA-rest-of-token");
        QTest::newRow("redaction-secret-split-across-header-line")
            << split << QByteArray("Content-((((0Yoontrol") << QByteArray("no-s(((pAA-rest-of-token");
    }
    void maskedInBrokenHeaderLines()
    {
        QFETCH(QString, secret);
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        FlowLog log;
        log.registerSecret(secret);
        FlowEvent event;
        event.kind = FlowEvent::Kind::HttpResponse;
        event.url = QUrl(QStringLiteral("https://api.example/x"));
        event.status = 200;
        event.headers = {{"Content-Type", "text/plain"}, {name, value}};
        log.append(event);
        const FlowEvent& stored = log.events().constLast();
        QCOMPARE(stored.headers.size(), 2);
        QCOMPARE(stored.headers.at(0), (QPair<QByteArray, QByteArray>("Content-Type", "text/plain")));
        const QByteArray line = stored.headers.at(1).first + ": " + stored.headers.at(1).second;
        QVERIFY2(!line.contains(secret.toUtf8()), line.constData());
        QVERIFY2(line.contains(Redaction::mask(secret).toUtf8()), line.constData());
    }

    // A token response is logged before the client has read its tokens, so none is registered yet: what
    // the body itself names secret is masked wherever else the same exchange carries it.
    void tokenResponseSecretsMaskedInItsOwnHeaders_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        const QByteArray token = "2YotnFZFEjr1zCsicMWpAA-issued-now";
        QTest::newRow("redaction-token-echoed-in-response-header")
            << QByteArray("application/json")
            << QByteArray("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\"}");
        QTest::newRow("form-encoded token response")
            << QByteArray("application/x-www-form-urlencoded")
            << QByteArray("access_token=" + token + "&token_type=bearer");
        QTest::newRow("nested under a camel-case name") << QByteArray(
            "application/json") << QByteArray("{\"result\":{\"accessToken\":\"" + token + "\"}}");
    }
    void tokenResponseSecretsMaskedInItsOwnHeaders()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        const QByteArray token = "2YotnFZFEjr1zCsicMWpAA-issued-now";
        FlowLog log;
        FlowEvent event;
        event.kind = FlowEvent::Kind::HttpResponse;
        event.status = 200;
        event.url = QUrl(QStringLiteral("https://idp.example/token"));
        event.headers = {{"Content-Type", contentType}, {"X-Debug-Echo", "issued " + token}};
        event.body = body;
        log.append(event);
        QCOMPARE(log.events().size(), 1);
        const FlowEvent& stored = log.events().constLast();
        QVERIFY(!stored.body.contains(token));
        QCOMPARE(
            stored.headers.at(1).second, "issued " + Redaction::mask(QString::fromLatin1(token)).toUtf8());
    }

    // The log keeps a body up to a cap, redacts a large one on a worker thread (the events after it
    // wait, so the order holds), and stays bounded however long the session.
    void flowLogBodyCapped_data()
    {
        QTest::addColumn<int>("bodySize");
        QTest::addColumn<bool>("redactedAtOnce");
        QTest::newRow("flowlog-body-capped") << 1024 * 1024 << false;
        QTest::newRow("large body under the cap") << 200 * 1024 << false;
        QTest::newRow("small body kept whole, at once") << 1000 << true;
    }
    void flowLogBodyCapped()
    {
        QFETCH(int, bodySize);
        QFETCH(bool, redactedAtOnce);
        const QByteArray token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl";
        FlowLog log;
        log.registerSecret(QString::fromLatin1(token));
        QByteArray body = "{\"access_token\":\"" + token + "\",\"echo\":\"Bearer " + token + "\",\"pad\":\"";
        body += QByteArray(bodySize - body.size() - 2, 'x') + "\"}";
        QCOMPARE(body.size(), bodySize);
        FlowEvent response;
        response.kind = FlowEvent::Kind::HttpResponse;
        response.status = 200;
        response.url = QUrl(QStringLiteral("https://idp.example/token"));
        response.headers = {{"Content-Type", "application/json"}};
        response.body = body;
        log.append(response);
        log.note(QStringLiteral("after the response"));
        if (!redactedAtOnce)
            QCOMPARE(log.events().size(), 0); // still being redacted; the note waits its turn
        QTRY_COMPARE(log.events().size(), 2);
        const FlowEvent& stored = log.events().at(0);
        constexpr qsizetype cap = qsizetype(256) * 1024;
        QVERIFY(stored.body.size() <= cap);
        if (stored.bodyOmitted > 0)
            QCOMPARE(stored.body.size(), cap);
        // The masks are shorter than the token they stand for; nothing else was lost.
        QVERIFY(stored.body.size() + stored.bodyOmitted > bodySize - 2 * token.size());
        QCOMPARE(stored.bodyOmitted > 0, bodySize > cap + 1024);
        QVERIFY(!stored.body.contains(token));
        QVERIFY(stored.body.contains(Redaction::mask(QString::fromLatin1(token)).toUtf8()));
        QCOMPARE(log.events().at(1).summary, QStringLiteral("after the response"));
    }

    void flowLogMemoryBounded()
    {
        FlowLog log;
        FlowLog::Limits limits;
        limits.events = 100;
        log.setLimits(limits);
        QSignalSpy dropped(&log, &FlowLog::eventsDropped);
        for (int i = 0; i < 1000; ++i)
            log.note(QStringLiteral("note %1").arg(i));
        QVERIFY(log.events().size() <= 101);
        QVERIFY(log.droppedCount() >= 899);
        // Dropped in batches, so views are rebuilt now and then, not at every event.
        QVERIFY2(dropped.count() <= 40, qPrintable(QString::number(dropped.count())));
        QCOMPARE(log.events().constFirst().kind, FlowEvent::Kind::Note);
        QCOMPARE(log.events().constFirst().summary,
            QStringLiteral("%1 earlier entries were dropped to keep the timeline's memory bounded.")
                .arg(log.droppedCount()));
        QCOMPARE(log.events().constLast().summary, QStringLiteral("note 999"));
        QCOMPARE(log.events().at(1).summary, QStringLiteral("note %1").arg(log.droppedCount()));

        // And by bytes: a few hundred large bodies never hold more than the total.
        FlowLog big;
        limits = {};
        limits.totalBytes = qint64(4) * 1024 * 1024;
        big.setLimits(limits);
        for (int i = 0; i < 300; ++i) {
            FlowEvent event;
            event.kind = FlowEvent::Kind::HttpResponse;
            event.body = QByteArray(100 * 1024, 'a');
            big.append(event);
        }
        QTRY_VERIFY(big.droppedCount() > 0 && big.events().size() + big.droppedCount() == 301);
        qint64 kept = 0;
        for (const FlowEvent& event : big.events())
            kept += event.body.size();
        QVERIFY(kept <= limits.totalBytes);
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
