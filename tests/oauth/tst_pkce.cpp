#include "pkce.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Tokenscope::OAuth;

class TestPkce final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // RFC 7636 Appendix B: the published verifier and its S256 challenge.
    void rfc7636AppendixB()
    {
        const QString verifier = QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        QCOMPARE(Pkce::challengeFor(verifier), QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
        QVERIFY(Pkce::isValidVerifier(verifier));
    }

    // pkce-shape: S256, 43–128 unreserved characters, 256 bits of entropy, unique per request.
    void pkceShape()
    {
        QSet<QString> seen;
        for (int i = 0; i < 200; ++i) {
            const PkcePair pair = Pkce::generate();
            QCOMPARE(pair.method, QStringLiteral("S256"));
            QCOMPARE(pair.verifier.size(), 43); // 32 random bytes, base64url without padding
            QVERIFY2(Pkce::isValidVerifier(pair.verifier), qPrintable(pair.verifier));
            QCOMPARE(pair.challenge, Pkce::challengeFor(pair.verifier));
            QVERIFY(!pair.challenge.contains(QLatin1Char('=')));
            QVERIFY(!seen.contains(pair.verifier));
            seen.insert(pair.verifier);
        }
    }

    void verifierValidation_data()
    {
        QTest::addColumn<QString>("verifier");
        QTest::addColumn<bool>("valid");
        QTest::newRow("42 characters: too short") << QString(42, QLatin1Char('a')) << false;
        QTest::newRow("43 characters") << QString(43, QLatin1Char('a')) << true;
        QTest::newRow("128 characters") << QString(128, QLatin1Char('~')) << true;
        QTest::newRow("129 characters: too long") << QString(129, QLatin1Char('a')) << false;
        QTest::newRow("reserved character") << (QString(43, QLatin1Char('a')) + QLatin1Char('+')) << false;
    }
    void verifierValidation()
    {
        QFETCH(QString, verifier);
        QFETCH(bool, valid);
        QCOMPARE(Pkce::isValidVerifier(verifier), valid);
    }

    // RFC 6749 §10.10: state and nonce carry at least 128 bits from a CSPRNG.
    void stateEntropy()
    {
        const QString state = randomUrlSafe(32);
        QCOMPARE(state.size(), 43);
        QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]+$")).match(state).hasMatch());
        QVERIFY(randomUrlSafe(32) != state);
        QCOMPARE(randomUrlSafe(5).size(), 7);
    }
};

QTEST_GUILESS_MAIN(TestPkce)
#include "tst_pkce.moc"
