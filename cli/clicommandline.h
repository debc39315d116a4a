#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace Tokenscope::Cli {

// The exit status of tokenscope-cli, as its --help and manual page document it.
enum ExitCode : int {
    ExitOk = 0,
    ExitUsage = 1, // the arguments are wrong: an unknown command, option or environment
    ExitFailure = 2, // anything else: the network, the provider, the keychain, the workspace file
    ExitSignInNeeded = 3, // only a sign-in in Tokenscope can bring a token; the command opens no browser
};

// What the arguments ask for.
struct Invocation
{
    enum class Command { Environments, Token };
    Command command = Command::Environments;
    QString workspaceDirectory; // --workspace; empty: the folder the application uses
    QString environment; // token: the environment's name or id
    bool json = false; // --json: stable machine-readable output
    bool header = false; // token --header: the whole Authorization header line
};

// The sub-commands and their options (QCommandLineParser, one parser per command so each has its own
// --help). Prints nothing itself: the caller writes output to stdout and error to stderr.
class CommandLine final
{
public:
    struct Result
    {
        std::optional<Invocation> invocation; // set: run it; otherwise exit with exitCode
        int exitCode = ExitOk;
        QString output; // help or version text, for stdout
        QString error; // what is wrong with the arguments, for stderr
    };

    // arguments: the program first, as QCoreApplication::arguments().
    static Result parse(const QStringList& arguments);
};

} // namespace Tokenscope::Cli
