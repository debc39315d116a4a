#include "instantloginagent.h"

#include <QTimer>

namespace Tokenscope::Tests {

InstantLoginAgent::InstantLoginAgent(QObject* parent)
    : LoginAgent(parent)
{ }

void InstantLoginAgent::start(const QUrl& authorizationUrl, const QUrl& redirectUri)
{
    m_opened = authorizationUrl;
    const QUrlQuery request(authorizationUrl);
    if (m_onStart)
        m_onStart(request);
    QUrl redirect = redirectUri;
    redirect.setQuery(QUrlQuery {{QStringLiteral("code"), QStringLiteral("code-1")},
        {QStringLiteral("state"), request.queryItemValue(QStringLiteral("state"))}});
    // Later, like a real redirect: the flow is not re-entered from its own start().
    QTimer::singleShot(0, this, [this, redirect] { Q_EMIT redirected(redirect); });
}

} // namespace Tokenscope::Tests
