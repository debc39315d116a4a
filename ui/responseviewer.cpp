#include "responseviewer.h"

#include "palette.h"
#include "responsebodypane.h"
#include "responsedetails.h"
#include "timelineview.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace Tokenscope::Ui {

ResponseViewer::ResponseViewer(Http::FlowLog* log, QWidget* parent)
    : QWidget(parent)
    , m_bodyStack(new QStackedWidget(this))
    , m_placeholder(new QLabel(this))
    , m_status(new QLabel(this))
    , m_time(new QLabel(this))
    , m_size(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_body(new ResponseBodyPane(this))
    , m_headers(new QStandardItemModel(0, 2, this))
    , m_headersView(new QTreeView(this))
    , m_timeline(new TimelineView(log, this))
    , m_truncationNotice(new QLabel(this))
    , m_saveButton(new QPushButton(tr("Save Body…"), this))
{
    setObjectName(QStringLiteral("responseViewer"));
    m_placeholder->setObjectName(QStringLiteral("responsePlaceholderLabel"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setText(tr("Send a request to see the response here."));
    m_placeholder->setEnabled(false);

    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setAccessibleName(tr("Response status"));
    m_time->setObjectName(QStringLiteral("timeLabel"));
    m_size->setObjectName(QStringLiteral("sizeLabel"));

    m_body->setObjectName(QStringLiteral("responseBodyPane"));

    m_headers->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    m_headersView->setObjectName(QStringLiteral("responseHeadersView"));
    m_headersView->setModel(m_headers);
    m_headersView->setRootIsDecorated(false);
    m_headersView->setAlternatingRowColors(true);
    m_headersView->setAccessibleName(tr("Response headers"));

    m_tabs->setObjectName(QStringLiteral("responseTabWidget"));
    m_tabs->setAccessibleName(tr("Response details"));
    m_truncationNotice->setObjectName(QStringLiteral("truncationNoticeLabel"));
    m_truncationNotice->setWordWrap(true);
    m_truncationNotice->hide();
    m_saveButton->setObjectName(QStringLiteral("saveBodyButton"));
    m_saveButton->setToolTip(tr("Save the response body exactly as received"));
    m_saveButton->setEnabled(false);
    m_saveButton->hide();
    connect(m_saveButton, &QPushButton::clicked, this, &ResponseViewer::saveBody);
    auto* bodyPage = new QWidget(this);
    auto* bodyLayout = new QVBoxLayout(bodyPage);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->addWidget(m_truncationNotice);
    bodyLayout->addWidget(m_body, 1);
    // The placeholder takes the body's place only: the Timeline stays at hand before the first send.
    m_bodyStack->addWidget(m_placeholder);
    m_bodyStack->addWidget(bodyPage);
    m_tabs->addTab(m_bodyStack, tr("Body"));
    m_tabs->addTab(m_headersView, tr("Headers"));
    m_tabs->addTab(m_timeline, tr("Timeline"));
    m_details = new ResponseDetails(this);
    m_details->addTabsTo(m_tabs);

    auto* responsePage = new QWidget(this);
    auto* summary = new QHBoxLayout;
    summary->addWidget(m_status);
    summary->addSpacing(12);
    summary->addWidget(m_time);
    summary->addSpacing(12);
    summary->addWidget(m_size);
    summary->addStretch();
    summary->addWidget(m_saveButton);
    auto* pageLayout = new QVBoxLayout(responsePage);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->addLayout(summary);
    pageLayout->addWidget(m_tabs, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 8);
    layout->addWidget(responsePage);

    connect(m_body, &ResponseBodyPane::saved, this, [this](const QString& path, const QString& error) {
        if (error.isEmpty())
            return;
        m_truncationNotice->setText(tr("Could not save %1: %2").arg(QDir::toNativeSeparators(path), error));
        m_truncationNotice->show();
    });
}

ResponseViewer::~ResponseViewer() = default;

void ResponseViewer::saveBody()
{
    if (!m_body->hasBody())
        return;
    const QByteArray head = m_body->buffer()->slice(0, 64).trimmed();
    const bool json = head.startsWith('{') || head.startsWith('[');
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Response Body"),
        QStandardPaths::writableLocation(QStandardPaths::DownloadLocation) + QStringLiteral("/response")
            + (json ? QStringLiteral(".json") : QStringLiteral(".txt")));
    if (path.isEmpty())
        return;
    m_body->saveTo(path);
}

void ResponseViewer::showProgress(qint64 received, qint64 total)
{
    if (m_pending)
        m_body->showProgress(received, total);
}

void ResponseViewer::setSummary(
    const QString& status, const QString& colour, const QString& time, const QString& size)
{
    m_status->setText(QStringLiteral("<b style=\"color:%1\">%2</b>").arg(colour, status.toHtmlEscaped()));
    m_time->setText(time);
    m_size->setText(size);
    m_saveButton->show();
    m_bodyStack->setCurrentIndex(1);
}

void ResponseViewer::showEmpty(const QString& environmentName)
{
    // Named, so a response that disappeared on switching environments is not taken for a lost one.
    m_placeholder->setText(environmentName.isEmpty()
            ? tr("Send a request to see the response here.")
            : tr("Nothing sent in “%1” yet. Send a request to see its response here.").arg(environmentName));
    m_saveButton->hide();
    m_pending = false;
    m_saveButton->setEnabled(false);
    m_saveButton->hide();
    m_truncationNotice->hide();
    m_status->clear();
    m_time->clear();
    m_size->clear();
    m_headers->removeRows(0, m_headers->rowCount());
    m_body->clear();
    m_bodyStack->setCurrentIndex(0);
    m_details->clear();
}

void ResponseViewer::setEnvironment(const QString& environmentId)
{
    m_timeline->setEnvironment(environmentId);
}

void ResponseViewer::setEnvironmentNames(const QHash<QString, QString>& names)
{
    m_timeline->setEnvironmentNames(names);
}

void ResponseViewer::setProviderConfigs(const QHash<QString, OAuth::ClientConfig>& configs)
{
    m_timeline->setProviderConfigs(configs);
}

void ResponseViewer::showPending()
{
    m_pending = true;
    setSummary(tr("Sending…"), QStringLiteral("palette(text)"), {}, {});
    m_status->setText(tr("Sending…"));
}

void ResponseViewer::showResponse(const Http::HttpResponse& response)
{
    const QLatin1String colour = response.status < 300 ? Palette::success
        : response.status < 400                        ? Palette::information
                                                       : Palette::error;
    setSummary(QStringLiteral("%1 %2").arg(response.status).arg(QString::fromLatin1(response.reason)), colour,
        ResponseDetails::timeSummary(response), ResponseDetails::sizeSummary(response));
    m_details->show(response);
    m_time->setToolTip(tr("Time from sending the request to the last byte of the response"));
    m_headers->removeRows(0, m_headers->rowCount());
    for (const auto& [name, value] : response.headers)
        m_headers->appendRow(
            {new QStandardItem(QString::fromLatin1(name)), new QStandardItem(QString::fromUtf8(value))});
    m_headersView->resizeColumnToContents(0);
    m_tabs->setCurrentIndex(0);

    // Shown from a line document: the first screen at once, whatever the size.
    m_pending = false;
    m_body->setBody(response.bodyBuffer ? response.bodyBuffer : Body::BodyBuffer::fromBytes(response.body),
        response.contentType());
    m_saveButton->setEnabled(m_body->hasBody());
    m_truncationNotice->hide();
    Q_EMIT bodyShown();
}

void ResponseViewer::showError(const Error& error)
{
    m_pending = false;
    m_saveButton->setEnabled(false);
    m_saveButton->hide();
    m_truncationNotice->hide();
    setSummary(error.summary, Palette::error, {}, {});
    m_headers->removeRows(0, m_headers->rowCount());
    m_details->clear();
    m_body->setText(error.toText());
    m_tabs->setCurrentIndex(0);
}

} // namespace Tokenscope::Ui
