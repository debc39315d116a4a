#include "draftsecrets.h"

#include "redaction.h"
#include "requestjson.h"

#include <QRegularExpression>
#include <QUrl>

namespace Tokenscope::Workspace {

bool isSecretHeaderName(const QString& name)
{
    return Http::Redaction::isCredentialHeaderName(name);
}

bool holdsLiteralSecret(const QString& value)
{
    static const QRegularExpression reference(QStringLiteral("\\{\\{[^{}]*\\}\\}"));
    static const QRegularExpression scheme(QStringLiteral("^(bearer|basic|token|dpop|digest|apikey)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    QString rest = value;
    rest.remove(reference);
    rest = rest.trimmed();
    rest.remove(scheme);
    return !rest.trimmed().isEmpty();
}

bool holdsLiteralSecret(const Http::DisabledQueryParameter& parameter)
{
    // The name as written in the URL: access%5Ftoken is access_token.
    return Http::Redaction::isSecretName(QUrl::fromPercentEncoding(parameter.name.toUtf8()))
        && holdsLiteralSecret(parameter.value);
}

namespace {

QString variableNameFor(const QString& header, const QList<Http::Variable>& variables)
{
    QString base = header.trimmed().toLower();
    base.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("_"));
    if (base.isEmpty())
        base = QStringLiteral("secret_header");
    QString name = base;
    for (int n = 2;; ++n) {
        const bool taken = std::any_of(variables.cbegin(), variables.cend(),
            [&name](const Http::Variable& variable) { return variable.name == name; });
        if (!taken)
            return name;
        name = base + QLatin1Char('_') + QString::number(n);
    }
}

} // namespace

QStringList moveSecretHeadersToVariables(Http::HttpRequest* draft, QList<Http::Variable>* variables)
{
    QStringList created;
    // The literal becomes a reference to a secret variable: one already holding the same value, or a new
    // one named after where the literal was typed.
    const auto moveToVariable = [variables, &created](QString& value, const QString& baseName) {
        const auto held = std::find_if(variables->cbegin(), variables->cend(),
            [&value](const Http::Variable& variable) { return variable.secret && variable.value == value; });
        QString name;
        if (held != variables->cend()) {
            name = held->name;
        } else {
            name = variableNameFor(baseName, *variables);
            variables->append({name, value, true, true});
            created.append(name);
        }
        value = QStringLiteral("{{%1}}").arg(name);
    };
    for (Http::HeaderField& header : draft->headers) {
        if (isSecretHeaderName(header.name) && holdsLiteralSecret(header.value))
            moveToVariable(header.value, header.name);
    }
    // A form field under a secret name (client_secret, password, api_key) is a credential too.
    for (Http::FormField& field : draft->formFields) {
        if (!field.isFile && Http::Redaction::isSecretName(field.name) && holdsLiteralSecret(field.value))
            moveToVariable(field.value, field.name);
    }
    // A switched-off query row (access_token=…, api_key=…) keeps its value for when it is turned back on.
    for (Http::DisabledQueryParameter& parameter : draft->disabledQuery) {
        if (holdsLiteralSecret(parameter))
            moveToVariable(parameter.value, QUrl::fromPercentEncoding(parameter.name.toUtf8()));
    }
    // RFC 7617: a basic-auth password is a credential like any header's.
    if (holdsLiteralPassword(draft->auth.password))
        moveToVariable(draft->auth.password, QStringLiteral("basic_password"));
    return created;
}

QStringList moveSecretHeadersToVariables(OpenRequests* open, QList<Http::Variable>* variables)
{
    QStringList created;
    for (Http::HttpRequest& request : open->requests)
        created += moveSecretHeadersToVariables(&request, variables);
    return created;
}

} // namespace Tokenscope::Workspace
