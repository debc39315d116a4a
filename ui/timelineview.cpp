#include "timelineview.h"

#include "flowdiagramview.h"
#include "flowlogmodel.h"
#include "roles.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace Tokenscope::Ui {

namespace {

const QLatin1String modeKey("Timeline/mode");
const QLatin1String listMode("list");

} // namespace

TimelineView::TimelineView(Http::FlowLog* log, QWidget* parent)
    : QWidget(parent)
    , m_model(new FlowLogModel(log, this))
    , m_list(new QTreeView(this))
    , m_diagram(new FlowDiagramView(this))
    , m_pages(new QStackedWidget(this))
    , m_diagramButton(new QToolButton(this))
    , m_listButton(new QToolButton(this))
    , m_allEnvironments(new QCheckBox(tr("&All environments"), this))
    , m_details(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("timelineWidget"));
    m_list->setObjectName(QStringLiteral("timelineView"));
    m_list->setModel(m_model);
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setUniformRowHeights(true);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setAccessibleName(tr("Timeline of the exchanges"));
    m_list->header()->setStretchLastSection(true);
    m_list->setColumnWidth(0, 100);
    m_list->setColumnWidth(1, 300);
    m_list->setColumnWidth(2, 110);
    m_list->setColumnWidth(int(FlowColumn::Environment), 140);
    // Beside the time, where the eye starts; shown only when more than one environment is listed.
    m_list->header()->moveSection(int(FlowColumn::Environment), int(FlowColumn::Time) + 1);
    m_list->setColumnHidden(int(FlowColumn::Environment), true);
    // One selection for both views: switching keeps the step the user is looking at.
    m_diagram->setModel(m_model, m_list->selectionModel());

    m_diagramButton->setObjectName(QStringLiteral("timelineDiagramButton"));
    m_diagramButton->setText(tr("&Diagram"));
    m_diagramButton->setToolTip(tr("Show the exchanges as a sequence diagram"));
    m_listButton->setObjectName(QStringLiteral("timelineListButton"));
    m_listButton->setText(tr("&List"));
    m_listButton->setToolTip(tr("Show the exchanges as a table"));
    auto* modes = new QButtonGroup(this);
    for (QToolButton* button : {m_diagramButton, m_listButton}) {
        button->setCheckable(true);
        button->setAutoRaise(true);
        modes->addButton(button);
    }
    m_diagramButton->setChecked(true);
    connect(m_diagramButton, &QToolButton::toggled, this,
        [this](bool on) { setMode(on ? Mode::Diagram : Mode::List); });

    m_allEnvironments->setObjectName(QStringLiteral("allEnvironmentsCheckBox"));
    m_allEnvironments->setToolTip(
        tr("Show the exchanges of every environment, not only those of the selected one"));
    connect(m_allEnvironments, &QCheckBox::toggled, this, [this] { applyFilter(); });

    m_details->setObjectName(QStringLiteral("timelineDetailsTextEdit"));
    m_details->setReadOnly(true);
    m_details->setAccessibleName(tr("Details of the selected step"));
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setPlaceholderText(
        tr("Select a step to see what was sent and received. Tokens and secrets are masked."));

    m_pages->addWidget(m_diagram);
    m_pages->addWidget(m_list);
    auto* page = new QWidget(this);
    auto* pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(0, 4, 0, 0);
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_diagramButton);
    bar->addWidget(m_listButton);
    bar->addSpacing(12);
    bar->addWidget(m_allEnvironments);
    bar->addStretch();
    pageLayout->addLayout(bar);
    pageLayout->addWidget(m_pages, 1);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(page);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) { showExchange(current.row()); });
    connect(m_model, &QAbstractItemModel::rowsInserted, m_list, [this] {
        if (mode() == Mode::List)
            m_list->scrollToBottom();
    });
    applyFilter();
    if (QSettings().value(modeKey).toString() == listMode)
        setMode(Mode::List);
}

void TimelineView::setMode(Mode mode)
{
    m_diagramButton->setChecked(mode == Mode::Diagram);
    m_listButton->setChecked(mode == Mode::List);
    QWidget* shown = mode == Mode::Diagram ? static_cast<QWidget*>(m_diagram) : m_list;
    if (m_pages->currentWidget() == shown)
        return;
    // The user's choice, kept for the next run.
    QSettings().setValue(modeKey, mode == Mode::List ? listMode : QLatin1String("diagram"));
    const bool focused = m_pages->currentWidget() && m_pages->currentWidget()->hasFocus();
    m_pages->setCurrentWidget(shown);
    const QModelIndex current = m_list->currentIndex();
    if (mode == Mode::List)
        current.isValid() ? m_list->scrollTo(current) : m_list->scrollToBottom();
    else
        m_diagram->scrollToRow(current.row());
    if (focused)
        shown->setFocus();
}

TimelineView::Mode TimelineView::mode() const
{
    return m_pages->currentWidget() == m_diagram ? Mode::Diagram : Mode::List;
}

void TimelineView::setEnvironment(const QString& environmentId)
{
    m_environmentId = environmentId;
    applyFilter();
}

void TimelineView::setEnvironmentNames(const QHash<QString, QString>& names)
{
    m_model->setEnvironmentNames(names);
}

void TimelineView::setProviderConfigs(const QHash<QString, OAuth::ClientConfig>& configs)
{
    m_model->setProviderConfigs(configs);
}

void TimelineView::applyFilter()
{
    const bool all = m_allEnvironments->isChecked();
    if (m_model->showsAllEnvironments() != all || m_shownEnvironmentId != m_environmentId) {
        m_shownEnvironmentId = m_environmentId;
        m_model->setEnvironmentFilter(m_environmentId, all);
        m_details->clear();
        m_list->scrollToBottom();
    }
    m_list->setColumnHidden(int(FlowColumn::Environment), !all);
}

void TimelineView::showExchange(int row)
{
    // The request and its answer are one exchange: both selected, both in the details.
    const int partner = m_model->partnerRow(row);
    if (partner >= 0)
        m_list->selectionModel()->select(
            m_model->index(partner, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    m_details->setPlainText(m_model->exchangeDetails(row));
}

} // namespace Tokenscope::Ui
