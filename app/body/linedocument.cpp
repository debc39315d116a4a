#include "linedocument.h"

namespace Tokenscope::Body {

LineDocument::LineDocument(QObject* parent)
    : QObject(parent)
{ }

LineDocument::~LineDocument() = default;

qint64 LineDocument::foldEnd(qint64) const
{
    return -1;
}

QString LineDocument::path(qint64) const
{
    return {};
}

QByteArray LineDocument::value(qint64) const
{
    return {};
}

} // namespace Tokenscope::Body
