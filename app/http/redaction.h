#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace Tokenscope::Http {

using RawHeader = QPair<QByteArray, QByteArray>;

// Everything recorded, logged or exported passes through these: tokens, codes and secrets never leave
// memory in clear text (DESIGN: "never logged").
namespace Redaction {

// The parameter, JSON member and header names whose values are secret. Case and separators do not
// count: access_token, accessToken and Access-Token are one name.
bool isSecretName(QStringView name);
// Bullets and a short keyed hash ("•••••• #3f9a1c"): two masked values can be told apart, and nothing
// of the value itself shows.
QString mask(QStringView value);
// Authorization, Proxy-Authorization, Cookie and headers named like a secret (X-Api-Key, X-Auth-Token:
// the X- prefix says nothing about the value).
bool isSecretHeaderName(const QByteArray& name);
// Whether a header a user types carries a credential: everything isSecretHeaderName names, and also any
// name with token, secret, password, passwd, session, api key or auth in it (X-Auth-Token, Session-Id).
// Wider than isSecretHeaderName on purpose: it decides what is kept out of files and copied commands.
bool isCredentialHeaderName(const QString& name);
QUrl redactUrl(const QUrl& url);
QList<RawHeader> redactHeaders(const QList<RawHeader>& headers);
// Whether the body is application/x-www-form-urlencoded, by its Content-Type or, without one, its shape.
bool isFormBody(const QByteArray& body, const QByteArray& contentType);
// Redacts form-urlencoded and JSON bodies by field name; the body's content picks the branch, not the
// Content-Type. A body that looks like JSON but does not parse, and names a secret field, is masked
// whole (fail closed). Other bodies are returned unchanged.
QByteArray redactBody(const QByteArray& body, const QByteArray& contentType);
// The values the body holds under secret names (JSON members at any depth, form fields), at least
// minimumLength long: they are secrets wherever else the same exchange carries them (a header echoing
// the token the body issues), before anyone had the chance to register them.
QStringList secretFieldValues(const QByteArray& body, const QByteArray& contentType, qsizetype minimumLength);

// Every occurrence of each value, as it is or re-encoded (percent-encoded, JSON-escaped), replaced by
// its mask. forUrl: text is a percent-encoded URL, so the mask goes in percent-encoded too.
QByteArray maskValues(const QByteArray& text, const QStringList& secrets, bool forUrl = false);
QString maskValues(const QString& text, const QStringList& secrets);

} // namespace Redaction
} // namespace Tokenscope::Http
