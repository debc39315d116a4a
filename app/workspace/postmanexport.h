#pragma once

#include "collection.h"
#include "environment.h"

#include <QByteArray>
#include <QStringList>

namespace Tokenscope::Workspace {

struct PostmanExport
{
    QByteArray json; // a Postman collection v2.1, indented
    // One sentence per thing left out or changed on the way, with where ("Folder/Request: …"): secret
    // values first of all, which never leave the keychain.
    QStringList leftOut;
    // The sentences of leftOut about secret values (variables, credentials typed in clear), by name.
    QStringList secrets;
};

// A collection as Postman collection v2.1 (https://schema.getpostman.com/json/collection/v2.1.0/). The
// environment's access token has no Postman equivalent: requests that send it refer to {{access_token}}.
PostmanExport exportPostmanCollection(const Collection& collection);
// An environment's variables as a Postman environment file; secret ones keep their name and type
// "secret" with an empty value. Its OAuth setup has no place in such a file and is named in leftOut.
PostmanExport exportPostmanEnvironment(const Environment& environment);

} // namespace Tokenscope::Workspace
