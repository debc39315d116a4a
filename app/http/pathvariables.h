#pragma once

#include "httpmessage.h"

#include <QString>
#include <QStringList>

namespace Tokenscope::Http {

// Path variables as Postman writes them: a path segment `:name` (`/patients/:id/visits`) stands for a
// value given next to the request, so one saved request serves every id.

// The names of url's path variables (without the colon), in order, each once. Only the path counts: a
// port (`host:8443`), the query and the fragment are not segments.
QStringList pathVariableNames(const QString& url);

// url with each `:name` segment replaced by the value of the enabled entry of that name. The value may
// hold {{variables}} (expanded later with the rest of the URL); '/', '?', '#' and '%' in it are
// percent-encoded so a value stays one segment. Names with no value are added to missing as `:name`.
QString withPathVariables(const QString& url, const QList<HeaderField>& values, QStringList* missing);

} // namespace Tokenscope::Http
