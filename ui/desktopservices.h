#pragma once

#include <QStringList>
#include <QUrl>

#include <functional>

class QObject;

namespace Tokenscope::Ui {

// Opening addresses in the user's browser, behind one seam, so a test sees what would have opened
// instead of a browser starting on the test machine.
class DesktopServices final
{
    Q_DISABLE_COPY_MOVE(DesktopServices)

public:
    using UrlOpener = std::function<bool(const QUrl& url)>;
    // Why the browser did not start, one sentence.
    using FailureHandler = std::function<void(const QString& reason)>;

    DesktopServices() = delete;

    // QDesktopServices::openUrl unless a test set an opener; false: nothing could open it.
    static bool openUrl(const QUrl& url);
    // The same, watching the program that starts the browser where there is one (xdg-open): when it
    // ends with an error, failed is called while context lives. False: nothing could be started.
    static bool openUrlWatched(const QUrl& url, QObject* context, FailureHandler failed);
    // For tests: every openUrl goes to opener, until it is reset with nullptr.
    static void setUrlOpener(UrlOpener opener);
    // For tests: the program (with its first arguments) that openUrlWatched starts with the address as
    // its last argument instead of xdg-open; empty: xdg-open again.
    static void setOpenerCommand(const QStringList& command);
};

} // namespace Tokenscope::Ui
