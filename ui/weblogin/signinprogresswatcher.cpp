#include "signinprogresswatcher.h"

#include <QUrlQuery>

#include <algorithm>

namespace Tokenscope::Ui {

SignInProgressWatcher::SignInProgressWatcher(std::chrono::seconds noProgressAfter, QObject* parent)
    : QObject(parent)
{
    m_idle.setSingleShot(true);
    m_idle.setInterval(noProgressAfter);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        if (m_circling)
            return; // already said, and the better reason
        m_paused = true;
        Q_EMIT stalled(Stall::NoProgress);
    });
}

void SignInProgressWatcher::start()
{
    m_started = true;
    m_idle.start();
}

void SignInProgressWatcher::formSubmitted(const QUrl& from)
{
    m_postedFrom = from;
    stepTaken();
}

void SignInProgressWatcher::pageLoaded(const QUrl& url)
{
    stepTaken();
    if (m_postedFrom.isEmpty())
        return; // a link or a redirect: not an answer to something the user sent
    const bool back = samePage(url, m_postedFrom);
    m_postedFrom.clear();
    m_returns = back ? m_returns + 1 : 0;
    if (m_returns >= returnsToStall && !m_circling) {
        m_circling = true;
        m_idle.stop();
        Q_EMIT stalled(Stall::ReturnedAfterFormPost);
    }
}

void SignInProgressWatcher::stepTaken()
{
    if (!m_started || m_circling)
        return;
    m_idle.start();
    if (m_paused) {
        m_paused = false;
        Q_EMIT resumed();
    }
}

bool SignInProgressWatcher::samePage(const QUrl& a, const QUrl& b)
{
    if (a.scheme() != b.scheme() || a.host() != b.host() || a.port() != b.port()
        || a.path(QUrl::FullyDecoded) != b.path(QUrl::FullyDecoded))
        return false;
    const auto names = [](const QUrl& url) {
        QStringList keys;
        for (const auto& item : QUrlQuery(url).queryItems())
            keys.append(item.first);
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        return keys;
    };
    return names(a) == names(b);
}

} // namespace Tokenscope::Ui
