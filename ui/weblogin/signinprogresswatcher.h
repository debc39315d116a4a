#pragma once

#include <QObject>
#include <QTimer>
#include <QUrl>

#include <chrono>

namespace Tokenscope::Ui {

// Notices a sign-in that does not get anywhere, so the window can say so long before its timeout: the
// provider shows the page a form was sent from again, twice running (typically its login page, because
// the browser did not keep the session cookie the form post set), or no page has been reached for a
// while. Knows nothing of WebEngine: the window tells it what the page does.
class SignInProgressWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInProgressWatcher)

public:
    enum class Stall {
        ReturnedAfterFormPost,
        NoProgress,
    };
    Q_ENUM(Stall)

    explicit SignInProgressWatcher(std::chrono::seconds noProgressAfter, QObject* parent = nullptr);

    // How often a form post has to lead back to its own page before it counts as going round in circles.
    static constexpr int returnsToStall = 2;

    void start();
    // The user sent a form of the page at from.
    void formSubmitted(const QUrl& from);
    // A page finished loading in the main frame.
    void pageLoaded(const QUrl& url);
    // The page moved on without loading (a script changed the address).
    void stepTaken();

    // The same page for this purpose: same origin and path and the same query parameter names. The
    // values are left out, because providers put one-time values there (a state, a CSRF token, a
    // return address with a fresh nonce) that differ each time the same login page is shown.
    static bool samePage(const QUrl& a, const QUrl& b);

Q_SIGNALS:
    // Going round in circles is reported once: the cause stays. A pause is reported each time, and
    // resumed follows when the page moves on again.
    void stalled(Tokenscope::Ui::SignInProgressWatcher::Stall stall);
    void resumed();

private:
    QTimer m_idle;
    QUrl m_postedFrom;
    int m_returns = 0;
    bool m_started = false;
    bool m_paused = false;
    bool m_circling = false;
};

} // namespace Tokenscope::Ui
