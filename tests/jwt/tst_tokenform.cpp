#include "tokenform.h"

#include <QJsonDocument>
#include <QTest>

using namespace Tokenscope;
using Jwt::TokenForm;

Q_DECLARE_METATYPE(Tokenscope::Jwt::TokenForm)

namespace {

QString part(const QByteArray& json)
{
    return QString::fromLatin1(json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

const QString jws = part(R"({"alg":"RS256","kid":"k1"})") + QLatin1Char('.') + part(R"({"sub":"alice"})")
    + QStringLiteral(".c2lnbmF0dXJl");
const QString jwe = part(R"({"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"enc-1"})")
    + QStringLiteral(".a2V5.aXY.Y2lwaGVydGV4dA.dGFn");

} // namespace

// What pasted text is, before anything is trusted: a JWT to read, a nested JWT or a JWE to name but
// not misread, or an opaque token.
class TestTokenForm final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void forms_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<TokenForm>("form");
        QTest::addColumn<QString>("token"); // after the prefix and white space are dropped
        QTest::addColumn<bool>("bearer");
        QTest::addColumn<QString>("headerAlg");
        QTest::addColumn<QString>("subject"); // the payload's sub; empty when no claims are read
        QTest::addColumn<TokenForm>("innerForm");

        QTest::newRow("jws") << jws << TokenForm::Jws << jws << false << QStringLiteral("RS256")
                             << QStringLiteral("alice") << TokenForm::Empty;
        QTest::newRow("bearer-prefix")
            << QStringLiteral("Bearer ") + jws << TokenForm::Jws << jws << true << QStringLiteral("RS256")
            << QStringLiteral("alice") << TokenForm::Empty;
        QTest::newRow("bearer-any-case-and-white-space")
            << QStringLiteral("  \n bEaReR\t ") + jws + QStringLiteral(" \r\n") << TokenForm::Jws << jws
            << true << QStringLiteral("RS256") << QStringLiteral("alice") << TokenForm::Empty;
        QTest::newRow("line-break-inside")
            << jws.left(10) + QStringLiteral("\n") + jws.mid(10) << TokenForm::Jws << jws << false
            << QStringLiteral("RS256") << QStringLiteral("alice") << TokenForm::Empty;
        const QString nestedByCty = part(R"({"alg":"RS256","cty":"JWT"})") + QLatin1Char('.')
            + part(jwe.toLatin1()) + QStringLiteral(".c2ln");
        QTest::newRow("nested-cty-jwt-with-jwe-inside")
            << nestedByCty << TokenForm::NestedJwt << nestedByCty << false << QStringLiteral("RS256")
            << QString() << TokenForm::Jwe;
        const QString nestedByPayload
            = part(R"({"alg":"ES256"})") + QLatin1Char('.') + part(jws.toLatin1()) + QStringLiteral(".c2ln");
        QTest::newRow("nested-jws-payload-without-cty")
            << nestedByPayload << TokenForm::NestedJwt << nestedByPayload << false << QStringLiteral("ES256")
            << QString() << TokenForm::Jws;
        QTest::newRow("jwe") << jwe << TokenForm::Jwe << jwe << false << QStringLiteral("RSA-OAEP-256")
                             << QString() << TokenForm::Empty;
        QTest::newRow("jwe-dir-empty-key")
            << part(R"({"alg":"dir","enc":"A128GCM"})") + QStringLiteral("..aXY.Y3Q.dGFn") << TokenForm::Jwe
            << part(R"({"alg":"dir","enc":"A128GCM"})") + QStringLiteral("..aXY.Y3Q.dGFn") << false
            << QStringLiteral("dir") << QString() << TokenForm::Empty;
        const QString fiveWithoutEnc = part(R"({"alg":"RS256"})") + QStringLiteral(".a.b.c.d");
        QTest::newRow("five-parts-without-enc-is-opaque")
            << fiveWithoutEnc << TokenForm::Opaque << fiveWithoutEnc << false << QString() << QString()
            << TokenForm::Empty;
        QTest::newRow("opaque") << QStringLiteral("2YotnFZFEjr1zCsicMWpAA") << TokenForm::Opaque
                                << QStringLiteral("2YotnFZFEjr1zCsicMWpAA") << false << QString() << QString()
                                << TokenForm::Empty;
        QTest::newRow("opaque-with-bearer")
            << QStringLiteral("Bearer abc.def") << TokenForm::Opaque << QStringLiteral("abc.def") << true
            << QString() << QString() << TokenForm::Empty;
        QTest::newRow("three-parts-header-not-json")
            << QStringLiteral("abc.def.ghi") << TokenForm::Opaque << QStringLiteral("abc.def.ghi") << false
            << QString() << QString() << TokenForm::Empty;
        const QString payloadNotJson
            = part(R"({"alg":"RS256"})") + QLatin1Char('.') + part("hello") + QStringLiteral(".c2ln");
        QTest::newRow("payload-not-json") << payloadNotJson << TokenForm::Opaque << payloadNotJson << false
                                          << QString() << QString() << TokenForm::Empty;
        QTest::newRow("empty") << QStringLiteral(" \n ") << TokenForm::Empty << QString() << false
                               << QString() << QString() << TokenForm::Empty;
        QTest::newRow("bearer-alone") << QStringLiteral("Bearer") << TokenForm::Empty << QString() << true
                                      << QString() << QString() << TokenForm::Empty;
        QTest::newRow("bearer-glued-is-a-token")
            << QStringLiteral("BearerXYZ") << TokenForm::Opaque << QStringLiteral("BearerXYZ") << false
            << QString() << QString() << TokenForm::Empty;
    }

    void forms()
    {
        QFETCH(QString, text);
        QFETCH(TokenForm, form);
        QFETCH(QString, token);
        QFETCH(bool, bearer);
        QFETCH(QString, headerAlg);
        QFETCH(QString, subject);
        QFETCH(TokenForm, innerForm);

        const Jwt::ParsedToken parsed = Jwt::parseToken(text);
        QCOMPARE(parsed.form, form);
        QCOMPARE(parsed.token, token);
        QCOMPARE(parsed.hadBearerPrefix, bearer);
        QCOMPARE(parsed.header.value(QLatin1String("alg")).toString(), headerAlg);
        QCOMPARE(parsed.payload.value(QLatin1String("sub")).toString(), subject);
        QCOMPARE(parsed.payloadJson.isEmpty(), form != TokenForm::Jws && form != TokenForm::NestedJwt);
        QCOMPARE(parsed.innerForm, innerForm);
        QCOMPARE(parsed.innerToken.isEmpty(), form != TokenForm::NestedJwt);
        QCOMPARE(parsed.isSigned(), form == TokenForm::Jws || form == TokenForm::NestedJwt);
        QVERIFY(!Jwt::describeForm(form).isEmpty());
    }

    void jweHeaderIsShown()
    {
        const Jwt::ParsedToken parsed = Jwt::parseToken(jwe);
        QCOMPARE(parsed.header.value(QLatin1String("enc")).toString(), QStringLiteral("A256GCM"));
        QCOMPARE(parsed.header.value(QLatin1String("kid")).toString(), QStringLiteral("enc-1"));
        QVERIFY(parsed.payload.isEmpty());
        QVERIFY(Jwt::describeForm(TokenForm::Jwe).contains(QLatin1String("encrypted for the recipient")));
    }
};

QTEST_GUILESS_MAIN(TestTokenForm)
#include "tst_tokenform.moc"
