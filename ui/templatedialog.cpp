#include "templatedialog.h"

#include "applymetadata.h"
#include "discovery.h"
#include "palette.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace Tokenscope::Ui {

namespace {

enum Page { PickPage, AnswersPage, DiscoveryPage };

QLabel* wrappedLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

TemplateDialog::TemplateDialog(Http::NetworkClient* network, QWidget* parent)
    : QDialog(parent)
    , m_discovery(new OAuth::Discovery(network, this))
    , m_pages(new QStackedWidget(this))
    , m_templates(new QListWidget(this))
    , m_description(wrappedLabel(this))
    , m_form(new QFormLayout)
    , m_name(new QLineEdit(this))
    , m_preview(wrappedLabel(this))
    , m_problem(wrappedLabel(this))
    , m_status(wrappedLabel(this))
    , m_failure(wrappedLabel(this))
    , m_progress(new QProgressBar(this))
    , m_back(new QPushButton(tr("&Back"), this))
    , m_next(new QPushButton(tr("&Next"), this))
    , m_withoutDiscovery(new QPushButton(tr("Continue &Without Discovery"), this))
{
    setWindowTitle(tr("New Environment from Template"));
    setObjectName(QStringLiteral("templateDialog"));
    resize(620, 460);

    m_templates->setObjectName(QStringLiteral("templateList"));
    m_templates->setAccessibleName(tr("Templates"));
    for (const OAuth::ProviderTemplate& entry : OAuth::providerTemplates()) {
        auto* item = new QListWidgetItem(entry.title, m_templates);
        item->setToolTip(entry.description);
    }
    m_templates->setCurrentRow(0);
    auto* pick = new QWidget(this);
    auto* pickLayout = new QVBoxLayout(pick);
    auto* pickHint = wrappedLabel(pick);
    pickHint->setText(tr("Which kind of provider? Tokenscope asks for the few values its documentation gives "
                         "and finds the rest with Discover."));
    auto* pickDescription = wrappedLabel(pick);
    pickDescription->setObjectName(QStringLiteral("templateDescription"));
    pickLayout->addWidget(pickHint);
    pickLayout->addWidget(m_templates, 1);
    pickLayout->addWidget(pickDescription);
    connect(m_templates, &QListWidget::currentRowChanged, this, [pickDescription](int row) {
        const auto templates = OAuth::providerTemplates();
        pickDescription->setText(
            row >= 0 && row < templates.size() ? templates.at(row).description : QString());
    });
    pickDescription->setText(OAuth::providerTemplates().constFirst().description);
    connect(m_templates, &QListWidget::itemActivated, this, [this] { choose(m_templates->currentRow()); });

    auto* answersPage = new QWidget(this);
    auto* answersLayout = new QVBoxLayout(answersPage);
    m_description->setObjectName(QStringLiteral("templateHeading"));
    m_name->setObjectName(QStringLiteral("templateName"));
    connect(m_name, &QLineEdit::textEdited, this, [this] { m_nameEdited = true; });
    m_preview->setObjectName(QStringLiteral("templatePreview"));
    m_preview->setTextFormat(Qt::PlainText);
    m_problem->setObjectName(QStringLiteral("templateProblem"));
    m_problem->setStyleSheet(QStringLiteral("color: %1;").arg(Palette::error));
    m_problem->hide();
    answersLayout->addWidget(m_description);
    answersLayout->addLayout(m_form);
    m_form->addRow(tr("&Name:"), m_name); // the last row: a template's questions go above it
    answersLayout->addWidget(m_preview);
    answersLayout->addStretch(1);
    answersLayout->addWidget(m_problem);

    auto* discoveryPage = new QWidget(this);
    auto* discoveryLayout = new QVBoxLayout(discoveryPage);
    m_status->setObjectName(QStringLiteral("templateStatus"));
    m_failure->setObjectName(QStringLiteral("templateFailure"));
    m_failure->setTextFormat(Qt::PlainText);
    m_progress->setRange(0, 0); // busy: a discovery has no steps to count
    discoveryLayout->addWidget(m_status);
    discoveryLayout->addWidget(m_progress);
    discoveryLayout->addWidget(m_failure);
    discoveryLayout->addStretch(1);

    m_pages->addWidget(pick);
    m_pages->addWidget(answersPage);
    m_pages->addWidget(discoveryPage);

    m_back->setObjectName(QStringLiteral("templateBackButton"));
    m_next->setObjectName(QStringLiteral("templateNextButton"));
    m_withoutDiscovery->setObjectName(QStringLiteral("templateWithoutDiscoveryButton"));
    m_withoutDiscovery->setToolTip(
        tr("Use the endpoints the provider's documentation gives, without its metadata"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_back, QDialogButtonBox::ActionRole);
    buttons->addButton(m_withoutDiscovery, QDialogButtonBox::ActionRole);
    buttons->addButton(m_next, QDialogButtonBox::ActionRole);
    m_next->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_back, &QPushButton::clicked, this, [this] {
        if (m_pages->currentIndex() == DiscoveryPage) {
            showAnswers();
            return;
        }
        m_pages->setCurrentIndex(PickPage);
        m_back->setEnabled(false);
        m_next->setText(tr("&Next"));
    });
    connect(m_next, &QPushButton::clicked, this, [this] {
        if (m_pages->currentIndex() == PickPage)
            choose(m_templates->currentRow());
        else
            discover();
    });
    connect(m_withoutDiscovery, &QPushButton::clicked, this, &TemplateDialog::continueWithoutDiscovery);
    m_back->setEnabled(false);
    m_withoutDiscovery->hide();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_pages, 1);
    layout->addWidget(buttons);
}

