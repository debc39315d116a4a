#include "tokenmismatch.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::Workspace;
using Kind = TokenMismatch::Kind;

// Before an access token goes with a request: one issued by another environment's issuer, or meant for
// another API than the one it goes to, is named; opaque tokens and tokens that fit say nothing.
class TestTokenMismatch final : public QObject
{
    Q_OBJECT

private:
    static WorkspaceData workspace()
    {
        WorkspaceData data;
        Environment acceptance;
        acceptance.id = QStringLiteral("acc");
        acceptance.name = QStringLiteral("Acceptance");
        acceptance.oauth.issuer = QStringLiteral("https://auth.acc.zorg.example/realms/zorg");
        acceptance.apiBaseUrls = {QUrl(QStringLiteral("https://api.acc.zorg.example/v1"))};
        data.environments.append(acceptance);
        Environment production;
        production.id = QStringLiteral("prod");
        production.name = QStringLiteral("Production");
        production.production = true;
        production.oauth.issuer = QStringLiteral("https://auth.zorg.example/realms/zorg/");
        production.apiBaseUrls = {QUrl(QStringLiteral("https://api.zorg.example/v1"))};
        data.environments.append(production);
        Environment noIssuer;
        noIssuer.id = QStringLiteral("plain");
        noIssuer.name = QStringLiteral("Without issuer");
        noIssuer.oauth.tokenEndpoint = QUrl(QStringLiteral("https://login.plain.example/oauth/token"));
        data.environments.append(noIssuer);
        return data;
    }

