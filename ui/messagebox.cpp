#include "messagebox.h"

#include <QPushButton>

namespace Tokenscope::Ui {

namespace {

QMessageBox::StandardButton nextAnswer = QMessageBox::NoButton;
QString lastAsked;

} // namespace

bool MessageBox::takeNextAnswer(const QString& text, QMessageBox::StandardButton* answer)
{
    lastAsked = text;
    *answer = std::exchange(nextAnswer, QMessageBox::NoButton);
    return *answer != QMessageBox::NoButton;
}

QMessageBox::StandardButton MessageBox::question(QWidget* parent, const QString& title, const QString& text,
    QMessageBox::StandardButtons buttons, QMessageBox::StandardButton defaultButton)
{
    QMessageBox::StandardButton answer;
    if (takeNextAnswer(text, &answer))
        return answer;
    return QMessageBox::question(parent, title, text, buttons, defaultButton);
}

QMessageBox::StandardButton MessageBox::question(QWidget* parent, const QString& title, const QString& text,
    const QList<QPair<QMessageBox::StandardButton, QString>>& buttons,
    QMessageBox::StandardButton defaultButton)
{
    QMessageBox::StandardButton answer;
    if (takeNextAnswer(text, &answer))
        return answer;
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::NoButton, parent);
    for (const auto& [button, label] : buttons) {
        QPushButton* added = box.addButton(button);
        if (!label.isEmpty())
            added->setText(label);
    }
    box.setDefaultButton(defaultButton);
    box.exec();
    return box.standardButton(box.clickedButton());
}

void MessageBox::about(QWidget* parent, const QString& title, const QString& text)
{
    QMessageBox::StandardButton answer;
    if (!takeNextAnswer(text, &answer))
        QMessageBox::about(parent, title, text);
}

void MessageBox::setNextAnswer(QMessageBox::StandardButton answer)
{
    nextAnswer = answer;
}

QString MessageBox::lastText()
{
    return lastAsked;
}

} // namespace Tokenscope::Ui
