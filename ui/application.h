#pragma once

#include "error.h"

#include <QString>

class QApplication;
class QCoreApplication;

namespace Tokenscope::Ui {

// Names and translations (the system locale's, Dutch first) for any application object, also the
// window-less one that answers --help, --version and --check-components.
void setUpCoreApplication(QCoreApplication& app);

// setUpCoreApplication, then the desktop file name and icon: for the application with windows and for
// tests that build windows without main().
void setUpApplication(QApplication& app);

// Older versions kept their data in <data>/Tokenscope/Tokenscope (organisation and application name): what
// is there (the workspace, kept sign-in sessions) moves up into directory, the folder used now. Returns
// the problem when the workspace could not be moved.
Error adoptLegacyDataFolder(const QString& directory);

} // namespace Tokenscope::Ui
