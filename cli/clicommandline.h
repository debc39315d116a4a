#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace Tokenscope::Cli {

// The exit status of tokenscope-cli, as its --help and manual page document it.
enum ExitCode : int {
    ExitOk = 0,
    ExitUsage = 1, // the arguments are wrong: an unknown command, option or environment
    ExitFailure = 2, // anything else: the network, the provider, the keychain, the workspace file
    ExitSignInNeeded = 3, // only a sign-in in Tokenscope can bring a token; the command opens no browser
    ExitHttpError = 4, // send: the API answered with a status outside 2xx
};

// What the arguments ask for.
struct Invocation
{
    enum class Command { Environments, Token, Requests, Send, Import, Export };
    enum class Format { Postman, Native };
    Command command = Command::Environments;
    QString workspaceDirectory; // --workspace; empty: the folder the application uses
    QString environment; // token, send: the environment's name or id; export --environment
    bool json = false; // --json: stable machine-readable output
    bool header = false; // token --header: the whole Authorization header line
    QString collection; // requests [COLLECTION], export --collection: name or id
    QString requestPath; // send: "Collection/Folder/Request"
    QList<std::pair<QString, QString>> variables; // send --var name=value, in order
    bool include = false; // send --include: the status line and headers before the body
    bool yes = false; // send --yes: what a production environment or a foreign host would refuse
    QString file; // import: the Postman file
    bool createEnvironments = false; // import --create-environments
    Format format = Format::Postman; // export
    QString output; // export --output; empty: standard output
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
