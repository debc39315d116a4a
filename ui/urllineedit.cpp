#include "urllineedit.h"

#include "curlcommand.h"
#include "palette.h"

#include <QColor>
#include <QCoreApplication>
#include <QInputMethodEvent>
#include <QTextCharFormat>
#include <QVariant>

#include <algorithm>
#include <utility>

namespace Tokenscope::Ui {

UrlLineEdit::UrlLineEdit(QWidget* parent)
    : QLineEdit(parent)
{
    connect(this, &QLineEdit::textEdited, this, &UrlLineEdit::onTextEdited);
    connect(this, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (text != m_now)
            m_before = std::exchange(m_now, text);
        colourVariables();
    });
}

void UrlLineEdit::setVariables(const QList<Http::Variable>& variables)
{
    m_variables = variables;
    colourVariables();
}

void UrlLineEdit::colourVariables()
{
    // QLineEdit draws the formats of an input method's attributes over its text without changing the text,
    // the selection or the undo history; their start is relative to the cursor.
    QList<QInputMethodEvent::Attribute> attributes;
    for (const Http::VariableSpan& span : Http::findVariables(text())) {
        const auto found
            = std::find_if(m_variables.cbegin(), m_variables.cend(), [&span](const Http::Variable& variable) {
                  return variable.enabled && variable.name == span.name;
              });
        QTextCharFormat format;
        if (found == m_variables.cend()) {
            format.setForeground(QColor(Palette::error));
            format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
            format.setUnderlineColor(QColor(Palette::error));
        } else {
            format.setForeground(QColor(found->secret ? Palette::warning : Palette::success));
        }
        attributes.append({QInputMethodEvent::TextFormat, int(span.start) - cursorPosition(),
            int(span.length), QVariant(format)});
    }
    QInputMethodEvent event(QString(), attributes);
    QCoreApplication::sendEvent(this, &event);
}

void UrlLineEdit::onTextEdited(const QString& text)
{
    // What the edit inserted: the text between what it left alone at the start and at the end.
    // Whichever of textChanged and textEdited comes first, the text before the edit is known here.
    const QString before = text == m_now ? m_before : m_now;
    qsizetype prefix = 0;
    while (prefix < before.size() && prefix < text.size() && before.at(prefix) == text.at(prefix))
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < before.size() - prefix && suffix < text.size() - prefix
        && before.at(before.size() - 1 - suffix) == text.at(text.size() - 1 - suffix))
        ++suffix;
    const QString inserted = text.mid(prefix, text.size() - prefix - suffix);
    if (!Http::looksLikeCurlCommand(inserted))
        return;
    // Not from inside the edit that is still being finished. textEdited comes before textChanged, so the
    // flag is up before anyone reads the command as an address.
    m_curlPastePending = true;
    QMetaObject::invokeMethod(
        this,
        [this, restored = before, inserted] {
            setText(restored);
            m_curlPastePending = false;
            Q_EMIT curlPasted(inserted);
        },
        Qt::QueuedConnection);
}

} // namespace Tokenscope::Ui
