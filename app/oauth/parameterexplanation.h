#pragma once

#include "flowevent.h"

#include <QList>
#include <QString>

namespace Tokenscope::OAuth {

// A protocol parameter as the timeline explains it: its value as logged (secrets already masked) and
// what it is for, in one line of plain words.
struct ExplainedParameter
{
    QString name;
    QString value;
    QString explanation; // empty for a parameter this list does not know

    friend bool operator==(const ExplainedParameter&, const ExplainedParameter&) = default;
};

// The one-line explanation of an OAuth or OpenID Connect parameter; empty when unknown.
QString explainParameter(const QString& name);

// The parameters an event carries, in their order: the query of an authorization request or a
// redirect (or its fragment), and the form body of a request to the provider. Empty for other events.
QList<ExplainedParameter> explainedParameters(const Http::FlowEvent& event);

} // namespace Tokenscope::OAuth