TemplateDialog::~TemplateDialog() = default;

void TemplateDialog::startWith(OAuth::ProviderKind kind)
{
    m_fixedKind = true;
    const auto templates = OAuth::providerTemplates();
    for (int row = 0; row < templates.size(); ++row)
        if (templates.at(row).kind == kind)
            choose(row);
}

void TemplateDialog::choose(int row)
{
    const auto templates = OAuth::providerTemplates();
    if (row < 0 || row >= templates.size())
        return;
    m_template = templates.at(row);
    if (m_template.kind == OAuth::ProviderKind::Manual) {
        m_setup = OAuth::fillTemplate(m_template.kind, {}).setup;
        acceptWith(baseEnvironment());
        return;
    }
    while (m_form->rowCount() > 1)
        m_form->removeRow(0);
    m_fields.clear();
    for (const OAuth::TemplateField& field : m_template.fields) {
        auto* edit = new QLineEdit(this);
        edit->setObjectName(QStringLiteral("templateField_") + field.key);
        edit->setPlaceholderText(
            field.optional ? tr("%1 (optional)").arg(field.placeholder) : field.placeholder);
        edit->setToolTip(field.help);
        edit->setWhatsThis(field.help);
        connect(edit, &QLineEdit::textChanged, this, &TemplateDialog::updatePreview);
        m_form->insertRow(m_form->rowCount() - 1, field.label, edit);
        m_fields.insert(field.key, edit);
    }
    m_name->clear();
    m_nameEdited = false;
    m_description->setText(
        QStringLiteral("<b>%1</b><br>%2")
            .arg(m_template.title.toHtmlEscaped(), m_template.description.toHtmlEscaped()));
    showAnswers();
    updatePreview();
    if (!m_template.fields.isEmpty())
        m_fields.value(m_template.fields.constFirst().key)->setFocus();
}

void TemplateDialog::showAnswers()
{
    m_setup.reset(); // a discovery still under way no longer counts
    m_pages->setCurrentIndex(AnswersPage);
    m_back->setEnabled(!m_fixedKind);
    m_next->setText(tr("&Discover"));
    m_next->setEnabled(true);
    m_withoutDiscovery->hide();
}

void TemplateDialog::setAnswer(const QString& key, const QString& value)
{
    if (QLineEdit* edit = m_fields.value(key))
        edit->setText(value);
}

QHash<QString, QString> TemplateDialog::answers() const
{
    QHash<QString, QString> result;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it)
        result.insert(it.key(), it.value()->text());
    return result;
}

void TemplateDialog::updatePreview()
{
    m_problem->hide();
    const OAuth::TemplateResult result = OAuth::fillTemplate(m_template.kind, answers());
    if (!result.setup) {
        m_preview->clear();
        return;
    }
    if (!m_nameEdited)
        m_name->setText(result.setup->name);
    QStringList lines;
    if (!result.setup->documentUrl.isEmpty())
        lines << tr("Metadata: %1").arg(result.setup->documentUrl.toDisplayString());
    if (!result.setup->issuer.isEmpty())
        lines << tr("Issuer: %1").arg(result.setup->issuer);
    lines << tr("Scope: %1").arg(result.setup->scope);
    lines << result.setup->explanation;
    m_preview->setText(lines.join(QLatin1Char('\n')));
}

