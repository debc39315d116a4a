#include "appsessionfixture.h"
#include "palette.h"
#include "testmain.h"
#include "tokenstatuslabel.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTest>

using namespace Tokenscope;
using State = OAuth::TokenSession::State;

Q_DECLARE_METATYPE(std::optional<Tokenscope::OAuth::TokenSession::State>)
Q_DECLARE_METATYPE(Tokenscope::OAuth::TokenSet)
Q_DECLARE_METATYPE(Tokenscope::Ui::TokenStatusLabel::Notes)

namespace {

const QDateTime now = QDateTime(QDate(2025, 3, 1), QTime(12, 0), Qt::UTC);

// An unsigned compact JWS with these claims: enough for a status that never checks signatures.
QString jwt(const QJsonObject& claims)
{
    const auto part = [](const QJsonObject& object) {
        return QString::fromLatin1(
            QJsonDocument(object)
                .toJson(QJsonDocument::Compact)
                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    };
    return part({{QStringLiteral("alg"), QStringLiteral("RS256")}}) + QLatin1Char('.') + part(claims)
        + QStringLiteral(".c2ln");
}

OAuth::TokenSet tokens(qint64 secondsLeft, const QString& granted = QStringLiteral("openid demo.read"))
{
    OAuth::TokenSet set;
    set.accessToken = QStringLiteral("at");
    set.requestedScope = QStringLiteral("openid demo.read");
    set.grantedScope = granted;
    set.expiresAt = now.addSecs(secondsLeft);
    return set;
}

// What the session knows after a restart, from the keychain.
Ui::TokenStatusLabel::Notes stored(OAuth::StoredSignIn::Status status,
    OAuth::SignInRecord::RefreshToken refreshToken = OAuth::SignInRecord::RefreshToken::Issued)
{
    OAuth::SignInRecord record;
    record.displayName = QStringLiteral("carol@example.test");
    record.signedInAt = now.addSecs(-3600);
    record.grantedScope = QStringLiteral("openid demo.read");
    record.refreshToken = refreshToken;
    Ui::TokenStatusLabel::Notes notes;
    notes.stored = {status, record, QStringLiteral("The keyring is locked")};
    notes.signedOutReason = QStringLiteral("Why nobody is signed in.");
    return notes;
}

} // namespace

// The token status chip: who, how long, how many scopes; the details in the tooltip.
class TestTokenStatusLabel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void describe_data()
    {
        QTest::addColumn<std::optional<State>>("state");
        QTest::addColumn<OAuth::TokenSet>("tokens");
        QTest::addColumn<QString>("subject");
        QTest::addColumn<QStringList>("shown"); // parts of the text
        QTest::addColumn<QString>("toolTip"); // a part of it; "-": the previous one stays
        QTest::addColumn<Ui::TokenStatusLabel::Notes>("notes");

