#include "appsession.h"
#include "collectionactions.h"
#include "environmentviewstate.h"
#include "mainwindow.h"
#include "palette.h"
#include "productionbadge.h"
#include "productionquestion.h"
#include "provideractions.h"
#include "requestactions.h"
#include "requesteditor.h"
#include "requesttabs.h"
#include "responseviewer.h"
#include "tokendestinationquestion.h"
#include "urlhelpers.h"

#include <QLabel>
#include <QStatusBar>
#include <QTabBar>
#include <QVBoxLayout>

#include <memory>
#include <utility>

namespace Tokenscope::Ui {

QWidget* MainWindow::createRequestArea()
{
    auto* area = new QWidget(this);
    m_requestTabs = new RequestTabs(area);
    auto* layout = new QVBoxLayout(area);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_requestTabs);
    layout->addWidget(m_requestEditor, 1);
    connect(m_requestTabs, &RequestTabs::switched, this, [this](quint64 previous, quint64 current) {
        if (previous)
            m_requestTabs->setRequest(previous, m_requestEditor->request());
        // A pasted curl command's Undo puts back the request of the tab it was pasted in, not this one's.
        if (m_requestActions && previous != current)
            m_requestActions->forgetCurlUndo();
        m_requestEditor->setRequest(m_requestTabs->tab(current).request);
        showVariables(); // a request from a collection sees its variables
        showCurrentTab();
        if (previous)
            storeRequests(); // which one is current (a set just shown is as it was kept)
    });
    connect(m_requestEditor, &RequestEditor::edited, this, [this] {
        m_requestTabs->setRequest(m_requestTabs->currentId(), m_requestEditor->request());
        m_requestTabs->setDirty(m_requestTabs->currentId(), true);
    });
    connect(m_requestTabs, &RequestTabs::changed, this, &MainWindow::storeRequests);
    // New tabs of a production environment are marked like the others.
    connect(m_requestTabs, &RequestTabs::changed, this, &MainWindow::showProductionMarks);
    // A closed tab's answer has nowhere to go.
    connect(m_requestTabs, &RequestTabs::closing, this, [this](quint64 tab) {
        if (const quint64 send = m_requestTabs->tab(tab).sendId)
            m_session->cancelSend(send);
    });
    return area;
}

void MainWindow::openRequestInNewTab(const Http::HttpRequest& request)
{
    m_requestTabs->openTab(request);
    m_requestEditor->setFocus();
}

QString MainWindow::currentCollectionId() const
{
    return m_requestTabs && m_requestTabs->contains(m_requestTabs->currentId())
        ? m_requestTabs->tab(m_requestTabs->currentId()).collectionId
        : QString();
}

void MainWindow::showVariables()
{
    const Workspace::VariableScope scope = m_session->variableScope(currentCollectionId());
    m_requestEditor->setVariables(Workspace::effectiveVariables(scope));
    Q_EMIT variableScopeChanged();
}

void MainWindow::saveToCollection()
{
    const quint64 id = m_requestTabs->currentId();
    const RequestTabs::Tab& tab = m_requestTabs->tab(id);
    if (tab.collectionId.isEmpty()) {
        statusBar()->showMessage(
            tr("This request was not opened from a collection; there is nothing to save it to."), 8000);
        return;
    }
    m_requestTabs->setRequest(id, m_requestEditor->request());
    if (m_collectionActions->saveRequest(tab.collectionId, tab.itemId, m_requestEditor->request()))
        m_requestTabs->setDirty(id, false);
}

void MainWindow::showRequestsOf(const QString& environmentId)
{
    if (m_requestEnvironmentId == environmentId)
        return;
    // Each environment keeps its own requests: the ones on screen go back to the environment they were
    // composed with before the next one's are shown. Set first: keeping them may change the environments.
    if (const std::optional<QString> left = std::exchange(m_requestEnvironmentId, environmentId)) {
        m_requestTabs->setRequest(m_requestTabs->currentId(), m_requestEditor->request());
        m_session->setOpenRequests(
            *left, {m_requestTabs->requests(), m_requestTabs->currentIndex(), m_requestTabs->origins()});
    }
    const Workspace::OpenRequests open = m_session->openRequests(environmentId);
    m_requestTabs->showSet(environmentId, open.requests, open.current, open.origins);
}

void MainWindow::storeRequests()
{
    if (!m_requestEnvironmentId || !m_requestTabs->contains(m_requestTabs->currentId()))
        return;
    m_requestTabs->setRequest(m_requestTabs->currentId(), m_requestEditor->request());
    m_session->setOpenRequests(*m_requestEnvironmentId,
        {m_requestTabs->requests(), m_requestTabs->currentIndex(), m_requestTabs->origins()});
}

void MainWindow::showProductionMarks()
{
    const Workspace::Environment* environment = m_session->currentEnvironment();
    const bool production = environment && environment->production;
    setWindowTitle(production ? tr("%1 — %2 — Tokenscope").arg(environment->name, productionBadgeText())
                              : QStringLiteral("Tokenscope"));
    m_productionBadgeAction->setVisible(production);
    m_productionBadge->setVisible(production);
    m_productionStatus->setVisible(production);
    QTabBar* bar = m_requestTabs->bar();
    const QColor colour = production ? QColor(Palette::production) : QColor();
    for (int index = 0; index < bar->count(); ++index)
        bar->setTabTextColor(index, colour);
}

