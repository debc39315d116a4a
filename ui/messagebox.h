#pragma once

#include <QMessageBox>

namespace Tokenscope::Ui {

// The application's message boxes, behind one seam: a test presets the answer of the next box instead
// of hunting for a modal window to click (KeePassXC's MessageBox::setNextAnswer).
class MessageBox final
{
    Q_DISABLE_COPY_MOVE(MessageBox)

public:
    MessageBox() = delete;

    static QMessageBox::StandardButton question(QWidget* parent, const QString& title, const QString& text,
        QMessageBox::StandardButtons buttons, QMessageBox::StandardButton defaultButton);
    // A question with buttons worded for it: each answer is a standard button with its own label (an
    // empty label keeps the standard one).
    static QMessageBox::StandardButton question(QWidget* parent, const QString& title, const QString& text,
        const QList<QPair<QMessageBox::StandardButton, QString>>& buttons,
        QMessageBox::StandardButton defaultButton);
    static void about(QWidget* parent, const QString& title, const QString& text);

    // For tests: the next box is not shown and answers this (about() boxes take any answer). NoButton
    // shows boxes again.
    static void setNextAnswer(QMessageBox::StandardButton answer);
    // For tests: the text of the last box asked, shown or answered in advance.
    static QString lastText();

private:
    static bool takeNextAnswer(const QString& text, QMessageBox::StandardButton* answer);
};

} // namespace Tokenscope::Ui
