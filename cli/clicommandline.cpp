#include "clicommandline.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>

namespace Tokenscope::Cli {

namespace {

// The help and the messages about arguments.
class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Cli::CommandLine)
};

constexpr QLatin1String environmentsCommand("environments");
constexpr QLatin1String tokenCommand("token");
constexpr QLatin1String requestsCommand("requests");
constexpr QLatin1String sendCommand("send");
constexpr QLatin1String importCommand("import");
constexpr QLatin1String exportCommand("export");

// QCommandLineParser prints a description as it is: long lines are broken at spaces here, to 80 columns.
QString wrapped(const QString& text)
{
    constexpr qsizetype width = 80;
    QStringList lines;
    for (QString line : text.split(u'\n')) {
        while (line.size() > width) {
            qsizetype cut = line.lastIndexOf(u' ', width);
            if (cut <= 0)
                break;
            lines << line.left(cut);
            line = line.mid(cut + 1);
        }
        lines << line;
    }
    return lines.join(u'\n');
}

// A free function with an unqualified return type: lupdate takes "CommandLine::Result f(" for a member
// of CommandLine and would then file Text::tr's strings under the wrong context.
using Result = CommandLine::Result;

// The command word of each command, in the order the help lists them.
Invocation::Command commandOf(const QString& word, bool* known)
{
    using Command = Invocation::Command;
    const std::pair<QLatin1String, Command> commands[] = {{environmentsCommand, Command::Environments},
        {tokenCommand, Command::Token}, {requestsCommand, Command::Requests}, {sendCommand, Command::Send},
        {importCommand, Command::Import}, {exportCommand, Command::Export}};
    for (const auto& [name, command] : commands) {
        if (word == name) {
            *known = true;
            return command;
        }
    }
    *known = false;
    return Command::Environments;
}

Result usageError(const QString& message)
{
    return {std::nullopt, ExitUsage, {}, message + u'\n'};
}

