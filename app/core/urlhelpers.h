#pragma once

#include <QString>
#include <QUrl>

namespace Tokenscope {

// Where the loopback interface is meant, in one place: a redirect URI the system browser can return to,
// an http endpoint an https provider may still use, the sign-in window's "local" badge.
//
// RFC 8252 §8.3 and §7.3: the loopback interface is the whole of 127.0.0.0/8 and ::1 (also written as
// its IPv4-mapped form ::ffff:127.x.x.x), in any spelling an URL allows ("127.1", "[::1]"). The name
// "localhost" is NOT RECOMMENDED there (a resolver or firewall may send it elsewhere), yet Tokenscope has
// always accepted it in redirect URIs and endpoints, so it still counts; compared without regard to case
// as DNS names are (RFC 4343), but without a trailing dot: "localhost." is a name to resolve, not one
// Tokenscope ever accepted.
bool isLoopbackHost(const QString& host);
bool isLoopbackUrl(const QUrl& url);
// The name "localhost" (any case), which resolves to 127.0.0.1 or ::1: a listener binds both.
bool isLocalhostName(const QString& host);

// An absolute http or https URL with a host: something Tokenscope can send a request to.
bool isWebUrl(const QUrl& url);

// An address as the user typed it: one without a scheme is https, never http (RFC 6750 §5.3: a bearer
// token travels only under TLS), so "api.example.com/v1" is https://api.example.com/v1.
QUrl webUrlFromUserInput(const QString& text);

// Whether a request to url may carry a token or a client secret: https; plain http only to the loopback
// interface (where nothing crosses a network), or anywhere when the environment explicitly allows plain
// HTTP (RFC 6749 §10.3, RFC 6750 §5.3).
bool mayCarryCredentials(const QUrl& url, bool allowPlainHttp);
// An http address that is not loopback: what "allow plain HTTP" is about.
bool isPlainRemoteHttp(const QUrl& url);

} // namespace Tokenscope
