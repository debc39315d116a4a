#include "requesttabs.h"

#include "messagebox.h"

#include <QHBoxLayout>
#include <QShortcut>
#include <QTabBar>
#include <QToolButton>

#include <algorithm>

namespace Tokenscope::Ui {

QString requestTitle(const Http::HttpRequest& request)
{
    QString path = request.url.section(u'?', 0, 0).section(u'#', 0, 0);
    while (path.endsWith(u'/'))
        path.chop(1);
    const QString last = path.section(u'/', -1);
    if (request.url.trimmed().isEmpty() || last.isEmpty())
        return RequestTabs::tr("New Request");
    return QString::fromLatin1(request.method) + u' ' + last;
}

RequestTabs::RequestTabs(QWidget* parent)
    : QWidget(parent)
    , m_bar(new QTabBar(this))
{
    setObjectName(QStringLiteral("requestTabs"));
    m_bar->setObjectName(QStringLiteral("requestTabBar"));
    m_bar->setAccessibleName(tr("Open requests"));
    m_bar->setMovable(true);
    m_bar->setTabsClosable(true);
    m_bar->setExpanding(false);
    m_bar->setDocumentMode(true);
    m_bar->setElideMode(Qt::ElideRight);
    auto* add = new QToolButton(this);
    add->setObjectName(QStringLiteral("newRequestTabButton"));
    add->setText(QStringLiteral("+"));
    add->setAutoRaise(true);
    add->setAccessibleName(tr("New request tab"));
    add->setToolTip(tr("Open a new request tab (Ctrl+T)"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->setSpacing(2);
    layout->addWidget(m_bar);
    layout->addWidget(add);
    layout->addStretch();

    connect(add, &QToolButton::clicked, this, [this] { openTab(); });
    connect(m_bar, &QTabBar::tabCloseRequested, this,
        [this](int index) { closeTab(m_bar->tabData(index).toULongLong()); });
    connect(m_bar, &QTabBar::currentChanged, this, &RequestTabs::onCurrentChanged);
    connect(m_bar, &QTabBar::tabMoved, this, &RequestTabs::changed);
    const auto shortcut = [this](const QKeySequence& keys, auto action) {
        auto* s = new QShortcut(keys, window());
        s->setContext(Qt::WindowShortcut);
        connect(s, &QShortcut::activated, this, action);
    };
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_T), [this] { openTab(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_W), [this] { closeTab(m_current); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Tab), [this] { selectNext(1); });
    shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab), [this] { selectNext(-1); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_PageDown), [this] { selectNext(1); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_PageUp), [this] { selectNext(-1); });
}

int RequestTabs::count() const
{
    return m_bar->count();
}

QList<quint64> RequestTabs::ids() const
{
    QList<quint64> result;
    for (int index = 0; index < m_bar->count(); ++index)
        result.append(m_bar->tabData(index).toULongLong());
    return result;
}

int RequestTabs::indexOf(quint64 id) const
{
    for (int index = 0; index < m_bar->count(); ++index) {
        if (m_bar->tabData(index).toULongLong() == id)
            return index;
    }
    return -1;
}

QList<Http::HttpRequest> RequestTabs::requests() const
{
    QList<Http::HttpRequest> result;
    for (const quint64 id : ids())
        result.append(m_tabs.value(id).request);
    return result;
}

QList<Workspace::RequestOrigin> RequestTabs::origins() const
{
    QList<Workspace::RequestOrigin> result;
    for (const quint64 id : ids())
        result.append({m_tabs.value(id).collectionId, m_tabs.value(id).itemId});
    return result;
}

int RequestTabs::currentIndex() const
{
    return std::max(0, m_bar->currentIndex());
}

quint64 RequestTabs::addTabFor(const Http::HttpRequest& request)
{
    const quint64 id = ++m_lastId;
    m_tabs.insert(id, {request, std::nullopt, {}, false, 0, {}, {}});
    const QSignalBlocker block(m_bar);
    m_bar->setTabData(m_bar->addTab(QString()), id);
    updateTitle(id);
    return id;
}

