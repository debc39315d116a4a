#include "responseviewer.h"
#include "testmain.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QTest>

#include <limits>

using namespace Tokenscope;

namespace {

// A compact JSON response of about `megabytes` MB: patient records as the demo API returns them.
QByteArray largeResponse(int megabytes)
{
    QJsonArray patients;
    QByteArray probe;
    int i = 0;
    while (true) {
        for (int k = 0; k < 1000; ++k, ++i) {
            patients.append(QJsonObject {
                {QStringLiteral("id"), QStringLiteral("p-%1").arg(i)},
                {QStringLiteral("name"), QStringLiteral("Patiënt %1 de Vries").arg(i)},
                {QStringLiteral("birthDate"), QStringLiteral("1984-03-12")},
                {QStringLiteral("address"),
                    QJsonObject {{QStringLiteral("street"), QStringLiteral("Oudegracht 112")},
                        {QStringLiteral("postalCode"), QStringLiteral("3511 AX")},
                        {QStringLiteral("city"), QStringLiteral("Utrecht")}}},
                {QStringLiteral("conditions"),
                    QJsonArray {QStringLiteral("Hypertension"), QStringLiteral("Asthma")}},
                {QStringLiteral("active"), (i % 3) != 0},
            });
        }
        probe = QJsonDocument(QJsonObject {{QStringLiteral("patients"), patients}})
                    .toJson(QJsonDocument::Compact);
        if (probe.size() >= megabytes * 1000 * 1000)
            return probe;
    }
}

} // namespace

// Benchmarks, not tests: run by hand (see the README) to compare with jq on the same file.
class BenchResponseBody final : public QObject
{
    Q_OBJECT

private:
    QByteArray m_body;

private Q_SLOTS:
    void initTestCase()
    {
        m_body = largeResponse(qEnvironmentVariableIntValue("TOKENSCOPE_BENCH_MB") > 0
                ? qEnvironmentVariableIntValue("TOKENSCOPE_BENCH_MB")
                : 20);
        const QString out = qEnvironmentVariable("TOKENSCOPE_BENCH_WRITE");
        if (!out.isEmpty()) {
            QFile file(out);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(m_body);
        }
        qInfo("body: %.1f MB", double(m_body.size()) / 1e6);
    }

    // Worker-thread cost: parse and indent (what `jq .` does).
    void formatBody()
    {
        QString formatted;
        QBENCHMARK
        {
            formatted = Ui::ResponseViewer::formatBody(
                m_body, "application/json", std::numeric_limits<qsizetype>::max())
                            .text;
        }
        QVERIFY(formatted.size() > m_body.size());
    }

    // GUI-thread cost: putting what is shown (at most displayLimit characters) into the text view.
    void showBody()
    {
        const auto formatted = Ui::ResponseViewer::formatBody(m_body, "application/json");
        QPlainTextEdit view;
        QBENCHMARK
        {
            view.setPlainText(formatted.text);
        }
    }
};

TOKENSCOPE_GUI_TEST_MAIN(BenchResponseBody)
#include "bench_responsebody.moc"
