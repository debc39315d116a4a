#include "tokeninspection.h"

namespace Tokenscope::OAuth {

TokenInspection inspectToken(const QString& text, const InspectionContext&)
{
    TokenInspection inspection;
    inspection.token = Jwt::parseToken(text);
    return inspection;
}

TokenInspection inspectIntrospection(
    const IntrospectionResult& result, const InspectionContext& context, const QString& token)
{
    return inspectIntrospection(result.claims, context, token);
}

TokenInspection inspectIntrospection(const QJsonObject&, const InspectionContext&, const QString&)
{
    return {};
}

QList<ClaimCheck> checkClaims(const QJsonObject&, const InspectionContext&)
{
    return {};
}

ScopeComparison compareScopes(const QJsonObject&, const InspectionContext&)
{
    return {};
}

AudienceComparison compareAudience(const QStringList&, const QUrl&)
{
    return {};
}

} // namespace Tokenscope::OAuth