Result parseArguments(const QStringList& arguments)
{
    const QString exitStatus
        = Text::tr("Exit status:\n"
                   "  0  success\n"
                   "  1  usage error: unknown command, option or environment\n"
                   "  2  other failure: network, provider, keychain, workspace file\n"
                   "  3  a sign-in in Tokenscope is needed (tokenscope-cli never opens a browser)");
    const QString sendStatus = Text::tr("  4  send: the API answered with a status outside 2xx")
        + QStringLiteral("\n\n")
        + Text::tr("send exits with 1 too when a variable has no value, or when only --yes would send the "
                   "request.");
    const QCommandLineOption workspace(QStringLiteral("workspace"),
        Text::tr("Use the workspace in <directory> instead of the one Tokenscope uses."),
        Text::tr("directory"));
    const QCommandLineOption json(
        QStringLiteral("json"), Text::tr("Print JSON for scripts instead of text."));
    const QCommandLineOption header(QStringLiteral("header"),
        Text::tr("Print the whole header line the environment sends the token in, such as \"Authorization: "
                 "Bearer <token>\"."));
    const QCommandLineOption variable(QStringLiteral("var"),
        Text::tr("Give the variable <name> the value <value> for this request, over every other level. "
                 "Repeatable."),
        Text::tr("name=value"));
    const QCommandLineOption include(QStringLiteral("include"),
        Text::tr("Print the status line and the response headers before the body."));
    const QCommandLineOption yes(QStringLiteral("yes"),
        Text::tr("Send what would otherwise be refused: anything but GET, HEAD or OPTIONS in a production "
                 "environment, or the environment's token to a host that is not its API."));
    const QCommandLineOption createEnvironments(QStringLiteral("create-environments"),
        Text::tr("Create an environment for each OAuth 2.0 setup the collection holds."));
    const QCommandLineOption collectionOption(QStringLiteral("collection"),
        Text::tr("Export the collection <name> (name or id)."), Text::tr("name"));
    const QCommandLineOption environmentOption(QStringLiteral("environment"),
        Text::tr("Export the environment <name> (name or id)."), Text::tr("name"));
    const QCommandLineOption output(
        QStringLiteral("output"), Text::tr("Write to <file> instead of standard output."), Text::tr("file"));
    const QString version
        = QStringLiteral("tokenscope-cli ") + QCoreApplication::applicationVersion() + u'\n';

    // addHelpOption's --help-all (which adds Qt's own options) shows the same help here.
    const QString helpAll = QStringLiteral("help-all");

    // First the command.
    QCommandLineParser general;
    general.setApplicationDescription(wrapped(
        Text::tr(
            "Tokenscope without a window, for scripts: reads the environments and collections of a "
            "Tokenscope workspace, prints fresh access tokens (refreshed with the refresh token in the "
            "keychain or requested with client credentials), sends saved requests with them, and imports and "
            "exports Postman files.")
        + QStringLiteral("\n\n") + Text::tr("Commands:") + QStringLiteral("\n  environments  ")
        + Text::tr("List the environments of the workspace.") + QStringLiteral("\n  token ENV     ")
        + Text::tr("Print a fresh access token for the environment ENV (name or id).")
        + QStringLiteral("\n  requests [COLLECTION]\n                ")
        + Text::tr("List the collections and their saved requests.")
        + QStringLiteral("\n  send ENV COLLECTION/REQUEST\n                ")
        + Text::tr("Send a saved request with a token; print the response.")
        + QStringLiteral("\n  import postman FILE\n                ")
        + Text::tr("Import a Postman collection or environment file.")
        + QStringLiteral("\n  export postman|native\n                ")
        + Text::tr("Export a collection or an environment, without its secrets.") + QStringLiteral("\n\n")
        + Text::tr("Run \"tokenscope-cli COMMAND --help\" for the options of a command.")
        + QStringLiteral("\n\n") + exitStatus + u'\n' + sendStatus));
    const QCommandLineOption generalHelp = general.addHelpOption();
    const QCommandLineOption generalVersion = general.addVersionOption();
    general.addOption(workspace);
    // Known here only so that they do not hide the command; each command's help lists its own.
    for (QCommandLineOption option : {json, header, variable, include, yes, createEnvironments,
             collectionOption, environmentOption, output}) {
        option.setFlags(QCommandLineOption::HiddenFromHelp);
        general.addOption(option);
    }
    general.addPositionalArgument(QStringLiteral("command"),
        Text::tr("environments, token, requests, send, import or export"), Text::tr("COMMAND"));
    const bool generalOk = general.parse(arguments);
    const QString command = general.positionalArguments().value(0);
    const QString generalUsage = general.helpText();
    if (command.isEmpty()) {
        if (!generalOk)
            return {std::nullopt, ExitUsage, {}, general.errorText() + u'\n'};
        if (general.isSet(generalHelp) || general.isSet(helpAll))
            return {std::nullopt, ExitOk, generalUsage, {}};
        if (general.isSet(generalVersion))
            return {std::nullopt, ExitOk, version, {}};
        return {std::nullopt, ExitUsage, {}, Text::tr("No command given.") + u'\n' + generalUsage};
    }
    Invocation invocation;
    bool known = false;
    invocation.command = commandOf(command, &known);
    if (!known) {
        return usageError(
            Text::tr("Unknown command \"%1\". Run \"tokenscope-cli --help\" for the commands.").arg(command));
    }

    // Then the command's own parser: its options, its arguments, its help.
    using Command = Invocation::Command;
    QCommandLineParser parser;
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    parser.addOption(workspace);
    parser.addPositionalArgument(command, Text::tr("The command."), command);
    QString description;
    switch (invocation.command) {
    case Command::Environments:
        parser.addOption(json);
        description = Text::tr("Lists the environments of the workspace: name, id, how each gets its tokens "
                               "(grant, issuer, client) and whether the keychain holds a sign-in for it.");
        break;
    case Command::Token:
        parser.addOption(json);
        parser.addOption(header);
        parser.addPositionalArgument(QStringLiteral("ENV"), Text::tr("The environment's name or id."));
        description = Text::tr(
            "Prints a fresh access token for the environment ENV on standard output: the token still "
            "valid, else one refreshed with the refresh token in the keychain, or for client credentials "
            "one requested from the token endpoint. Never opens a browser: when only a sign-in can bring "
            "a token, the exit status is 3 and the sign-in is done in Tokenscope.");
        break;
    case Command::Requests:
        parser.addOption(json);
        parser.addPositionalArgument(QStringLiteral("COLLECTION"),
            Text::tr("Only this collection (name or id)."), QStringLiteral("[COLLECTION]"));
        description = Text::tr("Lists the collections of the workspace with their saved requests, folder by "
                               "folder: the path to give \"send\", the method and the URL.");
        break;
    case Command::Send:
        parser.addOption(json);
        parser.addOption(variable);
        parser.addOption(include);
        parser.addOption(yes);
        parser.addPositionalArgument(QStringLiteral("ENV"), Text::tr("The environment's name or id."));
        parser.addPositionalArgument(QStringLiteral("COLLECTION/REQUEST"),
            Text::tr("The saved request: its collection, folders and name, such as \"Demo API/Patients/Get "
                     "patient\"."));
        description = Text::tr(
            "Sends a saved request of a collection with the variables of the workspace, the collection and "
            "the environment ENV (--var over all of them) and the environment's access token, got as "
            "\"token\" gets it. Prints the response body on standard output; --include puts the status line "
            "and headers before it, --json prints status, headers, body and time as JSON. A request with a "
            "variable that has no value is not sent. In a production environment only GET, HEAD and OPTIONS "
            "go without --yes; the token goes to a host that is not the environment's own only with --yes.");
        break;
    case Command::Import:
        parser.addOption(createEnvironments);
        parser.addPositionalArgument(QStringLiteral("postman"), Text::tr("The format of the file."));
        parser.addPositionalArgument(
            QStringLiteral("FILE"), Text::tr("A Postman collection (v2.0 or v2.1) or environment file."));
        description = Text::tr(
            "Imports a Postman collection or environment file into the workspace (which of the two is read "
            "from the file). Secret values go to the keychain, never to a file. What could not be taken "
            "over is reported on standard error, item by item.");
        break;
    case Command::Export:
        parser.addOption(collectionOption);
        parser.addOption(environmentOption);
        parser.addOption(output);
        parser.addPositionalArgument(QStringLiteral("FORMAT"),
            Text::tr("postman (a Postman v2.1 collection or environment file) or native (Tokenscope's own "
                     "format)."),
            QStringLiteral("postman|native"));
        description = Text::tr(
            "Exports a collection or an environment to standard output or a file. Secret values never leave "
            "the keychain: standard error names the ones left out.");
        break;
    }
    parser.setApplicationDescription(wrapped(description + QStringLiteral("\n\n") + exitStatus
        + (invocation.command == Command::Send ? u'\n' + sendStatus : QString())));
    const bool ok = parser.parse(arguments);
    if (ok && (parser.isSet(help) || parser.isSet(helpAll)))
        return {std::nullopt, ExitOk, parser.helpText(), {}};
    if (ok && parser.isSet(versionOption))
        return {std::nullopt, ExitOk, version, {}};
    if (!ok)
        return usageError(parser.errorText());
    const QStringList positional = parser.positionalArguments();
    qsizetype expected = 1;
    qsizetype optional = 0;
    switch (invocation.command) {
    case Command::Environments:
        break;
    case Command::Token:
        if (positional.size() < 2)
            return usageError(Text::tr("Name the environment: tokenscope-cli token ENV."));
        expected = 2;
        break;
    case Command::Requests:
        optional = 1;
        break;
    case Command::Send:
        if (positional.size() < 3)
            return usageError(Text::tr("Name the environment and the request: tokenscope-cli send ENV "
                                       "COLLECTION/REQUEST."));
        expected = 3;
        break;
    case Command::Import:
    case Command::Export:
        if (positional.size() < 2 || (invocation.command == Command::Import && positional.size() < 3))
            return usageError(invocation.command == Command::Import
                    ? Text::tr("Name the format and the file: tokenscope-cli import postman FILE.")
                    : Text::tr("Name the format: tokenscope-cli export postman|native."));
        expected = invocation.command == Command::Import ? 3 : 2;
        break;
    }
    if (positional.size() > expected + optional)
        return usageError(Text::tr("Unexpected argument \"%1\".").arg(positional.at(expected + optional)));
    invocation.workspaceDirectory = parser.value(workspace);
    if (parser.isSet(workspace) && invocation.workspaceDirectory.isEmpty())
        return usageError(Text::tr("--workspace needs a directory."));
    const bool hasJson = invocation.command == Command::Environments || invocation.command == Command::Token
        || invocation.command == Command::Requests || invocation.command == Command::Send;
    invocation.json = hasJson && parser.isSet(json);
    switch (invocation.command) {
    case Command::Environments:
        break;
    case Command::Token:
        invocation.environment = positional.value(1);
        invocation.header = parser.isSet(header);
        if (invocation.json && invocation.header)
            return usageError(Text::tr("Give --header or --json, not both."));
        break;
    case Command::Requests:
        invocation.collection = positional.value(1);
        break;
    case Command::Send:
        invocation.environment = positional.value(1);
        invocation.requestPath = positional.value(2);
        invocation.include = parser.isSet(include);
        invocation.yes = parser.isSet(yes);
        if (invocation.json && invocation.include)
            return usageError(Text::tr("Give --include or --json, not both."));
        for (const QString& given : parser.values(variable)) {
            const qsizetype equals = given.indexOf(u'=');
            const QString name = given.left(equals).trimmed();
            if (equals < 0 || name.isEmpty())
                return usageError(Text::tr("--var takes name=value, not \"%1\".").arg(given));
            invocation.variables.append({name, given.mid(equals + 1)});
        }
        break;
    case Command::Import:
        if (positional.at(1) != QLatin1String("postman"))
            return usageError(Text::tr("Unknown format \"%1\": tokenscope-cli imports postman files.")
                                  .arg(positional.at(1)));
        invocation.file = positional.at(2);
        invocation.createEnvironments = parser.isSet(createEnvironments);
        break;
    case Command::Export:
        if (positional.at(1) == QLatin1String("postman")) {
            invocation.format = Invocation::Format::Postman;
        } else if (positional.at(1) == QLatin1String("native")) {
            invocation.format = Invocation::Format::Native;
        } else {
            return usageError(
                Text::tr("Unknown format \"%1\": give postman or native.").arg(positional.at(1)));
        }
        invocation.collection = parser.value(collectionOption);
        invocation.environment = parser.value(environmentOption);
        if (invocation.collection.isEmpty() == invocation.environment.isEmpty())
            return usageError(Text::tr("Give --collection or --environment (one of them)."));
        invocation.output = parser.value(output);
        if (parser.isSet(output) && invocation.output.isEmpty())
            return usageError(Text::tr("--output needs a file."));
        break;
    }
    return {invocation, ExitOk, {}, {}};
}

} // namespace

CommandLine::Result CommandLine::parse(const QStringList& arguments)
{
    return parseArguments(arguments);
}

} // namespace Tokenscope::Cli
