#pragma once

#include <QIcon>
#include <QString>

class QLabel;
class QWidget;

namespace Tokenscope::Ui {

// How a production environment is marked wherever it shows: a red "PRODUCTION" badge (the status bar,
// the top bar), a red mark before its name (the environment list and selector) and red request tabs.

// The badge's word, translated.
QString productionBadgeText();
// A label drawn as the badge, hidden until the shown environment is a production one.
QLabel* createProductionBadge(QWidget* parent, const QString& objectName);
// The mark before a production environment's name in lists.
QIcon productionIcon();

} // namespace Tokenscope::Ui
