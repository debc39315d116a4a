#include "bodybuffer.h"
#include "bodyview.h"
#include "rawdocument.h"
#include "responsebodypane.h"
#include "testmain.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

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

    // Worker-thread cost: the line index of the whole body.
    void indexBody()
    {
        const auto buffer = Body::BodyBuffer::fromBytes(m_body);
        QBENCHMARK
        {
            Body::RawLineDocument document(buffer);
            QSignalSpy completed(&document, &Body::LineDocument::completed);
            QVERIFY(document.isComplete() || completed.wait(60000));
        }
    }

    // GUI-thread cost: the first screen of the body in the viewer.
    void showBody()
    {
        Ui::ResponseBodyPane pane;
        pane.resize(1000, 700);
        pane.show();
        const auto buffer = Body::BodyBuffer::fromBytes(m_body);
        QBENCHMARK
        {
            pane.setBody(buffer, "application/json");
            pane.view()->viewport()->repaint();
        }
    }
};

TOKENSCOPE_GUI_TEST_MAIN(BenchResponseBody)
#include "bench_responsebody.moc"
