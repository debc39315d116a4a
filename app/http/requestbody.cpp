#include "requestbody.h"

#include "formencoding.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QRandomGenerator>

#include <algorithm>
#include <cstring>

namespace Tokenscope::Http {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Http::RequestBody)
};

struct Expander
{
    const QList<Variable>& variables;
    PreparedBody& body;

    QString operator()(const QString& text)
    {
        const Expansion expansion = expandVariables(text, variables);
        body.unresolved << expansion.unresolved;
        body.secret = body.secret || usesSecretVariable(text, variables);
        return expansion.text;
    }
};

Error unreadableFile(const QString& path)
{
    return {Text::tr("A file of the request body cannot be read"), path,
        Text::tr("Choose the file again, or check that it still exists and may be read.")};
}

// RFC 7578 §4.2 with the escaping browsers use (HTML §4.10.21.8): a quote or line break would end the
// parameter early and let a field name write headers of its own.
QByteArray dispositionParameter(const QString& value)
{
    QByteArray out = value.toUtf8();
    out.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A");
    return out;
}

void prepareMultipart(const HttpRequest& request, Expander& expand, PreparedBody& body)
{
    auto device = std::make_shared<ConcatenatedDevice>();
    const QByteArray boundary = newMultipartBoundary();
    const QMimeDatabase mimeTypes;
    for (const FormField& field : request.formFields) {
        if (!field.enabled || field.name.trimmed().isEmpty())
            continue;
        QByteArray head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\""
            + dispositionParameter(expand(field.name.trimmed())) + '"';
        if (!field.isFile) {
            head += "\r\n";
            if (!field.contentType.isEmpty())
                head += "Content-Type: " + field.contentType.toUtf8() + "\r\n";
            device->appendBytes(head + "\r\n" + expand(field.value).toUtf8() + "\r\n");
            continue;
        }
        const QString path = expand(field.value.trimmed());
        const QString type = field.contentType.isEmpty()
            ? mimeTypes.mimeTypeForFile(path, QMimeDatabase::MatchExtension).name()
            : field.contentType;
        head += "; filename=\"" + dispositionParameter(QFileInfo(path).fileName())
            + "\"\r\nContent-Type: " + type.toUtf8() + "\r\n\r\n";
        device->appendBytes(head);
        if (!body.unresolved.isEmpty())
            continue;
        if (!device->appendFile(path)) {
            body.error = unreadableFile(path);
            return;
        }
        device->appendBytes("\r\n");
    }
    device->appendBytes("--" + boundary + "--\r\n");
    device->open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    body.device = device;
    body.contentType = "multipart/form-data; boundary=" + boundary;
    body.contentTypeRequired = true;
}

} // namespace

QByteArray rawContentType(const QString& rawType)
{
    if (rawType == QLatin1String("json"))
        return "application/json";
    if (rawType == QLatin1String("xml"))
        return "application/xml";
    if (rawType == QLatin1String("text"))
        return "text/plain; charset=utf-8";
    return {};
}

QByteArray newMultipartBoundary()
{
    static const char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    QByteArray boundary = "----TokenscopeFormBoundary";
    for (int i = 0; i < 24; ++i)
        boundary += alphabet[QRandomGenerator::global()->bounded(int(sizeof alphabet) - 1)];
    return boundary;
}

PreparedBody prepareBody(const HttpRequest& request, const QList<Variable>& variables)
{
    PreparedBody body;
    Expander expand {variables, body};
    switch (request.bodyKind) {
    case BodyKind::None:
        break;
    case BodyKind::Raw:
        body.bytes = expand(QString::fromUtf8(request.body)).toUtf8();
        if (!body.bytes.isEmpty())
            body.contentType = rawContentType(request.rawType);
        break;
    case BodyKind::FormUrlEncoded: {
        FormFields fields;
        for (const FormField& field : request.formFields) {
            if (field.enabled && !field.name.trimmed().isEmpty())
                fields.append({expand(field.name.trimmed()), expand(field.value)});
        }
        body.bytes = formEncode(fields);
        body.contentType = "application/x-www-form-urlencoded";
        break;
    }
    case BodyKind::Multipart:
        prepareMultipart(request, expand, body);
        break;
    case BodyKind::BinaryFile: {
        const QString path = expand(request.bodyFilePath.trimmed());
        if (!body.unresolved.isEmpty())
            break;
        auto file = std::make_shared<QFile>(path);
        if (path.isEmpty() || !file->open(QIODevice::ReadOnly)) {
            body.error = unreadableFile(path);
            break;
        }
        body.device = file;
        body.contentType = "application/octet-stream";
        break;
    }
    }
    body.unresolved.removeDuplicates();
    return body;
}

struct ConcatenatedDevice::Part
{
    qint64 start = 0;
    qint64 size = 0;
    QByteArray bytes;
    std::unique_ptr<QFile> file;
};

ConcatenatedDevice::ConcatenatedDevice(QObject* parent)
    : QIODevice(parent)
{ }

ConcatenatedDevice::~ConcatenatedDevice() = default;

void ConcatenatedDevice::appendBytes(const QByteArray& bytes)
{
    auto part = std::make_unique<Part>();
    part->start = m_size;
    part->size = bytes.size();
    part->bytes = bytes;
    m_size += part->size;
    m_parts.push_back(std::move(part));
}

bool ConcatenatedDevice::appendFile(const QString& path)
{
    auto part = std::make_unique<Part>();
    part->file = std::make_unique<QFile>(path);
    if (path.isEmpty() || !part->file->open(QIODevice::ReadOnly) || part->file->isSequential())
        return false;
    part->start = m_size;
    part->size = part->file->size();
    m_size += part->size;
    m_parts.push_back(std::move(part));
    return true;
}

qint64 ConcatenatedDevice::size() const
{
    return m_size;
}

bool ConcatenatedDevice::seek(qint64 pos)
{
    if (pos < 0 || pos > m_size || !QIODevice::seek(pos))
        return false;
    m_pos = pos;
    return true;
}

qint64 ConcatenatedDevice::readData(char* data, qint64 maxSize)
{
    qint64 done = 0;
    for (const auto& part : m_parts) {
        if (done == maxSize || m_pos >= m_size)
            break;
        if (m_pos >= part->start + part->size)
            continue;
        const qint64 offset = m_pos - part->start;
        const qint64 wanted = std::min(maxSize - done, part->size - offset);
        qint64 got = 0;
        if (part->file) {
            if (!part->file->seek(offset))
                return -1;
            got = part->file->read(data + done, wanted);
            if (got <= 0)
                return done > 0 ? done : -1; // the file shrank since it was measured
        } else {
            std::memcpy(data + done, part->bytes.constData() + offset, size_t(wanted));
            got = wanted;
        }
        done += got;
        m_pos += got;
    }
    return done;
}

} // namespace Tokenscope::Http
