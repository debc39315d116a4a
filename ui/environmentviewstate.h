#pragma once

#include "messagebanner.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <optional>

namespace Tokenscope::OAuth {
class TokenSession;
}
namespace Tokenscope::Workspace {
class AppSession;
}

namespace Tokenscope::Ui {

class ResponseViewer;

// What the window shows about one environment besides its requests and their responses (the request
// tabs keep those): its banner and its Timeline. Each environment keeps its own while another is
// selected, and a sign-in or refresh that succeeds clears the problems it made stale.
class EnvironmentViewState final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentViewState)

public:
    EnvironmentViewState(Workspace::AppSession* session, ResponseViewer* viewer, MessageBanner* banner,
        QObject* parent = nullptr);

    // The environment now selected (empty: none): its banner and Timeline are shown.
    void select(const QString& environmentId);
    QString selected() const { return m_selected; }

private:
    struct Shown
    {
        std::optional<MessageBanner::State> banner;
    };

    void watch(OAuth::TokenSession* session);
    void clearStaleBanner(const QString& environmentId);

    Workspace::AppSession* m_session;
    ResponseViewer* m_viewer;
    MessageBanner* m_banner;
    QString m_selected;
    QHash<QString, Shown> m_shown;
    QSet<QString> m_watched;
};

} // namespace Tokenscope::Ui
