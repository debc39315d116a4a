#pragma once

#include "variables.h"

#include <QLineEdit>

namespace Tokenscope::Ui {

// The request's URL field: its {{variables}} coloured in place (defined ones green, secret ones amber,
// undefined ones red with a wavy underline), and a curl command pasted into it by any paste (keys,
// context menu, middle click, drop) handed on as a request instead of kept as an address.
class UrlLineEdit final : public QLineEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UrlLineEdit)

public:
    explicit UrlLineEdit(QWidget* parent = nullptr);

    // The variables of the current environment, which decide the colours.
    void setVariables(const QList<Http::Variable>& variables);
    // A curl command was just pasted: until the text from before is back (one pass of the event loop
    // later) the field holds the command, which is no address to take path variables or parameters from.
    bool curlPastePending() const { return m_curlPastePending; }

Q_SIGNALS:
    // An edit put a curl command into the field; the field has its text from before again.
    void curlPasted(const QString& command);

private:
    void colourVariables();
    void onTextEdited(const QString& text);

    QList<Http::Variable> m_variables;
    QString m_now; // the text as of the last textChanged
    QString m_before; // the text before that change
    bool m_curlPastePending = false;
};

} // namespace Tokenscope::Ui
