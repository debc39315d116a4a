#include "tokeninspectorview.h"

#include "claimtablemodel.h"
#include "jsonhighlighter.h"
#include "palette.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace Tokenscope::Ui {

namespace {

using Row = ClaimTableModel::Row;
using Tone = ClaimTableModel::Tone;

Row rowOf(const Jwt::ClaimRow& claim)
{
    Row row;
    row.claim = claim.name;
    row.name = claim.label;
    row.explanation = claim.known ? claim.explanation
                                  : TokenInspectorView::tr("Not a claim Tokenscope knows: shown as it is.");
    row.value = claim.valueText;
    row.copyText = claim.valueText;
    switch (claim.timeState) {
    case Jwt::TimeState::NotATime:
        break;
    case Jwt::TimeState::Past:
    case Jwt::TimeState::Future:
        row.value = TokenInspectorView::tr("%1 (%2)").arg(claim.localTimeText, claim.relativeText);
        break;
    case Jwt::TimeState::Expired:
        row.value = TokenInspectorView::tr("%1 (%2)").arg(claim.localTimeText, claim.relativeText);
        row.tone = Tone::Bad;
        row.flag = TokenInspectorView::tr("Expired");
        break;
    case Jwt::TimeState::NotYetValid:
        row.value = TokenInspectorView::tr("%1 (%2)").arg(claim.localTimeText, claim.relativeText);
        row.tone = Tone::Warning;
        row.flag = TokenInspectorView::tr("Not yet valid");
        break;
    case Jwt::TimeState::OutOfRange:
        row.tone = Tone::Bad;
        row.flag = claim.problem;
        break;
    }
    return row;
}

QList<Row> rowsOf(const QList<Jwt::ClaimRow>& claims)
{
    QList<Row> rows;
    rows.reserve(claims.size());
    for (const Jwt::ClaimRow& claim : claims)
        rows << rowOf(claim);
    return rows;
}

QLatin1String colourOf(OAuth::VerdictStatus status)
{
    using S = OAuth::VerdictStatus;
    switch (status) {
    case S::Valid:
        return Palette::success;
    case S::InvalidSignature:
    case S::AlgNone:
    case S::Malformed:
        return Palette::error;
    case S::UnknownKey:
    case S::UnsupportedAlgorithm:
    case S::SharedSecret:
    case S::KeysUnavailable:
        return Palette::warning;
    case S::NotChecked:
        break;
    }
    return Palette::muted;
}

// A tick, a cross or a dash, and the reason: the mark is not the only sign (screen readers, colour).
QString checkText(const OAuth::ClaimCheck& check)
{
    switch (check.result) {
    case OAuth::CheckResult::Passed:
        return TokenInspectorView::tr("✓ %1: %2").arg(check.title, check.reason);
    case OAuth::CheckResult::Failed:
        return TokenInspectorView::tr("✗ %1: %2").arg(check.title, check.reason);
    case OAuth::CheckResult::NotApplicable:
        break;
    }
    return TokenInspectorView::tr("– %1: %2").arg(check.title, check.reason);
}

QLatin1String colourOf(OAuth::CheckResult result)
{
    switch (result) {
    case OAuth::CheckResult::Passed:
        return Palette::success;
    case OAuth::CheckResult::Failed:
        return Palette::error;
    case OAuth::CheckResult::NotApplicable:
        break;
    }
    return Palette::muted;
}

QString pretty(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)).trimmed();
}

} // namespace

