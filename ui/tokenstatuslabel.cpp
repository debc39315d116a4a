#include "tokenstatuslabel.h"

#include "jwt.h"
#include "palette.h"

#include <QLocale>

namespace Tokenscope::Ui {

using OAuth::TokenSession;

namespace {

QString formatDuration(qint64 seconds)
{
    const qint64 absolute = qAbs(seconds);
    if (absolute >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(absolute / 3600)
            .arg((absolute % 3600) / 60, 2, 10, QLatin1Char('0'))
            .arg(absolute % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2")
        .arg(absolute / 60, 2, 10, QLatin1Char('0'))
        .arg(absolute % 60, 2, 10, QLatin1Char('0'));
}

QString signedInToolTip(const OAuth::TokenSet& tokens)
{
    QString tip
        = TokenStatusLabel::tr("Granted scopes: %1").arg(tokens.grantedScopes().join(QLatin1Char(' ')));
    if (const QStringList missing = tokens.missingScopes(); !missing.isEmpty())
        tip += QLatin1Char('\n')
            + TokenStatusLabel::tr("Requested but not granted: %1").arg(missing.join(QLatin1Char(' ')));
    if (tokens.expiresAt.isValid())
        tip += QLatin1Char('\n')
            + TokenStatusLabel::tr("Expires at %1")
                  .arg(QLocale().toString(tokens.expiresAt.toLocalTime(), QLocale::LongFormat));
    tip += QLatin1Char('\n')
        + (tokens.refreshToken.isEmpty() ? TokenStatusLabel::tr("No refresh token")
                                         : TokenStatusLabel::tr("Refresh token held"));
    return tip;
}

} // namespace

TokenStatusLabel::TokenStatusLabel(QWidget* parent)
    : QLabel(parent)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    setObjectName(QStringLiteral("tokenStatusLabel"));
    setTextFormat(Qt::RichText);
    setContentsMargins(12, 0, 12, 0);
    setAccessibleName(tr("Token status"));
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &TokenStatusLabel::updateStatus);
    m_ticker.start();
    updateStatus();
}

void TokenStatusLabel::setTokenSession(TokenSession* session)
{
    if (session != m_tokens) {
        if (m_tokens)
            disconnect(m_tokens, nullptr, this, nullptr);
        m_tokens = session;
        m_subject = session ? subjectOf(session->tokens()) : QString();
        if (session) {
            connect(session, &TokenSession::stateChanged, this, &TokenStatusLabel::updateStatus);
            connect(session, &TokenSession::tokensChanged, this, [this, session] {
                m_subject = subjectOf(session->tokens());
                updateStatus();
            });
        }
    }
    updateStatus();
}

void TokenStatusLabel::setClock(Clock clock)
{
    m_clock = std::move(clock);
    updateStatus();
}

void TokenStatusLabel::updateStatus()
{
    const Status status = m_tokens ? describe(m_tokens->state(), m_tokens->tokens(), m_subject, m_clock())
                                   : describe(std::nullopt, {}, {}, m_clock());
    setText(status.text);
    if (status.toolTip)
        setToolTip(*status.toolTip);
}

TokenStatusLabel::Status TokenStatusLabel::describe(std::optional<TokenSession::State> state,
    const OAuth::TokenSet& tokens, const QString& subject, const QDateTime& now)
{
    if (!state)
        return {tr("<span style=\"color:%1\">No environment: create one to start</span>").arg(Palette::muted),
            QString()};
    switch (*state) {
    case TokenSession::State::SigningIn:
        return {tr("Signing in…"), tr("Finish signing in in the sign-in window.")};
    case TokenSession::State::Refreshing:
        return {tr("Refreshing…"), std::nullopt};
    case TokenSession::State::SignedOut:
        return {tr("<span style=\"color:%1\">○ No access token</span>").arg(Palette::muted),
            tr("Get a new access token to sign in.")};
    case TokenSession::State::SignedIn:
        break;
    }
    QString expiry;
    QLatin1String colour = Palette::success;
    if (!tokens.expiresAt.isValid()) {
        expiry = tr("expiry unknown");
    } else if (const qint64 left = now.secsTo(tokens.expiresAt); left > 0) {
        expiry = tr("expires in %1").arg(formatDuration(left));
        if (left < 60)
            colour = Palette::warning;
    } else {
        expiry = tr("expired %1 ago").arg(formatDuration(left));
        colour = Palette::error;
    }
    const QString scopes = tr("%n scope(s)", nullptr, int(tokens.grantedScopes().size()));
    const QString text
        = QStringLiteral("<span style=\"color:%1\">●</span> %2 · %3 · %4")
              .arg(colour, (subject.isEmpty() ? tr("signed in") : subject).toHtmlEscaped(), expiry, scopes);
    return {text, signedInToolTip(tokens)};
}

QString TokenStatusLabel::subjectOf(const OAuth::TokenSet& tokens)
{
    for (const QString& token : {tokens.idToken, tokens.accessToken}) {
        const auto jwt = Jwt::decode(token);
        if (!jwt)
            continue;
        for (const char* claim : {"preferred_username", "email", "name", "sub"}) {
            QString value = jwt->payload.value(QLatin1String(claim)).toString();
            if (!value.isEmpty())
                return value;
        }
    }
    return {};
}

} // namespace Tokenscope::Ui
