// An oracle rather than a crash hunt: a token response the client accepts is recorded in the flow log
// as the network client records it, and the run aborts when an accepted access, refresh or ID token can
// be read in clear from anything the log keeps (URL, headers, body, summary) or the timeline shows
// (the arrow's label), also once JSON, form or percent escapes are undone.

#include "flowlog.h"
#include "flowparty.h"
#include "fuzzresponse.h"
#include "tokenset.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cctype>
#include <cstdio>
#include <cstdlib>

using namespace Tokenscope;

namespace {

// Shorter values match ordinary words and JSON names, which says nothing about masking; a token worth
// the name carries at least 128 bits (RFC 6749 §10.10), which no base64url text does in fewer characters.
constexpr qsizetype shortestCheckedToken = 16;

void collectJsonStrings(const QJsonValue& value, QStringList* out)
{
    if (value.isString()) {
        out->append(value.toString());
    } else if (value.isArray()) {
        for (const QJsonValue& item : value.toArray())
            collectJsonStrings(item, out);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            out->append(it.key());
            collectJsonStrings(it.value(), out);
        }
    }
}

// Undoes the percent escapes a reader would: "%41" reads as "A", but an invalid escape stays as it is.
// QUrl::fromPercentEncoding drops one ("% n" reads as " n"), which makes text the server never sent.
QString percentDecoded(const QByteArray& text, bool plusIsSpace)
{
    QByteArray decoded;
    decoded.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        if (c == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text.at(i + 1)))
            && std::isxdigit(static_cast<unsigned char>(text.at(i + 2)))) {
            decoded += char(QByteArray::fromHex(text.mid(i + 1, 2)).at(0));
            i += 2;
        } else {
            decoded += plusIsSpace && c == '+' ? ' ' : c;
        }
    }
    return QString::fromUtf8(decoded);
}

// Every way the text can be read: as it is, and with the escapes a viewer or a reader would undo.
QStringList readings(const QByteArray& text)
{
    QStringList result {QString::fromUtf8(text), percentDecoded(text, false)};
    for (const QByteArray& field : text.split('&')) {
        const qsizetype equals = field.indexOf('=');
        result << percentDecoded(field.left(equals < 0 ? field.size() : equals), true);
        if (equals >= 0)
            result << percentDecoded(field.mid(equals + 1), true);
    }
    const QJsonDocument document = QJsonDocument::fromJson(text);
    if (document.isObject())
        collectJsonStrings(document.object(), &result);
    else if (document.isArray())
        collectJsonStrings(document.array(), &result);
    return result;
}

[[noreturn]] void leak(const char* what, const char* where)
{
    std::fprintf(
        stderr, "flowlog oracle: the accepted %s is readable in clear in the flow log's %s\n", what, where);
    std::abort();
}

void expectMasked(const QByteArray& text, const char* where, const OAuth::TokenSet& tokens)
{
    const std::pair<const char*, const QString*> secrets[] = {
        {"access token", &tokens.accessToken},
        {"refresh token", &tokens.refreshToken},
        {"ID token", &tokens.idToken},
    };
    const QStringList views = readings(text);
    for (const auto& [what, token] : secrets) {
        if (token->size() < shortestCheckedToken)
            continue;
        for (const QString& view : views) {
            if (view.contains(*token))
                leak(what, where);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    Fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const QUrl tokenEndpoint(
        QStringLiteral("https://login.example.com/realms/demo/protocol/openid-connect/token"));
    static const QDateTime receivedAt = QDateTime::fromSecsSinceEpoch(1767225600, Qt::UTC);
    const Http::HttpResponse response = Fuzz::responseFrom(Fuzz::bytes(data, size), tokenEndpoint);
    const OAuth::TokenOutcome outcome
        = OAuth::parseTokenResponse(response, QStringLiteral("openid"), receivedAt);
    if (!outcome.ok() || !outcome.tokens)
        return 0;

    // As NetworkClient records every response before its handler reads it.
    Http::FlowLog log;
    Http::FlowEvent event;
    event.kind = Http::FlowEvent::Kind::HttpResponse;
    event.summary = QStringLiteral("Token request");
    event.url = response.url;
    event.status = response.status;
    event.headers = response.headers;
    event.body = response.body;
    event.elapsedMs = response.elapsedMs;
    log.append(std::move(event));

    const OAuth::TokenSet& tokens = *outcome.tokens;
    for (const Http::FlowEvent& kept : log.events()) {
        expectMasked(kept.body, "body", tokens);
        for (const auto& [name, value] : kept.headers)
            expectMasked(name + ": " + value, "headers", tokens);
        expectMasked(kept.url.toEncoded(), "URL", tokens);
        expectMasked(kept.summary.toUtf8(), "summary", tokens);
        expectMasked(OAuth::arrowLabel(kept).toUtf8(), "timeline label", tokens);
    }
    return 0;
}
