#pragma once

#include "collection.h"

#include <QByteArray>
#include <QStringList>

namespace Tokenscope::Workspace {

struct PostmanExport
{
    QByteArray json; // a Postman collection v2.1, indented
    // One sentence per thing left out or changed on the way, with where ("Folder/Request: …"): secret
    // values first of all, which never leave the keychain.
    QStringList leftOut;
};

// A collection as Postman collection v2.1 (https://schema.getpostman.com/json/collection/v2.1.0/). The
// environment's access token has no Postman equivalent: requests that send it refer to {{access_token}}.
PostmanExport exportPostmanCollection(const Collection& collection);

} // namespace Tokenscope::Workspace