        QTest::newRow("no environment") << std::optional<State>() << OAuth::TokenSet() << QString()
                                        << QStringList {QStringLiteral("No environment: create one to start"),
                                               QString(Ui::Palette::muted)}
                                        << QString() << Ui::TokenStatusLabel::Notes();
        QTest::newRow("signed out") << std::optional<State>(State::SignedOut) << OAuth::TokenSet()
                                    << QString() << QStringList {QStringLiteral("○ No access token")}
                                    << QStringLiteral("Get a new access token to sign in.")
                                    << Ui::TokenStatusLabel::Notes();
        QTest::newRow("signing in") << std::optional<State>(State::SigningIn) << OAuth::TokenSet()
                                    << QString() << QStringList {QStringLiteral("Signing in…")}
                                    << QStringLiteral("Finish signing in in the sign-in window.")
                                    << Ui::TokenStatusLabel::Notes();
        QTest::newRow("refreshing keeps the tooltip")
            << std::optional<State>(State::Refreshing) << tokens(300) << QStringLiteral("alice")
            << QStringList {QStringLiteral("Refreshing…")} << QStringLiteral("-")
            << Ui::TokenStatusLabel::Notes();
        QTest::newRow("signed in, minutes left")
            << std::optional<State>(State::SignedIn) << tokens(300) << QStringLiteral("alice")
            << QStringList {QStringLiteral("alice"), QStringLiteral("expires in 05:00"),
                   QStringLiteral("2 scope(s)"), QString(Ui::Palette::success)}
            << QStringLiteral("Granted scopes: openid demo.read") << Ui::TokenStatusLabel::Notes();
        QTest::newRow("signed in, hours left")
            << std::optional<State>(State::SignedIn) << tokens(3 * 3600 + 61) << QStringLiteral("alice")
            << QStringList {QStringLiteral("expires in 3:01:01")} << QStringLiteral("No refresh token")
            << Ui::TokenStatusLabel::Notes();
        QTest::newRow("under a minute left: warning")
            << std::optional<State>(State::SignedIn) << tokens(30) << QStringLiteral("alice")
            << QStringList {QStringLiteral("expires in 00:30"), QString(Ui::Palette::warning)}
            << QStringLiteral("Expires at ") << Ui::TokenStatusLabel::Notes();
        QTest::newRow("expired: error")
            << std::optional<State>(State::SignedIn) << tokens(-3605) << QStringLiteral("alice")
            << QStringList {QStringLiteral("expired 1:00:05 ago"), QString(Ui::Palette::error)} << QString()
            << Ui::TokenStatusLabel::Notes();
        OAuth::TokenSet unknown = tokens(0);
        unknown.expiresAt = {};
        unknown.refreshToken = QStringLiteral("rt");
        QTest::newRow("expiry unknown")
            << std::optional<State>(State::SignedIn) << unknown << QStringLiteral("alice")
            << QStringList {QStringLiteral("expiry unknown"), QString(Ui::Palette::success)}
            << QStringLiteral("Refresh token held") << Ui::TokenStatusLabel::Notes();
        QTest::newRow("nobody named") << std::optional<State>(State::SignedIn) << tokens(300) << QString()
                                      << QStringList {QStringLiteral("signed in · expires in")} << QString()
                                      << Ui::TokenStatusLabel::Notes();
        QTest::newRow("the name is text, not markup")
            << std::optional<State>(State::SignedIn) << tokens(300) << QStringLiteral("<b>eve</b>")
            << QStringList {QStringLiteral("&lt;b&gt;eve&lt;/b&gt;")} << QString()
            << Ui::TokenStatusLabel::Notes();
        QTest::newRow("scopes not granted")
            << std::optional<State>(State::SignedIn) << tokens(300, QStringLiteral("openid"))
            << QStringLiteral("alice") << QStringList {QStringLiteral("1 scope(s)")}
            << QStringLiteral("Requested but not granted: demo.read") << Ui::TokenStatusLabel::Notes();

        using Stored = OAuth::StoredSignIn::Status;
        using Refresh = OAuth::SignInRecord::RefreshToken;
        Ui::TokenStatusLabel::Notes noRefreshToken;
        noRefreshToken.noRefreshToken = QStringLiteral("Ask for offline_access.");
        QTest::newRow("signed in without a refresh token says why")
            << std::optional<State>(State::SignedIn) << tokens(300) << QStringLiteral("alice")
            << QStringList {QStringLiteral("no refresh token"), QString(Ui::Palette::warning)}
            << QStringLiteral("No refresh token\nAsk for offline_access.") << noRefreshToken;
        QTest::newRow("after a restart: refresh token stored")
            << std::optional<State>(State::SignedOut) << OAuth::TokenSet()
            << QStringLiteral("carol@example.test")
            << QStringList {QStringLiteral("Signed in — refresh token stored · carol@example.test"),
                   QString(Ui::Palette::success)}
            << QStringLiteral("Signed in as carol@example.test on ") << stored(Stored::RefreshTokenStored);
        QTest::newRow("after a restart: no refresh token was issued")
            << std::optional<State>(State::SignedOut) << OAuth::TokenSet()
            << QStringLiteral("carol@example.test")
            << QStringList {QStringLiteral("Not signed in — no refresh token was kept")}
            << QStringLiteral("Why nobody is signed in.")
            << stored(Stored::NoRefreshToken, Refresh::NotIssued);
        QTest::newRow("after a restart: the refresh token was refused")
            << std::optional<State>(State::SignedOut) << OAuth::TokenSet() << QString()
            << QStringList {QStringLiteral("Not signed in — the refresh token was refused")}
            << QStringLiteral("Why nobody is signed in.") << stored(Stored::NoRefreshToken, Refresh::Refused);
        QTest::newRow("after a restart: the keychain could not be read")
            << std::optional<State>(State::SignedOut) << OAuth::TokenSet() << QString()
            << QStringList {QStringLiteral("Not signed in — the keychain could not be read")}
            << QStringLiteral("The keychain answered: The keyring is locked")
            << stored(Stored::KeychainUnreadable);
    }
    void describe()
    {
        QFETCH(std::optional<State>, state);
        QFETCH(OAuth::TokenSet, tokens);
        QFETCH(QString, subject);
        QFETCH(QStringList, shown);
        QFETCH(QString, toolTip);
        QFETCH(Ui::TokenStatusLabel::Notes, notes);
        const auto status = Ui::TokenStatusLabel::describe(state, tokens, subject, now, notes);
        for (const QString& part : shown)
            QVERIFY2(status.text.contains(part), qPrintable(status.text));
        if (toolTip == QLatin1String("-")) {
            QVERIFY(!status.toolTip);
        } else {
            QVERIFY(status.toolTip);
            QVERIFY2(status.toolTip->contains(toolTip), qPrintable(*status.toolTip));
        }
    }

