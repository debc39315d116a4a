#pragma once

#include "postmanimport.h"

#include <QDialog>

namespace Tokenscope::Ui {

// After an import: what was taken over (a line per kind, counted) and, per item, what was not and why.
class ImportReportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportReportDialog)

public:
    ImportReportDialog(const QString& title, const QStringList& imported,
        const Workspace::ImportReport& report, QWidget* parent = nullptr);

    // The whole report as text: what Copy puts on the clipboard.
    QString text() const;

private:
    QStringList m_imported;
    Workspace::ImportReport m_report;
};

} // namespace Tokenscope::Ui
