#pragma once

#include <QCoreApplication>
#include <QString>

namespace Tokenscope::Workspace {
struct Environment;
}

namespace Tokenscope::Ui {

class Ui_EnvironmentDialog;

// The environment editor's settings about how far the connection to the provider and the APIs is
// trusted: the certificates trusted for a host although no authority signed them, and plain HTTP
// allowed for tokens and secrets (off by default, with a warning when on).
class TransportSecurityFields final
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Ui::TransportSecurityFields)

public:
    static void show(Ui_EnvironmentDialog* ui, const Workspace::Environment& environment);
    // Into environment: an entry typed without "@ host" is trusted on the hosts the edited environment
    // names (its endpoints and API base URLs); a line that is no entry is left out (see problem()).
    static void read(const Ui_EnvironmentDialog* ui, Workspace::Environment* environment);
    // The first line that is no trusted-certificate entry, as a whole sentence; empty when all are.
    static QString problem(const Ui_EnvironmentDialog* ui, const Workspace::Environment& edited);
};

} // namespace Tokenscope::Ui
