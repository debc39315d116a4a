#pragma once

#include <QDialog>

#include <functional>

class QLabel;
class QPlainTextEdit;

namespace Tokenscope::Workspace {
class AppSession;
}

namespace Tokenscope::Ui {

class MessageBanner;

// File ▸ Export Support Report… and Export Flow as curl Script…: shows exactly what would leave the
// machine, then writes it where the user chooses. What is shown and written comes from the engine, which
// leaves out every secret.
class SupportExportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SupportExportDialog)

public:
    enum class Kind { Report, CurlScript };

    // Opens the dialog for the session's current environment; the banner's message is the report's "last
    // error shown".
    static SupportExportDialog* open(
        Kind kind, Workspace::AppSession* session, const MessageBanner* banner, QWidget* parent);

    // Asks for the file to write; a QFileDialog unless a test answers instead. Empty: cancelled.
    using FileChooser = std::function<QString(QWidget* parent, const QString& suggestedPath)>;
    static void setFileChooser(FileChooser chooser);

    // The file written by the last save; empty before.
    QString savedFile() const { return m_savedFile; }

Q_SIGNALS:
    // Where the file went, for the status bar.
    void statusMessage(const QString& text, int timeout);

private:
    SupportExportDialog(
        Kind kind, Workspace::AppSession* session, const MessageBanner* banner, QWidget* parent);
    void save();
    QString suggestedPath() const;

    Kind m_kind;
    Workspace::AppSession* m_session;
    QString m_lastError;
    QPlainTextEdit* m_preview;
    QLabel* m_problem;
    QString m_savedFile;
};

} // namespace Tokenscope::Ui
