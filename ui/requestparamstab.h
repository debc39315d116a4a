#pragma once

#include "keyvaluetable.h"

#include <QString>

namespace Tokenscope::Ui {

// The query of url as rows, each name and value as written (percent escapes and {{variables}} kept), so
// that writing them back gives the same text.
QList<KeyValueTable::Row> queryRows(const QString& url);
// url with its query replaced by the enabled rows (a fragment stays at the end).
QString withQueryRows(const QString& url, const QList<KeyValueTable::Row>& rows);

} // namespace Tokenscope::Ui
