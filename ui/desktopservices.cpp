#include "desktopservices.h"

#include <QDesktopServices>

namespace Tokenscope::Ui {

namespace {

DesktopServices::UrlOpener& currentOpener()
{
    static DesktopServices::UrlOpener instance;
    return instance;
}

} // namespace

bool DesktopServices::openUrl(const QUrl& url)
{
    if (const auto& opener = currentOpener())
        return opener(url);
    return QDesktopServices::openUrl(url);
}

void DesktopServices::setUrlOpener(UrlOpener opener)
{
    currentOpener() = std::move(opener);
}

} // namespace Tokenscope::Ui
