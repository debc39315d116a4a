#pragma once

// Link tokenscope_ui to use it.

#include "desktopservices.h"
#include "scriptedbrowser.h"

namespace Tokenscope::Tests {

// While it lives, what Tokenscope opens in the system's browser goes to a ScriptedBrowser instead, which
// signs in as its user; the real opener comes back when it goes.
class SystemBrowserStandIn final
{
public:
    explicit SystemBrowserStandIn(ScriptedBrowser& browser)
    {
        Ui::DesktopServices::setUrlOpener([&browser](const QUrl& url) {
            browser.open(url);
            return true;
        });
    }
    ~SystemBrowserStandIn() { Ui::DesktopServices::setUrlOpener(nullptr); }
    SystemBrowserStandIn(const SystemBrowserStandIn&) = delete;
    SystemBrowserStandIn& operator=(const SystemBrowserStandIn&) = delete;
};

} // namespace Tokenscope::Tests
