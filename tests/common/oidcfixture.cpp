#include "oidcfixture.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>

namespace Tokenscope::Tests {

OidcFixture::OidcFixture(const QStringList& arguments)
    : m_arguments(arguments)
{ }

OidcFixture::~OidcFixture()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.closeWriteChannel(); // --exit-on-stdin-eof: the server stops on its own
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
}

bool OidcFixture::start(QString* error)
{
    m_process.setProgram(QStringLiteral(TOKENSCOPE_NODE));
    m_process.setWorkingDirectory(QStringLiteral(TOKENSCOPE_FIXTURE_DIR));
    m_process.setArguments(QStringList {QStringLiteral("server.mjs"), QStringLiteral("--port"),
                               QStringLiteral("0"), QStringLiteral("--exit-on-stdin-eof")}
        + m_arguments);
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start();
    if (!m_process.waitForStarted(10000)) {
        *error = QStringLiteral("node could not start: ") + m_process.errorString();
        return false;
    }
    // Generous: node starts slowly when the test runs beside other suites on a busy two-core machine.
    const QDeadlineTimer deadline(60000);
    while (!m_process.canReadLine()) {
        if (deadline.hasExpired() || !m_process.waitForReadyRead(int(deadline.remainingTime()))) {
            *error = QStringLiteral("the OpenID provider fixture did not report ready (is `npm ci` done "
                                    "in " TOKENSCOPE_FIXTURE_DIR "?)");
            return false;
        }
    }
    const QJsonObject ready = QJsonDocument::fromJson(m_process.readLine()).object();
    m_issuer = QUrl(ready.value(QLatin1String("issuer")).toString());
    m_certificateSha256 = ready.value(QLatin1String("certificateSha256")).toString();
    if (!ready.value(QLatin1String("ready")).toBool() || !m_issuer.isValid()) {
        *error = QStringLiteral("unexpected ready line from the fixture");
        return false;
    }
    return true;
}

QUrl OidcFixture::url(const QString& path) const
{
    QUrl result = m_issuer;
    result.setPath(path);
    return result;
}

} // namespace Tokenscope::Tests
