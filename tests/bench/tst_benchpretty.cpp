// The benchmark's pretty text against jq 1.6 on its own fixtures: byte for byte where jq leaves the
// tokens alone, and the number text exactly as sent where jq would rewrite it.

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class TestBenchPretty final : public QObject
{
    Q_OBJECT

private:
    static QByteArray run(const QString& program, const QStringList& arguments, int expectedExit = 0,
        QByteArray* errors = nullptr)
    {
        QProcess process;
        process.start(program, arguments);
        if (!process.waitForFinished(120000)) {
            qWarning("%s did not finish", qPrintable(program));
            return {};
        }
        if (errors)
            *errors = process.readAllStandardError();
        if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != expectedExit) {
            qWarning("%s exited with %d", qPrintable(program), process.exitCode());
            return QByteArray("exit code ") + QByteArray::number(process.exitCode());
        }
        return process.readAllStandardOutput();
    }

    QTemporaryDir m_dir;
    const QString m_bench = QStringLiteral(TOKENSCOPE_BENCH);

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        run(m_bench, {QStringLiteral("--generate"), m_dir.path(), QStringLiteral("--small")});
        QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("escapes-10mb.json"))));
    }

    void equalsJq()
    {
        const QString jq = QStandardPaths::findExecutable(QStringLiteral("jq"));
        QVERIFY2(!jq.isEmpty(), "jq is not installed: scripts/setup.sh installs it");
        const QString fixture = m_dir.filePath(QStringLiteral("escapes-10mb.json"));
        const QByteArray ours = run(m_bench, {QStringLiteral("--pretty"), fixture});
        const QByteArray theirs = run(jq, {QStringLiteral("."), fixture});
        QVERIFY(ours.size() > 10 * 1000 * 1000);
        QVERIFY(ours.contains("\\u007f") && ours.contains("\\\"quoted\\\"") && ours.contains("日本語"));
        // QCOMPARE would print 20 MB on a failure: say where they part instead.
        qsizetype same = 0;
        while (same < ours.size() && same < theirs.size() && ours.at(same) == theirs.at(same))
            ++same;
        QVERIFY2(ours == theirs,
            qPrintable(
                QStringLiteral("first difference at byte %1: ours %2, jq %3")
                    .arg(same)
                    .arg(QString::fromUtf8(ours.mid(same, 60)), QString::fromUtf8(theirs.mid(same, 60)))));
    }

    void keepsNumberText()
    {
        const QByteArray ours
            = run(m_bench, {QStringLiteral("--pretty"), m_dir.filePath(QStringLiteral("numbers.json"))});
        QCOMPARE(ours,
            QByteArray("{\n"
                       "  \"long\": 12345678901234567890,\n"
                       "  \"trailingZero\": 1.10,\n"
                       "  \"huge\": 1e400,\n"
                       "  \"negativeZero\": -0,\n"
                       "  \"exponent\": 1.5E+3,\n"
                       "  \"tiny\": 4.9e-325,\n"
                       "  \"many\": [\n"
                       "    100000000000000000001,\n"
                       "    0.10000000000000000001,\n"
                       "    1E2\n"
                       "  ]\n"
                       "}\n"));
    }

    void invalidJsonExitsWithTheOffset()
    {
        const QString path = m_dir.filePath(QStringLiteral("invalid.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"a\": [1, 2,]}");
        file.close();
        QByteArray errors;
        run(m_bench, {QStringLiteral("--pretty"), path}, 1, &errors);
        QVERIFY2(errors.contains("byte offset 12"), errors.constData());
    }
};

QTEST_GUILESS_MAIN(TestBenchPretty)
#include "tst_benchpretty.moc"
