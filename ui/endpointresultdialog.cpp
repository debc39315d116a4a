#include "endpointresultdialog.h"

#include "plaintext.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Tokenscope::Ui {

namespace {

bool isTimeClaim(const QString& name)
{
    // JWT / RFC 7662 NumericDate claims, and OIDC's auth_time and updated_at.
    static const QStringList names {QStringLiteral("exp"), QStringLiteral("iat"), QStringLiteral("nbf"),
        QStringLiteral("auth_time"), QStringLiteral("updated_at")};
    return names.contains(name);
}

} // namespace

QString EndpointResultDialog::displayValue(const QString& name, const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isDouble()) {
        const qint64 number = qint64(value.toDouble());
        if (isTimeClaim(name) && double(number) == value.toDouble()) {
            const QDateTime time = QDateTime::fromSecsSinceEpoch(number, Qt::UTC);
            return tr("%1 (%2 UTC)").arg(number).arg(time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        }
        return QString::number(value.toDouble(), 'g', 17);
    }
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    return QStringLiteral("null");
}

EndpointResultDialog::EndpointResultDialog(
    const QString& title, const QString& summary, const QJsonObject& claims, QWidget* parent)
    : QDialog(parent)
    , m_claims(claims)
    , m_tree(new QTreeWidget(this))
{
    setWindowTitle(title);
    setObjectName(QStringLiteral("endpointResultDialog"));

    auto* summaryLabel = new QLabel(summary, this);
    summaryLabel->setObjectName(QStringLiteral("summaryLabel"));
    summaryLabel->setTextFormat(Qt::PlainText);
    summaryLabel->setWordWrap(true);
    summaryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_tree->setObjectName(QStringLiteral("claimsTreeWidget"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Claim"), tr("Value")});
    m_tree->setRootIsDecorated(false);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_tree->setAccessibleName(tr("Claims"));
    for (auto it = claims.begin(); it != claims.end(); ++it) {
        auto* item = new QTreeWidgetItem(m_tree, {it.key(), displayValue(it.key(), it.value())});
        item->setToolTip(1, plainToolTip(item->text(1)));
    }
    m_tree->resizeColumnToContents(0);
    m_tree->setColumnWidth(0, m_tree->columnWidth(0) + m_tree->fontMetrics().averageCharWidth() * 2);
    m_tree->header()->setStretchLastSection(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* copy = buttons->addButton(tr("&Copy as JSON"), QDialogButtonBox::ActionRole);
    copy->setObjectName(QStringLiteral("copyButton"));
    copy->setToolTip(tr("Copy the whole answer to the clipboard as JSON"));
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(json()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summaryLabel);
    layout->addWidget(m_tree, 1);
    layout->addWidget(buttons);
    resize(560, 420);
}

QString EndpointResultDialog::json() const
{
    return QString::fromUtf8(QJsonDocument(m_claims).toJson(QJsonDocument::Indented));
}

} // namespace Tokenscope::Ui
