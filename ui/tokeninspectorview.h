#pragma once

#include "signatureverdict.h"
#include "tokeninspection.h"

#include <QStringList>
#include <QWidget>

class QLabel;
class QListView;
class QPlainTextEdit;
class QStandardItemModel;
class QTabWidget;
class QTableView;

namespace Tokenscope::Ui {

class ClaimTableModel;

// What the Token Inspector says about one token: its form, the signature verdict, the claim checks,
// the header and claims (or the introspection answer) as tables, the raw JSON, the scopes and the
// audience. It shows an inspection; where the token comes from is the TokenInspector's business.
class TokenInspectorView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenInspectorView)

public:
    explicit TokenInspectorView(QWidget* parent = nullptr);

    // kind: which token it is (the audience means something else for each). rawJson: what the Raw JSON
    // tab shows (pretty-printed here); empty: the token's header and payload.
    void showInspection(
        const OAuth::TokenInspection& inspection, OAuth::TokenKind kind, const QJsonObject& rawJson = {});
    void showVerdict(const OAuth::SignatureVerdict& verdict);
    void showVerdictPending();
    // Nothing to inspect, and why (e.g. "No ID token: sign in first").
    void showNothing(const QString& why);

    // The claim rows as shown, for a person reading the tables or a test.
    ClaimTableModel* claimModel() const { return m_claims; }
    ClaimTableModel* headerModel() const { return m_header; }

Q_SIGNALS:
    // Copied text, for the status bar.
    void statusMessage(const QString& text, int timeout);

private:
    QTableView* createTable(ClaimTableModel* model, const QString& objectName, const QString& accessibleName);
    void copyValue(QTableView* table);
    void showChecks(const QList<OAuth::ClaimCheck>& checks);
    void showScopes(const OAuth::ScopeComparison& scopes);
    void showAudience(const OAuth::AudienceComparison& audience, OAuth::TokenKind kind);
    void showRawJson(const OAuth::TokenInspection& inspection, const QJsonObject& rawJson);

    QLabel* m_form;
    QLabel* m_verdict;
    QStandardItemModel* m_checkItems;
    QListView* m_checks;
    QTabWidget* m_tabs;
    ClaimTableModel* m_claims;
    ClaimTableModel* m_header;
    QTableView* m_claimsView;
    QTableView* m_headerView;
    QPlainTextEdit* m_raw;
    QStandardItemModel* m_scopeItems;
    QTableView* m_scopesView;
    QLabel* m_scopesNote;
    QStringList m_shownScopes; // what the scopes table shows
    QLabel* m_audience;
};

} // namespace Tokenscope::Ui
