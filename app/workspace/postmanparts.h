#pragma once

// The parts of the Postman import (postmanimport.h) that its source files share.

#include "postmanimport.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <initializer_list>

namespace Tokenscope::Workspace::Postman {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Workspace::PostmanImport)
};

// A Postman value as text: strings as they are, numbers and booleans written out, null empty.
QString textOf(const QJsonValue& value);
// Whether a row (header, query parameter, form field, path variable) is switched off: "disabled": true,
// or "enabled": false as older exports write it.
bool isDisabled(const QJsonObject& row);
// A description: a string, or {"content", "type"}.
QString descriptionOf(const QJsonValue& value);

// The state of one collection import.
class Context
{
public:
    explicit Context(PostmanCollectionImport* result)
        : m_result(result)
    { }

    PostmanCollectionImport& result() { return *m_result; }
    // Every variable of the collection with its value, secret or not, while the import runs.
    QList<Http::Variable>& variables() { return m_variables; }

    void note(const QString& path, const QString& key, const QString& reason);
    // Each key of object not in mapped, as a note "<prefix><key>: not imported".
    void noteUnmapped(const QJsonObject& object, std::initializer_list<const char*> mapped,
        const QString& path, const QString& prefix);
    // Records the first structural error ("where: what") and returns false.
    bool fail(const QString& where, const QString& what);
    QString failure() const { return m_failure; }

    // value unchanged when it is only {{variables}}, else a reference {{name}} to a secret variable that
    // holds it (one already holding the same value, or a new one named after baseName).
    QString secretReference(const QString& value, const QString& baseName);
    // text with the collection's variables expanded, the secret ones only when withSecrets (a secret must
    // not end up in a setting that is written to a file); unresolved names are put in missing.
    QString expand(const QString& text, QStringList* missing, bool withSecrets = false) const;

private:
    PostmanCollectionImport* m_result;
    QList<Http::Variable> m_variables;
    QString m_failure;
};

// An auth block of the collection, a folder or a request.
struct LevelAuth
{
    bool defined = false; // false: the level says nothing, its requests inherit
    Http::RequestAuth auth;
    // Postman's API key auth: Tokenscope has no auth style for it, so it goes into each request that
    // inherits it as a header or query parameter.
    bool apiKey = false;
    bool apiKeyInQuery = false;
    QString apiKeyName;
    QString apiKeyValue;
};

// Text for a URL's query: percent-encoded, {{variables}} kept as written.
QString encodedQueryPart(const QString& text);
// raw with its query rebuilt from Postman's query rows (enabled ones; disabled ones go to the request's
// disabledQuery). Parameters of raw that no enabled row names are kept, with a note, as Postman sends them.
QString mergedQuery(Context& context, const QString& raw, const QJsonArray& rows, const QString& path,
    Http::HttpRequest* request);
// An enabled query parameter with a secret name (api_key, access_token, …) holding a literal value: the
// value goes to a secret variable and the URL refers to it as {{name}}.
void moveQuerySecretsToVariables(Context& context, Http::HttpRequest* request);

// value: the "auth" member (undefined or null: inherit). where: its place in the document.
bool parseAuth(
    Context& context, const QJsonValue& value, const QString& where, const QString& path, LevelAuth* out);

// The "request" member of an item: a URL string or a request object.
bool parseRequest(Context& context, const QJsonValue& value, const QString& where, const QString& path,
    Http::HttpRequest* request, LevelAuth* auth, QString* description);

} // namespace Tokenscope::Workspace::Postman
