#include "certificatefingerprint.h"

#include <QCryptographicHash>
#include <QSet>
#include <QTest>

using Tokenscope::CertificateFingerprint;

namespace {

// The fingerprint the environment editor's tests use, in its canonical form.
const QString canonical = QStringLiteral(
    "9E:3A:12:74:88:30:EA:67:D9:C2:C3:3E:B2:B6:80:BE:18:19:7C:9A:8A:6F:B2:A6:09:E7:6F:CE:E9:76:3E:0E");
const QString plainLower = QStringLiteral("9e3a12748830ea67d9c2c33eb2b680be18197c9a8a6fb2a609e76fcee9763e0e");

} // namespace

// The one parser of certificate fingerprints: what users paste is accepted, anything else refused with a
// reason; every accepted form reads back as one canonical text.
class TestCertificateFingerprint final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void accepted_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("canonical: upper case with colons") << canonical;
        QTest::newRow("lower case with colons") << canonical.toLower();
        QTest::newRow("plain hex, lower case") << plainLower;
        QTest::newRow("plain hex, upper case") << plainLower.toUpper();
        QTest::newRow("mixed case") << QStringLiteral(
            "9e3A12748830Ea67d9c2c33eb2b680be18197c9a8a6fb2a609e76fcee9763E0E");
        QTest::newRow("groups of eight separated by spaces (a certificate viewer)")
            << QStringLiteral("9e3a1274 8830ea67 d9c2c33e b2b680be 18197c9a 8a6fb2a6 09e76fce e9763e0e");
        QTest::newRow("pairs separated by spaces") << QString(canonical).replace(u':', u' ');
        QTest::newRow("surrounding white space")
            << QStringLiteral("  \t") + canonical + QStringLiteral(" \n");
        QTest::newRow("openssl 3: sha256 Fingerprint=") << QStringLiteral("sha256 Fingerprint=") + canonical;
        QTest::newRow("openssl 1.1: SHA256 Fingerprint=")
            << QStringLiteral("SHA256 Fingerprint=") + canonical;
        QTest::newRow("SHA256: prefix") << QStringLiteral("SHA256:") + canonical;
        QTest::newRow("sha256: prefix, plain hex") << QStringLiteral("sha256:") + plainLower;
        QTest::newRow("SHA-256: prefix with a space") << QStringLiteral("SHA-256: ") + canonical;
    }
    void accepted()
    {
        QFETCH(QString, text);
        QString reason;
        const std::optional<CertificateFingerprint> fingerprint
            = CertificateFingerprint::fromText(text, &reason);
        QVERIFY2(fingerprint, qPrintable(reason));
        QVERIFY(!fingerprint->isNull());
        QCOMPARE(fingerprint->toString(), canonical);
        QCOMPARE(fingerprint->digest(), QByteArray::fromHex(plainLower.toLatin1()));
    }

    void refused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reasonMentions"); // a word the reason must contain
        QTest::newRow("empty") << QString() << QStringLiteral("no hexadecimal digits");
        QTest::newRow("only white space") << QStringLiteral("   ") << QStringLiteral("no hexadecimal digits");
        QTest::newRow("only colons") << QStringLiteral(":::") << QStringLiteral("no hexadecimal digits");
        QTest::newRow("a sentence") << QStringLiteral("not a fingerprint") << QStringLiteral("“n”");
        QTest::newRow("one digit short") << plainLower.chopped(1) << QStringLiteral("this has 63");
        QTest::newRow("one digit more") << plainLower + QLatin1Char('0') << QStringLiteral("this has 65");
        QTest::newRow("half of it") << canonical.left(47) << QStringLiteral("this has 32");
        QTest::newRow("non-hex letter") << QString(plainLower).replace(0, 1, u'g') << QStringLiteral("“g”");
        QTest::newRow("dashes between pairs")
            << QString(canonical).replace(u':', u'-') << QStringLiteral("“-”");
        QTest::newRow("SHA-1 digits")
            << QStringLiteral("A9:4A:8F:E5:CC:B1:9B:A6:1C:4C:08:73:D3:91:E9:87:98:2F:BB:D3")
            << QStringLiteral("SHA-1");
        QTest::newRow("openssl SHA-1 line")
            << QStringLiteral("sha1 Fingerprint=A9:4A:8F:E5:CC:B1:9B:A6:1C:4C:08:73:D3:91:E9:87:98:2F:BB:D3")
            << QStringLiteral("SHA-1");
        QTest::newRow("ssh-keygen base64 form")
            << QStringLiteral("SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8") << QStringLiteral("SSH");
        QTest::newRow("other label") << QStringLiteral("md5 Fingerprint=") + canonical
                                     << QStringLiteral("“m”");
        QTest::newRow("two fingerprints on one line")
            << canonical + QLatin1Char(' ') + canonical << QStringLiteral("this has 128");
    }
    void refused()
    {
        QFETCH(QString, text);
        QFETCH(QString, reasonMentions);
        QString reason;
        QVERIFY(!CertificateFingerprint::fromText(text, &reason));
        QVERIFY2(reason.contains(reasonMentions), qPrintable(reason));
        QVERIFY(!CertificateFingerprint::fromText(text)); // without a reason wanted, too
    }

    void fromDigest_data()
    {
        QTest::addColumn<QByteArray>("digest");
        QTest::addColumn<bool>("null");
        QTest::newRow("32 bytes") << QCryptographicHash::hash("certificate", QCryptographicHash::Sha256)
                                  << false;
        QTest::newRow("empty") << QByteArray() << true;
        QTest::newRow("20 bytes: SHA-1")
            << QCryptographicHash::hash("certificate", QCryptographicHash::Sha1) << true;
        QTest::newRow("33 bytes") << QByteArray(33, 'x') << true;
    }
    void fromDigest()
    {
        QFETCH(QByteArray, digest);
        QFETCH(bool, null);
        const CertificateFingerprint fingerprint = CertificateFingerprint::fromDigest(digest);
        QCOMPARE(fingerprint.isNull(), null);
        QCOMPARE(fingerprint.toString().isEmpty(), null);
        if (!null) {
            QCOMPARE(fingerprint.digest(), digest);
            QCOMPARE(fingerprint.toString(), QString::fromLatin1(digest.toHex(':').toUpper()));
            QCOMPARE(CertificateFingerprint::fromText(fingerprint.toString()), fingerprint);
        }
    }

    // A trusted entry names the host it was accepted for: "AB:CD:… @ host".
    void entry_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("host"); // null: refused
        QTest::newRow("fingerprint @ host")
            << canonical + QStringLiteral(" @ sandbox.example.com") << QStringLiteral("sandbox.example.com");
        QTest::newRow("host in capitals, no spaces")
            << plainLower + QStringLiteral("@Sandbox.Example.COM") << QStringLiteral("sandbox.example.com");
        QTest::newRow("IPv6 host in brackets")
            << canonical + QStringLiteral(" @ [::1]") << QStringLiteral("::1");
        QTest::newRow("no host yet") << canonical << QStringLiteral("");
        QTest::newRow("nothing after @") << canonical + QStringLiteral(" @ ") << QString();
        QTest::newRow("a space inside the host") << canonical + QStringLiteral(" @ a b") << QString();
        QTest::newRow("no fingerprint before @") << QStringLiteral("@ sandbox.example.com") << QString();
    }
    void entry()
    {
        QFETCH(QString, text);
        QFETCH(QString, host);
        QString reason;
        const auto entry = CertificateFingerprint::fromEntry(text, &reason);
        QCOMPARE(entry.has_value(), !host.isNull());
        if (!entry) {
            QVERIFY(reason.endsWith(u'.'));
            return;
        }
        QCOMPARE(entry->toString(), canonical);
        QCOMPARE(entry->host(), host);
        QCOMPARE(CertificateFingerprint::fromEntry(entry->toEntry()), entry);
    }

    void trustedFor_data()
    {
        QTest::addColumn<QString>("presentedBy");
        QTest::addColumn<bool>("trusted");
        QTest::newRow("the host it was accepted for") << QStringLiteral("sandbox.example.com") << true;
        QTest::newRow("the same host, other case") << QStringLiteral("SANDBOX.example.com") << true;
        QTest::newRow("trusted-fingerprint-wrong-host-refused") << QStringLiteral("api.example.com") << false;
        QTest::newRow("a subdomain") << QStringLiteral("x.sandbox.example.com") << false;
        QTest::newRow("no host") << QString() << false;
    }
    void trustedFor()
    {
        QFETCH(QString, presentedBy);
        QFETCH(bool, trusted);
        const auto entry
            = CertificateFingerprint::fromEntry(canonical + QStringLiteral(" @ sandbox.example.com"));
        QVERIFY(entry);
        const auto presented = CertificateFingerprint::fromDigest(entry->digest());
        QCOMPARE(Tokenscope::isTrustedFor({*entry}, presented, presentedBy), trusted);
        // An entry without a host is trusted nowhere until it is bound to one.
        QVERIFY(!Tokenscope::isTrustedFor({presented}, presented, presentedBy));
    }

    // An entry from before entries named their host is bound to each given host; one with a host stays.
    void boundToHosts()
    {
        const auto bare = *CertificateFingerprint::fromText(canonical);
        const auto other = CertificateFingerprint::fromDigest(
            QCryptographicHash::hash("other", QCryptographicHash::Sha256))
                               .forHost(QStringLiteral("kept.example"));
        const QList<CertificateFingerprint> bound = Tokenscope::boundToHosts({bare, other},
            {QStringLiteral("a.example"), QStringLiteral("B.example"), QStringLiteral("a.example")});
        QCOMPARE(bound,
            (QList<CertificateFingerprint> {bare.forHost(QStringLiteral("a.example")),
                bare.forHost(QStringLiteral("b.example")), other}));
    }

    void equalityAndHash()
    {
        const auto parsed = CertificateFingerprint::fromText(plainLower);
        const auto pasted
            = CertificateFingerprint::fromText(QStringLiteral("sha256 Fingerprint=") + canonical);
        const CertificateFingerprint computed
            = CertificateFingerprint::fromDigest(QByteArray::fromHex(plainLower.toLatin1()));
        const CertificateFingerprint other = CertificateFingerprint::fromDigest(
            QCryptographicHash::hash("other", QCryptographicHash::Sha256));
        QVERIFY(parsed && pasted);
        QCOMPARE(*parsed, *pasted);
        QCOMPARE(*parsed, computed);
        QVERIFY(!(computed == other));
        QVERIFY(!(computed == CertificateFingerprint()));
        QCOMPARE(CertificateFingerprint(), CertificateFingerprint());
        QCOMPARE(qHash(*parsed), qHash(computed));
        const QSet<CertificateFingerprint> set {*parsed, *pasted, computed, other};
        QCOMPARE(set.size(), 2);
        QVERIFY(set.contains(CertificateFingerprint::fromDigest(computed.digest())));
        QVERIFY(QList<CertificateFingerprint>({other, computed}).contains(*pasted));
    }
};

QTEST_GUILESS_MAIN(TestCertificateFingerprint)
#include "tst_certificatefingerprint.moc"
