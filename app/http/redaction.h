#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace Tokenscope::Http {

using RawHeader = QPair<QByteArray, QByteArray>;

// Everything recorded, logged or exported passes through these: tokens, codes and secrets never leave
// memory in clear text (DESIGN: "never logged").
namespace Redaction {

// The parameter and JSON member names whose values are secret.
bool isSecretName(QStringView name);
// Keeps the first four characters so two different tokens can still be told apart.
QString mask(QStringView value);
QUrl redactUrl(const QUrl& url);
QList<RawHeader> redactHeaders(const QList<RawHeader>& headers);
// Whether the body is application/x-www-form-urlencoded, by its Content-Type or, without one, its shape.
bool isFormBody(const QByteArray& body, const QByteArray& contentType);
// Redacts form-urlencoded and JSON bodies; other bodies are returned unchanged.
QByteArray redactBody(const QByteArray& body, const QByteArray& contentType);

} // namespace Redaction
} // namespace Tokenscope::Http
