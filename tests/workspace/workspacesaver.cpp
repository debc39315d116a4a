// Saves a workspace folder over and over, for tst_workspacekill: each round sets every environment's
// "round" variable and the global "round" to the round's number, saves, and then prints "saved N". The
// test kills it (SIGKILL) somewhere in a later save.
#include "workspacestore.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using namespace Tokenscope::Workspace;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (app.arguments().size() != 2) {
        std::fputs("usage: workspacesaver FOLDER\n", stderr);
        return 2;
    }
    WorkspaceStore store(app.arguments().at(1));
    const auto loaded = store.load();
    if (!loaded.error.isNull()) {
        std::fprintf(stderr, "%s\n", qPrintable(loaded.error.toText()));
        return 1;
    }
    WorkspaceData data = loaded.data;
    constexpr int environmentCount = 12;
    while (data.environments.size() < environmentCount) {
        Environment environment;
        environment.id = QStringLiteral("env-%1").arg(data.environments.size());
        environment.name = environment.id;
        data.environments.append(environment);
    }
    const int first = data.globals.isEmpty() ? 0 : data.globals.constFirst().value.toInt() + 1;
    for (int round = first;; ++round) {
        const QString value = QString::number(round);
        // Every file changes in every round, so that a kill most likely falls inside a save.
        for (Environment& environment : data.environments) {
            environment.variables = {{QStringLiteral("round"), value, true},
                {QStringLiteral("padding"), QString(4096, QLatin1Char('a' + round % 26)), true}};
        }
        data.globals = {{QStringLiteral("round"), value, true}};
        data.currentEnvironmentId = data.environments.at(round % environmentCount).id;
        if (const auto error = store.save(data); !error.isNull()) {
            std::fprintf(stderr, "%s\n", qPrintable(error.toText()));
            return 1;
        }
        std::printf("saved %d\n", round);
        std::fflush(stdout);
    }
}