void TemplateDialog::discover()
{
    const OAuth::TemplateResult result = OAuth::fillTemplate(m_template.kind, answers());
    if (!result.setup) {
        m_problem->setText(result.problem);
        m_problem->show();
        if (QLineEdit* edit = m_fields.value(result.field))
            edit->setFocus();
        return;
    }
    m_setup = result.setup;
    const QString where
        = m_setup->documentUrl.isEmpty() ? m_setup->issuer : m_setup->documentUrl.toDisplayString();
    m_pages->setCurrentIndex(DiscoveryPage);
    m_status->setText(tr("Discovering %1…").arg(where));
    m_progress->show();
    m_failure->clear();
    m_next->setEnabled(false);
    m_back->setEnabled(true);
    m_withoutDiscovery->hide();
    // Each run has its own setup; an answer that comes after Back (m_setup reset or replaced) is dropped.
    const auto handler = [this, setup = *m_setup](const OAuth::DiscoveryOutcome& outcome) {
        if (m_setup && *m_setup == setup && m_pages->currentIndex() == DiscoveryPage)
            finish(outcome);
    };
    if (m_setup->documentUrl.isEmpty())
        m_discovery->discover(m_setup->issuer, this, handler);
    else
        m_discovery->discoverDocument(m_setup->documentUrl, m_setup->issuer, this, handler);
}

void TemplateDialog::finish(const OAuth::DiscoveryOutcome& outcome)
{
    if (!outcome.ok()) {
        QString detail = outcome.error.detail;
        if (!outcome.error.hint.isEmpty())
            detail += (detail.isEmpty() ? QString() : QStringLiteral("\n")) + outcome.error.hint;
        showFailure(outcome.error.summary, detail);
        return;
    }
    const OAuth::ProviderMetadata& metadata = *outcome.metadata;
    // A document found at an address the user typed must be that issuer's own (OIDC Discovery §4.3).
    if (m_template.kind == OAuth::ProviderKind::Generic && m_setup->issuer.isEmpty()
        && !OAuth::documentUrlFitsIssuer(m_setup->documentUrl, metadata.issuer)) {
        showFailure(tr("The document names the issuer %1, whose metadata is published elsewhere")
                        .arg(metadata.issuer),
            tr("Its metadata belongs at %1. If %2 is the provider you mean, enter it as the issuer.")
                .arg(OAuth::openIdConfigurationUrl(metadata.issuer).toDisplayString(), metadata.issuer));
        return;
    }
    Workspace::Environment environment = baseEnvironment();
    OAuth::applyDiscovered(metadata, &environment.oauth, false);
    environment.oauth.endpointsDiscovered = true;
    acceptWith(environment);
}

void TemplateDialog::showFailure(const QString& summary, const QString& detail)
{
    m_progress->hide();
    m_status->setText(QStringLiteral("<b>%1</b>").arg(summary.toHtmlEscaped()));
    m_failure->setText(detail + QStringLiteral("\n\n")
        + tr("Go back to correct the answers, or try again when the provider can be reached."));
    m_next->setText(tr("&Try Again"));
    m_next->setEnabled(true);
    // What the provider's documentation gives is enough to go on with by hand.
    m_withoutDiscovery->setVisible(m_setup && m_setup->tokenEndpoint.isValid());
    Q_EMIT discoveryFailed(summary);
}

void TemplateDialog::continueWithoutDiscovery()
{
    if (!m_setup)
        return;
    Workspace::Environment environment = baseEnvironment();
    environment.oauth.issuer = m_setup->issuer;
    environment.oauth.authorizationEndpoint = m_setup->authorizationEndpoint;
    environment.oauth.tokenEndpoint = m_setup->tokenEndpoint;
    acceptWith(environment);
}

Workspace::Environment TemplateDialog::baseEnvironment() const
{
    Workspace::Environment environment;
    environment.name = m_name->text().trimmed();
    if (m_setup) {
        if (environment.name.isEmpty())
            environment.name = m_setup->name;
        environment.oauth.scope = m_setup->scope;
        environment.oauth.extraAuthorizationParameters = m_setup->extraAuthorizationParameters;
    }
    return environment;
}

void TemplateDialog::acceptWith(Workspace::Environment environment)
{
    m_environment = std::move(environment);
    accept();
}

} // namespace Tokenscope::Ui