void RequestTabs::showSet(const QString& key, const QList<Http::HttpRequest>& requests, int current,
    const QList<Workspace::RequestOrigin>& origins)
{
    if (m_shownSet == key)
        return;
    const quint64 previous = m_current;
    if (m_shownSet)
        m_putAway.insert(*m_shownSet, {ids(), m_current});
    else
        m_tabs.clear(); // tabs opened before any set was shown belong to none
    m_shownSet = key;
    const PutAway set = m_putAway.take(key);
    {
        const QSignalBlocker block(m_bar);
        while (m_bar->count() > 0)
            m_bar->removeTab(0);
    }
    quint64 shown = set.current;
    if (set.ids.isEmpty()) {
        for (const Http::HttpRequest& request : requests) {
            const quint64 id = addTabFor(request);
            const Workspace::RequestOrigin origin = origins.value(m_bar->count() - 1);
            m_tabs[id].collectionId = origin.collectionId;
            m_tabs[id].itemId = origin.itemId;
            if (m_bar->count() == 1 || m_bar->count() - 1 == current)
                shown = id;
        }
        if (m_bar->count() == 0)
            shown = addTabFor({});
    } else {
        const QSignalBlocker block(m_bar);
        for (const quint64 id : set.ids) {
            m_bar->setTabData(m_bar->addTab(QString()), id);
            updateTitle(id);
        }
    }
    {
        const QSignalBlocker block(m_bar);
        m_bar->setCurrentIndex(indexOf(shown));
    }
    m_current = shown;
    // A bar changed while hidden does not tell its layout that it needs another size.
    m_bar->updateGeometry();
    Q_EMIT switched(previous, shown);
}

quint64 RequestTabs::openTab(const Http::HttpRequest& request)
{
    const quint64 id = addTabFor(request);
    {
        const QSignalBlocker block(m_bar);
        m_bar->setCurrentIndex(indexOf(id));
    }
    onCurrentChanged(indexOf(id));
    Q_EMIT changed();
    return id;
}

bool RequestTabs::closeTab(quint64 id)
{
    const int index = indexOf(id);
    const auto found = m_tabs.constFind(id);
    if (index < 0 || found == m_tabs.cend())
        return false;
    if (found->dirty) {
        const QString title = requestTitle(found->request);
        const auto answer = MessageBox::question(this, tr("Close the Request?"),
            tr("“%1” has changes that were not sent. Close it anyway?").arg(title),
            {{QMessageBox::Close, tr("&Close")}, {QMessageBox::Cancel, {}}}, QMessageBox::Cancel);
        if (answer != QMessageBox::Close)
            return false;
    }
    Q_EMIT closing(id);
    if (m_bar->count() == 1)
        openTab();
    const bool wasCurrent = id == m_current;
    if (wasCurrent)
        m_current = 0; // its content is not stored back
    m_tabs.remove(id);
    m_bar->removeTab(indexOf(id));
    if (wasCurrent && m_current == 0)
        onCurrentChanged(m_bar->currentIndex());
    Q_EMIT changed();
    return true;
}

void RequestTabs::setRequest(quint64 id, const Http::HttpRequest& request)
{
    if (const auto found = m_tabs.find(id); found != m_tabs.end()) {
        found->request = request;
        updateTitle(id);
    }
}

void RequestTabs::setResponse(quint64 id, const Http::HttpResponse& response, const Error& error)
{
    if (const auto found = m_tabs.find(id); found != m_tabs.end()) {
        found->response = response;
        found->error = error;
    }
}

void RequestTabs::setOrigin(quint64 id, const QString& collectionId, const QString& itemId)
{
    if (const auto found = m_tabs.find(id); found != m_tabs.end()) {
        found->collectionId = collectionId;
        found->itemId = itemId;
        Q_EMIT changed(); // kept with the request, across restarts
    }
}

void RequestTabs::setSendId(quint64 id, quint64 sendId)
{
    if (const auto found = m_tabs.find(id); found != m_tabs.end())
        found->sendId = sendId;
}

void RequestTabs::setDirty(quint64 id, bool dirty)
{
    const auto found = m_tabs.find(id);
    if (found == m_tabs.end() || found->dirty == dirty)
        return;
    found->dirty = dirty;
    updateTitle(id);
}

void RequestTabs::selectNext(int step)
{
    if (m_bar->count() > 1)
        m_bar->setCurrentIndex((m_bar->currentIndex() + step + m_bar->count()) % m_bar->count());
}

void RequestTabs::updateTitle(quint64 id)
{
    const int index = indexOf(id);
    const Tab& state = m_tabs.find(id).value();
    if (index < 0)
        return;
    const QString title = requestTitle(state.request);
    m_bar->setTabText(index, state.dirty ? QStringLiteral("• ") + title : title);
    m_bar->setTabToolTip(index, state.request.url);
}

void RequestTabs::onCurrentChanged(int index)
{
    const quint64 id = index < 0 ? 0 : m_bar->tabData(index).toULongLong();
    if (id == m_current)
        return;
    const quint64 previous = m_current;
    m_current = id;
    Q_EMIT switched(previous, id);
}

} // namespace Tokenscope::Ui
