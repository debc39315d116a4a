#pragma once

// For the tests that drive widgets (tests/ui, tests/e2e, the benchmarks): finding a named child,
// saving what a window looks like, and whether Qt WebEngine has been loaded.

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QPixmap>
#include <QScreen>
#include <QWidget>

namespace Tokenscope::Tests {

// The child of that type and object name; a missing one ends the test run at once (qFatal), since
// every step after it would fail for a reason that says less.
template<typename T>
T* child(const QObject& parent, const char* objectName)
{
    T* found = parent.findChild<T*>(QLatin1String(objectName));
    if (!found)
        qFatal("no %s", objectName);
    return found;
}

enum class Grab {
    Widget, // QWidget::grab(): the widget as it paints itself
    Screen, // the screen under the window's frame: Qt WebEngine content is composited outside the
            // widget's backing store, so grab() would show it blank
};

// With TOKENSCOPE_SCREENSHOT_DIR set, the widget as drawn, for a person to look at: <dir>/<name>.png.
inline void saveScreenshot(QWidget* widget, const QString& name, Grab grab = Grab::Widget)
{
    const QString dir = qEnvironmentVariable("TOKENSCOPE_SCREENSHOT_DIR");
    if (dir.isEmpty() || !widget)
        return;
    QDir().mkpath(dir);
    // Pending layout requests, so the picture shows the settled window; a wrapped label's new height asks
    // for another pass of its parents' layouts, so a few rounds.
    for (int round = 0; round < 3; ++round)
        QCoreApplication::sendPostedEvents();
    const QString file = dir + QLatin1Char('/') + name + QStringLiteral(".png");
    if (grab == Grab::Widget) {
        widget->grab().save(file);
        return;
    }
    const QRect frame = widget->frameGeometry();
    widget->screen()->grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height()).save(file);
}

// Whether Qt WebEngine is mapped into this process (Linux: /proc/self/maps). The application loads it
// only with the sign-in plugin, when a sign-in needs it.
inline bool webEngineMapped()
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    return maps.open(QIODevice::ReadOnly) && maps.readAll().contains("libQt6WebEngineCore");
}

} // namespace Tokenscope::Tests
