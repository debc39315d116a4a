#include "draftsecrets.h"

#include "redaction.h"
#include "requestjson.h"

#include <QRegularExpression>

namespace Tokenscope::Workspace {

bool isSecretHeaderName(const QString& name)
{
    const QString lower = name.trimmed().toLower();
    if (lower == QLatin1String("authorization") || lower == QLatin1String("proxy-authorization")
        || lower == QLatin1String("cookie"))
        return true;
    for (const char* part :
        {"token", "secret", "password", "passwd", "session", "api-key", "api_key", "apikey", "auth"}) {
        if (lower.contains(QLatin1String(part)))
            return true;
    }
    return false;
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
    for (Http::HeaderField& header : draft->headers) {
        if (!isSecretHeaderName(header.name) || !holdsLiteralSecret(header.value))
            continue;
        const auto held
            = std::find_if(variables->cbegin(), variables->cend(), [&header](const Http::Variable& variable) {
                  return variable.secret && variable.value == header.value;
              });
        QString name;
        if (held != variables->cend()) {
            name = held->name;
        } else {
            name = variableNameFor(header.name, *variables);
            variables->append({name, header.value, true, true});
            created.append(name);
        }
        header.value = QStringLiteral("{{%1}}").arg(name);
    }
    // A form field under a secret name (client_secret, password, api_key) is a credential too.
    for (Http::FormField& field : draft->formFields) {
        if (field.isFile || !Http::Redaction::isSecretName(field.name) || !holdsLiteralSecret(field.value))
            continue;
        const auto held
            = std::find_if(variables->cbegin(), variables->cend(), [&field](const Http::Variable& variable) {
                  return variable.secret && variable.value == field.value;
              });
        QString name;
        if (held != variables->cend()) {
            name = held->name;
        } else {
            name = variableNameFor(field.name, *variables);
            variables->append({name, field.value, true, true});
            created.append(name);
        }
        field.value = QStringLiteral("{{%1}}").arg(name);
    }
    // RFC 7617: a basic-auth password is a credential like any header's.
    QString& password = draft->auth.password;
    if (holdsLiteralPassword(password)) {
        const auto held = std::find_if(
            variables->cbegin(), variables->cend(), [&password](const Http::Variable& variable) {
                return variable.secret && variable.value == password;
            });
        QString name;
        if (held != variables->cend()) {
            name = held->name;
        } else {
            name = variableNameFor(QStringLiteral("basic_password"), *variables);
            variables->append({name, password, true, true});
            created.append(name);
        }
        password = QStringLiteral("{{%1}}").arg(name);
    }
    return created;
}

} // namespace Tokenscope::Workspace
