#pragma once

#include <QUrl>

#include <functional>

namespace Tokenscope::Ui {

// Opening addresses in the user's browser, behind one seam, so a test sees what would have opened
// instead of a browser starting on the test machine.
class DesktopServices final
{
    Q_DISABLE_COPY_MOVE(DesktopServices)

public:
    using UrlOpener = std::function<bool(const QUrl& url)>;

    DesktopServices() = delete;

    // QDesktopServices::openUrl unless a test set an opener; false: nothing could open it.
    static bool openUrl(const QUrl& url);
    // For tests: every openUrl goes to opener, until it is reset with nullptr.
    static void setUrlOpener(UrlOpener opener);
};

} // namespace Tokenscope::Ui
