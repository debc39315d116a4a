#pragma once

#include <QDialog>
#include <QJsonObject>

class QLabel;
class QTreeWidget;

namespace Tokenscope::Ui {

// Shows what a provider endpoint said (introspection, UserInfo): a line of summary and the claims as a
// read-only key/value list, times made readable, with a button that copies the answer as JSON.
class EndpointResultDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EndpointResultDialog)

public:
    EndpointResultDialog(
        const QString& title, const QString& summary, const QJsonObject& claims, QWidget* parent = nullptr);

    // The answer as indented JSON: what Copy puts on the clipboard.
    QString json() const;
    // "1700000000 (2023-11-14 22:13:20 UTC)" for a time claim, compact JSON for arrays and objects.
    static QString displayValue(const QString& name, const QJsonValue& value);

private:
    QJsonObject m_claims;
    QTreeWidget* m_tree;
};

} // namespace Tokenscope::Ui
