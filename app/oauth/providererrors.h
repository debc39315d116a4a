#pragma once

#include "error.h"

#include <QString>

namespace Tokenscope::OAuth {

// What a provider's refusal means in plain words. The provider's own code and text stay where they are
// (the error's summary and detail): this only adds the explanation beside them.
struct ProviderErrorExplanation
{
    QString code; // the `error` as the provider sent it
    QString meaning; // plain words for code; empty when the code is not a registered one
    // A provider-specific code found in the description (AADSTS50011, AADB2C90118) or a Keycloak message
    // ("Code not valid"), as it appears there; empty when none is known.
    QString providerCode;
    QString providerMeaning;

    bool isKnown() const { return !meaning.isEmpty() || !providerMeaning.isEmpty(); }
    // The most specific explanation: the provider's own code's meaning before the generic one.
    QString text() const { return providerMeaning.isEmpty() ? meaning : providerMeaning; }
};

// Looks the `error` code up among the registered ones (RFC 6749 §4.1.2.1 and §5.2, OIDC Core §3.1.2.6,
// RFC 8628 §3.5, RFC 6750 §3.1, RFC 9126 §2.3, RFC 9449 §7 and §8), ignoring case, and the description
// for Azure AD B2C (AADB2C…) and Entra ID (AADSTS…) codes and Keycloak's messages. Nothing is made up
// for what is not known.
ProviderErrorExplanation explainProviderError(const QString& code, const QString& description);

// A failure's line for the flow log: the summary, followed by the plain-words explanation when its code
// is a provider's refusal this catalogue knows (error.detail holds the provider's description).
QString failureLine(const Error& error);

} // namespace Tokenscope::OAuth
