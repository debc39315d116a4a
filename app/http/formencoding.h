#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace Tokenscope::Http {

using FormFields = QList<QPair<QString, QString>>;

// application/x-www-form-urlencoded, done strictly: every byte outside the unreserved set is
// percent-encoded (so '+' in a secret stays '+'), and '+' reads back as a space (HTML §4.10.21.7).
QByteArray formEncode(const FormFields& fields);
QByteArray formEncodeComponent(const QString& value);
FormFields formDecode(QByteArrayView encoded);

} // namespace Tokenscope::Http
