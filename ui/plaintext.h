#pragma once

#include <QString>
#include <QTextDocument>

namespace Tokenscope::Ui {

// A tooltip shows text that looks like HTML as HTML (QToolTip has no text format of its own), so a
// provider's issuer or claim value such as "<b>x</b><img src=…>" would render, and load the image.
// This keeps such text as it is written; anything else is returned unchanged.
inline QString plainToolTip(const QString& text)
{
    return Qt::mightBeRichText(text) ? Qt::convertFromPlainText(text, Qt::WhiteSpaceNormal) : text;
}

} // namespace Tokenscope::Ui