TokenInspectorView::TokenInspectorView(QWidget* parent)
    : QWidget(parent)
    , m_form(new QLabel(this))
    , m_verdict(new QLabel(this))
    , m_checkItems(new QStandardItemModel(this))
    , m_checks(new QListView(this))
    , m_tabs(new QTabWidget(this))
    , m_claims(new ClaimTableModel(this))
    , m_header(new ClaimTableModel(this))
    , m_claimsView(createTable(m_claims, QStringLiteral("claimsTableView"), tr("Claims")))
    , m_headerView(createTable(m_header, QStringLiteral("headerTableView"), tr("Header")))
    , m_raw(new QPlainTextEdit(this))
    , m_scopeItems(new QStandardItemModel(this))
    , m_scopesView(new QTableView(this))
    , m_scopesNote(new QLabel(this))
    , m_audience(new QLabel(this))
{
    m_form->setObjectName(QStringLiteral("tokenFormLabel"));
    m_form->setWordWrap(true);
    m_form->setAccessibleName(tr("Token form"));
    m_verdict->setObjectName(QStringLiteral("signatureVerdictLabel"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextFormat(Qt::RichText);
    m_verdict->setAccessibleName(tr("Signature verdict"));
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_checks->setObjectName(QStringLiteral("claimChecksListView"));
    m_checks->setModel(m_checkItems);
    m_checks->setAccessibleName(tr("Claim checks"));
    m_checks->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_checks->setWordWrap(true);
    m_checks->setMinimumHeight(4 * fontMetrics().lineSpacing());
    m_checks->setMaximumHeight(8 * fontMetrics().lineSpacing());

    m_raw->setObjectName(QStringLiteral("rawJsonTextEdit"));
    m_raw->setReadOnly(true);
    m_raw->setAccessibleName(tr("Raw JSON"));
    m_raw->setFont(QFont(QStringLiteral("monospace")));
    m_raw->setTabChangesFocus(true);
    new JsonHighlighter(m_raw->document());

    m_scopesView->setObjectName(QStringLiteral("scopesTableView"));
    m_scopesView->setModel(m_scopeItems);
    m_scopesView->setAccessibleName(tr("Scopes requested and granted"));
    m_scopesView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_scopesView->verticalHeader()->hide();
    m_scopesView->horizontalHeader()->setStretchLastSection(true);
    m_scopesNote->setObjectName(QStringLiteral("scopesNoteLabel"));
    m_scopesNote->setWordWrap(true);
    m_audience->setObjectName(QStringLiteral("audienceLabel"));
    m_audience->setWordWrap(true);
    m_audience->setTextFormat(Qt::RichText);
    m_audience->setAccessibleName(tr("Audience and request host"));

    auto* scopesPage = new QWidget(this);
    auto* scopesLayout = new QVBoxLayout(scopesPage);
    scopesLayout->addWidget(m_scopesNote);
    scopesLayout->addWidget(m_scopesView, 1);
    scopesLayout->addWidget(m_audience);

    m_tabs->setObjectName(QStringLiteral("inspectorTabWidget"));
    m_tabs->addTab(m_claimsView, tr("C&laims"));
    m_tabs->addTab(m_headerView, tr("Header"));
    m_tabs->addTab(m_raw, tr("Ra&w JSON"));
    m_tabs->addTab(scopesPage, tr("Scopes and A&udience"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_form);
    layout->addWidget(m_verdict);
    layout->addWidget(m_checks);
    layout->addWidget(m_tabs, 1);
}

QTableView* TokenInspectorView::createTable(
    ClaimTableModel* model, const QString& objectName, const QString& accessibleName)
{
    auto* table = new QTableView(this);
    table->setObjectName(objectName);
    table->setModel(model);
    table->setAccessibleName(accessibleName);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setWordWrap(false);
    table->setTabKeyNavigation(false);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(
        ClaimTableModel::ClaimColumn, QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(
        ClaimTableModel::NameColumn, QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    auto* copy = new QAction(tr("&Copy Value"), table);
    copy->setObjectName(QStringLiteral("copyClaimAction"));
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, [this, table] { copyValue(table); });
    table->addAction(copy);
    table->setContextMenuPolicy(Qt::ActionsContextMenu);
    return table;
}

void TokenInspectorView::copyValue(QTableView* table)
{
    const QModelIndex current = table->currentIndex();
    if (!current.isValid())
        return;
    const QString claim = current.siblingAtColumn(ClaimTableModel::ClaimColumn).data().toString();
    QApplication::clipboard()->setText(current.data(ClaimTableModel::CopyRole).toString());
    Q_EMIT statusMessage(tr("Value of “%1” copied.").arg(claim), 5000);
}

void TokenInspectorView::showInspection(
    const OAuth::TokenInspection& inspection, OAuth::TokenKind kind, const QJsonObject& rawJson)
{
    QString form = inspection.formText;
    if (inspection.fromIntrospection)
        form = inspection.active ? tr("Opaque token: the provider's introspection answer (active) is shown.")
                                 : tr("Opaque token: the provider says it is not active (expired, revoked "
                                      "or unknown).");
    m_form->setText(form);
    m_header->setRows(rowsOf(inspection.headerRows));
    m_claims->setRows(rowsOf(inspection.claimRows));
    m_tabs->setTabEnabled(m_tabs->indexOf(m_headerView), !inspection.headerRows.isEmpty());
    showChecks(inspection.checks);
    showScopes(inspection.scopes);
    showAudience(inspection.audience, kind);
    showRawJson(inspection, rawJson);
}

void TokenInspectorView::showRawJson(const OAuth::TokenInspection& inspection, const QJsonObject& rawJson)
{
    QString text;
    if (!rawJson.isEmpty()) {
        text = pretty(rawJson);
    } else {
        QStringList parts;
        if (!inspection.token.header.isEmpty())
            parts << pretty(inspection.token.header);
        if (!inspection.token.payload.isEmpty())
            parts << pretty(inspection.token.payload);
        text = parts.join(QStringLiteral("\n\n"));
    }
    if (m_raw->toPlainText() != text)
        m_raw->setPlainText(text);
}

void TokenInspectorView::showVerdict(const OAuth::SignatureVerdict& verdict)
{
    QString text = QStringLiteral("<b style=\"color:%1\">%2</b>")
                       .arg(colourOf(verdict.status), verdict.summary.toHtmlEscaped());
    if (!verdict.reason.isEmpty())
        text += QStringLiteral("<br>") + verdict.reason.toHtmlEscaped();
    if (!verdict.error.isNull())
        text += QStringLiteral("<br>") + verdict.error.toText().toHtmlEscaped();
    m_verdict->setText(text);
}

void TokenInspectorView::showVerdictPending()
{
    m_verdict->setText(QStringLiteral("<span style=\"color:%1\">%2</span>")
                           .arg(Palette::muted, tr("Checking the signature…")));
}

void TokenInspectorView::showNothing(const QString& why)
{
    m_form->setText(why);
    m_verdict->clear();
    m_header->setRows({});
    m_claims->setRows({});
    m_checkItems->clear();
    m_checks->hide();
    m_scopeItems->clear();
    m_scopesNote->clear();
    m_audience->clear();
    m_raw->clear();
}

void TokenInspectorView::showChecks(const QList<OAuth::ClaimCheck>& checks)
{
    m_checks->setVisible(!checks.isEmpty());
    if (checks.size() == m_checkItems->rowCount()) {
        // A tick of the clock: the same checks, so the list keeps its scroll position.
        bool same = true;
        for (int row = 0; row < checks.size() && same; ++row)
            same = m_checkItems->item(row)->data(Qt::UserRole).toString() == checks.at(row).id;
        if (same) {
            for (int row = 0; row < checks.size(); ++row) {
                m_checkItems->item(row)->setText(checkText(checks.at(row)));
                m_checkItems->item(row)->setForeground(QColor(colourOf(checks.at(row).result)));
            }
            return;
        }
    }
    m_checkItems->clear();
    for (const OAuth::ClaimCheck& check : checks) {
        auto* item = new QStandardItem(checkText(check));
        item->setData(check.id, Qt::UserRole);
        item->setForeground(QColor(colourOf(check.result)));
        item->setToolTip(check.reason);
        m_checkItems->appendRow(item);
    }
}

void TokenInspectorView::showScopes(const OAuth::ScopeComparison& scopes)
{
    // Scopes do not move with the clock: the table is rebuilt only when they change.
    const QStringList shown {scopes.requested.join(u' '), scopes.granted.join(u' '),
        scopes.missing.join(u' '), scopes.extra.join(u' '), scopes.signInOnly.join(u' '),
        scopes.grantedSource};
    if (shown == m_shownScopes && m_scopeItems->columnCount() > 0)
        return;
    m_shownScopes = shown;
    m_scopeItems->clear();
    m_scopeItems->setHorizontalHeaderLabels({tr("Scope"), tr("Status")});
    const auto add = [this](const QString& scope, const QString& status, QLatin1String colour) {
        auto* statusItem = new QStandardItem(status);
        statusItem->setForeground(QColor(colour));
        m_scopeItems->appendRow({new QStandardItem(scope), statusItem});
    };
    for (const QString& scope : scopes.granted) {
        if (scopes.extra.contains(scope))
            add(scope, tr("granted, not requested"), Palette::warning);
        else
            add(scope, tr("requested and granted"), Palette::success);
    }
    for (const QString& scope : scopes.missing)
        add(scope, tr("requested, NOT granted"), Palette::error);
    for (const QString& scope : scopes.signInOnly)
        add(scope, tr("requested; a sign-in scope, not listed in the token"), Palette::muted);
    if (!scopes.grantedKnown) {
        for (const QString& scope : scopes.requested)
            add(scope, tr("requested"), Palette::muted);
    }
    if (!scopes.grantedKnown)
        m_scopesNote->setText(tr("Nothing says which scopes were granted."));
    else if (!scopes.requestedKnown)
        m_scopesNote->setText(
            tr("Granted according to %1; the environment requests no scopes.").arg(scopes.grantedSource));
    else
        m_scopesNote->setText(tr("Granted according to %1.").arg(scopes.grantedSource));
    m_scopesView->resizeColumnToContents(0);
}

void TokenInspectorView::showAudience(const OAuth::AudienceComparison& audience, OAuth::TokenKind kind)
{
    // Neither goes to an API: comparing their audience with the request's host would mislead.
    if (kind == OAuth::TokenKind::IdToken) {
        m_audience->setText(tr("An ID token is for this client (its audience is the client ID), not for an "
                               "API: it is never sent with a request.")
                                .toHtmlEscaped());
        return;
    }
    if (kind == OAuth::TokenKind::RefreshToken) {
        m_audience->setText(tr("A refresh token goes only to the provider's token endpoint, never to an API.")
                                .toHtmlEscaped());
        return;
    }
    if (audience.audiences.isEmpty()) {
        m_audience->setText(
            tr("The token names no audience (aud): nothing to compare with the request's host.")
                .toHtmlEscaped());
        return;
    }
    QLatin1String colour = Palette::muted;
    QString verdict;
    switch (audience.match) {
    case OAuth::AudienceMatch::Matches:
        colour = Palette::success;
        verdict = tr("The audience names the request's host.");
        break;
    case OAuth::AudienceMatch::DoesNotMatch:
        colour = Palette::error;
        verdict = tr("The audience does not name the request's host.");
        break;
    case OAuth::AudienceMatch::CannotTell:
        colour = Palette::warning;
        verdict = tr("Whether the audience means the request's host cannot be told.");
        break;
    case OAuth::AudienceMatch::NotApplicable:
        verdict = tr("No audience to compare with the request's host.");
        break;
    }
    QString text = QStringLiteral("<b style=\"color:%1\">%2</b>").arg(colour, verdict.toHtmlEscaped());
    if (!audience.reason.isEmpty())
        text += QStringLiteral("<br>") + audience.reason.toHtmlEscaped();
    m_audience->setText(text);
}

} // namespace Tokenscope::Ui
