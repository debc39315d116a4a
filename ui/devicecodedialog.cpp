#include "devicecodedialog.h"

#include "desktopservices.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace Tokenscope::Ui {

DeviceCodeDialog::DeviceCodeDialog(const QString& environmentName, QWidget* parent)
    : QDialog(parent)
    , m_statusLabel(new QLabel(this))
    , m_userCodeLabel(new QLabel(this))
    , m_copyButton(new QPushButton(tr("&Copy Code"), this))
    , m_linkLabel(new QLabel(this))
    , m_openButton(new QPushButton(tr("&Open in Browser"), this))
    , m_countdownLabel(new QLabel(this))
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    setObjectName(QStringLiteral("deviceCodeDialog"));
    setWindowTitle(tr("Sign in on another device: %1").arg(environmentName));
    setModal(false);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_userCodeLabel->setObjectName(QStringLiteral("userCodeLabel"));
    m_userCodeLabel->setTextFormat(Qt::PlainText); // the provider's user_code
    m_copyButton->setObjectName(QStringLiteral("copyButton"));
    m_linkLabel->setObjectName(QStringLiteral("verificationLinkLabel"));
    m_openButton->setObjectName(QStringLiteral("openBrowserButton"));
    m_countdownLabel->setObjectName(QStringLiteral("countdownLabel"));

    m_statusLabel->setWordWrap(true);
    m_statusLabel->setText(tr("Asking the provider for a code…"));

    QFont codeFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    codeFont.setPointSizeF(QFontInfo(font()).pointSizeF() * 2.4);
    codeFont.setBold(true);
    codeFont.setLetterSpacing(QFont::PercentageSpacing, 110);
    m_userCodeLabel->setFont(codeFont);
    m_userCodeLabel->setAlignment(Qt::AlignCenter);
    m_userCodeLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_userCodeLabel->setAccessibleName(tr("User code"));
    m_userCodeLabel->setMinimumHeight(m_userCodeLabel->fontMetrics().height() + 16);

    m_linkLabel->setTextFormat(Qt::RichText);
    m_linkLabel->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_linkLabel->setWordWrap(true);
    m_linkLabel->setAlignment(Qt::AlignCenter);
    m_countdownLabel->setAlignment(Qt::AlignCenter);
    m_copyButton->setEnabled(false);
    m_openButton->setEnabled(false);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    auto* codeRow = new QHBoxLayout;
    codeRow->addWidget(m_userCodeLabel, 1);
    codeRow->addWidget(m_copyButton);
    auto* linkRow = new QHBoxLayout;
    linkRow->addWidget(m_linkLabel, 1);
    linkRow->addWidget(m_openButton);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_statusLabel);
    layout->addLayout(codeRow);
    layout->addLayout(linkRow);
    layout->addWidget(m_countdownLabel);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &DeviceCodeDialog::reject);
    connect(m_copyButton, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_userCodeLabel->text());
        m_copyButton->setText(tr("Copied"));
    });
    connect(m_openButton, &QPushButton::clicked, this, &DeviceCodeDialog::openVerificationPage);
    connect(m_linkLabel, &QLabel::linkActivated, this,
        [](const QString& link) { DesktopServices::openUrl(QUrl(link, QUrl::StrictMode)); });
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &DeviceCodeDialog::updateCountdown);
    resize(460, sizeHint().height());
}

DeviceCodeDialog::~DeviceCodeDialog() = default;

void DeviceCodeDialog::setClock(Clock clock)
{
    m_clock = std::move(clock);
    updateCountdown();
}

void DeviceCodeDialog::showCode(const QString& userCode, const QUrl& verificationUri,
    const QUrl& verificationUriComplete, const QDateTime& expiresAt)
{
    m_verificationUri = verificationUri;
    m_verificationUriComplete = verificationUriComplete;
    m_expiresAt = expiresAt;
    m_statusLabel->setText(
        tr("On a phone or another computer, open the address below, enter this code and confirm. "
           "Tokenscope continues by itself once you have."));
    m_userCodeLabel->setText(userCode);
    const QString shown = verificationUri.toDisplayString();
    m_linkLabel->setText(
        QStringLiteral("<a href=\"%1\">%2</a>")
            .arg(verificationUri.toString(QUrl::FullyEncoded).toHtmlEscaped(), shown.toHtmlEscaped()));
    m_linkLabel->setToolTip(shown);
    m_copyButton->setEnabled(true);
    m_openButton->setEnabled(true);
    // With the code in the address the page needs no typing: the button opens that one.
    m_openButton->setToolTip(verificationUriComplete.isEmpty()
            ? shown
            : tr("%1 (the code is filled in)").arg(verificationUriComplete.toDisplayString()));
    m_ticker.start();
    updateCountdown();
}

void DeviceCodeDialog::updateCountdown()
{
    if (!m_expiresAt.isValid()) {
        m_countdownLabel->clear();
        return;
    }
    const qint64 left = m_clock().secsTo(m_expiresAt);
    if (left <= 0) {
        m_ticker.stop();
        m_countdownLabel->setText(tr("The code has expired."));
        return;
    }
    m_countdownLabel->setText(
        tr("The code expires in %1:%2").arg(left / 60).arg(left % 60, 2, 10, QLatin1Char('0')));
}

void DeviceCodeDialog::openVerificationPage()
{
    DesktopServices::openUrl(
        m_verificationUriComplete.isEmpty() ? m_verificationUri : m_verificationUriComplete);
}

void DeviceCodeDialog::finish()
{
    m_finished = true;
    m_ticker.stop();
    close();
}

void DeviceCodeDialog::reject()
{
    if (!m_finished) {
        m_finished = true;
        Q_EMIT cancelRequested();
    }
    QDialog::reject();
}

} // namespace Tokenscope::Ui
