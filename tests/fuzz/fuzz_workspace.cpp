// The workspace file as Tokenscope loads it at start-up: JSON, environments, variables, trusted
// certificates, drafts; an unreadable file is set aside. What loads is written back out and read again.

#include "fuzzsupport.h"
#include "workspacestore.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>

using namespace Tokenscope;

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    Fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static QTemporaryDir directory;
    if (!directory.isValid())
        __builtin_trap();
    Workspace::WorkspaceStore store(directory.path());
    {
        QFile file(store.filePath());
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            __builtin_trap();
        file.write(Fuzz::bytes(data, size));
    }
    const Workspace::WorkspaceStore::LoadResult loaded = store.load();
    if (loaded.setAsidePath.isEmpty()) {
        Workspace::WorkspaceData again;
        QString problem;
        (void)Workspace::fromJson(Workspace::toJson(loaded.data), &again, &problem);
    }
    // Each input starts from an empty folder: nothing set aside piles up over millions of runs.
    QDir folder(directory.path());
    for (const QString& name : folder.entryList(QDir::Files | QDir::Hidden))
        folder.remove(name);
    return 0;
}
