#pragma once

class QApplication;

namespace Tokenscope::Ui {

// Names, icon and translations (the system locale's, Dutch first) for the application and for tests
// that build windows without main().
void setUpApplication(QApplication& app);

} // namespace Tokenscope::Ui
