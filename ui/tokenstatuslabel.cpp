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

QString signedInToolTip(const OAuth::TokenSet& tokens, const TokenStatusLabel::Notes& notes)
{
    QString tip
        = TokenStatusLabel::tr("Granted scopes: %1").arg(tokens.grantedScopes().join(QLatin1Char(' ')));
    if (const QStringList missing = tokens.missingScopes(); !missing.isEmpty()) {
        tip += QLatin1Char('\n')
            + TokenStatusLabel::tr("Requested but not granted: %1").arg(missing.join(QLatin1Char(' ')));
        if (!notes.scopesRemedy.isEmpty())
            tip += QLatin1Char('\n') + notes.scopesRemedy;
    }
    if (tokens.expiresAt.isValid())
        tip += QLatin1Char('\n')
            + TokenStatusLabel::tr("Expires at %1")
                  .arg(QLocale().toString(tokens.expiresAt.toLocalTime(), QLocale::LongFormat));
    tip += QLatin1Char('\n')
        + (tokens.refreshToken.isEmpty() ? TokenStatusLabel::tr("No refresh token")
                                         : TokenStatusLabel::tr("Refresh token held"));
    if (tokens.refreshToken.isEmpty() && !notes.noRefreshToken.isEmpty())
        tip += QLatin1Char('\n') + notes.noRefreshToken;
    return tip;
}

QString when(const QDateTime& time)
{
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
}

// After a restart: the access token is gone with the process, the keychain says what is left.
TokenStatusLabel::Status describeStored(const TokenStatusLabel::Notes& notes, const QString& subject)
{
    using Status = OAuth::StoredSignIn::Status;
    const auto& record = notes.stored.record;
    const auto notSignedIn = [](const QString& text, const QString& toolTip) {
        return TokenStatusLabel::Status {
            QStringLiteral("<span style=\"color:%1\">○ %2</span>").arg(Palette::muted, text.toHtmlEscaped()),
            toolTip};
    };
    switch (notes.stored.status) {
    case Status::RefreshTokenStored: {
        const bool dated = record && record->signedInAt.isValid();
        QString text = TokenStatusLabel::tr("Signed in — refresh token stored");
        QString tip;
        // Who in the chip; when in the tooltip, where a long date does not push the token buttons away.
        if (!subject.isEmpty())
            text = TokenStatusLabel::tr("Signed in — refresh token stored · %1").arg(subject);
        if (!subject.isEmpty() && dated)
            tip = TokenStatusLabel::tr("Signed in as %1 on %2.").arg(subject, when(record->signedInAt));
        else if (!subject.isEmpty())
            tip = TokenStatusLabel::tr("Signed in as %1.").arg(subject);
        else if (dated)
            tip = TokenStatusLabel::tr("Signed in on %1.").arg(when(record->signedInAt));
        tip += (tip.isEmpty() ? QString() : QStringLiteral("\n"))
            + TokenStatusLabel::tr(
                "The access token does not outlive a restart: a new one is fetched with "
                "the stored refresh token when you send a request or click Refresh Token.");
        if (record && !record->grantedScope.isEmpty())
            tip += QLatin1Char('\n') + TokenStatusLabel::tr("Granted scopes: %1").arg(record->grantedScope);
        return {QStringLiteral("<span style=\"color:%1\">●</span> %2")
                    .arg(Palette::success, text.toHtmlEscaped()),
            tip};
    }
    case Status::NoRefreshToken:
        return notSignedIn(record && record->refreshToken == OAuth::SignInRecord::RefreshToken::Refused
                ? TokenStatusLabel::tr("Not signed in — the refresh token was refused")
                : TokenStatusLabel::tr("Not signed in — no refresh token was kept"),
            notes.signedOutReason);
    case Status::KeychainUnreadable:
        return notSignedIn(TokenStatusLabel::tr("Not signed in — the keychain could not be read"),
            TokenStatusLabel::tr("The keychain answered: %1").arg(notes.stored.keychainMessage)
                + QLatin1Char('\n')
                + TokenStatusLabel::tr(
                    "Unlock the keychain, then click Refresh Token; or get a new access token."));
    case Status::Unknown:
    case Status::Nothing:
        break;
    }
    return {TokenStatusLabel::tr("<span style=\"color:%1\">○ No access token</span>").arg(Palette::muted),
        TokenStatusLabel::tr("Get a new access token to sign in.")};
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
        m_subject = session ? session->displayName() : QString();
        if (session) {
            connect(session, &TokenSession::stateChanged, this, &TokenStatusLabel::updateStatus);
            connect(session, &TokenSession::tokensChanged, this, [this, session] {
                m_subject = session->displayName();
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
    const Status status = m_tokens
        ? describe(m_tokens->state(), m_tokens->tokens(), m_subject, m_clock(), notesOf(*m_tokens))
        : describe(std::nullopt, {}, {}, m_clock());
    setText(status.text);
    if (status.toolTip)
        setToolTip(*status.toolTip);
}

TokenStatusLabel::Notes TokenStatusLabel::notesOf(const TokenSession& session)
{
    Notes notes;
    notes.stored = session.storedSignIn();
    if (const auto& record = notes.stored.record) {
        notes.noRefreshToken = OAuth::missingRefreshTokenReason(session.config(), *record);
        notes.scopesRemedy = OAuth::missingScopesRemedy(session.config(), *record);
        const Error why = OAuth::notSignedIn(session.config(), record, false);
        notes.signedOutReason = why.detail.isEmpty() ? why.hint : why.detail + QLatin1Char('\n') + why.hint;
    }
    return notes;
}

TokenStatusLabel::Status TokenStatusLabel::describe(std::optional<TokenSession::State> state,
    const OAuth::TokenSet& tokens, const QString& subject, const QDateTime& now, const Notes& notes)
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
        return describeStored(notes, subject);
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
    // The countdown itself in the colour too: the last minute must catch the eye (and a dot alone is
    // easy to miss for a colour-blind reader, so the words change as well).
    if (colour != Palette::success)
        expiry = QStringLiteral("<span style=\"color:%1\">%2</span>").arg(colour, expiry);
    const QString scopes = tr("%n scope(s)", nullptr, int(tokens.grantedScopes().size()));
    QString text
        = QStringLiteral("<span style=\"color:%1\">●</span> %2 · %3 · %4")
              .arg(colour, (subject.isEmpty() ? tr("signed in") : subject).toHtmlEscaped(), expiry, scopes);
    if (tokens.refreshToken.isEmpty() && !notes.noRefreshToken.isEmpty())
        text += QStringLiteral(" · <span style=\"color:%1\">%2</span>")
                    .arg(Palette::warning, tr("no refresh token"));
    return {text, signedInToolTip(tokens, notes)};
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