void MainWindow::showCurrentTab()
{
    const RequestTabs::Tab& tab = m_requestTabs->tab(m_requestTabs->currentId());
    m_requestEditor->setBusy(tab.sendId != 0);
    const Workspace::Environment* environment = m_session->currentEnvironment();
    const QString name = environment ? environment->name : QString();
    if (tab.sendId != 0) {
        m_responseViewer->showEmpty(name); // not the body of the tab shown before
        m_responseViewer->showPending();
    } else if (!tab.error.isNull() && (!tab.response || tab.response->status == 0)) {
        m_responseViewer->showError(tab.error);
    } else if (tab.response) {
        m_responseViewer->showResponse(*tab.response);
    } else {
        m_responseViewer->showEmpty(name);
    }
}

void MainWindow::sendRequest()
{
    const quint64 tab = m_requestTabs->currentId();
    if (m_requestTabs->tab(tab).sendId != 0)
        return; // on its way: Cancel first
    const Http::HttpRequest request = m_requestEditor->request();
    // A request opened from a collection sees its variables, between the environment's and the globals.
    const QString collectionId = m_requestTabs->tab(tab).collectionId;
    storeRequests();
    if (!confirmProductionSend(this, m_session, request, collectionId)) {
        statusBar()->showMessage(tr("Not sent."), 5000);
        return;
    }
    if (!confirmTokenDestination(this, m_session, request, collectionId))
        return;
    // After the question: "Always for This Host" has made the host the environment's own.
    const std::optional<Error> refusal = foreignHostRefusal(m_session, request, collectionId);
    if (!confirmTokenMatch(this, m_session, request, collectionId)) {
        statusBar()->showMessage(tr("Not sent."), 5000);
        return;
    }
    m_requestEditor->setBusy(true);
    m_requestTabs->setDirty(tab, false);
    m_responseViewer->showPending();
    const QString environmentId = m_viewState->selected();
    // Asked after the answer: introspection may have called the token active (RFC 7662 §2.2).
    QPointer<OAuth::ProviderActions> actions = m_session->currentProviderActions();
    // Only possible when the environment allows it: said each time, not only in its settings.
    const auto* environment = m_session->currentEnvironment();
    const bool plainHttp = environment && environment->oauth.allowPlainHttp
        && isPlainRemoteHttp(m_session->resolvedUrl(request, collectionId));
    if (plainHttp)
        statusBar()->showMessage(tr("Sending over plain http, without TLS."), 10000);
    // The answer may come before send() returns (a request refused before it left).
    const auto answered = std::make_shared<bool>(false);
    const quint64 send = m_session->send(
        request, this,
        [this, request, environmentId, refusal, actions, plainHttp, tab, answered](
            const Http::HttpResponse& response, const Error& error) {
            *answered = true;
            m_requestTabs->setSendId(tab, 0);
            m_requestTabs->setResponse(tab, response, error);
            m_requestActions->record(request, response);
            if (tab != m_requestTabs->currentId())
                return; // kept with its tab, shown when that tab is current again
            m_requestEditor->setBusy(false);
            if (!error.isNull() && response.status == 0) {
                m_responseViewer->showError(error);
                return;
            }
            m_responseViewer->showResponse(response);
            if (environmentId != m_viewState->selected())
                return;
            if (response.status == 401 && refusal) {
                showProblem(*refusal);
            } else if (const Error refused = actions ? actions->refusalOfActiveToken(response) : Error();
                       !refused.isNull()) {
                m_banner->showMessage(
                    MessageBanner::Level::Warning, refused.summary, refused.detail + u'\n' + refused.hint);
            } else if (response.status == 401 && response.bearerError() == QLatin1String("invalid_token")) {
                m_banner->showMessage(MessageBanner::Level::Warning,
                    tr("The API refused the access token (invalid_token)"),
                    tr("It may have expired or been revoked. Refresh it or get a new one."));
            } else if (response.status == 403
                || response.bearerError() == QLatin1String("insufficient_scope")) {
                m_banner->showMessage(MessageBanner::Level::Warning,
                    tr("The API refused access (HTTP %1)").arg(response.status),
                    tr("The token may lack a scope or role this call needs. Compare the granted scopes "
                       "(hover the token status) with what the API requires."));
            } else if (plainHttp) {
                m_banner->showMessage(MessageBanner::Level::Warning, tr("The request went over plain http"),
                    tr("It was sent to %1 without TLS: anyone on the network could read it and reuse the "
                       "token or secrets it carried. Plain HTTP is allowed for this environment in "
                       "File ▸ Edit Environment… (Sign-in tab).")
                        .arg(response.url.host()));
            }
        },
        // Only the tab that asked shows how far its answer has come.
        [this, tab](qint64 received, qint64 total) {
            if (tab == m_requestTabs->currentId())
                m_responseViewer->showProgress(received, total);
        },
        collectionId);
    if (!*answered)
        m_requestTabs->setSendId(tab, send);
}

} // namespace Tokenscope::Ui
