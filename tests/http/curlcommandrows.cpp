#include "httpmessage.h"

#include <QTest>

using namespace Tokenscope::Http;

// Commands as browsers ("copy as cURL"), Postman and API documentation write them, and what they mean.
void addRealWorldCurlRows()
{
    using Style = RequestAuth::Style;
    QTest::addColumn<QString>("command");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QStringList>("headers");
    QTest::addColumn<int>("bodyKind");
    QTest::addColumn<QByteArray>("body"); // the raw body, or for a file body the file's path
    QTest::addColumn<QString>("rawType");
    QTest::addColumn<QStringList>("form");
    QTest::addColumn<int>("authStyle");
    QTest::addColumn<QString>("authDetail"); // the variable, or user:password for basic
    QTest::addColumn<QStringList>("secrets");

    const int raw = int(BodyKind::Raw);
    QTest::newRow("Chrome bash, GET with cookie")
        << QStringLiteral(R"(curl 'https://api.github.com/repos/qt/qtbase/issues?state=open' \
  -H 'authority: api.github.com' \
  -H 'accept: application/vnd.github+json' \
  -H 'accept-language: en-US,en;q=0.9' \
  -H 'cookie: _octo=GH1.1.123; logged_in=yes' \
  -H 'sec-ch-ua: "Chromium";v="118", "Google Chrome";v="118"' \
  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64)' \
  --compressed)")
        << QByteArray("GET") << QStringLiteral("https://api.github.com/repos/qt/qtbase/issues?state=open")
        << QStringList {QStringLiteral("authority: api.github.com"),
               QStringLiteral("accept: application/vnd.github+json"),
               QStringLiteral("accept-language: en-US,en;q=0.9"), QStringLiteral("cookie: {{pastedCookie}}"),
               QStringLiteral(R"(sec-ch-ua: "Chromium";v="118", "Google Chrome";v="118")"),
               QStringLiteral("user-agent: Mozilla/5.0 (X11; Linux x86_64)")}
        << raw << QByteArray() << QString() << QStringList() << int(Style::None) << QString()
        << QStringList {QStringLiteral("pastedCookie=_octo=GH1.1.123; logged_in=yes")};
    QTest::newRow("Chrome bash, ANSI-C quoted JSON body")
        << QStringLiteral(R"(curl 'https://example.com/api/graphql' \
  -H 'content-type: application/json' \
  --data-raw $'{"query":"query { viewer { login } }","note":"it\'s\\n\u00e9"}' \
  --compressed)")
        << QByteArray("POST") << QStringLiteral("https://example.com/api/graphql") << QStringList() << raw
        << QStringLiteral(R"({"query":"query { viewer { login } }","note":"it's\né"})").toUtf8()
        << QStringLiteral("json") << QStringList() << int(Style::None) << QString() << QStringList();
    QTest::newRow("Chrome cmd, caret escapes and continuations")
        << QStringLiteral("curl ^\"https://example.com/api/items?page=2^\" ^\r\n"
                          "  -H ^\"accept: application/json^\" ^\r\n"
                          "  -H ^\"authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln^\" ^\r\n"
                          "  -H ^\"content-type: application/json^\" ^\r\n"
                          "  --data-raw ^\"^{^\\^\"name^\\^\":^\\^\"a b 100^%^\\^\"^}^\" ^\r\n"
                          "  --compressed")
        << QByteArray("POST") << QStringLiteral("https://example.com/api/items?page=2")
        << QStringList {QStringLiteral("accept: application/json")} << raw
        << QByteArray(R"({"name":"a b 100%"})") << QStringLiteral("json") << QStringList()
        << int(Style::BearerFromVariable) << QStringLiteral("pastedToken")
        << QStringList {QStringLiteral("pastedToken=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln")};
    QTest::newRow("Windows cmd, one line with doubled quotes") << QStringLiteral(
        R"(curl -X POST "https://example.com/api/items" -H "Content-Type: application/json" -d "{""name"":""a b"",""n"":1}")")
                                                               << QByteArray("POST")
                                                               << QStringLiteral(
                                                                      "https://example.com/api/items")
                                                               << QStringList() << raw
                                                               << QByteArray(R"({"name":"a b","n":1})")
                                                               << QStringLiteral("json") << QStringList()
                                                               << int(Style::None) << QString()
                                                               << QStringList();
    QTest::newRow("sh, quoted strings run together")
        << QStringLiteral(R"(curl "https://example.com/a""b" -H 'X-Note: it''s' -d "x""y")")
        << QByteArray("POST") << QStringLiteral("https://example.com/ab")
        << QStringList {QStringLiteral("X-Note: its"),
               QStringLiteral("Content-Type: application/x-www-form-urlencoded")}
        << raw << QByteArray("xy") << QString() << QStringList() << int(Style::None) << QString()
        << QStringList();
    QTest::newRow("Firefox bash, GET")
        << QStringLiteral(
               "curl 'https://developer.mozilla.org/api/v1/whoami' -H 'User-Agent: Mozilla/5.0 (X11; Linux "
               "x86_64; rv:109.0) Gecko/20100101 Firefox/115.0' -H 'Accept: */*' -H 'Accept-Language: "
               "en-US,en;q=0.5' -H 'Referer: https://developer.mozilla.org/en-US/' -H 'DNT: 1'")
        << QByteArray("GET") << QStringLiteral("https://developer.mozilla.org/api/v1/whoami")
        << QStringList {QStringLiteral("User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 "
                                       "Firefox/115.0"),
               QStringLiteral("Accept: */*"), QStringLiteral("Accept-Language: en-US,en;q=0.5"),
               QStringLiteral("Referer: https://developer.mozilla.org/en-US/"), QStringLiteral("DNT: 1")}
        << raw << QByteArray() << QString() << QStringList() << int(Style::None) << QString()
        << QStringList();
    QTest::newRow("Firefox bash, token request form")
        << QStringLiteral("curl 'https://example.org/token' -X POST -H 'Content-Type: "
                          "application/x-www-form-urlencoded' --data-raw "
                          "'grant_type=client_credentials&client_id=my-app&client_secret=s3cr3t'")
        << QByteArray("POST") << QStringLiteral("https://example.org/token") << QStringList()
        << int(BodyKind::FormUrlEncoded) << QByteArray() << QString()
        << QStringList {QStringLiteral("grant_type=client_credentials"), QStringLiteral("client_id=my-app"),
               QStringLiteral("client_secret={{pastedClientSecret}}")}
        << int(Style::None) << QString() << QStringList {QStringLiteral("pastedClientSecret=s3cr3t")};
    QTest::newRow("Postman, JSON with a {{variable}} token")
        << QStringLiteral(R"(curl --location 'https://api.example.com/v1/orders' \
--header 'Content-Type: application/json' \
--header 'Authorization: Bearer {{token}}' \
--data '{
    "item": "book",
    "qty": 2
}')") << QByteArray("POST")
        << QStringLiteral("https://api.example.com/v1/orders") << QStringList() << raw
        << QByteArray("{\n    \"item\": \"book\",\n    \"qty\": 2\n}") << QStringLiteral("json")
        << QStringList() << int(Style::BearerFromVariable) << QStringLiteral("token") << QStringList();
    QTest::newRow("Postman, multipart with quoted values")
        << QStringLiteral(R"(curl --location 'https://api.example.com/upload' \
--form 'file=@"/home/ann/report.pdf"' \
--form 'title="Q3 \"final\""' \
--form 'meta=@meta.json;type=application/json')")
        << QByteArray("POST") << QStringLiteral("https://api.example.com/upload") << QStringList()
        << int(BodyKind::Multipart) << QByteArray() << QString()
        << QStringList {QStringLiteral("file=@/home/ann/report.pdf"), QStringLiteral("title=Q3 \"final\""),
               QStringLiteral("meta=@meta.json;type=application/json")}
        << int(Style::None) << QString() << QStringList();
    QTest::newRow("GitHub docs, placeholder token")
        << QStringLiteral(R"(curl -L \
  -H "Accept: application/vnd.github+json" \
  -H "Authorization: Bearer <YOUR-TOKEN>" \
  -H "X-GitHub-Api-Version: 2022-11-28" \
  https://api.github.com/octocat)")
        << QByteArray("GET") << QStringLiteral("https://api.github.com/octocat")
        << QStringList {QStringLiteral("Accept: application/vnd.github+json"),
               QStringLiteral("X-GitHub-Api-Version: 2022-11-28")}
        << raw << QByteArray() << QString() << QStringList() << int(Style::Inherit) << QString()
        << QStringList();
    QTest::newRow("Stripe docs, API key as user name")
        << QStringLiteral(R"(curl https://api.stripe.com/v1/charges \
  -u sk_test_4eC39HqLyjWDarjtT1zdp7dc: \
  -d amount=2000 \
  -d currency=usd \
  -d source=tok_visa)")
        << QByteArray("POST") << QStringLiteral("https://api.stripe.com/v1/charges") << QStringList()
        << int(BodyKind::FormUrlEncoded) << QByteArray() << QString()
        << QStringList {QStringLiteral("amount=2000"), QStringLiteral("currency=usd"),
               QStringLiteral("source=tok_visa")}
        << int(Style::Basic) << QStringLiteral("{{pastedUsername}}:")
        << QStringList {QStringLiteral("pastedUsername=sk_test_4eC39HqLyjWDarjtT1zdp7dc")};
    QTest::newRow("FHIR docs, $ACCESS_TOKEN")
        << QStringLiteral(R"(curl -X GET "https://fhir.example.org/r4/Patient?family=Smith&_count=10" \
  -H "Accept: application/fhir+json" \
  -H "Authorization: Bearer $ACCESS_TOKEN")")
        << QByteArray("GET") << QStringLiteral("https://fhir.example.org/r4/Patient?family=Smith&_count=10")
        << QStringList {QStringLiteral("Accept: application/fhir+json")} << raw << QByteArray() << QString()
        << QStringList() << int(Style::Inherit) << QString() << QStringList();
    QTest::newRow("FHIR docs, --json create") << QStringLiteral(
        R"(curl --json '{"resourceType":"Patient","name":[{"family":"Smith"}]}' https://fhir.example.org/r4/Patient)")
                                              << QByteArray("POST")
                                              << QStringLiteral("https://fhir.example.org/r4/Patient")
                                              << QStringList {QStringLiteral("Accept: application/json")}
                                              << raw
                                              << QByteArray(
                                                     R"({"resourceType":"Patient","name":[{"family":"Smith"}]})")
                                              << QStringLiteral("json") << QStringList() << int(Style::None)
                                              << QString() << QStringList();
    QTest::newRow("Auth0 docs, client credentials")
        << QStringLiteral(R"(curl --request POST \
  --url 'https://example.auth0.com/oauth/token' \
  --header 'content-type: application/x-www-form-urlencoded' \
  --data grant_type=client_credentials \
  --data client_id=YOUR_CLIENT_ID \
  --data client_secret=YOUR_CLIENT_SECRET \
  --data audience=https%3A%2F%2Fapi.example.com)")
        << QByteArray("POST") << QStringLiteral("https://example.auth0.com/oauth/token") << QStringList()
        << int(BodyKind::FormUrlEncoded) << QByteArray() << QString()
        << QStringList {QStringLiteral("grant_type=client_credentials"),
               QStringLiteral("client_id=YOUR_CLIENT_ID"),
               QStringLiteral("client_secret={{pastedClientSecret}}"),
               QStringLiteral("audience=https://api.example.com")}
        << int(Style::None) << QString()
        << QStringList {QStringLiteral("pastedClientSecret=YOUR_CLIENT_SECRET")};
    QTest::newRow("-G puts the data into the query")
        << QStringLiteral("curl -G https://api.example.com/search --data-urlencode 'q=tokens & secrets' -d "
                          "limit=5 -sS")
        << QByteArray("GET")
        << QStringLiteral("https://api.example.com/search?q=tokens%20%26%20secrets&limit=5") << QStringList()
        << raw << QByteArray() << QString() << QStringList() << int(Style::None) << QString()
        << QStringList();
    QTest::newRow("clustered short options, attached values, API key header")
        << QStringLiteral(
               "curl -sSLXPUT -H'X-Api-Key: abc123' https://api.example.com/v2/items/7 -d '{\"a\":1}' "
               "-H 'Content-Type: application/json; charset=utf-8'")
        << QByteArray("PUT") << QStringLiteral("https://api.example.com/v2/items/7")
        << QStringList {QStringLiteral("X-Api-Key: {{pastedXApiKey}}"),
               QStringLiteral("Content-Type: application/json; charset=utf-8")}
        << raw << QByteArray(R"({"a":1})") << QString() << QStringList() << int(Style::None) << QString()
        << QStringList {QStringLiteral("pastedXApiKey=abc123")};
    QTest::newRow("access token in the query")
        << QStringLiteral("curl 'https://graph.example.com/me?fields=id,name&access_token=EAAB%2B123'")
        << QByteArray("GET")
        << QStringLiteral("https://graph.example.com/me?fields=id,name&access_token={{pastedAccessToken}}")
        << QStringList() << raw << QByteArray() << QString() << QStringList() << int(Style::None) << QString()
        << QStringList {QStringLiteral("pastedAccessToken=EAAB%2B123")};
    QTest::newRow("--data-binary @file")
        << QStringLiteral("curl -X POST https://api.example.com/import -H 'Content-Type: text/csv' "
                          "--data-binary @data.csv")
        << QByteArray("POST") << QStringLiteral("https://api.example.com/import")
        << QStringList {QStringLiteral("Content-Type: text/csv")} << int(BodyKind::BinaryFile)
        << QByteArray("data.csv") << QString() << QStringList() << int(Style::None) << QString()
        << QStringList();
    QTest::newRow("-T upload") << QStringLiteral("curl -T ./photo.jpg https://files.example.com/photo.jpg")
                               << QByteArray("PUT") << QStringLiteral("https://files.example.com/photo.jpg")
                               << QStringList() << int(BodyKind::BinaryFile) << QByteArray("./photo.jpg")
                               << QString() << QStringList() << int(Style::None) << QString()
                               << QStringList();
    QTest::newRow("Basic header (RFC 7617 example)")
        << QStringLiteral("curl -H 'Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==' https://example.com/")
        << QByteArray("GET") << QStringLiteral("https://example.com/") << QStringList() << raw << QByteArray()
        << QString() << QStringList() << int(Style::Basic) << QStringLiteral("Aladdin:{{pastedPassword}}")
        << QStringList {QStringLiteral("pastedPassword=open sesame")};
    QTest::newRow("--oauth2-bearer (RFC 6750 example token)")
        << QStringLiteral("curl --oauth2-bearer mF_9.B5f-4.1JqM https://resource.example.com/resource")
        << QByteArray("GET") << QStringLiteral("https://resource.example.com/resource") << QStringList()
        << raw << QByteArray() << QString() << QStringList() << int(Style::BearerFromVariable)
        << QStringLiteral("pastedToken") << QStringList {QStringLiteral("pastedToken=mF_9.B5f-4.1JqM")};
    QTest::newRow("prompt and a pipe into jq")
        << QStringLiteral("$ curl -s https://api.example.com/status | jq .") << QByteArray("GET")
        << QStringLiteral("https://api.example.com/status") << QStringList() << raw << QByteArray()
        << QString() << QStringList() << int(Style::None) << QString() << QStringList();
}
