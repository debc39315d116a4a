#include "parameterexplanation.h"
#include "redaction.h"

#include <QTest>

using namespace Tokenscope;
using Http::FlowEvent;

Q_DECLARE_METATYPE(Tokenscope::Http::FlowEvent)

namespace {

QStringList list(QStringView joined)
{
    return joined.toString().split(u'|');
}

} // namespace

// The timeline decodes a sign-in's parameters and says in a line what each one is for.
class TestParameterExplanation final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void explanation_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("words"); // a part of the explanation that says what it is for
        QTest::newRow("state") << QStringLiteral("state") << QStringLiteral("forged sign-in answers");
        QTest::newRow("nonce") << QStringLiteral("nonce") << QStringLiteral("ID token must repeat");
        QTest::newRow("code_challenge") << QStringLiteral("code_challenge") << QStringLiteral("PKCE");
        QTest::newRow("code_challenge_method")
            << QStringLiteral("code_challenge_method") << QStringLiteral("S256 is a SHA-256 hash");
        QTest::newRow("code_verifier") << QStringLiteral("code_verifier") << QStringLiteral("PKCE secret");
        QTest::newRow("scope") << QStringLiteral("scope") << QStringLiteral("permissions asked for");
        QTest::newRow("prompt") << QStringLiteral("prompt") << QStringLiteral("select_account");
        QTest::newRow("response_mode") << QStringLiteral("response_mode") << QStringLiteral("form_post");
        QTest::newRow("response_type")
            << QStringLiteral("response_type") << QStringLiteral("authorization code flow");
        QTest::newRow("redirect_uri")
            << QStringLiteral("redirect_uri") << QStringLiteral("registered address");
        QTest::newRow("client_id") << QStringLiteral("client_id") << QStringLiteral("identifier");
        QTest::newRow("grant_type") << QStringLiteral("grant_type") << QStringLiteral("traded for tokens");
        QTest::newRow("max_age") << QStringLiteral("max_age") << QStringLiteral("seconds");
        QTest::newRow("login_hint") << QStringLiteral("login_hint") << QStringLiteral("account to suggest");
        QTest::newRow("acr_values") << QStringLiteral("acr_values") << QStringLiteral("multi-factor");
        QTest::newRow("resource") << QStringLiteral("resource") << QStringLiteral("RFC 8707");
        QTest::newRow("audience") << QStringLiteral("audience") << QStringLiteral("not standard");
        QTest::newRow("request_uri") << QStringLiteral("request_uri") << QStringLiteral("PAR");
        QTest::newRow("iss") << QStringLiteral("iss") << QStringLiteral("RFC 9207");
        QTest::newRow("refresh_token")
            << QStringLiteral("refresh_token") << QStringLiteral("without signing in again");
        QTest::newRow("unknown parameter: no explanation") << QStringLiteral("x-custom") << QString();
    }

    void explanation()
    {
        QFETCH(QString, name);
        QFETCH(QString, words);
        const QString explanation = OAuth::explainParameter(name);
        if (words.isEmpty())
            QVERIFY2(explanation.isEmpty(), qPrintable(explanation));
        else
            QVERIFY2(explanation.contains(words), qPrintable(explanation));
    }

    void parameters_data()
    {
        QTest::addColumn<FlowEvent>("event");
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<QStringList>("values");
        FlowEvent authorize;
        authorize.kind = FlowEvent::Kind::AuthorizationRequest;
        authorize.url = QUrl(QStringLiteral(
            "https://id.example.test/auth?response_type=code&client_id=demo&scope=openid%20demo.read"
            "&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcallback&state=st-1&nonce=n-1&code_challenge=abc"
            "&code_challenge_method=S256&prompt=consent&response_mode=form_post"));
        QTest::newRow("authorization request query, decoded")
            << authorize
            << list(u"response_type|client_id|scope|redirect_uri|state|nonce|code_challenge|code_challenge_"
                    u"method|prompt|response_mode")
            << list(u"code|demo|openid "
                    u"demo.read|http://127.0.0.1/callback|st-1|n-1|abc|S256|consent|form_post");
        FlowEvent token;
        token.kind = FlowEvent::Kind::HttpRequest;
        token.method = "POST";
        token.url = QUrl(QStringLiteral("https://id.example.test/token"));
        token.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
        const QString maskedCode = Http::Redaction::mask(u"abcdefghijkl");
        const QString maskedVerifier = Http::Redaction::mask(u"dBjftJeZ4CVP-mJ92K9qNdVj4MUWAYE3f7uAMXUhQt8");
        token.body = "grant_type=authorization_code&code=" + QUrl::toPercentEncoding(maskedCode)
            + "&code_verifier=" + QUrl::toPercentEncoding(maskedVerifier);
        QTest::newRow("token request body, secrets as logged (masked)")
            << token << list(u"grant_type|code|code_verifier")
            << QStringList {QStringLiteral("authorization_code"), maskedCode, maskedVerifier};
        FlowEvent redirect;
        redirect.kind = FlowEvent::Kind::RedirectReceived;
        redirect.url = QUrl(QStringLiteral("http://127.0.0.1/callback#code=x&state=st-1"));
        QTest::newRow("redirect fragment") << redirect << list(u"code|state") << list(u"x|st-1");
        FlowEvent api;
        api.kind = FlowEvent::Kind::HttpRequest;
        api.method = "GET";
        api.url = QUrl(QStringLiteral("https://api.example.test/v1/items?state=open"));
        QTest::newRow("an API call's query is not a protocol parameter")
            << api << QStringList() << QStringList();
    }

    void parameters()
    {
        QFETCH(FlowEvent, event);
        QFETCH(QStringList, names);
        QFETCH(QStringList, values);
        const QList<OAuth::ExplainedParameter> parameters = OAuth::explainedParameters(event);
        QStringList gotNames;
        QStringList gotValues;
        for (const auto& parameter : parameters) {
            gotNames.append(parameter.name);
            gotValues.append(parameter.value);
            QVERIFY2(!parameter.explanation.isEmpty(), qPrintable(parameter.name));
        }
        QCOMPARE(gotNames, names);
        QCOMPARE(gotValues, values);
    }
};

QTEST_GUILESS_MAIN(TestParameterExplanation)
#include "tst_parameterexplanation.moc"
