#pragma once

#include "clicommandline.h"

#include <QCoreApplication>

class QTextStream;

namespace Tokenscope::Cli {

// Runs a command against the workspace and the keychain with the engine Tokenscope itself uses
// (AppSession, TokenSession): data to out, messages to err. Returns the exit status (ExitCode).
class Commands final
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Cli::Commands)

public:
    static int run(const Invocation& invocation, QTextStream& out, QTextStream& err);
};

} // namespace Tokenscope::Cli
