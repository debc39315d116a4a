#pragma once

#include <QString>

class QCoreApplication;

namespace Tokenscope::Workspace {

// What every Tokenscope program sets up first, the window's and tokenscope-cli alike: the names Qt
// derives the data folder from, and the translations (the system locale's, Dutch first) from the
// program's ":/i18n" resource and Qt's own catalogue.
void setUpCoreApplication(QCoreApplication& app);

// The workspace folder used when none is given (--workspace): the application's data folder,
// ~/.local/share/Tokenscope on Linux. Needs the names setUpCoreApplication gives.
QString defaultWorkspaceDirectory();

} // namespace Tokenscope::Workspace
