#pragma once

#include "environment.h"
#include "flowevent.h"
#include "tokenset.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace Tokenscope::Workspace {

class AppSession;

// What support needs to know about the environment the user works in, taken at one moment: its settings,
// its exchanges as the flow log holds them (already redacted), its tokens and the last error shown. The
// tokens are here only to be decoded and scrubbed: no export writes them.
struct SupportSnapshot
{
    QDateTime createdAt;
    std::optional<Environment> environment;
    QList<Http::FlowEvent> events;
    OAuth::TokenSet tokens;
    QString lastError; // as shown to the user; empty when none is shown
};

// The current environment of session (or none), its events and tokens, now.
SupportSnapshot supportSnapshot(AppSession& session, const QString& lastError);

enum class ReportFormat { Markdown, PlainText };
// Plain text for a file name ending in .txt, Markdown for any other.
ReportFormat reportFormatFor(const QString& fileName);

// A report to attach to a support ticket: versions, the environment without any secret, the timeline
// with its headers and bodies as redacted in the log, the tokens' header and claims (never a signature
// or a whole token; an opaque token by its length), and the last error.
QString supportReport(const SupportSnapshot& snapshot, ReportFormat format);

// Replaces every occurrence of the snapshot's tokens, their signatures and their URL-encoded forms in
// text by a mask: the last line of defence of every export.
QString scrubTokens(const QString& text, const OAuth::TokenSet& tokens);

} // namespace Tokenscope::Workspace
