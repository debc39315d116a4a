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

Result parseArguments(const QStringList& arguments)
{
    const QString exitStatus
        = Text::tr("Exit status:\n"
                   "  0  success\n"
                   "  1  usage error: unknown command, option or environment\n"
                   "  2  other failure: network, provider, keychain, workspace file\n"
                   "  3  a sign-in in Tokenscope is needed (tokenscope-cli never opens a browser)");
    const QCommandLineOption workspace(QStringLiteral("workspace"),
        Text::tr("Use the workspace in <directory> instead of the one Tokenscope uses."),
        Text::tr("directory"));
    const QCommandLineOption json(
        QStringLiteral("json"), Text::tr("Print JSON for scripts instead of text."));
    const QCommandLineOption header(QStringLiteral("header"),
        Text::tr("Print the whole header line the environment sends the token in, such as \"Authorization: "
                 "Bearer <token>\"."));
    const QString version
        = QStringLiteral("tokenscope-cli ") + QCoreApplication::applicationVersion() + u'\n';

    // addHelpOption's --help-all (which adds Qt's own options) shows the same help here.
    const QString helpAll = QStringLiteral("help-all");

    // First the command.
    QCommandLineParser general;
    general.setApplicationDescription(wrapped(
        Text::tr(
            "Tokenscope without a window, for scripts: reads the environments of a Tokenscope workspace and "
            "prints fresh access tokens, refreshed with the refresh token in the keychain or requested with "
            "client credentials.")
        + QStringLiteral("\n\n") + Text::tr("Commands:") + QStringLiteral("\n  environments  ")
        + Text::tr("List the environments of the workspace.") + QStringLiteral("\n  token ENV     ")
        + Text::tr("Print a fresh access token for the environment ENV (name or id).")
        + QStringLiteral("\n\n")
        + Text::tr("Run \"tokenscope-cli COMMAND --help\" for the options of a command.")
        + QStringLiteral("\n\n") + exitStatus));
    const QCommandLineOption generalHelp = general.addHelpOption();
    const QCommandLineOption generalVersion = general.addVersionOption();
    general.addOption(workspace);
    // Known here only so that they do not hide the command; each command's help lists its own.
    for (QCommandLineOption option : {json, header}) {
        option.setFlags(QCommandLineOption::HiddenFromHelp);
        general.addOption(option);
    }
    general.addPositionalArgument(
        QStringLiteral("command"), Text::tr("environments or token"), Text::tr("COMMAND"));
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
    if (command == environmentsCommand) {
        invocation.command = Invocation::Command::Environments;
    } else if (command == tokenCommand) {
        invocation.command = Invocation::Command::Token;
    } else {
        return {std::nullopt, ExitUsage, {},
            Text::tr("Unknown command \"%1\". Run \"tokenscope-cli --help\" for the commands.").arg(command)
                + u'\n'};
    }

    // Then the command's own parser: its options, its arguments, its help.
    QCommandLineParser parser;
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    parser.addOption(workspace);
    parser.addOption(json);
    if (invocation.command == Invocation::Command::Environments) {
        parser.setApplicationDescription(wrapped(
            Text::tr("Lists the environments of the workspace: name, id, how each gets its tokens (grant, "
                     "issuer, client) and whether the keychain holds a sign-in for it.")
            + QStringLiteral("\n\n") + exitStatus));
        parser.addPositionalArgument(environmentsCommand, Text::tr("The command."), environmentsCommand);
    } else {
        parser.setApplicationDescription(wrapped(
            Text::tr(
                "Prints a fresh access token for the environment ENV on standard output: the token still "
                "valid, else one refreshed with the refresh token in the keychain, or for client credentials "
                "one requested from the token endpoint. Never opens a browser: when only a sign-in can bring "
                "a token, the exit status is 3 and the sign-in is done in Tokenscope.")
            + QStringLiteral("\n\n") + exitStatus));
        parser.addOption(header);
        parser.addPositionalArgument(tokenCommand, Text::tr("The command."), tokenCommand);
        parser.addPositionalArgument(QStringLiteral("ENV"), Text::tr("The environment's name or id."));
    }
    const bool ok = parser.parse(arguments);
    if (ok && (parser.isSet(help) || parser.isSet(helpAll)))
        return {std::nullopt, ExitOk, parser.helpText(), {}};
    if (ok && parser.isSet(versionOption))
        return {std::nullopt, ExitOk, version, {}};
    if (!ok)
        return {std::nullopt, ExitUsage, {}, parser.errorText() + u'\n'};
    const QStringList positional = parser.positionalArguments();
    const qsizetype expected = invocation.command == Invocation::Command::Token ? 2 : 1;
    if (positional.size() < expected)
        return {
            std::nullopt, ExitUsage, {}, Text::tr("Name the environment: tokenscope-cli token ENV.") + u'\n'};
    if (positional.size() > expected) {
        return {std::nullopt, ExitUsage, {},
            Text::tr("Unexpected argument \"%1\".").arg(positional.at(expected)) + u'\n'};
    }
    invocation.environment = positional.value(1);
    invocation.workspaceDirectory = parser.value(workspace);
    if (parser.isSet(workspace) && invocation.workspaceDirectory.isEmpty())
        return {std::nullopt, ExitUsage, {}, Text::tr("--workspace needs a directory.") + u'\n'};
    invocation.json = parser.isSet(json);
    invocation.header = invocation.command == Invocation::Command::Token && parser.isSet(header);
    if (invocation.json && invocation.header)
        return {std::nullopt, ExitUsage, {}, Text::tr("Give --header or --json, not both.") + u'\n'};
    return {invocation, ExitOk, {}, {}};
}

} // namespace

CommandLine::Result CommandLine::parse(const QStringList& arguments)
{
    return parseArguments(arguments);
}

} // namespace Tokenscope::Cli
