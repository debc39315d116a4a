#include "formencoding.h"

#include <QTest>

using namespace Tokenscope::Http;

class TestFormEncoding final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodesEverythingReserved()
    {
        QCOMPARE(formEncode({{QStringLiteral("a b"), QStringLiteral("x+y&z=é/~")}}),
            QByteArray("a%20b=x%2By%26z%3D%C3%A9%2F~"));
        QCOMPARE(formEncode({{QStringLiteral("k"), QString()}, {QStringLiteral("n"), QStringLiteral("1")}}),
            QByteArray("k=&n=1"));
    }

    void decodesPlusAsSpace()
    {
        const FormFields fields = formDecode("error_description=End-User+aborted&x=a%2Bb&flag&=v");
        QCOMPARE(fields.size(), 4);
        QCOMPARE(fields.at(0).second, QStringLiteral("End-User aborted"));
        QCOMPARE(fields.at(1).second, QStringLiteral("a+b"));
        QCOMPARE(fields.at(2), (QPair<QString, QString> {QStringLiteral("flag"), QString()}));
        QCOMPARE(fields.at(3), (QPair<QString, QString> {QString(), QStringLiteral("v")}));
    }

    void roundTrip()
    {
        const FormFields fields {
            {QStringLiteral("redirect_uri"), QStringLiteral("https://oauth.pstmn.io/v1/browser-callback")},
            {QStringLiteral("code"), QStringLiteral("a+b/c=")},
            {QStringLiteral("scope"), QStringLiteral("openid api-requirements-versions:read")}};
        QCOMPARE(formDecode(formEncode(fields)), fields);
    }
};

QTEST_GUILESS_MAIN(TestFormEncoding)
#include "tst_formencoding.moc"
