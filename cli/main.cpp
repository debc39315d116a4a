// tokenscope-cli: the engine without any window, for scripts. Data goes to standard output, messages
// to standard error; tokens never go anywhere but standard output.

#include "applicationsetup.h"
#include "clicommandline.h"
#include "clicommands.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char* argv[])
{
    using namespace Tokenscope;
    QCoreApplication app(argc, argv);
    Workspace::setUpCoreApplication(app);
    QTextStream out(stdout);
    QTextStream err(stderr);
    const Cli::CommandLine::Result parsed = Cli::CommandLine::parse(QCoreApplication::arguments());
    if (!parsed.invocation) {
        out << parsed.output;
        err << parsed.error;
        return parsed.exitCode;
    }
    return Cli::Commands::run(*parsed.invocation, out, err);
}
