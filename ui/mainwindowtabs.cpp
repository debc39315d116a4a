#include "mainwindow.h"
#include "requesteditor.h"
#include "requesttabs.h"
#include "responseviewer.h"

#include <QVBoxLayout>

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
    m_requestTabs->openTab(m_requestEditor->request());
    connect(m_requestTabs, &RequestTabs::switched, this, [this](quint64 previous, quint64 current) {
        if (previous)
            m_requestTabs->setRequest(previous, m_requestEditor->request());
        const RequestTabs::Tab& tab = m_requestTabs->tab(current);
        m_requestEditor->setRequest(tab.request);
        // Each tab shows its own last answer.
        if (tab.response)
            m_responseViewer->showResponse(*tab.response);
        else
            m_responseViewer->showEmpty();
    });
    connect(m_requestEditor, &RequestEditor::edited, this, [this] {
        m_requestTabs->setRequest(m_requestTabs->currentId(), m_requestEditor->request());
        m_requestTabs->setDirty(m_requestTabs->currentId(), true);
    });
    return area;
}

void MainWindow::openRequestInNewTab(const Http::HttpRequest& request)
{
    m_requestTabs->openTab(request);
    m_requestEditor->setFocus();
}

} // namespace Tokenscope::Ui
