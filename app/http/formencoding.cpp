#include "formencoding.h"

#include <QUrl>

namespace Tokenscope::Http {

QByteArray formEncodeComponent(const QString& value)
{
    return QUrl::toPercentEncoding(value);
}

QByteArray formEncode(const FormFields& fields)
{
    QByteArray result;
    for (const auto& [name, value] : fields) {
        if (!result.isEmpty())
            result += '&';
        result += formEncodeComponent(name) + '=' + formEncodeComponent(value);
    }
    return result;
}

FormFields formDecode(QByteArrayView encoded)
{
    FormFields fields;
    const auto decode = [](QByteArrayView part) {
        QByteArray bytes = part.toByteArray();
        bytes.replace('+', ' ');
        return QUrl::fromPercentEncoding(bytes);
    };
    for (const QByteArrayView pair : QByteArray::fromRawData(encoded.data(), encoded.size()).split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        if (equals < 0)
            fields.append({decode(pair), QString()});
        else
            fields.append({decode(pair.first(equals)), decode(pair.sliced(equals + 1))});
    }
    return fields;
}

} // namespace Tokenscope::Http
