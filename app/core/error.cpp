#include "error.h"

#include <QStringList>

namespace Tokenscope {

QString Error::toText() const
{
    QStringList parts {summary};
    if (!detail.isEmpty())
        parts << detail;
    if (!hint.isEmpty())
        parts << hint;
    return parts.join(QLatin1Char('\n'));
}

} // namespace Tokenscope
