#include "transportsecurityfields.h"

#include "environment.h"
#include "palette.h"
#include "ui_environmentdialog.h"

namespace Tokenscope::Ui {

namespace {

QStringList entryLines(const Ui_EnvironmentDialog* ui)
{
    QStringList lines;
    for (const QString& line : ui->trustedCertificatesTextEdit->toPlainText().split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty())
            lines.append(line.trimmed());
    }
    return lines;
}

} // namespace

void TransportSecurityFields::show(Ui_EnvironmentDialog* ui, const Workspace::Environment& environment)
{
    QStringList entries;
    for (const CertificateFingerprint& fingerprint : environment.oauth.trustedCertificates)
        entries.append(fingerprint.toEntry());
    ui->trustedCertificatesTextEdit->setPlainText(entries.join(QLatin1Char('\n')));

    ui->plainHttpWarningLabel->setStyleSheet(QStringLiteral("color: %1;").arg(Palette::error));
    ui->allowPlainHttpCheckBox->setChecked(environment.oauth.allowPlainHttp);
    ui->plainHttpWarningLabel->setVisible(environment.oauth.allowPlainHttp);
    QObject::connect(
        ui->allowPlainHttpCheckBox, &QCheckBox::toggled, ui->plainHttpWarningLabel, &QWidget::setVisible);
}

void TransportSecurityFields::read(const Ui_EnvironmentDialog* ui, Workspace::Environment* environment)
{
    QList<CertificateFingerprint> entries;
    for (const QString& line : entryLines(ui)) {
        if (const auto fingerprint = CertificateFingerprint::fromEntry(line))
            entries.append(*fingerprint);
    }
    environment->oauth.trustedCertificates = boundToHosts(entries, Workspace::configuredHosts(*environment));
    environment->oauth.allowPlainHttp = ui->allowPlainHttpCheckBox->isChecked();
}

QString TransportSecurityFields::problem(const Ui_EnvironmentDialog* ui, const Workspace::Environment& edited)
{
    const bool hosts = !Workspace::configuredHosts(edited).isEmpty();
    for (const QString& line : entryLines(ui)) {
        QString reason;
        const auto fingerprint = CertificateFingerprint::fromEntry(line, &reason);
        if (!fingerprint)
            return tr("“%1” is not a SHA-256 fingerprint. %2").arg(line, reason);
        if (fingerprint->host().isEmpty() && !hosts) {
            return tr("Say which host the certificate “%1” is trusted for: write “@ host” after it, such as "
                      "@ sandbox.example.com.")
                .arg(line);
        }
    }
    return {};
}

} // namespace Tokenscope::Ui