    void subjectOf_data()
    {
        QTest::addColumn<QString>("idToken");
        QTest::addColumn<QString>("accessToken");
        QTest::addColumn<QString>("expected");
        const QJsonObject full {{QStringLiteral("sub"), QStringLiteral("248289761001")},
            {QStringLiteral("name"), QStringLiteral("Alice Demo")},
            {QStringLiteral("email"), QStringLiteral("alice@example.test")},
            {QStringLiteral("preferred_username"), QStringLiteral("alice")}};
        QTest::newRow("preferred_username first") << jwt(full) << QStringLiteral("opaque") << "alice";
        QTest::newRow("then email") << jwt({{QStringLiteral("sub"), QStringLiteral("1")},
            {QStringLiteral("email"), QStringLiteral("bob@example.test")}})
                                    << QString() << "bob@example.test";
        QTest::newRow("sub at last") << jwt({{QStringLiteral("sub"), QStringLiteral("1234")}}) << QString()
                                     << "1234";
        QTest::newRow("a JWT access token without an ID token")
            << QString() << jwt({{QStringLiteral("name"), QStringLiteral("Carol Demo")}}) << "Carol Demo";
        QTest::newRow("opaque tokens say nothing") << QString() << QStringLiteral("opaque") << QString();
    }
    void subjectOf()
    {
        QFETCH(QString, idToken);
        QFETCH(QString, accessToken);
        QFETCH(QString, expected);
        OAuth::TokenSet set;
        set.idToken = idToken;
        set.accessToken = accessToken;
        QCOMPARE(Ui::TokenStatusLabel::subjectOf(set), expected);
    }

    // The label follows the session it is given, and says so when there is none.
    void followsTheSession()
    {
        Tests::AppSessionFixture fixture;
        Workspace::AppSession& session = *fixture.session();
        QVERIFY(session.load().isNull());
        Ui::TokenStatusLabel label;
        QCOMPARE(label.objectName(), QStringLiteral("tokenStatusLabel"));
        QVERIFY(!label.accessibleName().isEmpty());
        QVERIFY(label.text().contains(QLatin1String("No environment")));

        session.useLocalDemo(QUrl(QStringLiteral("http://127.0.0.1:4567")));
        label.setTokenSession(session.currentTokenSession());
        QVERIFY2(label.text().contains(QLatin1String("No access token")), qPrintable(label.text()));
        QCOMPARE(label.toolTip(), QStringLiteral("Get a new access token to sign in."));
        label.setTokenSession(nullptr);
        QVERIFY(label.text().contains(QLatin1String("No environment")));
        QVERIFY(label.toolTip().isEmpty());
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestTokenStatusLabel)
#include "tst_tokenstatuslabel.moc"
