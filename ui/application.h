#pragma once

#include "error.h"

#include <QString>

class QApplication;

namespace Tokenscope::Ui {

// Names, icon and translations (the system locale's, Dutch first) for the application and for tests
// that build windows without main().
void setUpApplication(QApplication& app);

// Older versions kept their data in <data>/Tokenscope/Tokenscope (organisation and application name): what
// is there (the workspace, kept sign-in sessions) moves up into directory, the folder used now. Returns
// the problem when the workspace could not be moved.
Error adoptLegacyDataFolder(const QString& directory);

} // namespace Tokenscope::Ui
