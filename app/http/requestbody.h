#pragma once

#include "error.h"
#include "httpmessage.h"
#include "variables.h"

#include <QByteArray>
#include <QIODevice>
#include <QStringList>

#include <memory>

namespace Tokenscope::Http {

// A request body ready for the wire: small ones as bytes, files streamed from disk through a device.
struct PreparedBody
{
    QByteArray bytes;
    std::shared_ptr<QIODevice> device; // set for multipart and binary file bodies
    QByteArray contentType; // what the body kind implies; empty: nothing to add
    bool contentTypeRequired = false; // multipart: the boundary must match, a typed header cannot win
    QStringList unresolved; // {{variables}} used but not defined
    Error error; // a file that cannot be read
    bool secret = false; // a secret variable went into it

    qint64 size() const { return device ? device->size() : bytes.size(); }
};

// The Content-Type of a raw body of this type ("json", "xml", "text"); empty for anything else.
QByteArray rawContentType(const QString& rawType);

PreparedBody prepareBody(const HttpRequest& request, const QList<Variable>& variables);

// A multipart/form-data boundary (RFC 2046 §5.1.1: up to 70 characters from bchars), random so that no
// file's contents is likely to hold it.
QByteArray newMultipartBoundary();

// A readable, seekable device over byte blocks and whole files, read one after the other: a multipart body
// of any size without holding the files in memory. Seekable with a known size, so the network stack sends
// a Content-Length and can rewind for a redirect.
class ConcatenatedDevice final : public QIODevice
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConcatenatedDevice)

public:
    explicit ConcatenatedDevice(QObject* parent = nullptr);
    ~ConcatenatedDevice() override;

    void appendBytes(const QByteArray& bytes);
    // False when the file cannot be opened for reading.
    bool appendFile(const QString& path);

    bool isSequential() const override { return false; }
    qint64 size() const override;
    bool seek(qint64 pos) override;

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    struct Part;
    std::vector<std::unique_ptr<Part>> m_parts;
    qint64 m_size = 0;
    qint64 m_pos = 0;
};

} // namespace Tokenscope::Http