    // A JWT with these claims; the signature is not looked at.
    static QString jwt(const QJsonObject& claims)
    {
        const auto part = [](const QJsonObject& object) {
            return QString::fromLatin1(
                QJsonDocument(object)
                    .toJson(QJsonDocument::Compact)
                    .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        };
        return part({{QStringLiteral("alg"), QStringLiteral("RS256")},
                   {QStringLiteral("typ"), QStringLiteral("at+jwt")}})
            + QLatin1Char('.') + part(claims) + QStringLiteral(".c2lnbmF0dXJl");
    }

    static QJsonObject claims(const char* issuer, const QStringList& audiences = {})
    {
        QJsonObject object {{QStringLiteral("sub"), QStringLiteral("user-1")}};
        if (issuer)
            object.insert(QStringLiteral("iss"), QString::fromLatin1(issuer));
        if (audiences.size() == 1)
            object.insert(QStringLiteral("aud"), audiences.first());
        else if (!audiences.isEmpty())
            object.insert(QStringLiteral("aud"), QJsonArray::fromStringList(audiences));
        return object;
    }

private Q_SLOTS:
    void mismatch_data()
    {
        QTest::addColumn<QString>("environment");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("url");
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<QString>("other"); // the environment named, by id

        const QString accApi = QStringLiteral("https://api.acc.zorg.example/v1/patients");
        const QString prodApi = QStringLiteral("https://api.zorg.example/v1/patients");
        const QString prodIssuer = QStringLiteral("https://auth.zorg.example/realms/zorg/");

        QTest::newRow("opaque token: nothing to say")
            << QStringLiteral("prod") << QStringLiteral("2YotnFZFEjr1zCsicMWpAA") << prodApi << Kind::None
            << QString();
        QTest::newRow("not quite a JWT: nothing to say")
            << QStringLiteral("prod") << QStringLiteral("a.b") << prodApi << Kind::None << QString();
        QTest::newRow("own issuer, no audience")
            << QStringLiteral("prod") << jwt(claims("https://auth.zorg.example/realms/zorg/")) << prodApi
            << Kind::None << QString();
        QTest::newRow("own issuer without its trailing slash")
            << QStringLiteral("prod") << jwt(claims("https://auth.zorg.example/realms/zorg")) << prodApi
            << Kind::None << QString();
        QTest::newRow("acceptance's token sent with production")
            << QStringLiteral("prod") << jwt(claims("https://auth.acc.zorg.example/realms/zorg")) << prodApi
            << Kind::OtherEnvironmentIssuer << QStringLiteral("acc");
        QTest::newRow("production's token sent with acceptance")
            << QStringLiteral("acc") << jwt(claims("https://auth.zorg.example/realms/zorg/")) << accApi
            << Kind::OtherEnvironmentIssuer << QStringLiteral("prod");
        QTest::newRow("an issuer no environment has")
            << QStringLiteral("prod") << jwt(claims("https://evil.example")) << prodApi << Kind::OtherIssuer
            << QString();
        QTest::newRow("no issuer claim: audience still checked")
            << QStringLiteral("prod") << jwt(claims(nullptr, {QStringLiteral("https://api.zorg.example")}))
            << prodApi << Kind::None << QString();
        QTest::newRow("audience is the API host") << QStringLiteral("prod")
                                                  << jwt(claims("https://auth.zorg.example/realms/zorg/",
                                                         {QStringLiteral("https://api.zorg.example")}))
                                                  << prodApi << Kind::None << QString();
        QTest::newRow("audience is the API base URL") << QStringLiteral("prod")
                                                      << jwt(claims("https://auth.zorg.example/realms/zorg/",
                                                             {QStringLiteral("https://api.zorg.example/v1")}))
                                                      << prodApi << Kind::None << QString();
        QTest::newRow("one of several audiences is the API")
            << QStringLiteral("prod")
            << jwt(claims("https://auth.zorg.example/realms/zorg/",
                   {QStringLiteral("account"), QStringLiteral("https://other.example"),
                       QStringLiteral("https://api.zorg.example")}))
            << prodApi << Kind::None << QString();
        QTest::newRow("audience of acceptance's API")
            << QStringLiteral("prod")
            << jwt(claims("https://auth.zorg.example/realms/zorg/",
                   {QStringLiteral("https://api.acc.zorg.example/v1")}))
            << prodApi << Kind::OtherAudience << QStringLiteral("acc");
        QTest::newRow("audience of an API nobody names")
            << QStringLiteral("prod")
            << jwt(claims(
                   "https://auth.zorg.example/realms/zorg/", {QStringLiteral("https://billing.example")}))
            << prodApi << Kind::OtherAudience << QString();
        QTest::newRow("audiences that are no URL say nothing")
            << QStringLiteral("prod")
            << jwt(claims("https://auth.zorg.example/realms/zorg/",
                   {QStringLiteral("api://default"), QStringLiteral("tokenscope")}))
            << prodApi << Kind::None << QString();
        QTest::newRow("the issuer as audience says nothing")
            << QStringLiteral("prod") << jwt(claims("https://auth.zorg.example/realms/zorg/", {prodIssuer}))
            << prodApi << Kind::None << QString();
        QTest::newRow("another port is another API")
            << QStringLiteral("prod")
            << jwt(claims("https://auth.zorg.example/realms/zorg/",
                   {QStringLiteral("https://api.zorg.example:8443")}))
            << prodApi << Kind::OtherAudience << QString();
        QTest::newRow("without an issuer set: its endpoints' host is its own")
            << QStringLiteral("plain") << jwt(claims("https://login.plain.example/"))
            << QStringLiteral("https://api.plain.example/x") << Kind::None << QString();
        QTest::newRow("without an issuer set: another environment's issuer")
            << QStringLiteral("plain") << jwt(claims("https://auth.acc.zorg.example/realms/zorg"))
            << QStringLiteral("https://api.plain.example/x") << Kind::OtherEnvironmentIssuer
            << QStringLiteral("acc");
        QTest::newRow("without an issuer set: an unknown issuer cannot be judged")
            << QStringLiteral("plain") << jwt(claims("https://sts.somewhere.example"))
            << QStringLiteral("https://api.plain.example/x") << Kind::None << QString();
        QTest::newRow("issuer first: wrong issuer and wrong audience")
            << QStringLiteral("prod")
            << jwt(claims("https://auth.acc.zorg.example/realms/zorg",
                   {QStringLiteral("https://api.acc.zorg.example")}))
            << prodApi << Kind::OtherEnvironmentIssuer << QStringLiteral("acc");
    }

    void mismatch()
    {
        QFETCH(QString, environment);
        QFETCH(QString, token);
        QFETCH(QString, url);
        QFETCH(Kind, kind);
        QFETCH(QString, other);
        const TokenMismatch found = tokenMismatch(workspace(), environment, token, QUrl(url));
        QCOMPARE(found.kind, kind);
        QCOMPARE(found.isMismatch(), kind != Kind::None);
        QCOMPARE(found.otherEnvironmentId, other);
        if (kind == Kind::OtherEnvironmentIssuer || kind == Kind::OtherIssuer)
            QVERIFY(!found.issuer.isEmpty());
        if (kind == Kind::OtherAudience)
            QCOMPARE(found.host, QStringLiteral("api.zorg.example"));
    }

    void unknownEnvironmentSaysNothing()
    {
        const TokenMismatch found = tokenMismatch(workspace(), QStringLiteral("gone"),
            jwt(claims("https://evil.example")), QUrl(QStringLiteral("https://api.zorg.example")));
        QCOMPARE(found.kind, Kind::None);
    }
};

QTEST_GUILESS_MAIN(TestTokenMismatch)
#include "tst_tokenmismatch.moc"
