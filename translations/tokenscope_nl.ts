<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>Tokenscope::Body::BodySearch</name>
    <message>
        <source>The regular expression is not valid: %1</source>
        <translation>De reguliere expressie is niet geldig: %1</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Body::BodySpool</name>
    <message>
        <source>The response is too large to keep in memory, and it could not be written to a temporary file in %1: %2</source>
        <translation>Het antwoord is te groot om in het geheugen te houden, en het kon niet naar een tijdelijk bestand in %1 worden geschreven: %2</translation>
    </message>
    <message>
        <source>The response could not be written to the temporary file %1: %2</source>
        <translation>Het antwoord kon niet naar het tijdelijke bestand %1 worden geschreven: %2</translation>
    </message>
    <message>
        <source>The response in the temporary file %1 could not be read: %2</source>
        <translation>Het antwoord in het tijdelijke bestand %1 kon niet worden gelezen: %2</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Body::JsonReindent</name>
    <message>
        <source>The JSON text ends before it is complete.</source>
        <translation>De JSON-tekst houdt op voordat hij compleet is.</translation>
    </message>
    <message>
        <source>A JSON value was expected here.</source>
        <translation>Hier werd een JSON-waarde verwacht.</translation>
    </message>
    <message>
        <source>A member name in double quotes was expected here.</source>
        <translation>Hier werd een veldnaam tussen dubbele aanhalingstekens verwacht.</translation>
    </message>
    <message>
        <source>A colon after the member name was expected here.</source>
        <translation>Hier werd een dubbele punt na de veldnaam verwacht.</translation>
    </message>
    <message>
        <source>A comma or a closing ] was expected here.</source>
        <translation>Hier werd een komma of een sluitende ] verwacht.</translation>
    </message>
    <message>
        <source>A comma or a closing } was expected here.</source>
        <translation>Hier werd een komma of een sluitende } verwacht.</translation>
    </message>
    <message>
        <source>A string contains a control character that must be escaped.</source>
        <translation>Een tekenreeks bevat een stuurteken dat ge-escapet moet zijn.</translation>
    </message>
    <message>
        <source>A string contains an invalid escape sequence.</source>
        <translation>Een tekenreeks bevat een ongeldige escapereeks.</translation>
    </message>
    <message>
        <source>This number is not valid JSON.</source>
        <translation>Dit getal is geen geldige JSON.</translation>
    </message>
    <message>
        <source>The JSON nests more than %1 levels deep.</source>
        <translation>De JSON is meer dan %1 niveaus diep genest.</translation>
    </message>
    <message>
        <source>The pretty text could not be written.</source>
        <translation>De opgemaakte tekst kon niet worden geschreven.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Body::MarkupDocument</name>
    <message>
        <source>The element &lt;%1&gt; is not closed.</source>
        <translation>Het element &lt;%1&gt; wordt niet gesloten.</translation>
    </message>
    <message>
        <source>A &lt; that starts no tag: write it as &amp;lt; in text.</source>
        <translation>Een &lt; die geen tag begint: schrijf die in tekst als &amp;lt;.</translation>
    </message>
    <message>
        <source>The tag is not closed with &gt;.</source>
        <translation>De tag wordt niet afgesloten met &gt;.</translation>
    </message>
    <message>
        <source>The end tag &lt;/%1&gt; has no start tag.</source>
        <translation>De eindtag &lt;/%1&gt; heeft geen begintag.</translation>
    </message>
    <message>
        <source>The end tag &lt;/%1&gt; does not match the start tag &lt;%2&gt;.</source>
        <translation>De eindtag &lt;/%1&gt; past niet bij de begintag &lt;%2&gt;.</translation>
    </message>
    <message>
        <source>The declaration is not closed with &gt;.</source>
        <translation>De declaratie wordt niet afgesloten met &gt;.</translation>
    </message>
    <message>
        <source>The comment is not closed with --&gt;.</source>
        <translation>Het commentaar wordt niet afgesloten met --&gt;.</translation>
    </message>
    <message>
        <source>The CDATA section is not closed with ]]&gt;.</source>
        <translation>De CDATA-sectie wordt niet afgesloten met ]]&gt;.</translation>
    </message>
    <message>
        <source>The processing instruction is not closed with ?&gt;.</source>
        <translation>De verwerkingsinstructie wordt niet afgesloten met ?&gt;.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::CertificateFingerprint</name>
    <message>
        <source>This is a SHA-1 fingerprint; the SHA-256 one is needed (openssl x509 -noout -fingerprint -sha256 -in certificate.pem prints it).</source>
        <translation>Dit is een SHA-1-vingerafdruk; de SHA-256-vingerafdruk is nodig (openssl x509 -noout -fingerprint -sha256 -in certificate.pem geeft die weer).</translation>
    </message>
    <message>
        <source>This is an SSH key fingerprint (base64); a certificate&apos;s SHA-256 fingerprint has 64 hexadecimal digits.</source>
        <translation>Dit is een vingerafdruk van een SSH-sleutel (base64); de SHA-256-vingerafdruk van een certificaat heeft 64 hexadecimale cijfers.</translation>
    </message>
    <message>
        <source>“%1” is not a hexadecimal digit.</source>
        <translation>“%1” is geen hexadecimaal cijfer.</translation>
    </message>
    <message>
        <source>There are no hexadecimal digits.</source>
        <translation>Er staan geen hexadecimale cijfers in.</translation>
    </message>
    <message numerus="yes">
        <source>A SHA-256 fingerprint has 64 hexadecimal digits, this has %n.</source>
        <translation>
            <numerusform>Een SHA-256-vingerafdruk heeft 64 hexadecimale cijfers, deze heeft er %n.</numerusform>
            <numerusform>Een SHA-256-vingerafdruk heeft 64 hexadecimale cijfers, deze heeft er %n.</numerusform>
        </translation>
    </message>
    <message>
        <source>After “@” comes the host the certificate is trusted for, such as sandbox.example.com.</source>
        <translation>Na “@” komt de host waarvoor het certificaat vertrouwd wordt, zoals sandbox.example.com.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Cli::CommandLine</name>
    <message>
        <source>Exit status:
  0  success
  1  usage error: unknown command, option or environment
  2  other failure: network, provider, keychain, workspace file
  3  a sign-in in Tokenscope is needed (tokenscope-cli never opens a browser)</source>
        <translation>Afsluitstatus:
  0  gelukt
  1  fout in de aanroep: onbekende opdracht, optie of omgeving
  2  andere fout: netwerk, provider, sleutelhanger, werkruimtebestand
  3  aanmelden in Tokenscope is nodig (tokenscope-cli opent nooit een browser)</translation>
    </message>
    <message>
        <source>Use the workspace in &lt;directory&gt; instead of the one Tokenscope uses.</source>
        <translation>De werkruimte in &lt;map&gt; gebruiken in plaats van die van Tokenscope.</translation>
    </message>
    <message>
        <source>directory</source>
        <translation>map</translation>
    </message>
    <message>
        <source>Print JSON for scripts instead of text.</source>
        <translation>JSON voor scripts tonen in plaats van tekst.</translation>
    </message>
    <message>
        <source>Print the whole header line the environment sends the token in, such as &quot;Authorization: Bearer &lt;token&gt;&quot;.</source>
        <translation>De hele headerregel tonen waarin de omgeving het token meestuurt, zoals &quot;Authorization: Bearer &lt;token&gt;&quot;.</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Opdrachten:</translation>
    </message>
    <message>
        <source>List the environments of the workspace.</source>
        <translation>De omgevingen van de werkruimte tonen.</translation>
    </message>
    <message>
        <source>Print a fresh access token for the environment ENV (name or id).</source>
        <translation>Een vers toegangstoken tonen voor omgeving ENV (naam of id).</translation>
    </message>
    <message>
        <source>Run &quot;tokenscope-cli COMMAND --help&quot; for the options of a command.</source>
        <translation>Voer &quot;tokenscope-cli OPDRACHT --help&quot; uit voor de opties van een opdracht.</translation>
    </message>
    <message>
        <source>COMMAND</source>
        <translation>OPDRACHT</translation>
    </message>
    <message>
        <source>No command given.</source>
        <translation>Geen opdracht opgegeven.</translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot;. Run &quot;tokenscope-cli --help&quot; for the commands.</source>
        <translation>Onbekende opdracht &quot;%1&quot;. Voer &quot;tokenscope-cli --help&quot; uit voor de opdrachten.</translation>
    </message>
    <message>
        <source>Lists the environments of the workspace: name, id, how each gets its tokens (grant, issuer, client) and whether the keychain holds a sign-in for it.</source>
        <translation>Toont de omgevingen van de werkruimte: naam, id, hoe elke omgeving haar tokens krijgt (grant, issuer, client) en of de sleutelhanger er een aanmelding voor bewaart.</translation>
    </message>
    <message>
        <source>The command.</source>
        <translation>De opdracht.</translation>
    </message>
    <message>
        <source>Prints a fresh access token for the environment ENV on standard output: the token still valid, else one refreshed with the refresh token in the keychain, or for client credentials one requested from the token endpoint. Never opens a browser: when only a sign-in can bring a token, the exit status is 3 and the sign-in is done in Tokenscope.</source>
        <translation>Toont een vers toegangstoken voor de omgeving ENV op de standaarduitvoer: het token dat nog geldig is, anders een dat met het refresh token in de sleutelhanger is vernieuwd, of bij client credentials een dat bij het token-endpoint is aangevraagd. Opent nooit een browser: als alleen aanmelden een token kan opleveren, is de afsluitstatus 3 en gebeurt het aanmelden in Tokenscope.</translation>
    </message>
    <message>
        <source>The environment&apos;s name or id.</source>
        <translation>De naam of id van de omgeving.</translation>
    </message>
    <message>
        <source>Name the environment: tokenscope-cli token ENV.</source>
        <translation>Noem de omgeving: tokenscope-cli token ENV.</translation>
    </message>
    <message>
        <source>Unexpected argument &quot;%1&quot;.</source>
        <translation>Onverwacht argument &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>--workspace needs a directory.</source>
        <translation>--workspace heeft een map nodig.</translation>
    </message>
    <message>
        <source>Give --header or --json, not both.</source>
        <translation>Geef --header of --json, niet allebei.</translation>
    </message>
    <message>
        <source>  4  send: the API answered with a status outside 2xx</source>
        <translation>  4  send: de API antwoordde met een status buiten 2xx</translation>
    </message>
    <message>
        <source>send exits with 1 too when a variable has no value, or when only --yes would send the request.</source>
        <translation>send eindigt ook met 1 als een variabele geen waarde heeft, of als alleen --yes het request zou versturen.</translation>
    </message>
    <message>
        <source>Give the variable &lt;name&gt; the value &lt;value&gt; for this request, over every other level. Repeatable.</source>
        <translation>Geef de variabele &lt;naam&gt; de waarde &lt;waarde&gt; voor dit request, boven elk ander niveau. Herhaalbaar.</translation>
    </message>
    <message>
        <source>name=value</source>
        <translation>naam=waarde</translation>
    </message>
    <message>
        <source>Print the status line and the response headers before the body.</source>
        <translation>De statusregel en de headers van het antwoord tonen vóór de body.</translation>
    </message>
    <message>
        <source>Send what would otherwise be refused: anything but GET, HEAD or OPTIONS in a production environment, or the environment&apos;s token to a host that is not its API.</source>
        <translation>Versturen wat anders geweigerd wordt: alles behalve GET, HEAD of OPTIONS in een productieomgeving, of het token van de omgeving naar een host die niet haar API is.</translation>
    </message>
    <message>
        <source>Create an environment for each OAuth 2.0 setup the collection holds.</source>
        <translation>Een omgeving aanmaken voor elke OAuth 2.0-instelling in de collectie.</translation>
    </message>
    <message>
        <source>Export the collection &lt;name&gt; (name or id).</source>
        <translation>De collectie &lt;naam&gt; exporteren (naam of id).</translation>
    </message>
    <message>
        <source>name</source>
        <translation>naam</translation>
    </message>
    <message>
        <source>Export the environment &lt;name&gt; (name or id).</source>
        <translation>De omgeving &lt;naam&gt; exporteren (naam of id).</translation>
    </message>
    <message>
        <source>Write to &lt;file&gt; instead of standard output.</source>
        <translation>Naar &lt;bestand&gt; schrijven in plaats van naar de standaarduitvoer.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>bestand</translation>
    </message>
    <message>
        <source>Tokenscope without a window, for scripts: reads the environments and collections of a Tokenscope workspace, prints fresh access tokens (refreshed with the refresh token in the keychain or requested with client credentials), sends saved requests with them, and imports and exports Postman files.</source>
        <translation>Tokenscope zonder venster, voor scripts: leest de omgevingen en collecties van een Tokenscope-werkruimte, toont verse toegangstokens (vernieuwd met het refresh token in de sleutelhanger of aangevraagd met client credentials), verstuurt er opgeslagen requests mee, en importeert en exporteert Postman-bestanden.</translation>
    </message>
    <message>
        <source>List the collections and their saved requests.</source>
        <translation>Toon de collecties en hun opgeslagen requests.</translation>
    </message>
    <message>
        <source>Send a saved request with a token; print the response.</source>
        <translation>Verstuur een opgeslagen request met een token; toon het antwoord.</translation>
    </message>
    <message>
        <source>Import a Postman collection or environment file.</source>
        <translation>Importeer een Postman-collectie of -omgevingsbestand.</translation>
    </message>
    <message>
        <source>Export a collection or an environment, without its secrets.</source>
        <translation>Exporteer een collectie of een omgeving, zonder geheimen.</translation>
    </message>
    <message>
        <source>environments, token, requests, send, import or export</source>
        <translation>environments, token, requests, send, import of export</translation>
    </message>
    <message>
        <source>Only this collection (name or id).</source>
        <translation>Alleen deze collectie (naam of id).</translation>
    </message>
    <message>
        <source>Lists the collections of the workspace with their saved requests, folder by folder: the path to give &quot;send&quot;, the method and the URL.</source>
        <translation>Toont de collecties van de werkruimte met hun opgeslagen requests, map voor map: het pad voor &quot;send&quot;, de methode en de URL.</translation>
    </message>
    <message>
        <source>The saved request: its collection, folders and name, such as &quot;Demo API/Patients/Get patient&quot;.</source>
        <translation>Het opgeslagen request: de collectie, de mappen en de naam, zoals &quot;Demo API/Patients/Get patient&quot;.</translation>
    </message>
    <message>
        <source>Sends a saved request of a collection with the variables of the workspace, the collection and the environment ENV (--var over all of them) and the environment&apos;s access token, got as &quot;token&quot; gets it. Prints the response body on standard output; --include puts the status line and headers before it, --json prints status, headers, body and time as JSON. A request with a variable that has no value is not sent. In a production environment only GET, HEAD and OPTIONS go without --yes; the token goes to a host that is not the environment&apos;s own only with --yes.</source>
        <translation>Verstuurt een opgeslagen request van een collectie met de variabelen van de werkruimte, de collectie en de omgeving ENV (--var boven die allemaal) en het toegangstoken van de omgeving, verkregen zoals &quot;token&quot; het verkrijgt. Toont de body van het antwoord op de standaarduitvoer; --include zet de statusregel en de headers ervoor, --json toont status, headers, body en tijd als JSON. Een request met een variabele zonder waarde wordt niet verstuurd. In een productieomgeving gaan alleen GET, HEAD en OPTIONS zonder --yes; het token gaat alleen met --yes naar een host die niet van de omgeving zelf is.</translation>
    </message>
    <message>
        <source>The format of the file.</source>
        <translation>De indeling van het bestand.</translation>
    </message>
    <message>
        <source>A Postman collection (v2.0 or v2.1) or environment file.</source>
        <translation>Een Postman-collectie (v2.0 of v2.1) of -omgevingsbestand.</translation>
    </message>
    <message>
        <source>Imports a Postman collection or environment file into the workspace (which of the two is read from the file). Secret values go to the keychain, never to a file. What could not be taken over is reported on standard error, item by item.</source>
        <translation>Importeert een Postman-collectie of -omgevingsbestand in de werkruimte (welke van de twee wordt uit het bestand gelezen). Geheime waarden gaan naar de sleutelhanger, nooit naar een bestand. Wat niet kon worden overgenomen, wordt per item gemeld op de standaardfout.</translation>
    </message>
    <message>
        <source>postman (a Postman v2.1 collection or environment file) or native (Tokenscope&apos;s own format).</source>
        <translation>postman (een Postman v2.1-collectie of -omgevingsbestand) of native (de eigen indeling van Tokenscope).</translation>
    </message>
    <message>
        <source>Exports a collection or an environment to standard output or a file. Secret values never leave the keychain: standard error names the ones left out.</source>
        <translation>Exporteert een collectie of een omgeving naar de standaarduitvoer of een bestand. Geheime waarden verlaten de sleutelhanger nooit: de standaardfout noemt de weggelaten waarden.</translation>
    </message>
    <message>
        <source>Name the environment and the request: tokenscope-cli send ENV COLLECTION/REQUEST.</source>
        <translation>Noem de omgeving en het request: tokenscope-cli send ENV COLLECTION/REQUEST.</translation>
    </message>
    <message>
        <source>Name the format and the file: tokenscope-cli import postman FILE.</source>
        <translation>Noem de indeling en het bestand: tokenscope-cli import postman FILE.</translation>
    </message>
    <message>
        <source>Name the format: tokenscope-cli export postman|native.</source>
        <translation>Noem de indeling: tokenscope-cli export postman|native.</translation>
    </message>
    <message>
        <source>Give --include or --json, not both.</source>
        <translation>Geef --include of --json, niet allebei.</translation>
    </message>
    <message>
        <source>--var takes name=value, not &quot;%1&quot;.</source>
        <translation>--var verwacht naam=waarde, niet &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Unknown format &quot;%1&quot;: tokenscope-cli imports postman files.</source>
        <translation>Onbekende indeling &quot;%1&quot;: tokenscope-cli importeert postman-bestanden.</translation>
    </message>
    <message>
        <source>Unknown format &quot;%1&quot;: give postman or native.</source>
        <translation>Onbekende indeling &quot;%1&quot;: geef postman of native.</translation>
    </message>
    <message>
        <source>Give --collection or --environment (one of them).</source>
        <translation>Geef --collection of --environment (een van beide).</translation>
    </message>
    <message>
        <source>--output needs a file.</source>
        <translation>--output heeft een bestand nodig.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Cli::Commands</name>
    <message>
        <source>Several environments are called &quot;%1&quot;; give the id of one: %2.</source>
        <translation>Meerdere omgevingen heten &quot;%1&quot;; geef de id van een ervan: %2.</translation>
    </message>
    <message>
        <source>No environment &quot;%1&quot;: the workspace has none.</source>
        <translation>Geen omgeving &quot;%1&quot;: de werkruimte heeft er geen.</translation>
    </message>
    <message>
        <source>No environment &quot;%1&quot;. The workspace has: %2.</source>
        <translation>Geen omgeving &quot;%1&quot;. De werkruimte heeft: %2.</translation>
    </message>
    <message>
        <source>authorization code</source>
        <translation>authorization code</translation>
    </message>
    <message>
        <source>client credentials</source>
        <translation>client credentials</translation>
    </message>
    <message>
        <source>device code</source>
        <translation>device code</translation>
    </message>
    <message>
        <source>no sign-in needed (client credentials)</source>
        <translation>aanmelden niet nodig (client credentials)</translation>
    </message>
    <message>
        <source>signed in (refresh token in the keychain)</source>
        <translation>aangemeld (refresh token in de sleutelhanger)</translation>
    </message>
    <message>
        <source>signed in as %1 (refresh token in the keychain)</source>
        <translation>aangemeld als %1 (refresh token in de sleutelhanger)</translation>
    </message>
    <message>
        <source>not signed in (the last sign-in left no refresh token)</source>
        <translation>niet aangemeld (de laatste aanmelding leverde geen refresh token op)</translation>
    </message>
    <message>
        <source>unknown: the keychain could not be read (%1)</source>
        <translation>onbekend: de sleutelhanger kon niet worden gelezen (%1)</translation>
    </message>
    <message>
        <source>not signed in</source>
        <translation>niet aangemeld</translation>
    </message>
    <message>
        <source>id</source>
        <translation>id</translation>
    </message>
    <message>
        <source>OAuth: %1, client %2, provider %3</source>
        <translation>OAuth: %1, client %2, provider %3</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(geen)</translation>
    </message>
    <message>
        <source>(not set up)</source>
        <translation>(niet ingesteld)</translation>
    </message>
    <message>
        <source>Sign-in: %1</source>
        <translation>Aanmelding: %1</translation>
    </message>
    <message>
        <source>The workspace in %1 has no environments.</source>
        <translation>De werkruimte in %1 heeft geen omgevingen.</translation>
    </message>
    <message>
        <source>The keychain could not be read: whether an environment is signed in is not known. Unlock the keychain (or start the Secret Service) and try again.</source>
        <translation>De sleutelhanger kon niet worden gelezen: of een omgeving is aangemeld, is niet bekend. Ontgrendel de sleutelhanger (of start de Secret Service) en probeer het opnieuw.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; needs a sign-in in Tokenscope; tokenscope-cli does not open a browser.</source>
        <translation>&quot;%1&quot; moet zich aanmelden in Tokenscope; tokenscope-cli opent geen browser.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Kon %1 niet schrijven: %2</translation>
    </message>
    <message>
        <source>Not taken over, item by item:</source>
        <translation>Niet overgenomen, per item:</translation>
    </message>
    <message>
        <source>The collection &quot;%1&quot; was imported (id %2): %3 folders, %4 requests, %5 variables.</source>
        <translation>De collectie &quot;%1&quot; is geïmporteerd (id %2): %3 mappen, %4 requests, %5 variabelen.</translation>
    </message>
    <message>
        <source>Secret values kept in the keychain, not in the file: %1</source>
        <translation>Geheime waarden, bewaard in de sleutelhanger en niet in het bestand: %1</translation>
    </message>
    <message>
        <source>The environment &quot;%1&quot; was created with the OAuth settings.</source>
        <translation>De omgeving &quot;%1&quot; is aangemaakt met de OAuth-instellingen.</translation>
    </message>
    <message>
        <source>The collection holds %1 OAuth 2.0 setups; --create-environments makes an environment of each.</source>
        <translation>De collectie bevat %1 OAuth 2.0-instellingen; --create-environments maakt van elk een omgeving.</translation>
    </message>
    <message>
        <source>The environment &quot;%1&quot; was imported (id %2): %3 variables, of which %4 secret; the secret values are kept in the keychain, not in the workspace file.</source>
        <translation>De omgeving &quot;%1&quot; is geïmporteerd (id %2): %3 variabelen, waarvan %4 geheim; de geheime waarden worden in de sleutelhanger bewaard, niet in het werkruimtebestand.</translation>
    </message>
    <message>
        <source>Several collections are called &quot;%1&quot;; give the id of one: %2.</source>
        <translation>Meerdere collecties heten &quot;%1&quot;; geef de id van een ervan: %2.</translation>
    </message>
    <message>
        <source>No collection &quot;%1&quot;: the workspace has none.</source>
        <translation>Geen collectie &quot;%1&quot;: de werkruimte heeft er geen.</translation>
    </message>
    <message>
        <source>No collection &quot;%1&quot;. The workspace has: %2.</source>
        <translation>Geen collectie &quot;%1&quot;. De werkruimte heeft: %2.</translation>
    </message>
    <message>
        <source>Several saved requests match &quot;%1&quot;:</source>
        <translation>Meerdere opgeslagen requests passen bij &quot;%1&quot;:</translation>
    </message>
    <message>
        <source>collection id %1, request id %2</source>
        <translation>collectie-id %1, request-id %2</translation>
    </message>
    <message>
        <source>Rename one of them, or give the collection&apos;s id instead of its name.</source>
        <translation>Geef een ervan een andere naam, of geef de id van de collectie in plaats van de naam.</translation>
    </message>
    <message>
        <source>No saved request &quot;%1&quot;. Give it as COLLECTION/FOLDER/REQUEST; &quot;tokenscope-cli requests&quot; lists them.</source>
        <translation>Geen opgeslagen request &quot;%1&quot;. Geef het als COLLECTIE/MAP/REQUEST; &quot;tokenscope-cli requests&quot; toont ze.</translation>
    </message>
    <message>
        <source>The workspace in %1 has no collections.</source>
        <translation>De werkruimte in %1 heeft geen collecties.</translation>
    </message>
    <message>
        <source>--create-environments is for collections; this is an environment file.</source>
        <translation>--create-environments is voor collecties; dit is een omgevingsbestand.</translation>
    </message>
    <message>
        <source>The client secret and the tokens stay in the keychain.</source>
        <translation>Het client secret en de tokens blijven in de sleutelhanger.</translation>
    </message>
    <message>
        <source>No secret values to leave out.</source>
        <translation>Geen geheime waarden om weg te laten.</translation>
    </message>
    <message>
        <source>Secret values left out (they stay in the keychain): %1.</source>
        <translation>Weggelaten geheime waarden (ze blijven in de sleutelhanger): %1.</translation>
    </message>
    <message>
        <source>Give the missing values with --var name=value.</source>
        <translation>Geef de ontbrekende waarden met --var naam=waarde.</translation>
    </message>
    <message>
        <source>The keychain could not be read: secret variables have no values. Unlock the keychain (or start the Secret Service) and try again.</source>
        <translation>De sleutelhanger kon niet worden gelezen: geheime variabelen hebben geen waarde. Ontgrendel de sleutelhanger (of start de Secret Service) en probeer het opnieuw.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is a production environment: %2 requests are sent only with --yes.</source>
        <translation>&quot;%1&quot; is een productieomgeving: %2-requests worden alleen met --yes verstuurd.</translation>
    </message>
    <message>
        <source>The request would send the access token of &quot;%1&quot; to %2, which belongs to the environment &quot;%3&quot;. Add --yes to send it anyway.</source>
        <translation>Het request zou het toegangstoken van &quot;%1&quot; naar %2 sturen, dat bij de omgeving &quot;%3&quot; hoort. Voeg --yes toe om het toch te versturen.</translation>
    </message>
    <message>
        <source>The request would send the access token of &quot;%1&quot; to %2, which is not one of its API base URLs. Add --yes to send it anyway, or add the host to the environment&apos;s API base URLs in Tokenscope.</source>
        <translation>Het request zou het toegangstoken van &quot;%1&quot; naar %2 sturen, dat niet een van haar API-basis-URL&apos;s is. Voeg --yes toe om het toch te versturen, of voeg de host in Tokenscope toe aan de API-basis-URL&apos;s van de omgeving.</translation>
    </message>
    <message>
        <source>The API answered %1 %2.</source>
        <translation>De API antwoordde %1 %2.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Http::CurlCommand</name>
    <message>
        <source>The command names no address to send the request to.</source>
        <translation>De opdracht noemt geen adres om het verzoek naartoe te sturen.</translation>
    </message>
    <message>
        <source>The command has both form fields (-F) and data (-d): curl cannot send both either.</source>
        <translation>De opdracht heeft zowel formuliervelden (-F) als data (-d): ook curl kan die niet samen versturen.</translation>
    </message>
    <message>
        <source>The address has no scheme; curl reads it as http://, and so does this request.</source>
        <translation>Het adres heeft geen schema; curl leest het als http://, en dit verzoek ook.</translation>
    </message>
    <message>
        <source>-G puts the data into the address, which a file&apos;s content cannot go into here.</source>
        <translation>-G zet de data in het adres, en de inhoud van een bestand kan daar hier niet in.</translation>
    </message>
    <message>
        <source>The body would join the file %1 with other data, which is not supported.</source>
        <translation>De body zou het bestand %1 met andere data samenvoegen, en dat wordt niet ondersteund.</translation>
    </message>
    <message>
        <source>curl would ask for the password of %1: fill it in under Authorization.</source>
        <translation>curl zou om het wachtwoord van %1 vragen: vul het in onder Autorisatie.</translation>
    </message>
    <message>
        <source>“%1” reads as a placeholder: the environment&apos;s access token is sent instead.</source>
        <translation>“%1” lijkt een plaatshouder: in plaats daarvan wordt het toegangstoken van de omgeving verstuurd.</translation>
    </message>
    <message>
        <source>The bearer token is kept as the secret variable %1, in the keychain only.</source>
        <translation>Het bearer-token wordt bewaard als geheime variabele %1, alleen in de sleutelbos.</translation>
    </message>
    <message>
        <source>The secrets of the command are kept as secret variables, in the keychain only.</source>
        <translation>De geheimen uit de opdracht worden bewaard als geheime variabelen, alleen in de sleutelbos.</translation>
    </message>
    <message>
        <source>The secrets are not in this command: set %1 in the shell first (read -rs NAME; export NAME).</source>
        <translation>De geheimen staan niet in deze opdracht: zet eerst %1 in de shell (read -rs NAAM; export NAAM).</translation>
    </message>
    <message>
        <source>Left out what the output was piped into: %1</source>
        <translation>Weggelaten waar de uitvoer naartoe werd doorgesluisd: %1</translation>
    </message>
    <message>
        <source>This is not a curl command: it should start with “curl”.</source>
        <translation>Dit is geen curl-opdracht: die begint met “curl”.</translation>
    </message>
    <message>
        <source>The curl command could not be read.</source>
        <translation>De curl-opdracht kon niet worden gelezen.</translation>
    </message>
    <message>
        <source>The curl option %1 is not supported.</source>
        <translation>De curl-optie %1 wordt niet ondersteund.</translation>
    </message>
    <message>
        <source>The curl option %1 needs a value.</source>
        <translation>De curl-optie %1 heeft een waarde nodig.</translation>
    </message>
    <message>
        <source>The command names more than one address (%1 and %2): paste one request at a time.</source>
        <translation>De opdracht noemt meer dan één adres (%1 en %2): plak één verzoek tegelijk.</translation>
    </message>
    <message>
        <source>%1 @- reads the body from standard input, which a pasted command cannot.</source>
        <translation>%1 @- leest de body van standaardinvoer, en dat kan een geplakte opdracht niet.</translation>
    </message>
    <message>
        <source>The body is the file %1, read when the request is sent.</source>
        <translation>De body is het bestand %1; het wordt gelezen bij het verzenden.</translation>
    </message>
    <message>
        <source>Left out the cookie file %1: only cookies written out are read.</source>
        <translation>Cookiebestand %1 weggelaten: alleen uitgeschreven cookies worden gelezen.</translation>
    </message>
    <message>
        <source>%1 needs a number of seconds, not “%2”.</source>
        <translation>%1 verwacht een aantal seconden, niet “%2”.</translation>
    </message>
    <message>
        <source>%1 (no certificate check) was left out: Tokenscope checks certificates; trust a self-signed one in the environment instead.</source>
        <translation>%1 (geen certificaatcontrole) is weggelaten: Tokenscope controleert certificaten; vertrouw een zelfondertekend certificaat liever in de omgeving.</translation>
    </message>
    <message>
        <source>Left out %1 %2: set it up in the environment.</source>
        <translation>%1 %2 weggelaten: stel dit in bij de omgeving.</translation>
    </message>
    <message>
        <source>%1 %2 reads headers from a file, which is not supported: paste them as -H options.</source>
        <translation>%1 %2 leest headers uit een bestand, en dat wordt niet ondersteund: plak ze als -H-opties.</translation>
    </message>
    <message>
        <source>Left out the header “%1”: it has no colon.</source>
        <translation>Header “%1” weggelaten: er staat geen dubbele punt in.</translation>
    </message>
    <message>
        <source>%1 %2 encodes a file, which is not supported: paste the file&apos;s content instead.</source>
        <translation>%1 %2 codeert een bestand, en dat wordt niet ondersteund: plak in plaats daarvan de inhoud van het bestand.</translation>
    </message>
    <message>
        <source>%1 %2 is not a form field: it should read name=value.</source>
        <translation>%1 %2 is geen formulierveld: het moet luiden naam=waarde.</translation>
    </message>
    <message>
        <source>%1 %2 sends a file&apos;s content as text, which is not supported: attach it with @ instead.</source>
        <translation>%1 %2 stuurt de inhoud van een bestand als tekst, en dat wordt niet ondersteund: voeg het bestand toe met @.</translation>
    </message>
    <message>
        <source>Left out “%1” of the form field %2.</source>
        <translation>“%1” van formulierveld %2 weggelaten.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Http::FlowLog</name>
    <message numerus="yes">
        <source>%n earlier entries were dropped to keep the timeline&apos;s memory bounded.</source>
        <translation>
            <numerusform>%n eerdere regel is verwijderd om het geheugen van de tijdlijn te begrenzen.</numerusform>
            <numerusform>%n eerdere regels zijn verwijderd om het geheugen van de tijdlijn te begrenzen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Tokenscope::Http::NetworkClient</name>
    <message>
        <source>The response was larger than the limit for this request.</source>
        <translation>Het antwoord was groter dan de limiet voor dit verzoek.</translation>
    </message>
    <message>
        <source>No response within the time limit.</source>
        <translation>Geen antwoord binnen de tijdslimiet.</translation>
    </message>
    <message>
        <source>The certificate of %1 is not trusted (%2). Its SHA-256 fingerprint is %3.</source>
        <translation>Het certificaat van %1 wordt niet vertrouwd (%2). De SHA-256-vingerafdruk is %3.</translation>
    </message>
    <message>
        <source>Nothing was sent: the request would carry credentials in clear over http to %1. Use https, or allow plain HTTP for this environment in File ▸ Edit Environment… (Sign-in tab).</source>
        <translation>Er is niets verstuurd: het verzoek zou inloggegevens onversleuteld over http naar %1 sturen. Gebruik https, of sta gewoon HTTP toe voor deze omgeving via Bestand ▸ Omgeving bewerken… (tabblad Aanmelden).</translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s) of the request body are streamed from disk.</source>
        <translation>
            <numerusform>%n byte van de body van het verzoek wordt van schijf gestreamd.</numerusform>
            <numerusform>%n bytes van de body van het verzoek worden van schijf gestreamd.</numerusform>
        </translation>
    </message>
    <message>
        <source>The request was cancelled.</source>
        <translation>Het verzoek is geannuleerd.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Http::Redaction</name>
    <message numerus="yes">
        <source>%1 (the whole body, %n bytes, is masked: it could not be read, and it names a secret field)</source>
        <translation>
            <numerusform>%1 (de hele body, %n byte, is gemaskeerd: hij kon niet worden gelezen en noemt een geheim veld)</numerusform>
            <numerusform>%1 (de hele body, %n bytes, is gemaskeerd: hij kon niet worden gelezen en noemt een geheim veld)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Tokenscope::Http::RequestBody</name>
    <message>
        <source>A file of the request body cannot be read</source>
        <translation>Een bestand van de body van het verzoek kan niet worden gelezen</translation>
    </message>
    <message>
        <source>Choose the file again, or check that it still exists and may be read.</source>
        <translation>Kies het bestand opnieuw, of controleer of het nog bestaat en gelezen mag worden.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Http::RequestSender</name>
    <message>
        <source>The request uses variables that are not defined</source>
        <translation>Het verzoek gebruikt variabelen die niet zijn gedefinieerd</translation>
    </message>
    <message>
        <source>Define them in the environment, or remove the {{…}} placeholders.</source>
        <translation>Definieer ze in de omgeving, of verwijder de {{…}}-plaatshouders.</translation>
    </message>
    <message>
        <source>The URL is not a valid http or https address</source>
        <translation>De URL is geen geldig http- of https-adres</translation>
    </message>
    <message>
        <source>Write the full address, for example https://api.example.com/v1/items.</source>
        <translation>Vul het volledige adres in, bijvoorbeeld https://api.example.com/v1/items.</translation>
    </message>
    <message>
        <source>API call</source>
        <translation>API-aanroep</translation>
    </message>
    <message>
        <source>The request could not be completed</source>
        <translation>Het verzoek kon niet worden voltooid</translation>
    </message>
    <message>
        <source>Check that the server is up, or raise the timeout.</source>
        <translation>Controleer of de server draait, of verhoog de time-out.</translation>
    </message>
    <message>
        <source>Check the address, your network and the proxy settings.</source>
        <translation>Controleer het adres, je netwerk en de proxyinstellingen.</translation>
    </message>
    <message>
        <source>The API answered invalid_token: refreshing the token once and retrying</source>
        <translation>De API antwoordde invalid_token: het token wordt één keer vernieuwd en het verzoek opnieuw verzonden</translation>
    </message>
    <message>
        <source>The access token was not sent: the address uses plain http</source>
        <translation>Het toegangstoken is niet verstuurd: het adres gebruikt gewoon http</translation>
    </message>
    <message>
        <source>The secret variable was not sent: the address uses plain http</source>
        <translation>De geheime variabele is niet verstuurd: het adres gebruikt gewoon http</translation>
    </message>
    <message>
        <source>The request would send the access token in clear over http to %1.</source>
        <translation>Het verzoek zou het toegangstoken onversleuteld over http naar %1 sturen.</translation>
    </message>
    <message>
        <source>The request would send a secret variable in clear over http to %1.</source>
        <translation>Het verzoek zou een geheime variabele onversleuteld over http naar %1 sturen.</translation>
    </message>
    <message>
        <source>Use https, or allow plain HTTP for this environment in File ▸ Edit Environment… (Sign-in tab).</source>
        <translation>Gebruik https, of sta gewoon HTTP toe voor deze omgeving via Bestand ▸ Omgeving bewerken… (tabblad Aanmelden).</translation>
    </message>
    <message>
        <source>The request was cancelled</source>
        <translation>Het verzoek is geannuleerd</translation>
    </message>
    <message>
        <source>The authorization of the request is incomplete</source>
        <translation>De autorisatie van het verzoek is onvolledig</translation>
    </message>
    <message>
        <source>The header, parameter or variable that should carry the credential has no name.</source>
        <translation>De header, parameter of variabele die de referentie moet meenemen heeft geen naam.</translation>
    </message>
    <message>
        <source>Fill it in on the Auth tab, or choose another way to send the token.</source>
        <translation>Vul die in op het tabblad Autorisatie, of kies een andere manier om het token mee te sturen.</translation>
    </message>
    <message>
        <source>There is no access token to send</source>
        <translation>Er is geen toegangstoken om mee te sturen</translation>
    </message>
    <message>
        <source>The request sends the environment&apos;s access token, but the environment has no sign-in.</source>
        <translation>Het verzoek stuurt het toegangstoken van de omgeving mee, maar de omgeving heeft geen aanmelding.</translation>
    </message>
    <message>
        <source>Select an environment with a provider, or choose another way to authorize on the Auth tab.</source>
        <translation>Kies een omgeving met een provider, of kies op het tabblad Autorisatie een andere manier van autoriseren.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Http::ShellWords</name>
    <message>
        <source>The text holds shell syntax that is not part of a curl command (“%1” at character %2): paste one curl command only.</source>
        <translation>De tekst bevat shell-syntaxis die niet bij een curl-opdracht hoort (“%1” bij teken %2): plak één curl-opdracht.</translation>
    </message>
    <message>
        <source>A quote (%1) is not closed: the command seems cut short.</source>
        <translation>Een aanhalingsteken (%1) wordt niet gesloten: de opdracht lijkt afgebroken.</translation>
    </message>
    <message>
        <source>Command substitution (`…`) is not supported: paste the command with its value written out.</source>
        <translation>Opdrachtvervanging (`…`) wordt niet ondersteund: plak de opdracht met de waarde uitgeschreven.</translation>
    </message>
    <message>
        <source>Command substitution ($(…)) is not supported: paste the command with its value written out.</source>
        <translation>Opdrachtvervanging ($(…)) wordt niet ondersteund: plak de opdracht met de waarde uitgeschreven.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Jwt::ClaimCatalogue</name>
    <message>
        <source>Algorithm</source>
        <translation>Algoritme</translation>
    </message>
    <message>
        <source>How the token is signed or encrypted; “none” means it is not signed at all.</source>
        <translation>Hoe het token is ondertekend of versleuteld; “none” betekent dat het helemaal niet is ondertekend.</translation>
    </message>
    <message>
        <source>Key ID</source>
        <translation>Sleutel-ID</translation>
    </message>
    <message>
        <source>Which of the provider&apos;s keys signed the token.</source>
        <translation>Met welke sleutel van de provider het token is ondertekend.</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>The kind of token, e.g. JWT, or at+jwt for an access token.</source>
        <translation>Het soort token, bijvoorbeeld JWT, of at+jwt voor een access token.</translation>
    </message>
    <message>
        <source>Content type</source>
        <translation>Inhoudstype</translation>
    </message>
    <message>
        <source>What the payload is; “JWT” means the token wraps another token.</source>
        <translation>Wat de payload is; “JWT” betekent dat het token een ander token omhult.</translation>
    </message>
    <message>
        <source>Certificate thumbprint</source>
        <translation>Vingerafdruk van het certificaat</translation>
    </message>
    <message>
        <source>The SHA-1 thumbprint of the signing key&apos;s certificate.</source>
        <translation>De SHA-1-vingerafdruk van het certificaat van de ondertekeningssleutel.</translation>
    </message>
    <message>
        <source>Certificate thumbprint (SHA-256)</source>
        <translation>Vingerafdruk van het certificaat (SHA-256)</translation>
    </message>
    <message>
        <source>The SHA-256 thumbprint of the signing key&apos;s certificate.</source>
        <translation>De SHA-256-vingerafdruk van het certificaat van de ondertekeningssleutel.</translation>
    </message>
    <message>
        <source>Certificate chain</source>
        <translation>Certificaatketen</translation>
    </message>
    <message>
        <source>The signing key&apos;s certificate and its issuers, carried in the token itself.</source>
        <translation>Het certificaat van de ondertekeningssleutel en zijn uitgevers, in het token zelf meegestuurd.</translation>
    </message>
    <message>
        <source>Certificate URL</source>
        <translation>Certificaat-URL</translation>
    </message>
    <message>
        <source>Where the signing key&apos;s certificate is said to be; not used to verify.</source>
        <translation>Waar het certificaat van de ondertekeningssleutel zou staan; wordt niet gebruikt om te controleren.</translation>
    </message>
    <message>
        <source>Key set URL</source>
        <translation>URL van de sleutelset</translation>
    </message>
    <message>
        <source>Where the token says its keys are; Tokenscope uses the provider&apos;s keys instead.</source>
        <translation>Waar volgens het token de sleutels staan; Tokenscope gebruikt in plaats daarvan de sleutels van de provider.</translation>
    </message>
    <message>
        <source>Embedded key</source>
        <translation>Ingesloten sleutel</translation>
    </message>
    <message>
        <source>A public key in the token itself; never trusted to verify the token.</source>
        <translation>Een publieke sleutel in het token zelf; nooit vertrouwd om het token te controleren.</translation>
    </message>
    <message>
        <source>Critical extensions</source>
        <translation>Kritieke extensies</translation>
    </message>
    <message>
        <source>Extensions the recipient must understand, or else refuse the token.</source>
        <translation>Extensies die de ontvanger moet begrijpen; anders moet hij het token weigeren.</translation>
    </message>
    <message>
        <source>Content encryption</source>
        <translation>Versleuteling van de inhoud</translation>
    </message>
    <message>
        <source>How the content of an encrypted token is encrypted.</source>
        <translation>Hoe de inhoud van een versleuteld token is versleuteld.</translation>
    </message>
    <message>
        <source>Compression</source>
        <translation>Compressie</translation>
    </message>
    <message>
        <source>The content was compressed before it was encrypted.</source>
        <translation>De inhoud is gecomprimeerd voordat hij werd versleuteld.</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Actief</translation>
    </message>
    <message>
        <source>Whether the provider still accepts the token.</source>
        <translation>Of de provider het token nog accepteert.</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Gebruikersnaam</translation>
    </message>
    <message>
        <source>The user the token was issued for, in readable form.</source>
        <translation>De gebruiker voor wie het token is uitgegeven, in leesbare vorm.</translation>
    </message>
    <message>
        <source>Token type</source>
        <translation>Tokentype</translation>
    </message>
    <message>
        <source>The type of the token, e.g. Bearer.</source>
        <translation>Het type van het token, bijvoorbeeld Bearer.</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <source>The provider that issued the token.</source>
        <translation>De provider die het token heeft uitgegeven.</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Who the token is about: the user&apos;s or client&apos;s identifier at the provider.</source>
        <translation>Over wie het token gaat: de identificatie van de gebruiker of client bij de provider.</translation>
    </message>
    <message>
        <source>Audience</source>
        <translation>Audience</translation>
    </message>
    <message>
        <source>Who the token is meant for: the API or client that may accept it.</source>
        <translation>Voor wie het token bedoeld is: de API of client die het mag accepteren.</translation>
    </message>
    <message>
        <source>Authorized party</source>
        <translation>Gemachtigde partij</translation>
    </message>
    <message>
        <source>The client the token was issued to.</source>
        <translation>De client aan wie het token is uitgegeven.</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Verloopt</translation>
    </message>
    <message>
        <source>From this moment on the token must be refused.</source>
        <translation>Vanaf dit moment moet het token worden geweigerd.</translation>
    </message>
    <message>
        <source>Not before</source>
        <translation>Niet vóór</translation>
    </message>
    <message>
        <source>Before this moment the token must be refused.</source>
        <translation>Vóór dit moment moet het token worden geweigerd.</translation>
    </message>
    <message>
        <source>Issued at</source>
        <translation>Uitgegeven op</translation>
    </message>
    <message>
        <source>When the provider issued the token.</source>
        <translation>Wanneer de provider het token heeft uitgegeven.</translation>
    </message>
    <message>
        <source>Signed in at</source>
        <translation>Aangemeld op</translation>
    </message>
    <message>
        <source>When the user last actually entered credentials.</source>
        <translation>Wanneer de gebruiker voor het laatst echt inloggegevens heeft ingevoerd.</translation>
    </message>
    <message>
        <source>Profile updated at</source>
        <translation>Profiel bijgewerkt op</translation>
    </message>
    <message>
        <source>When the user&apos;s profile was last changed.</source>
        <translation>Wanneer het profiel van de gebruiker voor het laatst is gewijzigd.</translation>
    </message>
    <message>
        <source>Token ID</source>
        <translation>Token-ID</translation>
    </message>
    <message>
        <source>A unique identifier of this token, e.g. to detect replay.</source>
        <translation>Een unieke identificatie van dit token, bijvoorbeeld om hergebruik te herkennen.</translation>
    </message>
    <message>
        <source>Scopes</source>
        <translation>Scopes</translation>
    </message>
    <message>
        <source>What the token allows, as a space-separated list.</source>
        <translation>Wat het token toestaat, als lijst gescheiden door spaties.</translation>
    </message>
    <message>
        <source>Scopes (scp)</source>
        <translation>Scopes (scp)</translation>
    </message>
    <message>
        <source>What the token allows, in the form Microsoft Entra and Okta use.</source>
        <translation>Wat het token toestaat, in de vorm die Microsoft Entra en Okta gebruiken.</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <source>The roles the user or application has been given.</source>
        <translation>De rollen die de gebruiker of applicatie heeft gekregen.</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Groepen</translation>
    </message>
    <message>
        <source>The groups the user belongs to.</source>
        <translation>De groepen waarvan de gebruiker lid is.</translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation>Client-ID</translation>
    </message>
    <message>
        <source>The client that requested the token.</source>
        <translation>De client die het token heeft aangevraagd.</translation>
    </message>
    <message>
        <source>Bound to key</source>
        <translation>Gebonden aan sleutel</translation>
    </message>
    <message>
        <source>The key the token is bound to (DPoP or mutual TLS): only its holder may use the token.</source>
        <translation>De sleutel waaraan het token is gebonden (DPoP of mutual TLS): alleen wie die sleutel heeft, mag het token gebruiken.</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Actor</translation>
    </message>
    <message>
        <source>Who acts on behalf of the subject (token exchange).</source>
        <translation>Wie namens het subject handelt (token exchange).</translation>
    </message>
    <message>
        <source>Session ID</source>
        <translation>Sessie-ID</translation>
    </message>
    <message>
        <source>The user&apos;s session at the provider, used to sign out.</source>
        <translation>De sessie van de gebruiker bij de provider, gebruikt om af te melden.</translation>
    </message>
    <message>
        <source>Nonce</source>
        <translation>Nonce</translation>
    </message>
    <message>
        <source>The random value of the sign-in request, tying the ID token to that sign-in.</source>
        <translation>De willekeurige waarde uit het aanmeldverzoek, die het ID token aan die aanmelding koppelt.</translation>
    </message>
    <message>
        <source>Access token hash</source>
        <translation>Hash van het access token</translation>
    </message>
    <message>
        <source>A hash of the access token issued together with this ID token.</source>
        <translation>Een hash van het access token dat samen met dit ID token is uitgegeven.</translation>
    </message>
    <message>
        <source>Code hash</source>
        <translation>Hash van de code</translation>
    </message>
    <message>
        <source>A hash of the authorization code issued together with this ID token.</source>
        <translation>Een hash van de autorisatiecode die samen met dit ID token is uitgegeven.</translation>
    </message>
    <message>
        <source>Authentication level</source>
        <translation>Authenticatieniveau</translation>
    </message>
    <message>
        <source>How strongly the user was authenticated, as the provider names it.</source>
        <translation>Hoe sterk de gebruiker is geauthenticeerd, zoals de provider het noemt.</translation>
    </message>
    <message>
        <source>Authentication methods</source>
        <translation>Authenticatiemethoden</translation>
    </message>
    <message>
        <source>How the user was authenticated, e.g. pwd (password), otp (one-time code), mfa (several factors).</source>
        <translation>Hoe de gebruiker is geauthenticeerd, bijvoorbeeld pwd (wachtwoord), otp (eenmalige code), mfa (meerdere factoren).</translation>
    </message>
    <message>
        <source>Token kind</source>
        <translation>Soort token</translation>
    </message>
    <message>
        <source>The kind of token as the provider names it, e.g. Keycloak&apos;s Bearer, ID or Refresh.</source>
        <translation>Het soort token zoals de provider het noemt, bijvoorbeeld Bearer, ID of Refresh bij Keycloak.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>The user&apos;s full name.</source>
        <translation>De volledige naam van de gebruiker.</translation>
    </message>
    <message>
        <source>Given name</source>
        <translation>Voornaam</translation>
    </message>
    <message>
        <source>The user&apos;s first name.</source>
        <translation>De voornaam van de gebruiker.</translation>
    </message>
    <message>
        <source>Family name</source>
        <translation>Achternaam</translation>
    </message>
    <message>
        <source>The user&apos;s last name.</source>
        <translation>De achternaam van de gebruiker.</translation>
    </message>
    <message>
        <source>Preferred username</source>
        <translation>Voorkeursgebruikersnaam</translation>
    </message>
    <message>
        <source>The name the user signs in with; not unique and may change.</source>
        <translation>De naam waarmee de gebruiker zich aanmeldt; niet uniek en kan veranderen.</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>The user&apos;s email address.</source>
        <translation>Het e-mailadres van de gebruiker.</translation>
    </message>
    <message>
        <source>Email verified</source>
        <translation>E-mail geverifieerd</translation>
    </message>
    <message>
        <source>Whether the provider has verified the email address.</source>
        <translation>Of de provider het e-mailadres heeft geverifieerd.</translation>
    </message>
    <message>
        <source>Email addresses</source>
        <translation>E-mailadressen</translation>
    </message>
    <message>
        <source>The user&apos;s email addresses (Azure AD B2C).</source>
        <translation>De e-mailadressen van de gebruiker (Azure AD B2C).</translation>
    </message>
    <message>
        <source>User principal name</source>
        <translation>User principal name</translation>
    </message>
    <message>
        <source>The user&apos;s sign-in name in Microsoft Entra.</source>
        <translation>De aanmeldnaam van de gebruiker in Microsoft Entra.</translation>
    </message>
    <message>
        <source>Unique name</source>
        <translation>Unieke naam</translation>
    </message>
    <message>
        <source>A readable name of the user in older Microsoft Entra tokens; not stable.</source>
        <translation>Een leesbare naam van de gebruiker in oudere Microsoft Entra-tokens; niet stabiel.</translation>
    </message>
    <message>
        <source>Tenant ID</source>
        <translation>Tenant-ID</translation>
    </message>
    <message>
        <source>The Microsoft Entra tenant (directory) of the user.</source>
        <translation>De Microsoft Entra-tenant (directory) van de gebruiker.</translation>
    </message>
    <message>
        <source>Object ID</source>
        <translation>Object-ID</translation>
    </message>
    <message>
        <source>The user&apos;s or application&apos;s ID in Microsoft Entra, the same for every application.</source>
        <translation>De ID van de gebruiker of applicatie in Microsoft Entra, voor elke applicatie dezelfde.</translation>
    </message>
    <message>
        <source>Token version</source>
        <translation>Tokenversie</translation>
    </message>
    <message>
        <source>The version of the provider&apos;s token format.</source>
        <translation>De versie van het tokenformaat van de provider.</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Beleid</translation>
    </message>
    <message>
        <source>The Azure AD B2C user flow or custom policy that issued the token.</source>
        <translation>De Azure AD B2C-gebruikersstroom of het aangepaste beleid dat het token heeft uitgegeven.</translation>
    </message>
    <message>
        <source>Identity provider</source>
        <translation>Identiteitsprovider</translation>
    </message>
    <message>
        <source>The identity provider that authenticated the user, e.g. a social or company login.</source>
        <translation>De identiteitsprovider die de gebruiker heeft geauthenticeerd, bijvoorbeeld een sociale of zakelijke login.</translation>
    </message>
    <message>
        <source>Application ID</source>
        <translation>Applicatie-ID</translation>
    </message>
    <message>
        <source>The client that requested the token (Microsoft Entra version 1 tokens).</source>
        <translation>De client die het token heeft aangevraagd (Microsoft Entra-tokens versie 1).</translation>
    </message>
    <message>
        <source>Client authentication</source>
        <translation>Clientauthenticatie</translation>
    </message>
    <message>
        <source>How the client authenticated: 0 public client, 1 secret, 2 certificate.</source>
        <translation>Hoe de client zich heeft geauthenticeerd: 0 publieke client, 1 secret, 2 certificaat.</translation>
    </message>
    <message>
        <source>Directory roles</source>
        <translation>Directoryrollen</translation>
    </message>
    <message>
        <source>The tenant-wide Microsoft Entra roles of the user, as role template IDs.</source>
        <translation>De tenantbrede Microsoft Entra-rollen van de gebruiker, als rolsjabloon-ID&apos;s.</translation>
    </message>
    <message>
        <source>Internal token ID</source>
        <translation>Interne token-ID</translation>
    </message>
    <message>
        <source>Microsoft Entra&apos;s internal identifier of the token.</source>
        <translation>De interne identificatie van het token bij Microsoft Entra.</translation>
    </message>
    <message>
        <source>Internal</source>
        <translation>Intern</translation>
    </message>
    <message>
        <source>Microsoft Entra uses it to revalidate tokens; it means nothing to clients.</source>
        <translation>Microsoft Entra gebruikt dit om tokens opnieuw te valideren; voor clients betekent het niets.</translation>
    </message>
    <message>
        <source>The thumbprint of a certificate the token refers to.</source>
        <translation>De vingerafdruk van een certificaat waarnaar het token verwijst.</translation>
    </message>
    <message>
        <source>Realm roles</source>
        <translation>Realmrollen</translation>
    </message>
    <message>
        <source>Keycloak: the user&apos;s roles in the realm.</source>
        <translation>Keycloak: de rollen van de gebruiker in de realm.</translation>
    </message>
    <message>
        <source>Client roles</source>
        <translation>Clientrollen</translation>
    </message>
    <message>
        <source>Keycloak: the user&apos;s roles per client.</source>
        <translation>Keycloak: de rollen van de gebruiker per client.</translation>
    </message>
    <message>
        <source>Session state</source>
        <translation>Sessiestatus</translation>
    </message>
    <message>
        <source>Keycloak: the user&apos;s session at the provider.</source>
        <translation>Keycloak: de sessie van de gebruiker bij de provider.</translation>
    </message>
    <message>
        <source>Allowed origins</source>
        <translation>Toegestane origins</translation>
    </message>
    <message>
        <source>Keycloak: the web origins that may use the token from a browser (CORS).</source>
        <translation>Keycloak: de web-origins die het token vanuit een browser mogen gebruiken (CORS).</translation>
    </message>
    <message>
        <source>Locale</source>
        <translation>Taal en land</translation>
    </message>
    <message>
        <source>The user&apos;s language and country, e.g. nl-NL.</source>
        <translation>De taal en het land van de gebruiker, bijvoorbeeld nl-NL.</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>Telefoonnummer</translation>
    </message>
    <message>
        <source>The user&apos;s phone number.</source>
        <translation>Het telefoonnummer van de gebruiker.</translation>
    </message>
    <message>
        <source>Not a date: the value is not a number of seconds.</source>
        <translation>Geen datum: de waarde is geen aantal seconden.</translation>
    </message>
    <message>
        <source>Not a date: the value is negative.</source>
        <translation>Geen datum: de waarde is negatief.</translation>
    </message>
    <message>
        <source>Not a date: the value is beyond the year 9999.</source>
        <translation>Geen datum: de waarde ligt na het jaar 9999.</translation>
    </message>
    <message>
        <source>now</source>
        <translation>nu</translation>
    </message>
    <message numerus="yes">
        <source>in %n s</source>
        <translation>
            <numerusform>over %n s</numerusform>
            <numerusform>over %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>%n s geleden</numerusform>
            <numerusform>%n s geleden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n min</source>
        <translation>
            <numerusform>over %n min</numerusform>
            <numerusform>over %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min geleden</numerusform>
            <numerusform>%n min geleden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n h</source>
        <translation>
            <numerusform>over %n u</numerusform>
            <numerusform>over %n u</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n u geleden</numerusform>
            <numerusform>%n u geleden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n day(s)</source>
        <translation>
            <numerusform>over %n dag</numerusform>
            <numerusform>over %n dagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n dag geleden</numerusform>
            <numerusform>%n dagen geleden</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Tokenscope::Jwt::Jwk</name>
    <message>
        <source>member “%1” is missing</source>
        <translation>veld “%1” ontbreekt</translation>
    </message>
    <message>
        <source>member “%1” is not valid base64url</source>
        <translation>veld “%1” is geen geldige base64url</translation>
    </message>
    <message>
        <source>unknown reason</source>
        <translation>onbekende reden</translation>
    </message>
    <message>
        <source>an RSA key of %1 bits; %2 to %3 bits are accepted (RFC 7518 §3.3)</source>
        <translation>een RSA-sleutel van %1 bits; %2 tot %3 bits worden geaccepteerd (RFC 7518 §3.3)</translation>
    </message>
    <message>
        <source>an RSA key with an unusable public exponent</source>
        <translation>een RSA-sleutel met een onbruikbare publieke exponent</translation>
    </message>
    <message>
        <source>OpenSSL could not load the RSA key: %1</source>
        <translation>OpenSSL kon de RSA-sleutel niet laden: %1</translation>
    </message>
    <message>
        <source>an EC key on an unsupported curve “%1” (P-256 and P-384 are supported)</source>
        <translation>een EC-sleutel op een niet-ondersteunde curve “%1” (P-256 en P-384 worden ondersteund)</translation>
    </message>
    <message>
        <source>coordinate “%1” has %2 bytes; %3 needs exactly %4</source>
        <translation>coördinaat “%1” heeft %2 bytes; %3 vereist er precies %4</translation>
    </message>
    <message>
        <source>the point (x, y) is not on curve %1</source>
        <translation>het punt (x, y) ligt niet op curve %1</translation>
    </message>
    <message>
        <source>an OKP key on an unsupported curve “%1” (Ed25519 is supported)</source>
        <translation>een OKP-sleutel op een niet-ondersteunde curve “%1” (Ed25519 wordt ondersteund)</translation>
    </message>
    <message>
        <source>an Ed25519 key of %1 bytes; it must be 32</source>
        <translation>een Ed25519-sleutel van %1 bytes; dat moeten er 32 zijn</translation>
    </message>
    <message>
        <source>OpenSSL could not load the Ed25519 key: %1</source>
        <translation>OpenSSL kon de Ed25519-sleutel niet laden: %1</translation>
    </message>
    <message>
        <source>member “%1” is not a string</source>
        <translation>veld “%1” is geen string</translation>
    </message>
    <message>
        <source>not a signing key (use “%1”)</source>
        <translation>geen ondertekeningssleutel (use “%1”)</translation>
    </message>
    <message>
        <source>not allowed to verify signatures (key_ops)</source>
        <translation>mag geen handtekeningen verifiëren (key_ops)</translation>
    </message>
    <message>
        <source>a symmetric key (kty “oct”); only public keys are used to verify</source>
        <translation>een symmetrische sleutel (kty “oct”); alleen publieke sleutels worden gebruikt om te verifiëren</translation>
    </message>
    <message>
        <source>no key type (kty)</source>
        <translation>geen sleuteltype (kty)</translation>
    </message>
    <message>
        <source>an unknown key type “%1”</source>
        <translation>een onbekend sleuteltype “%1”</translation>
    </message>
    <message>
        <source>Check the provider&apos;s jwks_uri: it must return a JSON object with a “keys” array (RFC 7517 §5).</source>
        <translation>Controleer de jwks_uri van de provider: die moet een JSON-object met een “keys”-array teruggeven (RFC 7517 §5).</translation>
    </message>
    <message>
        <source>The provider&apos;s key set (JWKS) is not valid JSON</source>
        <translation>De sleutelset (JWKS) van de provider is geen geldige JSON</translation>
    </message>
    <message>
        <source>The provider&apos;s key set (JWKS) has no “keys” array</source>
        <translation>De sleutelset (JWKS) van de provider heeft geen “keys”-array</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>geen JSON-object</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Jwt::Jws</name>
    <message>
        <source>without kid (thumbprint %1)</source>
        <translation>zonder kid (vingerafdruk %1)</translation>
    </message>
    <message>
        <source>Key %1 is a %2 key; %3 needs a %4 key.</source>
        <translation>Sleutel %1 is een %2-sleutel; %3 vereist een %4-sleutel.</translation>
    </message>
    <message>
        <source>Key %1 is on curve %2; %3 needs %4.</source>
        <translation>Sleutel %1 ligt op curve %2; %3 vereist %4.</translation>
    </message>
    <message>
        <source>Key %1 is published for %2 only; the token says %3.</source>
        <translation>Sleutel %1 is alleen gepubliceerd voor %2; het token vermeldt %3.</translation>
    </message>
    <message>
        <source>The token is not a readable JWS</source>
        <translation>Het token is geen leesbare JWS</translation>
    </message>
    <message>
        <source>A signed token has three base64url parts separated by dots, the first two JSON objects (RFC 7515 §7.1).</source>
        <translation>Een ondertekend token bestaat uit drie base64url-delen, gescheiden door punten; de eerste twee zijn JSON-objecten (RFC 7515 §7.1).</translation>
    </message>
    <message>
        <source>Check that the whole token was copied, without quotes or line breaks.</source>
        <translation>Controleer of het hele token is gekopieerd, zonder aanhalingstekens of regeleinden.</translation>
    </message>
    <message>
        <source>Tokenscope accepts tokens signed with the provider&apos;s private key only: %1. Check the signing algorithm configured for this client at the provider.</source>
        <translation>Tokenscope accepteert alleen tokens die zijn ondertekend met de privésleutel van de provider: %1. Controleer het ondertekeningsalgoritme dat bij de provider voor deze client is ingesteld.</translation>
    </message>
    <message>
        <source>The token names no signing algorithm (alg)</source>
        <translation>Het token noemt geen ondertekeningsalgoritme (alg)</translation>
    </message>
    <message>
        <source>The token is not signed (alg “%1”)</source>
        <translation>Het token is niet ondertekend (alg “%1”)</translation>
    </message>
    <message>
        <source>An unsigned token proves nothing about who issued it.</source>
        <translation>Een niet-ondertekend token bewijst niets over wie het heeft uitgegeven.</translation>
    </message>
    <message>
        <source>The token is signed with a shared secret (%1), not with the provider&apos;s key</source>
        <translation>Het token is ondertekend met een gedeeld geheim (%1), niet met de sleutel van de provider</translation>
    </message>
    <message>
        <source>A shared-secret signature cannot be checked against the provider&apos;s public keys; using a public key as the secret would let anyone forge tokens.</source>
        <translation>Een handtekening met een gedeeld geheim kan niet worden gecontroleerd met de publieke sleutels van de provider; als een publieke sleutel als geheim wordt gebruikt, kan iedereen tokens vervalsen.</translation>
    </message>
    <message>
        <source>The token uses an unsupported signing algorithm “%1”</source>
        <translation>Het token gebruikt een niet-ondersteund ondertekeningsalgoritme “%1”</translation>
    </message>
    <message>
        <source>The token is signed with %1, but %2 is expected</source>
        <translation>Het token is ondertekend met %1, maar %2 wordt verwacht</translation>
    </message>
    <message>
        <source>If the provider changed its signing algorithm on purpose, update the expected algorithm of this environment; otherwise do not trust this token.</source>
        <translation>Heeft de provider zijn ondertekeningsalgoritme bewust gewijzigd, pas dan het verwachte algoritme van deze omgeving aan; vertrouw dit token anders niet.</translation>
    </message>
    <message>
        <source>The token requires extensions Tokenscope does not support (crit: %1)</source>
        <translation>Het token vereist extensies die Tokenscope niet ondersteunt (crit: %1)</translation>
    </message>
    <message>
        <source>Configure the provider to issue plain signed tokens for this client.</source>
        <translation>Stel de provider zo in dat hij voor deze client gewone ondertekende tokens uitgeeft.</translation>
    </message>
    <message>
        <source>The token&apos;s key ID (kid) is not a string</source>
        <translation>De sleutel-ID (kid) van het token is geen string</translation>
    </message>
    <message>
        <source>The token does not follow RFC 7515 §4.1.4; do not trust it.</source>
        <translation>Het token voldoet niet aan RFC 7515 §4.1.4; vertrouw het niet.</translation>
    </message>
    <message>
        <source>Key “%1” cannot be used: %2.</source>
        <translation>Sleutel “%1” is niet bruikbaar: %2.</translation>
    </message>
    <message>
        <source>The token is signed with a key the provider does not publish (kid “%1”)</source>
        <translation>Het token is ondertekend met een sleutel die de provider niet publiceert (kid “%1”)</translation>
    </message>
    <message>
        <source>The key set is empty.</source>
        <translation>De sleutelset is leeg.</translation>
    </message>
    <message>
        <source>Published keys: %1.</source>
        <translation>Gepubliceerde sleutels: %1.</translation>
    </message>
    <message>
        <source>The provider may have rotated its keys: fetch its key set (JWKS) again. If the key is still missing, the token does not come from this provider.</source>
        <translation>Mogelijk heeft de provider zijn sleutels vervangen: haal de sleutelset (JWKS) opnieuw op. Ontbreekt de sleutel dan nog steeds, dan komt het token niet van deze provider.</translation>
    </message>
    <message>
        <source>No key in the provider&apos;s key set can check this %1 signature</source>
        <translation>Geen enkele sleutel in de sleutelset van de provider kan deze %1-handtekening controleren</translation>
    </message>
    <message>
        <source>The key set has no usable signing keys.</source>
        <translation>De sleutelset bevat geen bruikbare ondertekeningssleutels.</translation>
    </message>
    <message>
        <source>Check the provider&apos;s JWKS: it must publish a signing key (use “sig”) that fits %1.</source>
        <translation>Controleer de JWKS van de provider: die moet een ondertekeningssleutel (use “sig”) publiceren die bij %1 past.</translation>
    </message>
    <message>
        <source>The token was changed after it was signed, or was signed by someone else. Do not use it; check that the issuer and the key set (JWKS) of this environment belong to the same provider.</source>
        <translation>Het token is na het ondertekenen gewijzigd, of door iemand anders ondertekend. Gebruik het niet; controleer of de issuer en de sleutelset (JWKS) van deze omgeving bij dezelfde provider horen.</translation>
    </message>
    <message>
        <source>The token&apos;s signature has the wrong size for %1</source>
        <translation>De handtekening van het token heeft de verkeerde grootte voor %1</translation>
    </message>
    <message>
        <source>%1 signatures are exactly %2 bytes (RFC 7518 §3.4, RFC 8037 §3.1); this one has %3. An ECDSA signature in DER form instead of r‖s is a common cause.</source>
        <translation>%1-handtekeningen zijn precies %2 bytes (RFC 7518 §3.4, RFC 8037 §3.1); deze heeft er %3. Een veelvoorkomende oorzaak is een ECDSA-handtekening in DER-vorm in plaats van r‖s.</translation>
    </message>
    <message>
        <source>The token&apos;s signature does not match the provider&apos;s key</source>
        <translation>De handtekening van het token komt niet overeen met de sleutel van de provider</translation>
    </message>
    <message>
        <source>Checked %1 (%2 bytes) against key(s) %3.</source>
        <translation>%1 (%2 bytes) gecontroleerd met sleutel(s) %3.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Jwt::JwsSign</name>
    <message>
        <source>The private key is encrypted; export it without a passphrase (PKCS#8).</source>
        <translation>De privésleutel is versleuteld; exporteer hem zonder wachtwoordzin (PKCS#8).</translation>
    </message>
    <message>
        <source>This is not a PEM private key (“-----BEGIN PRIVATE KEY-----”).</source>
        <translation>Dit is geen PEM-privésleutel (“-----BEGIN PRIVATE KEY-----”).</translation>
    </message>
    <message>
        <source>The RSA key has %1 bits; at least 2048 are needed (RFC 7518 §3.3).</source>
        <translation>De RSA-sleutel heeft %1 bits; er zijn er minstens 2048 nodig (RFC 7518 §3.3).</translation>
    </message>
    <message>
        <source>The EC key is on curve %1; only P-256 (ES256) is supported.</source>
        <translation>De EC-sleutel ligt op curve %1; alleen P-256 (ES256) wordt ondersteund.</translation>
    </message>
    <message>
        <source>Only RSA (RS256) and EC P-256 (ES256) private keys are supported.</source>
        <translation>Alleen RSA- (RS256) en EC P-256-privésleutels (ES256) worden ondersteund.</translation>
    </message>
    <message>
        <source>Cannot sign with %1 using this key</source>
        <translation>Kan met deze sleutel niet ondertekenen met %1</translation>
    </message>
    <message>
        <source>The key signs with %1.</source>
        <translation>De sleutel ondertekent met %1.</translation>
    </message>
    <message>
        <source>The client secret is too short to sign with HS256</source>
        <translation>Het client secret is te kort om mee te ondertekenen met HS256</translation>
    </message>
    <message>
        <source>It has %1 bytes; RFC 7518 §3.2 requires at least 32.</source>
        <translation>Het heeft %1 bytes; RFC 7518 §3.2 vereist er minstens 32.</translation>
    </message>
    <message>
        <source>Use a longer client secret, or another client authentication method.</source>
        <translation>Gebruik een langer client secret, of een andere clientauthenticatiemethode.</translation>
    </message>
    <message>
        <source>Signing failed</source>
        <translation>Ondertekenen mislukt</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Jwt::TokenForm</name>
    <message>
        <source>It has the shape of a JWT, but its first part is not a JSON header.</source>
        <translation>Het heeft de vorm van een JWT, maar het eerste deel is geen JSON-header.</translation>
    </message>
    <message>
        <source>It has five parts like an encrypted token, but its header names no encryption (enc).</source>
        <translation>Het heeft vijf delen zoals een versleuteld token, maar de header noemt geen versleuteling (enc).</translation>
    </message>
    <message>
        <source>It has the shape of a JWT, but its parts are not base64url.</source>
        <translation>Het heeft de vorm van een JWT, maar de delen zijn geen base64url.</translation>
    </message>
    <message>
        <source>It has the shape of a JWT, but its second part is not a JSON object of claims.</source>
        <translation>Het heeft de vorm van een JWT, maar het tweede deel is geen JSON-object met claims.</translation>
    </message>
    <message>
        <source>No token</source>
        <translation>Geen token</translation>
    </message>
    <message>
        <source>Signed JWT (JWS): its header and claims can be read by anyone; the signature shows who issued it</source>
        <translation>Ondertekend JWT (JWS): de header en claims zijn voor iedereen leesbaar; de handtekening laat zien wie het heeft uitgegeven</translation>
    </message>
    <message>
        <source>Nested JWT: a signed token that wraps another token; the inner token is not read here</source>
        <translation>Genest JWT: een ondertekend token dat een ander token omhult; het binnenste token wordt hier niet gelezen</translation>
    </message>
    <message>
        <source>Encrypted token (JWE): its claims are encrypted for the recipient and cannot be shown here</source>
        <translation>Versleuteld token (JWE): de claims zijn versleuteld voor de ontvanger en kunnen hier niet worden getoond</translation>
    </message>
    <message>
        <source>Opaque token: only the provider can tell what it means (use Introspect)</source>
        <translation>Ondoorzichtig token: alleen de provider weet wat het betekent (gebruik Introspectie)</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::ApplyMetadata</name>
    <message>
        <source>Client authentication set to private_key_jwt: import your private key.</source>
        <translation>Clientauthenticatie ingesteld op private_key_jwt: importeer je privésleutel.</translation>
    </message>
    <message>
        <source>Client authentication set to %1, which the provider supports.</source>
        <translation>Clientauthenticatie ingesteld op %1, die de provider ondersteunt.</translation>
    </message>
    <message>
        <source>The provider supports only client authentication Tokenscope does not speak (%1).</source>
        <translation>De provider ondersteunt alleen clientauthenticatie die Tokenscope niet kent (%1).</translation>
    </message>
    <message>
        <source>The provider requires pushed authorization requests: PAR is on.</source>
        <translation>De provider vereist pushed authorization requests: PAR staat aan.</translation>
    </message>
    <message>
        <source>The provider supports only PKCE %1.</source>
        <translation>De provider ondersteunt alleen PKCE %1.</translation>
    </message>
    <message>
        <source>The provider publishes no JWKS URI: ID token signatures cannot be checked.</source>
        <translation>De provider publiceert geen JWKS URI: handtekeningen van ID tokens kunnen niet worden gecontroleerd.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::AuthorizationCodeFlow</name>
    <message>
        <source>Sign-in cancelled</source>
        <translation>Aanmelden geannuleerd</translation>
    </message>
    <message>
        <source>, nonce</source>
        <translation>, nonce</translation>
    </message>
    <message>
        <source>Redirect intercepted (not loaded)</source>
        <translation>Redirect onderschept (niet geladen)</translation>
    </message>
    <message>
        <source>State matched; redeeming the code</source>
        <translation>State komt overeen; code wordt ingewisseld</translation>
    </message>
    <message>
        <source>The provider sent no ID token although openid was requested</source>
        <translation>De provider stuurde geen ID token, hoewel openid was gevraagd</translation>
    </message>
    <message>
        <source>Check that the client may use OpenID Connect, or remove openid from the scopes.</source>
        <translation>Controleer of de client OpenID Connect mag gebruiken, of haal openid uit de scopes.</translation>
    </message>
    <message>
        <source>ID token claims checked (issuer, audience, expiry, nonce)</source>
        <translation>Claims van het ID token gecontroleerd (issuer, audience, verloop, nonce)</translation>
    </message>
    <message>
        <source>The sign-in window is gone</source>
        <translation>Het aanmeldvenster is verdwenen</translation>
    </message>
    <message>
        <source>ID token signature not checked: no JWKS URI (use Discover)</source>
        <translation>Handtekening van het ID token niet gecontroleerd: geen JWKS URI (gebruik Ontdekken)</translation>
    </message>
    <message>
        <source>ID token signed with a key not in the key set (kid “%1”): fetching the JWKS again</source>
        <translation>ID token ondertekend met een sleutel die niet in de sleutelset staat (kid “%1”): de JWKS wordt opnieuw opgehaald</translation>
    </message>
    <message>
        <source>ID token signature verified (%1, key %2)</source>
        <translation>Handtekening van het ID token gecontroleerd (%1, sleutel %2)</translation>
    </message>
    <message>
        <source>Pushed authorization requests are on, but the environment has no PAR endpoint</source>
        <translation>Pushed authorization requests staan aan, maar de omgeving heeft geen PAR-endpoint</translation>
    </message>
    <message>
        <source>Enter the PAR endpoint in the environment&apos;s advanced OAuth settings, or use Discover.</source>
        <translation>Voer het PAR-endpoint in bij de geavanceerde OAuth-instellingen van de omgeving, of gebruik Ontdekken.</translation>
    </message>
    <message>
        <source>Authorization request pushed; the browser gets only its request_uri</source>
        <translation>Autorisatieverzoek gepusht; de browser krijgt alleen de request_uri ervan</translation>
    </message>
    <message>
        <source>no PKCE</source>
        <translation>geen PKCE</translation>
    </message>
    <message>
        <source>PKCE %1</source>
        <translation>PKCE %1</translation>
    </message>
    <message>
        <source>Authorization request (pushed, %1, state%2)</source>
        <translation>Autorisatieverzoek (gepusht, %1, state%2)</translation>
    </message>
    <message>
        <source>Authorization request (%1, state%2)</source>
        <translation>Autorisatieverzoek (%1, state%2)</translation>
    </message>
    <message>
        <source>ID token claims checked (issuer, audience, expiry)</source>
        <translation>Claims van het ID token gecontroleerd (issuer, audience, verloop)</translation>
    </message>
    <message>
        <source>Redirect received by the loopback listener (loaded by the browser)</source>
        <translation>Redirect ontvangen door de loopback-listener (geladen door de browser)</translation>
    </message>
    <message>
        <source>Redirect handed over by the system</source>
        <translation>Redirect doorgegeven door het systeem</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::Callback</name>
    <message>
        <source>Nothing from this response was used. Start the sign-in again; if it keeps happening, another application or page may be answering on the redirect URI.</source>
        <translation>Er is niets uit dit antwoord gebruikt. Begin opnieuw met aanmelden; als dit blijft gebeuren, reageert mogelijk een andere toepassing of pagina op de redirect URI.</translation>
    </message>
    <message>
        <source>The response did not arrive at the registered redirect URI</source>
        <translation>Het antwoord is niet binnengekomen op de geregistreerde redirect URI</translation>
    </message>
    <message>
        <source>The authorization response repeats the parameter “%1”</source>
        <translation>Het autorisatieantwoord bevat de parameter “%1” meer dan eens</translation>
    </message>
    <message>
        <source>This authorization response was already used</source>
        <translation>Dit autorisatieantwoord is al gebruikt</translation>
    </message>
    <message>
        <source>The authorization response has no state parameter</source>
        <translation>Het autorisatieantwoord bevat geen state-parameter</translation>
    </message>
    <message>
        <source>The authorization response carries a state that was never sent</source>
        <translation>Het autorisatieantwoord bevat een state die nooit is verzonden</translation>
    </message>
    <message>
        <source>The authorization response answers another sign-in (state does not match)</source>
        <translation>Het autorisatieantwoord hoort bij een andere aanmelding (state komt niet overeen)</translation>
    </message>
    <message>
        <source>The response comes from another issuer</source>
        <translation>Het antwoord komt van een andere issuer</translation>
    </message>
    <message>
        <source>Expected “%1”, received “%2”.</source>
        <translation>“%1” verwacht, “%2” ontvangen.</translation>
    </message>
    <message>
        <source>The provider promised an iss parameter in its responses, and this one has none</source>
        <translation>De provider heeft toegezegd een iss-parameter in zijn antwoorden mee te sturen, maar dit antwoord heeft er geen</translation>
    </message>
    <message>
        <source>The provider refused the sign-in: %1</source>
        <translation>De provider heeft de aanmelding geweigerd: %1</translation>
    </message>
    <message>
        <source>The authorization response has no code</source>
        <translation>Het autorisatieantwoord bevat geen code</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::ClientAuthentication</name>
    <message>
        <source>The private key for private_key_jwt cannot be used</source>
        <translation>De privésleutel voor private_key_jwt is niet bruikbaar</translation>
    </message>
    <message>
        <source>Import an unencrypted RSA (2048 bits or more) or EC P-256 private key in PEM form in the environment.</source>
        <translation>Importeer in de omgeving een onversleutelde RSA-privésleutel (2048 bits of meer) of EC P-256-privésleutel in PEM-vorm.</translation>
    </message>
    <message>
        <source>This client authentication method uses no assertion</source>
        <translation>Deze clientauthenticatiemethode gebruikt geen assertion</translation>
    </message>
    <message>
        <source>The client assertion could not be signed: %1</source>
        <translation>De client assertion kon niet worden ondertekend: %1</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::ConfigValidation</name>
    <message>
        <source>The authorization endpoint must be a full http or https address.</source>
        <translation>Het authorization endpoint moet een volledig http- of https-adres zijn.</translation>
    </message>
    <message>
        <source>The token endpoint must be a full http or https address.</source>
        <translation>Het token endpoint moet een volledig http- of https-adres zijn.</translation>
    </message>
    <message>
        <source>The device authorization endpoint must be a full http or https address.</source>
        <translation>Het device authorization endpoint moet een volledig http- of https-adres zijn.</translation>
    </message>
    <message>
        <source>Client credentials need a client secret: choose how the client authenticates.</source>
        <translation>Client credentials vereist een client secret: kies hoe de client zich authenticeert.</translation>
    </message>
    <message>
        <source>The JWKS URI must be a full http or https address, or empty.</source>
        <translation>De JWKS URI moet een volledig http- of https-adres zijn, of leeg.</translation>
    </message>
    <message>
        <source>Enter the client ID registered at the provider.</source>
        <translation>Voer de client ID in die bij de provider is geregistreerd.</translation>
    </message>
    <message>
        <source>Enter the redirect URI exactly as registered at the provider.</source>
        <translation>Voer de redirect URI in precies zoals die bij de provider is geregistreerd.</translation>
    </message>
    <message>
        <source>Pushed authorization requests need the PAR endpoint (a full http or https address).</source>
        <translation>Pushed authorization requests vereisen het PAR-endpoint (een volledig http- of https-adres).</translation>
    </message>
    <message>
        <source>The PAR endpoint must be a full http or https address, or empty.</source>
        <translation>Het PAR-endpoint moet een volledig http- of https-adres zijn, of leeg.</translation>
    </message>
    <message>
        <source>%1 is not a full http or https address; correct it or leave the field empty.</source>
        <translation>%1 is geen volledig http- of https-adres; verbeter het of laat het veld leeg.</translation>
    </message>
    <message>
        <source>Import the private key (PEM) for private_key_jwt.</source>
        <translation>Importeer de privésleutel (PEM) voor private_key_jwt.</translation>
    </message>
    <message>
        <source>Enter the client secret: the stored credential is a private key.</source>
        <translation>Voer het client secret in: het opgeslagen gegeven is een privésleutel.</translation>
    </message>
    <message>
        <source>Write each extra parameter as name=value.</source>
        <translation>Schrijf elke extra parameter als naam=waarde.</translation>
    </message>
    <message>
        <source>The system browser can only return to this computer: use a redirect URI such as http://127.0.0.1/callback, or one with a scheme of your own in reverse domain order such as com.example.app:/callback (registered at the provider), or sign in in Tokenscope&apos;s window.</source>
        <translation>De systeembrowser kan alleen terugkeren naar deze computer: gebruik een redirect URI zoals http://127.0.0.1/callback, of een met een eigen scheme in omgekeerde domeinvolgorde zoals com.example.app:/callback (geregistreerd bij de provider), of meld je aan in het venster van Tokenscope.</translation>
    </message>
    <message>
        <source>%1 uses plain http: the client secret and the tokens would travel in clear to %2. Use https, or allow plain HTTP for this environment on the Sign-in tab.</source>
        <translation>%1 gebruikt gewoon http: het client secret en de tokens zouden onversleuteld naar %2 gaan. Gebruik https, of sta gewoon HTTP toe voor deze omgeving op het tabblad Aanmelden.</translation>
    </message>
    <message>
        <source>The issuer %1 uses plain http: anyone between here and %2 could replace the provider&apos;s settings and keys. Use https, or allow plain HTTP for this environment on the Sign-in tab.</source>
        <translation>De issuer %1 gebruikt gewoon http: iedereen tussen hier en %2 kan de instellingen en sleutels van de provider vervangen. Gebruik https, of sta gewoon HTTP toe voor deze omgeving op het tabblad Aanmelden.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::DeviceAuthorization</name>
    <message>
        <source>RFC 8628 §3.2 requires it; the provider&apos;s response is malformed.</source>
        <translation>RFC 8628 §3.2 vereist dit; het antwoord van de provider is onjuist opgebouwd.</translation>
    </message>
    <message>
        <source>The device authorization response has no device_code</source>
        <translation>Het device-authorization-antwoord bevat geen device_code</translation>
    </message>
    <message>
        <source>The device authorization response has no user_code</source>
        <translation>Het device-authorization-antwoord bevat geen user_code</translation>
    </message>
    <message>
        <source>The device authorization response has no verification_uri</source>
        <translation>Het device-authorization-antwoord bevat geen verification_uri</translation>
    </message>
    <message>
        <source>The device authorization response has an unusable verification_uri</source>
        <translation>Het device-authorization-antwoord bevat een onbruikbare verification_uri</translation>
    </message>
    <message>
        <source>It must be an http or https address.</source>
        <translation>Dat moet een http- of https-adres zijn.</translation>
    </message>
    <message>
        <source>The device authorization response has an unusable verification_uri_complete</source>
        <translation>Het device-authorization-antwoord bevat een onbruikbare verification_uri_complete</translation>
    </message>
    <message>
        <source>The device authorization response has no expires_in</source>
        <translation>Het device-authorization-antwoord bevat geen expires_in</translation>
    </message>
    <message>
        <source>The device authorization response has an invalid expires_in</source>
        <translation>Het device-authorization-antwoord bevat een ongeldige expires_in</translation>
    </message>
    <message>
        <source>It must be a whole number of seconds.</source>
        <translation>Dat moet een geheel aantal seconden zijn.</translation>
    </message>
    <message>
        <source>The device authorization response has an invalid interval</source>
        <translation>Het device-authorization-antwoord bevat een ongeldige interval</translation>
    </message>
    <message>
        <source>It must be a whole number of seconds between polls.</source>
        <translation>Dat moet een geheel aantal seconden tussen twee controles zijn.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::DeviceAuthorizationFlow</name>
    <message>
        <source>This environment has no device authorization endpoint</source>
        <translation>Deze omgeving heeft geen device authorization endpoint</translation>
    </message>
    <message>
        <source>Enter it in the environment, or use Discover to read it from the provider.</source>
        <translation>Voer het in bij de omgeving, of gebruik Ontdekken om het bij de provider op te halen.</translation>
    </message>
    <message numerus="yes">
        <source>User code %1 issued; waiting for it to be confirmed at %2 (polling every %n s)</source>
        <translation>
            <numerusform>Gebruikerscode %1 uitgegeven; wacht op bevestiging bij %2 (controle elke %n s)</numerusform>
            <numerusform>Gebruikerscode %1 uitgegeven; wacht op bevestiging bij %2 (controle elke %n s)</numerusform>
        </translation>
    </message>
    <message>
        <source>Sign-in cancelled</source>
        <translation>Aanmelden geannuleerd</translation>
    </message>
    <message>
        <source>The device code expired before the sign-in was confirmed</source>
        <translation>De device code is verlopen voordat de aanmelding werd bevestigd</translation>
    </message>
    <message>
        <source>Start the sign-in again and confirm the code before the countdown ends.</source>
        <translation>Begin opnieuw met aanmelden en bevestig de code voordat het aftellen voorbij is.</translation>
    </message>
    <message numerus="yes">
        <source>The provider asked to slow down: polling every %n s</source>
        <translation>
            <numerusform>De provider vroeg om het rustiger aan te doen: controle elke %n s</numerusform>
            <numerusform>De provider vroeg om het rustiger aan te doen: controle elke %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The token endpoint did not answer: polling every %n s</source>
        <translation>
            <numerusform>Het token endpoint heeft niet geantwoord: controle elke %n s</numerusform>
            <numerusform>Het token endpoint heeft niet geantwoord: controle elke %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>The sign-in was declined on the other device</source>
        <translation>De aanmelding is op het andere apparaat geweigerd</translation>
    </message>
    <message>
        <source>The provider sent no ID token although openid was requested</source>
        <translation>De provider stuurde geen ID token, hoewel openid was gevraagd</translation>
    </message>
    <message>
        <source>Check that the client may use OpenID Connect, or remove openid from the scopes.</source>
        <translation>Controleer of de client OpenID Connect mag gebruiken, of haal openid uit de scopes.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::Discovery</name>
    <message>
        <source>a text value</source>
        <translation>een tekstwaarde</translation>
    </message>
    <message>
        <source>an absolute http or https URL without a fragment</source>
        <translation>een absolute http- of https-URL zonder fragment</translation>
    </message>
    <message>
        <source>an array of text values</source>
        <translation>een array van tekstwaarden</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true of false</translation>
    </message>
    <message>
        <source>The provider&apos;s metadata has no %1</source>
        <translation>De metadata van de provider bevat geen %1</translation>
    </message>
    <message>
        <source>The document is not complete enough to sign in with. Check the issuer URL, or enter the endpoints by hand.</source>
        <translation>Het document is niet volledig genoeg om mee aan te melden. Controleer de issuer-URL, of voer de endpoints handmatig in.</translation>
    </message>
    <message>
        <source>The provider&apos;s metadata has an invalid %1</source>
        <translation>De metadata van de provider bevat een ongeldige %1</translation>
    </message>
    <message>
        <source>Expected %1, found: %2</source>
        <translation>%1 verwacht, gevonden: %2</translation>
    </message>
    <message>
        <source>Report this to the provider, or enter the endpoints by hand.</source>
        <translation>Meld dit bij de provider, of voer de endpoints handmatig in.</translation>
    </message>
    <message>
        <source>The provider has no metadata at this address</source>
        <translation>De provider heeft geen metadata op dit adres</translation>
    </message>
    <message>
        <source>HTTP 404 for %1</source>
        <translation>HTTP 404 voor %1</translation>
    </message>
    <message>
        <source>Check the issuer URL. Not every provider publishes metadata; then enter the endpoints by hand.</source>
        <translation>Controleer de issuer-URL. Niet elke provider publiceert metadata; voer in dat geval de endpoints handmatig in.</translation>
    </message>
    <message>
        <source>The provider calls itself %1, not %2</source>
        <translation>De provider noemt zichzelf %1, niet %2</translation>
    </message>
    <message>
        <source>The metadata&apos;s issuer must equal the issuer it was fetched for, character for character (OpenID Connect Discovery §4.3, RFC 8414 §3.3).</source>
        <translation>De issuer in de metadata moet teken voor teken gelijk zijn aan de issuer waarvoor de metadata is opgehaald (OpenID Connect Discovery §4.3, RFC 8414 §3.3).</translation>
    </message>
    <message>
        <source>Only the trailing slash differs. Use %1 as the issuer, exactly as the provider writes it.</source>
        <translation>Alleen de slash aan het eind verschilt. Gebruik %1 als issuer, precies zoals de provider het schrijft.</translation>
    </message>
    <message>
        <source>If %1 is the provider you mean, use it as the issuer. Otherwise the metadata is not to be trusted.</source>
        <translation>Is %1 de provider die je bedoelt, gebruik dat dan als issuer. Anders is de metadata niet te vertrouwen.</translation>
    </message>
    <message>
        <source>The provider&apos;s %1 is not https</source>
        <translation>De %1 van de provider gebruikt geen https</translation>
    </message>
    <message>
        <source>An https provider must not send sign-ins, tokens or secrets over plain http. Report this to the provider.</source>
        <translation>Een https-provider mag aanmeldingen, tokens en geheimen niet via onversleuteld http versturen. Meld dit bij de provider.</translation>
    </message>
    <message>
        <source>Address: %1</source>
        <translation>Adres: %1</translation>
    </message>
    <message>
        <source>%1 is not an issuer URL</source>
        <translation>%1 is geen issuer-URL</translation>
    </message>
    <message>
        <source>(nothing)</source>
        <translation>(niets)</translation>
    </message>
    <message>
        <source>An issuer is an http or https address without ? or #, like https://auth.example.com/realms/main.</source>
        <translation>Een issuer is een http- of https-adres zonder ? of #, zoals https://auth.example.com/realms/main.</translation>
    </message>
    <message>
        <source>Enter the provider&apos;s issuer URL, as its documentation or its tokens give it.</source>
        <translation>Voer de issuer-URL van de provider in, zoals die in de documentatie of in de tokens van de provider staat.</translation>
    </message>
    <message>
        <source>Discovery (OpenID configuration)</source>
        <translation>Discovery (OpenID-configuratie)</translation>
    </message>
    <message>
        <source>Discovery (RFC 8414 metadata)</source>
        <translation>Discovery (RFC 8414-metadata)</translation>
    </message>
    <message>
        <source>Also tried %1: %2</source>
        <translation>Ook %1 geprobeerd: %2</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::EndpointAnswer</name>
    <message>
        <source>Check the token endpoint URL in the environment.</source>
        <translation>Controleer de URL van het token endpoint in de omgeving.</translation>
    </message>
    <message>
        <source>The token endpoint did not answer in time</source>
        <translation>Het token endpoint heeft niet op tijd geantwoord</translation>
    </message>
    <message>
        <source>The token endpoint sent an oversized response</source>
        <translation>Het token endpoint stuurde een te groot antwoord</translation>
    </message>
    <message>
        <source>The token endpoint&apos;s certificate is not trusted</source>
        <translation>Het certificaat van het token endpoint wordt niet vertrouwd</translation>
    </message>
    <message>
        <source>Could not reach the token endpoint</source>
        <translation>Kan het token endpoint niet bereiken</translation>
    </message>
    <message>
        <source>The token endpoint answered with a redirect (HTTP %1)</source>
        <translation>Het token endpoint antwoordde met een redirect (HTTP %1)</translation>
    </message>
    <message>
        <source>The token endpoint refused the request: %1</source>
        <translation>Het token endpoint heeft het verzoek geweigerd: %1</translation>
    </message>
    <message>
        <source>The token endpoint answered HTTP %1</source>
        <translation>Het token endpoint antwoordde HTTP %1</translation>
    </message>
    <message>
        <source>The token endpoint answered HTTP %1 with a web page instead of JSON</source>
        <translation>Het token endpoint antwoordde HTTP %1 met een webpagina in plaats van JSON</translation>
    </message>
    <message>
        <source>The token endpoint answered with an empty body</source>
        <translation>Het token endpoint antwoordde met een lege body</translation>
    </message>
    <message>
        <source>The token endpoint answered with a web page instead of JSON</source>
        <translation>Het token endpoint antwoordde met een webpagina in plaats van JSON</translation>
    </message>
    <message>
        <source>The token endpoint&apos;s answer is not JSON</source>
        <translation>Het antwoord van het token endpoint is geen JSON</translation>
    </message>
    <message>
        <source>The token endpoint&apos;s answer is not a JSON object</source>
        <translation>Het antwoord van het token endpoint is geen JSON-object</translation>
    </message>
    <message>
        <source>Check that the provider is reachable, then try again.</source>
        <translation>Controleer of de provider bereikbaar is en probeer het daarna opnieuw.</translation>
    </message>
    <message>
        <source>Check the token endpoint URL, your network, proxy and TLS settings.</source>
        <translation>Controleer de URL van het token endpoint, je netwerk en de proxy- en TLS-instellingen.</translation>
    </message>
    <message>
        <source>Token requests are not followed to other addresses. Use the final token endpoint URL.</source>
        <translation>Tokenverzoeken worden niet naar andere adressen doorgestuurd. Gebruik de uiteindelijke URL van het token endpoint.</translation>
    </message>
    <message>
        <source>Check the token endpoint URL and the client settings.</source>
        <translation>Controleer de URL van het token endpoint en de clientinstellingen.</translation>
    </message>
    <message>
        <source>The URL may point at a login page or a proxy. Check the token endpoint URL.</source>
        <translation>De URL verwijst mogelijk naar een aanmeldpagina of een proxy. Controleer de URL van het token endpoint.</translation>
    </message>
    <message>
        <source>Check the PAR endpoint URL in the environment.</source>
        <translation>Controleer de URL van het PAR-endpoint in de omgeving.</translation>
    </message>
    <message>
        <source>The pushed authorization request endpoint did not answer in time</source>
        <translation>Het pushed authorization request endpoint heeft niet op tijd geantwoord</translation>
    </message>
    <message>
        <source>The pushed authorization request endpoint sent an oversized response</source>
        <translation>Het pushed authorization request endpoint stuurde een te groot antwoord</translation>
    </message>
    <message>
        <source>The pushed authorization request endpoint&apos;s certificate is not trusted</source>
        <translation>Het certificaat van het pushed authorization request endpoint wordt niet vertrouwd</translation>
    </message>
    <message>
        <source>Could not reach the pushed authorization request endpoint</source>
        <translation>Kan het pushed authorization request endpoint niet bereiken</translation>
    </message>
    <message>
        <source>The pushed authorization request endpoint answered with a redirect (HTTP %1)</source>
        <translation>Het pushed authorization request endpoint antwoordde met een redirect (HTTP %1)</translation>
    </message>
    <message>
        <source>The pushed authorization request endpoint refused the request: %1</source>
        <translation>Het pushed authorization request endpoint heeft het verzoek geweigerd: %1</translation>
    </message>
    <message>
        <source>The pushed authorization request endpoint answered HTTP %1</source>
        <translation>Het pushed authorization request endpoint antwoordde HTTP %1</translation>
    </message>
    <message>
        <source>The pushed authorization request endpoint answered HTTP %1 with a web page instead of JSON</source>
        <translation>Het pushed authorization request endpoint antwoordde HTTP %1 met een webpagina in plaats van JSON</translation>
    </message>
    <message>
        <source>The pushed authorization request endpoint answered with an empty body</source>
        <translation>Het pushed authorization request endpoint antwoordde met een lege body</translation>
    </message>
    <message>
        <source>The pushed authorization request endpoint answered with a web page instead of JSON</source>
        <translation>Het pushed authorization request endpoint antwoordde met een webpagina in plaats van JSON</translation>
    </message>
    <message>
        <source>The pushed authorization request endpoint&apos;s answer is not JSON</source>
        <translation>Het antwoord van het pushed authorization request endpoint is geen JSON</translation>
    </message>
    <message>
        <source>The pushed authorization request endpoint&apos;s answer is not a JSON object</source>
        <translation>Het antwoord van het pushed authorization request endpoint is geen JSON-object</translation>
    </message>
    <message>
        <source>Check the PAR endpoint URL, your network, proxy and TLS settings.</source>
        <translation>Controleer de URL van het PAR-endpoint, je netwerk en de proxy- en TLS-instellingen.</translation>
    </message>
    <message>
        <source>Requests carrying client credentials are not followed to other addresses. Use the final PAR endpoint URL.</source>
        <translation>Verzoeken met clientgegevens worden niet naar andere adressen doorgestuurd. Gebruik de uiteindelijke URL van het PAR-endpoint.</translation>
    </message>
    <message>
        <source>Check the PAR endpoint URL and the client settings.</source>
        <translation>Controleer de URL van het PAR-endpoint en de clientinstellingen.</translation>
    </message>
    <message>
        <source>The URL may point at a login page or a proxy. Check the PAR endpoint URL.</source>
        <translation>De URL verwijst mogelijk naar een aanmeldpagina of een proxy. Controleer de URL van het PAR-endpoint.</translation>
    </message>
    <message>
        <source>Check the device authorization endpoint in the environment.</source>
        <translation>Controleer het device authorization endpoint in de omgeving.</translation>
    </message>
    <message>
        <source>The device authorization endpoint did not answer in time</source>
        <translation>Het device authorization endpoint heeft niet op tijd geantwoord</translation>
    </message>
    <message>
        <source>The device authorization endpoint sent an oversized response</source>
        <translation>Het device authorization endpoint stuurde een te groot antwoord</translation>
    </message>
    <message>
        <source>The device authorization endpoint&apos;s certificate is not trusted</source>
        <translation>Het certificaat van het device authorization endpoint wordt niet vertrouwd</translation>
    </message>
    <message>
        <source>Could not reach the device authorization endpoint</source>
        <translation>Kan het device authorization endpoint niet bereiken</translation>
    </message>
    <message>
        <source>The device authorization endpoint answered with a redirect (HTTP %1)</source>
        <translation>Het device authorization endpoint antwoordde met een redirect (HTTP %1)</translation>
    </message>
    <message>
        <source>The device authorization endpoint refused the request: %1</source>
        <translation>Het device authorization endpoint heeft het verzoek geweigerd: %1</translation>
    </message>
    <message>
        <source>The device authorization endpoint answered HTTP %1</source>
        <translation>Het device authorization endpoint antwoordde HTTP %1</translation>
    </message>
    <message>
        <source>The device authorization endpoint answered HTTP %1 with a web page instead of JSON</source>
        <translation>Het device authorization endpoint antwoordde HTTP %1 met een webpagina in plaats van JSON</translation>
    </message>
    <message>
        <source>The device authorization endpoint answered with an empty body</source>
        <translation>Het device authorization endpoint antwoordde met een lege body</translation>
    </message>
    <message>
        <source>The device authorization endpoint answered with a web page instead of JSON</source>
        <translation>Het device authorization endpoint antwoordde met een webpagina in plaats van JSON</translation>
    </message>
    <message>
        <source>The device authorization endpoint&apos;s answer is not JSON</source>
        <translation>Het antwoord van het device authorization endpoint is geen JSON</translation>
    </message>
    <message>
        <source>The device authorization endpoint&apos;s answer is not a JSON object</source>
        <translation>Het antwoord van het device authorization endpoint is geen JSON-object</translation>
    </message>
    <message>
        <source>Check the device authorization endpoint URL, your network, proxy and TLS settings.</source>
        <translation>Controleer de URL van het device authorization endpoint, je netwerk en de proxy- en TLS-instellingen.</translation>
    </message>
    <message>
        <source>Requests carrying client credentials are not followed to other addresses. Use the final URL.</source>
        <translation>Verzoeken met clientgegevens worden niet naar andere adressen doorgestuurd. Gebruik de uiteindelijke URL.</translation>
    </message>
    <message>
        <source>Check the endpoint URL, your network, proxy and TLS settings.</source>
        <translation>Controleer de URL van het endpoint, je netwerk en de proxy- en TLS-instellingen.</translation>
    </message>
    <message>
        <source>Requests with credentials are not followed to other addresses. Use the final endpoint URL (Discover fills it in).</source>
        <translation>Verzoeken met inloggegevens worden niet naar andere adressen doorgestuurd. Gebruik de uiteindelijke URL van het endpoint (Ontdekken vult die in).</translation>
    </message>
    <message>
        <source>Check the endpoint URL and the client settings.</source>
        <translation>Controleer de URL van het endpoint en de clientinstellingen.</translation>
    </message>
    <message>
        <source>The URL may point at a login page or a proxy. Check the endpoint URL (use Discover).</source>
        <translation>De URL verwijst mogelijk naar een aanmeldpagina of een proxy. Controleer de URL van het endpoint (gebruik Ontdekken).</translation>
    </message>
    <message>
        <source>The revocation endpoint did not answer in time</source>
        <translation>Het revocation endpoint heeft niet op tijd geantwoord</translation>
    </message>
    <message>
        <source>The revocation endpoint sent an oversized response</source>
        <translation>Het revocation endpoint stuurde een te groot antwoord</translation>
    </message>
    <message>
        <source>The revocation endpoint&apos;s certificate is not trusted</source>
        <translation>Het certificaat van het revocation endpoint wordt niet vertrouwd</translation>
    </message>
    <message>
        <source>Could not reach the revocation endpoint</source>
        <translation>Kan het revocation endpoint niet bereiken</translation>
    </message>
    <message>
        <source>The revocation endpoint answered with a redirect (HTTP %1)</source>
        <translation>Het revocation endpoint antwoordde met een redirect (HTTP %1)</translation>
    </message>
    <message>
        <source>The revocation endpoint refused the request: %1</source>
        <translation>Het revocation endpoint heeft het verzoek geweigerd: %1</translation>
    </message>
    <message>
        <source>The revocation endpoint answered HTTP %1</source>
        <translation>Het revocation endpoint antwoordde HTTP %1</translation>
    </message>
    <message>
        <source>The revocation endpoint answered HTTP %1 with a web page</source>
        <translation>Het revocation endpoint antwoordde HTTP %1 met een webpagina</translation>
    </message>
    <message>
        <source>Check the revocation endpoint URL in the environment.</source>
        <translation>Controleer de URL van het revocation endpoint in de omgeving.</translation>
    </message>
    <message>
        <source>The introspection endpoint did not answer in time</source>
        <translation>Het introspection endpoint heeft niet op tijd geantwoord</translation>
    </message>
    <message>
        <source>The introspection endpoint sent an oversized response</source>
        <translation>Het introspection endpoint stuurde een te groot antwoord</translation>
    </message>
    <message>
        <source>The introspection endpoint&apos;s certificate is not trusted</source>
        <translation>Het certificaat van het introspection endpoint wordt niet vertrouwd</translation>
    </message>
    <message>
        <source>Could not reach the introspection endpoint</source>
        <translation>Kan het introspection endpoint niet bereiken</translation>
    </message>
    <message>
        <source>The introspection endpoint answered with a redirect (HTTP %1)</source>
        <translation>Het introspection endpoint antwoordde met een redirect (HTTP %1)</translation>
    </message>
    <message>
        <source>The introspection endpoint refused the request: %1</source>
        <translation>Het introspection endpoint heeft het verzoek geweigerd: %1</translation>
    </message>
    <message>
        <source>The introspection endpoint answered HTTP %1</source>
        <translation>Het introspection endpoint antwoordde HTTP %1</translation>
    </message>
    <message>
        <source>The introspection endpoint answered HTTP %1 with a web page</source>
        <translation>Het introspection endpoint antwoordde HTTP %1 met een webpagina</translation>
    </message>
    <message>
        <source>The introspection endpoint answered with an empty body</source>
        <translation>Het introspection endpoint antwoordde met een lege body</translation>
    </message>
    <message>
        <source>The introspection endpoint answered with a web page instead of JSON</source>
        <translation>Het introspection endpoint antwoordde met een webpagina in plaats van JSON</translation>
    </message>
    <message>
        <source>The introspection endpoint&apos;s answer is not JSON</source>
        <translation>Het antwoord van het introspection endpoint is geen JSON</translation>
    </message>
    <message>
        <source>The introspection endpoint&apos;s answer is not a JSON object</source>
        <translation>Het antwoord van het introspection endpoint is geen JSON-object</translation>
    </message>
    <message>
        <source>Check the introspection endpoint URL in the environment.</source>
        <translation>Controleer de URL van het introspection endpoint in de omgeving.</translation>
    </message>
    <message>
        <source>The UserInfo endpoint did not answer in time</source>
        <translation>Het UserInfo endpoint heeft niet op tijd geantwoord</translation>
    </message>
    <message>
        <source>The UserInfo endpoint sent an oversized response</source>
        <translation>Het UserInfo endpoint stuurde een te groot antwoord</translation>
    </message>
    <message>
        <source>The UserInfo endpoint&apos;s certificate is not trusted</source>
        <translation>Het certificaat van het UserInfo endpoint wordt niet vertrouwd</translation>
    </message>
    <message>
        <source>Could not reach the UserInfo endpoint</source>
        <translation>Kan het UserInfo endpoint niet bereiken</translation>
    </message>
    <message>
        <source>The UserInfo endpoint answered with a redirect (HTTP %1)</source>
        <translation>Het UserInfo endpoint antwoordde met een redirect (HTTP %1)</translation>
    </message>
    <message>
        <source>The UserInfo endpoint refused the request: %1</source>
        <translation>Het UserInfo endpoint heeft het verzoek geweigerd: %1</translation>
    </message>
    <message>
        <source>The UserInfo endpoint answered HTTP %1</source>
        <translation>Het UserInfo endpoint antwoordde HTTP %1</translation>
    </message>
    <message>
        <source>The UserInfo endpoint answered HTTP %1 with a web page</source>
        <translation>Het UserInfo endpoint antwoordde HTTP %1 met een webpagina</translation>
    </message>
    <message>
        <source>The UserInfo endpoint answered with an empty body</source>
        <translation>Het UserInfo endpoint antwoordde met een lege body</translation>
    </message>
    <message>
        <source>The UserInfo endpoint answered with a web page instead of JSON</source>
        <translation>Het UserInfo endpoint antwoordde met een webpagina in plaats van JSON</translation>
    </message>
    <message>
        <source>The UserInfo endpoint&apos;s answer is not JSON</source>
        <translation>Het antwoord van het UserInfo endpoint is geen JSON</translation>
    </message>
    <message>
        <source>The UserInfo endpoint&apos;s answer is not a JSON object</source>
        <translation>Het antwoord van het UserInfo endpoint is geen JSON-object</translation>
    </message>
    <message>
        <source>Check the UserInfo endpoint URL in the environment.</source>
        <translation>Controleer de URL van het UserInfo endpoint in de omgeving.</translation>
    </message>
    <message>
        <source>Check the JWKS URI of the environment (use Discover).</source>
        <translation>Controleer de JWKS URI van de omgeving (gebruik Ontdekken).</translation>
    </message>
    <message>
        <source>The provider&apos;s key set (JWKS) did not arrive in time</source>
        <translation>De sleutelset (JWKS) van de provider is niet op tijd binnengekomen</translation>
    </message>
    <message>
        <source>The provider&apos;s key set (JWKS) is too large</source>
        <translation>De sleutelset (JWKS) van de provider is te groot</translation>
    </message>
    <message>
        <source>The certificate of the provider&apos;s key set (JWKS) address is not trusted</source>
        <translation>Het certificaat van het adres waar de provider zijn sleutelset (JWKS) publiceert, wordt niet vertrouwd</translation>
    </message>
    <message>
        <source>Could not fetch the provider&apos;s key set (JWKS)</source>
        <translation>Kan de sleutelset (JWKS) van de provider niet ophalen</translation>
    </message>
    <message>
        <source>The provider&apos;s key set (JWKS) address redirected elsewhere (HTTP %1)</source>
        <translation>Het adres van de sleutelset (JWKS) van de provider verwees door naar een ander adres (HTTP %1)</translation>
    </message>
    <message>
        <source>The provider answered HTTP %1 instead of its key set (JWKS)</source>
        <translation>De provider antwoordde HTTP %1 in plaats van zijn sleutelset (JWKS)</translation>
    </message>
    <message>
        <source>The provider answered HTTP %1 with a web page instead of its key set (JWKS)</source>
        <translation>De provider antwoordde HTTP %1 met een webpagina in plaats van zijn sleutelset (JWKS)</translation>
    </message>
    <message>
        <source>The provider answered with an empty body instead of its key set (JWKS)</source>
        <translation>De provider antwoordde met een lege body in plaats van zijn sleutelset (JWKS)</translation>
    </message>
    <message>
        <source>The provider answered with a web page instead of its key set (JWKS)</source>
        <translation>De provider antwoordde met een webpagina in plaats van zijn sleutelset (JWKS)</translation>
    </message>
    <message>
        <source>The provider&apos;s key set (JWKS) is not valid JSON</source>
        <translation>De sleutelset (JWKS) van de provider is geen geldige JSON</translation>
    </message>
    <message>
        <source>The provider&apos;s key set (JWKS) is not a JSON object</source>
        <translation>De sleutelset (JWKS) van de provider is geen JSON-object</translation>
    </message>
    <message>
        <source>Check that the provider is reachable, then sign in again.</source>
        <translation>Controleer of de provider bereikbaar is en meld je daarna opnieuw aan.</translation>
    </message>
    <message>
        <source>Check the JWKS URI of the environment: this is not a key set.</source>
        <translation>Controleer de JWKS URI van de omgeving: dit is geen sleutelset.</translation>
    </message>
    <message>
        <source>Check the JWKS URI, your network, proxy and TLS settings.</source>
        <translation>Controleer de JWKS URI, je netwerk en de proxy- en TLS-instellingen.</translation>
    </message>
    <message>
        <source>Keys are fetched only from the origin the JWKS URI names (RFC 8725 §3.10). Check the JWKS URI of the environment (use Discover).</source>
        <translation>Sleutels worden alleen opgehaald van de origin die in de JWKS URI staat (RFC 8725 §3.10). Controleer de JWKS URI van de omgeving (gebruik Ontdekken).</translation>
    </message>
    <message>
        <source>The JWKS URI may point at a login page, a portal or a proxy. Check it (use Discover).</source>
        <translation>De JWKS URI verwijst mogelijk naar een aanmeldpagina, een portaal of een proxy. Controleer hem (gebruik Ontdekken).</translation>
    </message>
    <message>
        <source>Check the issuer URL.</source>
        <translation>Controleer de issuer-URL.</translation>
    </message>
    <message>
        <source>The provider&apos;s metadata did not arrive in time</source>
        <translation>De metadata van de provider is niet op tijd binnengekomen</translation>
    </message>
    <message>
        <source>The provider&apos;s metadata is too large</source>
        <translation>De metadata van de provider is te groot</translation>
    </message>
    <message>
        <source>The provider&apos;s certificate is not trusted</source>
        <translation>Het certificaat van de provider wordt niet vertrouwd</translation>
    </message>
    <message>
        <source>Could not reach the provider</source>
        <translation>Kan de provider niet bereiken</translation>
    </message>
    <message>
        <source>The provider&apos;s metadata address redirected elsewhere (HTTP %1)</source>
        <translation>Het adres van de metadata van de provider verwees door naar een ander adres (HTTP %1)</translation>
    </message>
    <message>
        <source>The provider answered HTTP %1 instead of its metadata</source>
        <translation>De provider antwoordde HTTP %1 in plaats van zijn metadata te sturen</translation>
    </message>
    <message>
        <source>The provider answered HTTP %1 with a web page instead of its metadata</source>
        <translation>De provider antwoordde HTTP %1 met een webpagina in plaats van zijn metadata</translation>
    </message>
    <message>
        <source>The provider&apos;s metadata is not JSON</source>
        <translation>De metadata van de provider is geen JSON</translation>
    </message>
    <message>
        <source>The provider answered with a web page instead of its metadata</source>
        <translation>De provider antwoordde met een webpagina in plaats van zijn metadata</translation>
    </message>
    <message>
        <source>The provider&apos;s metadata is not a JSON object</source>
        <translation>De metadata van de provider is geen JSON-object</translation>
    </message>
    <message>
        <source>Check the issuer URL: this is not a metadata document.</source>
        <translation>Controleer de issuer-URL: dit is geen metadatadocument.</translation>
    </message>
    <message>
        <source>Check the issuer URL, your network, proxy and TLS settings.</source>
        <translation>Controleer de issuer-URL, je netwerk en de proxy- en TLS-instellingen.</translation>
    </message>
    <message>
        <source>A redirect to a less safe address (https to http) is not followed. Check the issuer URL.</source>
        <translation>Een redirect naar een minder veilig adres (van https naar http) wordt niet gevolgd. Controleer de issuer-URL.</translation>
    </message>
    <message>
        <source>The issuer URL may point at a login page, a portal or a proxy. Check it.</source>
        <translation>De issuer-URL verwijst mogelijk naar een aanmeldpagina, een portaal of een proxy. Controleer hem.</translation>
    </message>
    <message>
        <source>Its SHA-256 fingerprint is %1.</source>
        <translation>De SHA-256-vingerafdruk is %1.</translation>
    </message>
    <message>
        <source>If this is a sandbox with a self-signed certificate, check the fingerprint with its administrator and trust it in the environment&apos;s Sign-in settings.</source>
        <translation>Is dit een sandbox met een zelfondertekend certificaat, controleer dan de vingerafdruk bij de beheerder en vertrouw het certificaat in de aanmeldinstellingen van de omgeving.</translation>
    </message>
    <message>
        <source>The provider has a problem. Try again later.</source>
        <translation>De provider heeft een probleem. Probeer het later opnieuw.</translation>
    </message>
    <message>
        <source>The body is empty.</source>
        <translation>De body is leeg.</translation>
    </message>
    <message>
        <source>The private key may not be the one registered at the provider (or its key id is wrong), or the provider expects another authentication method than %1: check both in the environment.</source>
        <translation>Mogelijk is de privésleutel niet de sleutel die bij de provider is geregistreerd (of klopt de sleutel-ID niet), of verwacht de provider een andere authenticatiemethode dan %1: controleer beide in de omgeving.</translation>
    </message>
    <message>
        <source>The client secret that signs the assertion may be wrong or expired, or the provider expects another authentication method than %1: check both in the environment.</source>
        <translation>Mogelijk is het client secret waarmee de assertion wordt ondertekend onjuist of verlopen, of verwacht de provider een andere authenticatiemethode dan %1: controleer beide in de omgeving.</translation>
    </message>
    <message>
        <source>The client secret may be wrong or expired, or the provider expects another authentication method than %1: check both in the environment.</source>
        <translation>Mogelijk is het client secret onjuist of verlopen, of verwacht de provider een andere authenticatiemethode dan %1: controleer beide in de omgeving.</translation>
    </message>
    <message>
        <source>Check the client id as well.</source>
        <translation>Controleer ook de client ID.</translation>
    </message>
    <message>
        <source>Otherwise the client may not be allowed this grant: check its registration at the provider.</source>
        <translation>Anders mag de client deze grant mogelijk niet gebruiken: controleer de registratie van de client bij de provider.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::ExternalRedirectLoginAgent</name>
    <message>
        <source>The sign-in did not finish in time</source>
        <translation>Het aanmelden is niet op tijd afgerond</translation>
    </message>
    <message>
        <source>The system browser cannot return to Tokenscope here</source>
        <translation>De systeembrowser kan hier niet terugkeren naar Tokenscope</translation>
    </message>
    <message>
        <source>The redirect URI %1 is neither a loopback address nor a private-use scheme.</source>
        <translation>De redirect URI %1 is geen loopbackadres en heeft ook geen eigen scheme (private-use).</translation>
    </message>
    <message>
        <source>Register a redirect URI such as http://127.0.0.1/callback or one with a scheme of your own in reverse domain order, such as com.example.app:/callback, with the provider, or sign in in the embedded window.</source>
        <translation>Registreer bij de provider een redirect URI zoals http://127.0.0.1/callback of een met een eigen scheme in omgekeerde domeinvolgorde, zoals com.example.app:/callback, of meld je aan in het ingebouwde venster.</translation>
    </message>
    <message>
        <source>The system browser could not be opened</source>
        <translation>De systeembrowser kon niet worden geopend</translation>
    </message>
    <message>
        <source>No default web browser is set up on this computer.</source>
        <translation>Er is geen standaardwebbrowser ingesteld op deze computer.</translation>
    </message>
    <message>
        <source>Set a default browser in the system settings and sign in again, or copy this address into a browser: %1</source>
        <translation>Stel een standaardbrowser in bij de systeeminstellingen en meld je opnieuw aan, of kopieer dit adres naar een browser: %1</translation>
    </message>
    <message>
        <source>Tokenscope received %1, which is not this sign-in&apos;s redirect URI %2; still waiting.</source>
        <translation>Tokenscope ontving %1, dat niet de redirect URI %2 van deze aanmelding is; er wordt nog gewacht.</translation>
    </message>
    <message>
        <source>Tokenscope received a sign-in answer without the state of this sign-in; still waiting.</source>
        <translation>Tokenscope ontving een aanmeldantwoord zonder de state van deze aanmelding; er wordt nog gewacht.</translation>
    </message>
    <message>
        <source>Tokenscope received the answer to an earlier sign-in; still waiting for this one.</source>
        <translation>Tokenscope ontving het antwoord op een eerdere aanmelding; er wordt nog op deze gewacht.</translation>
    </message>
    <message numerus="yes">
        <source>The browser did not come back to Tokenscope within the %n-minute limit.</source>
        <translation>
            <numerusform>De browser is niet binnen de limiet van %n minuut teruggekeerd naar Tokenscope.</numerusform>
            <numerusform>De browser is niet binnen de limiet van %n minuten teruggekeerd naar Tokenscope.</numerusform>
        </translation>
    </message>
    <message>
        <source>Tokenscope has stopped waiting for it, so a sign-in page still open in the browser can no longer finish: start the sign-in again. If the browser finished but Tokenscope heard nothing, the system may not know that Tokenscope opens %1 addresses: sign in in the embedded window instead.</source>
        <translation>Tokenscope wacht er niet meer op, dus een aanmeldpagina die nog open staat in de browser kan niet meer worden afgerond: begin opnieuw met aanmelden. Als de browser klaar was maar Tokenscope niets heeft ontvangen, weet het systeem mogelijk niet dat Tokenscope %1-adressen opent: meld je dan aan in het ingebouwde venster.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::FlowParty</name>
    <message>
        <source>Redirect (%1)</source>
        <translation>Doorverwijzing (%1)</translation>
    </message>
    <message>
        <source>%1 · %2 ms</source>
        <translation>%1 · %2 ms</translation>
    </message>
    <message>
        <source>User signs in and consents · %1 s</source>
        <translation>Gebruiker meldt zich aan en geeft toestemming · %1 s</translation>
    </message>
    <message>
        <source>User did not finish</source>
        <translation>Gebruiker heeft het niet afgerond</translation>
    </message>
    <message>
        <source>User is signing in</source>
        <translation>Gebruiker meldt zich aan</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::IdToken</name>
    <message>
        <source>Nothing from this sign-in was used. Check the issuer and client ID of the environment, then sign in again.</source>
        <translation>Niets van deze aanmelding is gebruikt. Controleer de issuer en de client ID van de omgeving en meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>The ID token is not a readable JWT</source>
        <translation>Het ID token is geen leesbare JWT</translation>
    </message>
    <message>
        <source>The ID token is not signed (alg “%1”)</source>
        <translation>Het ID token is niet ondertekend (alg “%1”)</translation>
    </message>
    <message>
        <source>The ID token comes from another issuer</source>
        <translation>Het ID token komt van een andere issuer</translation>
    </message>
    <message>
        <source>Expected “%1”, found “%2”.</source>
        <translation>Verwacht “%1”, gevonden “%2”.</translation>
    </message>
    <message>
        <source>The ID token names no subject (sub)</source>
        <translation>Het ID token noemt geen subject (sub)</translation>
    </message>
    <message>
        <source>The ID token has no audience (aud)</source>
        <translation>Het ID token heeft geen audience (aud)</translation>
    </message>
    <message>
        <source>The ID token was issued to another client</source>
        <translation>Het ID token is voor een andere client uitgegeven</translation>
    </message>
    <message>
        <source>Audience: %1; this environment&apos;s client ID: %2.</source>
        <translation>Audience: %1; client ID van deze omgeving: %2.</translation>
    </message>
    <message>
        <source>The ID token has several audiences and is not authorised for this client (azp)</source>
        <translation>Het ID token heeft meerdere audiences en is niet voor deze client bestemd (azp)</translation>
    </message>
    <message>
        <source>The ID token has no expiry (exp)</source>
        <translation>Het ID token heeft geen verlooptijd (exp)</translation>
    </message>
    <message>
        <source>The ID token has already expired</source>
        <translation>Het ID token is al verlopen</translation>
    </message>
    <message>
        <source>The ID token has no issue time (iat)</source>
        <translation>Het ID token heeft geen uitgiftetijd (iat)</translation>
    </message>
    <message>
        <source>The ID token claims to be issued in the future</source>
        <translation>Het ID token zou in de toekomst zijn uitgegeven</translation>
    </message>
    <message>
        <source>The ID token lacks the nonce this sign-in sent</source>
        <translation>Het ID token mist de nonce die bij deze aanmelding is verstuurd</translation>
    </message>
    <message>
        <source>The ID token answers another sign-in (nonce)</source>
        <translation>Het ID token hoort bij een andere aanmelding (nonce)</translation>
    </message>
    <message>
        <source>The ID token&apos;s %1 claim is not a valid date</source>
        <translation>De claim %1 van het ID-token is geen geldige datum</translation>
    </message>
    <message>
        <source>Found %1; a date is a whole number of seconds since 1970, up to the year 9999.</source>
        <translation>Gevonden: %1; een datum is een geheel aantal seconden sinds 1970, tot het jaar 9999.</translation>
    </message>
    <message>
        <source>The ID token is signed with an algorithm the provider does not list (alg “%1”)</source>
        <translation>Het ID-token is ondertekend met een algoritme dat de provider niet noemt (alg “%1”)</translation>
    </message>
    <message>
        <source>The provider&apos;s metadata lists: %1.</source>
        <translation>De metadata van de provider noemt: %1.</translation>
    </message>
    <message>
        <source>The ID token was issued too long ago (iat)</source>
        <translation>Het ID-token is te lang geleden uitgegeven (iat)</translation>
    </message>
    <message>
        <source>It was issued at %1; an ID token must be issued for this sign-in.</source>
        <translation>Het is uitgegeven op %1; een ID-token moet voor deze aanmelding zijn uitgegeven.</translation>
    </message>
    <message>
        <source>The ID token is not valid yet (nbf)</source>
        <translation>Het ID-token is nog niet geldig (nbf)</translation>
    </message>
    <message>
        <source>The ID token does not say when the user signed in (auth_time), although the sign-in asked for it (max_age)</source>
        <translation>Het ID-token zegt niet wanneer de gebruiker zich heeft aangemeld (auth_time), hoewel de aanmelding daarom vroeg (max_age)</translation>
    </message>
    <message>
        <source>The user signed in longer ago than the sign-in allowed (auth_time, max_age)</source>
        <translation>De gebruiker heeft zich langer geleden aangemeld dan de aanmelding toestond (auth_time, max_age)</translation>
    </message>
    <message>
        <source>Signed in at %1; max_age was %2 seconds.</source>
        <translation>Aangemeld op %1; max_age was %2 seconden.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::JwksClient</name>
    <message>
        <source>Address: %1</source>
        <translation>Adres: %1</translation>
    </message>
    <message>
        <source>%1 is not a JWKS URI</source>
        <translation>%1 is geen JWKS URI</translation>
    </message>
    <message>
        <source>Enter the provider&apos;s jwks_uri as an http or https address, or use Discover.</source>
        <translation>Vul de jwks_uri van de provider in als http- of https-adres, of gebruik Ontdekken.</translation>
    </message>
    <message>
        <source>Key set (JWKS) of the provider</source>
        <translation>Sleutelset (JWKS) van de provider</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::LoopbackLoginAgent</name>
    <message>
        <source>The sign-in did not finish in time</source>
        <translation>De aanmelding is niet op tijd afgerond</translation>
    </message>
    <message>
        <source>The system browser can only return to this computer</source>
        <translation>De systeembrowser kan alleen terugkeren naar deze computer</translation>
    </message>
    <message>
        <source>The redirect URI %1 is not a loopback address.</source>
        <translation>De redirect URI %1 is geen loopbackadres.</translation>
    </message>
    <message>
        <source>Register a redirect URI such as http://127.0.0.1/callback with the provider (any port is allowed for native apps, RFC 8252) and use it in the environment, or sign in in the embedded window.</source>
        <translation>Registreer een redirect URI zoals http://127.0.0.1/callback bij de provider (voor native apps is elke poort toegestaan, RFC 8252) en gebruik die in de omgeving, of meld je aan in het ingebouwde venster.</translation>
    </message>
    <message>
        <source>Tokenscope could not listen for the redirect</source>
        <translation>Tokenscope kon niet luisteren naar de redirect</translation>
    </message>
    <message>
        <source>%1 port %2: %3</source>
        <translation>%1 poort %2: %3</translation>
    </message>
    <message>
        <source>(any)</source>
        <translation>(willekeurig)</translation>
    </message>
    <message>
        <source>Another program uses port %1. Close it, or register a redirect URI without a port (http://127.0.0.1/callback) so any free port can be used.</source>
        <translation>Een ander programma gebruikt poort %1. Sluit het, of registreer een redirect URI zonder poort (http://127.0.0.1/callback) zodat elke vrije poort gebruikt kan worden.</translation>
    </message>
    <message>
        <source>Check that the loopback network interface is up.</source>
        <translation>Controleer of de loopback-netwerkinterface actief is.</translation>
    </message>
    <message>
        <source>The redirect URI changed while the sign-in started.</source>
        <translation>De redirect URI is gewijzigd terwijl de aanmelding begon.</translation>
    </message>
    <message>
        <source>The system browser could not be opened</source>
        <translation>De systeembrowser kon niet worden geopend</translation>
    </message>
    <message>
        <source>No default web browser is set up on this computer.</source>
        <translation>Er is geen standaardwebbrowser ingesteld op deze computer.</translation>
    </message>
    <message>
        <source>Set a default browser in the system settings, or sign in in the embedded window.</source>
        <translation>Stel een standaardbrowser in bij de systeeminstellingen, of meld je aan in het ingebouwde venster.</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Niet gevonden</translation>
    </message>
    <message>
        <source>Nothing is served here.</source>
        <translation>Hier wordt niets aangeboden.</translation>
    </message>
    <message>
        <source>Not a sign-in response</source>
        <translation>Geen aanmeldantwoord</translation>
    </message>
    <message>
        <source>This address only receives the provider&apos;s answer.</source>
        <translation>Dit adres ontvangt alleen het antwoord van de provider.</translation>
    </message>
    <message>
        <source>Sign-in did not succeed</source>
        <translation>Aanmelden is niet gelukt</translation>
    </message>
    <message>
        <source>The provider sent an error. Return to Tokenscope to see what it said.</source>
        <translation>De provider stuurde een fout. Ga terug naar Tokenscope om te zien wat hij meldde.</translation>
    </message>
    <message>
        <source>Signed in to Tokenscope</source>
        <translation>Aangemeld bij Tokenscope</translation>
    </message>
    <message>
        <source>You can close this tab and return to Tokenscope.</source>
        <translation>Je kunt dit tabblad sluiten en teruggaan naar Tokenscope.</translation>
    </message>
    <message numerus="yes">
        <source>The browser did not come back to Tokenscope within the %n-minute limit.</source>
        <translation>
            <numerusform>De browser is niet binnen de limiet van %n minuut teruggekomen bij Tokenscope.</numerusform>
            <numerusform>De browser is niet binnen de limiet van %n minuten teruggekomen bij Tokenscope.</numerusform>
        </translation>
    </message>
    <message>
        <source>Tokenscope has stopped listening for it, so a sign-in page still open in the browser can no longer finish. Start the sign-in again.</source>
        <translation>Tokenscope luistert er niet meer naar, dus een aanmeldpagina die nog open staat in de browser kan niet meer worden afgerond. Begin opnieuw met aanmelden.</translation>
    </message>
    <message>
        <source>This answer belongs to another sign-in</source>
        <translation>Dit antwoord hoort bij een andere aanmelding</translation>
    </message>
    <message>
        <source>Tokenscope is waiting for a newer sign-in, not for this one. Close this tab and finish signing in in the tab Tokenscope opened last, or start again in Tokenscope.</source>
        <translation>Tokenscope wacht op een nieuwere aanmelding, niet op deze. Sluit dit tabblad en rond het aanmelden af in het tabblad dat Tokenscope het laatst heeft geopend, of begin opnieuw in Tokenscope.</translation>
    </message>
    <message>
        <source>Tokenscope received a sign-in answer without the state of this sign-in; still waiting.</source>
        <translation>Tokenscope heeft een aanmeldantwoord ontvangen zonder de state van deze aanmelding; er wordt verder gewacht.</translation>
    </message>
    <message>
        <source>Tokenscope received the answer to an earlier sign-in; still waiting for this one.</source>
        <translation>Tokenscope heeft het antwoord op een eerdere aanmelding ontvangen; er wordt nog op deze gewacht.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::ParameterExplanation</name>
    <message>
        <source>What the provider is to return: &quot;code&quot; is the authorization code flow.</source>
        <translation>Wat de provider moet teruggeven: &quot;code&quot; is de authorization-code-flow.</translation>
    </message>
    <message>
        <source>The identifier of this application at the provider.</source>
        <translation>De identificatie van deze applicatie bij de provider.</translation>
    </message>
    <message>
        <source>Where the provider sends the browser back after sign-in; it must match the registered address exactly.</source>
        <translation>Waarheen de provider de browser na het aanmelden terugstuurt; moet exact overeenkomen met het geregistreerde adres.</translation>
    </message>
    <message>
        <source>The permissions asked for, separated by spaces; &quot;openid&quot; asks for an ID token.</source>
        <translation>De gevraagde rechten, gescheiden door spaties; &quot;openid&quot; vraagt om een ID-token.</translation>
    </message>
    <message>
        <source>A random value Tokenscope checks on the way back, against forged sign-in answers (RFC 6749 §10.12).</source>
        <translation>Een willekeurige waarde die Tokenscope op de terugweg controleert, tegen vervalste aanmeldantwoorden (RFC 6749 §10.12).</translation>
    </message>
    <message>
        <source>A random value the ID token must repeat, so an old ID token cannot be replayed.</source>
        <translation>Een willekeurige waarde die het ID-token moet herhalen, zodat een oud ID-token niet opnieuw kan worden gebruikt.</translation>
    </message>
    <message>
        <source>The hash of a secret only Tokenscope knows (PKCE): only it can exchange the code.</source>
        <translation>De hash van een geheim dat alleen Tokenscope kent (PKCE): alleen Tokenscope kan de code inwisselen.</translation>
    </message>
    <message>
        <source>How the challenge was made from the secret: S256 is a SHA-256 hash, plain is the secret itself.</source>
        <translation>Hoe de challenge uit het geheim is gemaakt: S256 is een SHA-256-hash, plain is het geheim zelf.</translation>
    </message>
    <message>
        <source>The PKCE secret itself, sent with the code to prove it is the same application.</source>
        <translation>Het PKCE-geheim zelf, met de code meegestuurd om te bewijzen dat het dezelfde applicatie is.</translation>
    </message>
    <message>
        <source>Whether the provider must ask again: login, consent, select_account or none.</source>
        <translation>Of de provider opnieuw moet vragen: login, consent, select_account of none.</translation>
    </message>
    <message>
        <source>How the answer comes back: in the query, in the fragment, or posted as a form (form_post).</source>
        <translation>Hoe het antwoord terugkomt: in de query, in het fragment, of als formulier gepost (form_post).</translation>
    </message>
    <message>
        <source>The longest time in seconds since the user last signed in before they must sign in again.</source>
        <translation>De langste tijd in seconden sinds de laatste aanmelding voordat de gebruiker zich opnieuw moet aanmelden.</translation>
    </message>
    <message>
        <source>The account to suggest on the sign-in page, such as an email address.</source>
        <translation>Het account dat de aanmeldpagina voorstelt, zoals een e-mailadres.</translation>
    </message>
    <message>
        <source>The strength of sign-in asked for, such as multi-factor authentication.</source>
        <translation>De gevraagde sterkte van de aanmelding, zoals meervoudige authenticatie.</translation>
    </message>
    <message>
        <source>The API the token is meant for, as an address (RFC 8707).</source>
        <translation>De API waarvoor het token bedoeld is, als adres (RFC 8707).</translation>
    </message>
    <message>
        <source>The API the token is meant for, in the provider&apos;s own words (not standard).</source>
        <translation>De API waarvoor het token bedoeld is, in de eigen termen van de provider (niet standaard).</translation>
    </message>
    <message>
        <source>The languages the sign-in page should use, in order of preference.</source>
        <translation>De talen die de aanmeldpagina moet gebruiken, in volgorde van voorkeur.</translation>
    </message>
    <message>
        <source>An earlier ID token, telling the provider who is expected to be signed in.</source>
        <translation>Een eerder ID-token, dat de provider vertelt wie naar verwachting is aangemeld.</translation>
    </message>
    <message>
        <source>A reference to the request parameters pushed to the provider beforehand (PAR).</source>
        <translation>Een verwijzing naar de verzoekparameters die vooraf naar de provider zijn gestuurd (PAR).</translation>
    </message>
    <message>
        <source>What is traded for tokens: an authorization code, a refresh token, the client&apos;s own credentials or a device code.</source>
        <translation>Wat wordt ingewisseld voor tokens: een autorisatiecode, een vernieuwingstoken, de eigen inloggegevens van de client of een apparaatcode.</translation>
    </message>
    <message>
        <source>The one-time authorization code the provider returned, traded for tokens once.</source>
        <translation>De eenmalige autorisatiecode die de provider teruggaf, één keer in te wisselen voor tokens.</translation>
    </message>
    <message>
        <source>The long-lived token used to get a new access token without signing in again.</source>
        <translation>Het langlevende token waarmee een nieuw toegangstoken wordt verkregen zonder opnieuw aan te melden.</translation>
    </message>
    <message>
        <source>The application&apos;s password at the provider.</source>
        <translation>Het wachtwoord van de applicatie bij de provider.</translation>
    </message>
    <message>
        <source>A signed JWT that proves the application&apos;s identity instead of a password.</source>
        <translation>Een ondertekende JWT die de identiteit van de applicatie bewijst in plaats van een wachtwoord.</translation>
    </message>
    <message>
        <source>The kind of client assertion: a JWT bearer assertion.</source>
        <translation>Het soort client-assertion: een JWT-bearer-assertion.</translation>
    </message>
    <message>
        <source>The code of the device sign-in, polled until the user has confirmed elsewhere.</source>
        <translation>De code van de apparaataanmelding, opgevraagd tot de gebruiker elders heeft bevestigd.</translation>
    </message>
    <message>
        <source>The token this request is about (to check or revoke).</source>
        <translation>Het token waar dit verzoek over gaat (om te controleren of in te trekken).</translation>
    </message>
    <message>
        <source>Which kind of token is sent: access_token or refresh_token.</source>
        <translation>Welk soort token wordt meegestuurd: access_token of refresh_token.</translation>
    </message>
    <message>
        <source>The provider that answered, checked against the expected issuer (RFC 9207).</source>
        <translation>De provider die antwoordde, gecontroleerd tegen de verwachte issuer (RFC 9207).</translation>
    </message>
    <message>
        <source>The provider&apos;s sign-in session, for session management.</source>
        <translation>De aanmeldsessie bij de provider, voor sessiebeheer.</translation>
    </message>
    <message>
        <source>The provider&apos;s error code.</source>
        <translation>De foutcode van de provider.</translation>
    </message>
    <message>
        <source>The provider&apos;s own explanation of the error.</source>
        <translation>De eigen uitleg van de provider bij de fout.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::ProviderErrors</name>
    <message>
        <source>The provider found the request malformed. Check the endpoints, redirect URI and extra parameters.</source>
        <translation>Volgens de provider is het verzoek onjuist opgebouwd. Controleer de endpoints, de redirect URI en de extra parameters.</translation>
    </message>
    <message>
        <source>This client may not use this grant. Check the client&apos;s registration at the provider.</source>
        <translation>Deze client mag deze grant niet gebruiken. Controleer de registratie van de client bij de provider.</translation>
    </message>
    <message>
        <source>The sign-in was declined, or the account may not use this client.</source>
        <translation>De aanmelding is geweigerd, of het account mag deze client niet gebruiken.</translation>
    </message>
    <message>
        <source>The provider does not allow the code flow for this client.</source>
        <translation>De provider staat de code flow niet toe voor deze client.</translation>
    </message>
    <message>
        <source>A requested scope is unknown or not allowed for this client. Check the scopes in the environment.</source>
        <translation>Een aangevraagde scope is onbekend of niet toegestaan voor deze client. Controleer de scopes in de omgeving.</translation>
    </message>
    <message>
        <source>The provider had an internal error. Try again later.</source>
        <translation>Er is een interne fout opgetreden bij de provider. Probeer het later opnieuw.</translation>
    </message>
    <message>
        <source>The provider is overloaded or in maintenance. Try again later.</source>
        <translation>De provider is overbelast of in onderhoud. Probeer het later opnieuw.</translation>
    </message>
    <message>
        <source>The provider did not accept the client id or secret. Check them, and the client authentication method, in the environment.</source>
        <translation>De provider heeft de client ID of het client secret niet geaccepteerd. Controleer ze, en ook de clientauthenticatiemethode, in de omgeving.</translation>
    </message>
    <message>
        <source>The code or refresh token is expired, already used or revoked, or the redirect URI differs from the one used to get it. Sign in again.</source>
        <translation>De code of het refresh token is verlopen, al gebruikt of ingetrokken, of de redirect URI wijkt af van die waarmee het is verkregen. Meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>The provider does not support this grant, or not for this client. Check the grant in the environment and the client&apos;s registration at the provider.</source>
        <translation>De provider ondersteunt deze grant niet, of niet voor deze client. Controleer de grant in de omgeving en de registratie van de client bij de provider.</translation>
    </message>
    <message>
        <source>The provider needs you on its page (to confirm or complete something) and cannot sign you in silently. Sign in interactively.</source>
        <translation>De provider heeft je nodig op zijn pagina (om iets te bevestigen of af te ronden) en kan je niet ongemerkt aanmelden. Meld je interactief aan.</translation>
    </message>
    <message>
        <source>The provider needs you to sign in interactively.</source>
        <translation>De provider vereist dat je je interactief aanmeldt.</translation>
    </message>
    <message>
        <source>The provider needs you to choose an account. Sign in interactively.</source>
        <translation>De provider wil dat je een account kiest. Meld je interactief aan.</translation>
    </message>
    <message>
        <source>The provider needs your consent for the requested scopes.</source>
        <translation>De provider heeft je toestemming nodig voor de aangevraagde scopes.</translation>
    </message>
    <message>
        <source>The request_uri is unknown or expired (a pushed request is valid for a short time only). Start the sign-in again.</source>
        <translation>De request_uri is onbekend of verlopen (een gepusht verzoek is maar kort geldig). Begin opnieuw met aanmelden.</translation>
    </message>
    <message>
        <source>The provider rejected the request object (the signed request parameter).</source>
        <translation>De provider heeft het request object (de ondertekende request-parameter) geweigerd.</translation>
    </message>
    <message>
        <source>The provider does not accept request objects (the request parameter).</source>
        <translation>De provider accepteert geen request objects (de request-parameter).</translation>
    </message>
    <message>
        <source>The provider does not accept the request_uri parameter.</source>
        <translation>De provider accepteert de request_uri-parameter niet.</translation>
    </message>
    <message>
        <source>The provider does not accept the registration parameter.</source>
        <translation>De provider accepteert de registration-parameter niet.</translation>
    </message>
    <message>
        <source>The sign-in on the other device is not finished yet.</source>
        <translation>De aanmelding op het andere apparaat is nog niet afgerond.</translation>
    </message>
    <message>
        <source>The provider asked to be polled less often.</source>
        <translation>De provider vroeg om minder vaak te worden bevraagd.</translation>
    </message>
    <message>
        <source>The code was not entered and confirmed in time. Start the sign-in again and finish it before the countdown ends.</source>
        <translation>De code is niet op tijd ingevoerd en bevestigd. Begin opnieuw met aanmelden en rond het af voordat het aftellen voorbij is.</translation>
    </message>
    <message>
        <source>The access token is expired, revoked or malformed, or meant for another API. Refresh it or get a new one.</source>
        <translation>Het access token is verlopen, ingetrokken of ongeldig, of bedoeld voor een andere API. Vernieuw het of haal een nieuw token op.</translation>
    </message>
    <message>
        <source>The access token lacks a scope this request needs. Add the scope to the environment and sign in again.</source>
        <translation>Het access token mist een scope die dit verzoek nodig heeft. Voeg de scope toe aan de omgeving en meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>The provider wants a DPoP proof carrying the nonce from its DPoP-Nonce header; the request is to be sent again with it.</source>
        <translation>De provider wil een DPoP-bewijs met de nonce uit zijn DPoP-Nonce-header; het verzoek moet daarmee opnieuw worden verzonden.</translation>
    </message>
    <message>
        <source>The provider rejected the DPoP proof: its signature, time, nonce or the request it names.</source>
        <translation>De provider heeft het DPoP-bewijs geweigerd: de handtekening, de tijd, de nonce of het verzoek dat het noemt.</translation>
    </message>
    <message>
        <source>The user chose “Forgot your password?” on the sign-in page. The application is to start the password reset user flow.</source>
        <translation>De gebruiker koos “Wachtwoord vergeten?” op de aanmeldpagina. De toepassing moet de user flow voor het opnieuw instellen van het wachtwoord starten.</translation>
    </message>
    <message>
        <source>The user cancelled on the provider&apos;s page.</source>
        <translation>De gebruiker heeft geannuleerd op de pagina van de provider.</translation>
    </message>
    <message>
        <source>The grant (code or refresh token) has expired. Sign in again.</source>
        <translation>De grant (code of refresh token) is verlopen. Meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>The provider had an internal problem with the grant. Sign in again.</source>
        <translation>De provider had een intern probleem met de grant. Meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>The redirect URI is not registered for this application in the B2C tenant. Register it, or use the registered one in the environment.</source>
        <translation>De redirect URI is voor deze toepassing niet geregistreerd in de B2C-tenant. Registreer hem, of gebruik de geregistreerde in de omgeving.</translation>
    </message>
    <message>
        <source>The application has no redirect URI registered in the B2C tenant.</source>
        <translation>De toepassing heeft geen redirect URI geregistreerd in de B2C-tenant.</translation>
    </message>
    <message>
        <source>The application is not configured for this kind of request (for example implicit tokens or this response type). Check the app registration&apos;s authentication settings.</source>
        <translation>De toepassing is niet ingesteld voor dit soort verzoek (bijvoorbeeld impliciete tokens of dit response type). Controleer de authenticatie-instellingen van de app-registratie.</translation>
    </message>
    <message>
        <source>The client secret is missing or wrong. Check the secret and the client authentication method in the environment.</source>
        <translation>Het client secret ontbreekt of is onjuist. Controleer het secret en de clientauthenticatiemethode in de omgeving.</translation>
    </message>
    <message>
        <source>A requested scope is not supported. B2C APIs need full scope URIs (https://&lt;tenant&gt;.onmicrosoft.com/&lt;api&gt;/&lt;scope&gt;).</source>
        <translation>Een aangevraagde scope wordt niet ondersteund. B2C-API&apos;s hebben volledige scope-URI&apos;s nodig (https://&lt;tenant&gt;.onmicrosoft.com/&lt;api&gt;/&lt;scope&gt;).</translation>
    </message>
    <message>
        <source>The application has no permission for the requested API. Add it under API permissions in the app registration and grant consent.</source>
        <translation>De toepassing heeft geen machtiging voor de aangevraagde API. Voeg die toe onder API-machtigingen in de app-registratie en verleen toestemming.</translation>
    </message>
    <message>
        <source>There is no session at the provider and silent sign-in (prompt=none) was asked. Sign in interactively.</source>
        <translation>Er is geen sessie bij de provider en er werd om ongemerkt aanmelden (prompt=none) gevraagd. Meld je interactief aan.</translation>
    </message>
    <message>
        <source>The code or refresh token was issued by another user flow (policy). Use the same policy in the token endpoint as in the sign-in.</source>
        <translation>De code of het refresh token is uitgegeven door een andere user flow (policy). Gebruik in het token endpoint dezelfde policy als bij het aanmelden.</translation>
    </message>
    <message>
        <source>The grant has been revoked. Sign in again.</source>
        <translation>De grant is ingetrokken. Meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>The user does not exist (any more) in the B2C tenant.</source>
        <translation>De gebruiker bestaat niet (meer) in de B2C-tenant.</translation>
    </message>
    <message>
        <source>The redirect URI does not match any registered for the application. Register it in the app registration, or use the registered one in the environment.</source>
        <translation>De redirect URI komt met geen enkele geregistreerde redirect URI van de toepassing overeen. Registreer hem in de app-registratie, of gebruik de geregistreerde in de omgeving.</translation>
    </message>
    <message>
        <source>No redirect URI is registered for the application. Register one in the app registration.</source>
        <translation>Voor de toepassing is geen redirect URI geregistreerd. Registreer er een in de app-registratie.</translation>
    </message>
    <message>
        <source>The application (client id) was not found in this tenant. Check the client id and the tenant in the endpoints.</source>
        <translation>De toepassing (client ID) is niet gevonden in deze tenant. Controleer de client ID en de tenant in de endpoints.</translation>
    </message>
    <message>
        <source>The client secret is wrong. Use the secret&apos;s value, not its secret ID.</source>
        <translation>Het client secret is onjuist. Gebruik de waarde van het secret, niet de secret-ID.</translation>
    </message>
    <message>
        <source>The client secret has expired. Create a new one in the app registration.</source>
        <translation>Het client secret is verlopen. Maak een nieuw aan in de app-registratie.</translation>
    </message>
    <message>
        <source>The client assertion is not within its valid time range. Check this computer&apos;s clock.</source>
        <translation>De client assertion valt niet binnen zijn geldigheidsperiode. Controleer de klok van deze computer.</translation>
    </message>
    <message>
        <source>The user or an administrator has not consented to the application&apos;s permissions. Grant consent, or ask an administrator to.</source>
        <translation>De gebruiker of een beheerder heeft geen toestemming gegeven voor de machtigingen van de toepassing. Verleen toestemming, of vraag een beheerder dat te doen.</translation>
    </message>
    <message>
        <source>The user declined to consent.</source>
        <translation>De gebruiker heeft geweigerd toestemming te geven.</translation>
    </message>
    <message>
        <source>Multi-factor authentication is required. Sign in interactively.</source>
        <translation>Meervoudige verificatie is vereist. Meld je interactief aan.</translation>
    </message>
    <message>
        <source>The user must register for multi-factor authentication. Sign in interactively.</source>
        <translation>De gebruiker moet zich registreren voor meervoudige verificatie. Meld je interactief aan.</translation>
    </message>
    <message>
        <source>The authorization code or refresh token has expired. Sign in again.</source>
        <translation>De autorisatiecode of het refresh token is verlopen. Meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>The authorization code was already redeemed; a code can be used once. Sign in again.</source>
        <translation>De autorisatiecode is al ingewisseld; een code kan maar één keer worden gebruikt. Meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>The refresh token expired because it was not used for too long. Sign in again.</source>
        <translation>Het refresh token is verlopen omdat het te lang niet is gebruikt. Meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>The grant was revoked, for example after a password change. Sign in again.</source>
        <translation>De grant is ingetrokken, bijvoorbeeld na een wachtwoordwijziging. Meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>A requested scope is invalid. Check the scopes in the environment (for example api://&lt;app id&gt;/.default).</source>
        <translation>Een aangevraagde scope is ongeldig. Controleer de scopes in de omgeving (bijvoorbeeld api://&lt;app id&gt;/.default).</translation>
    </message>
    <message>
        <source>A required field is missing from the request; the provider&apos;s text names it.</source>
        <translation>Er ontbreekt een verplicht veld in het verzoek; de tekst van de provider noemt het.</translation>
    </message>
    <message>
        <source>The request is malformed or invalid. Check the parameters the provider&apos;s text names.</source>
        <translation>Het verzoek is onjuist opgebouwd of ongeldig. Controleer de parameters die de tekst van de provider noemt.</translation>
    </message>
    <message>
        <source>The code_verifier does not match the code_challenge of the sign-in. Sign in again.</source>
        <translation>De code_verifier past niet bij de code_challenge van de aanmelding. Meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>The user name or password is wrong.</source>
        <translation>De gebruikersnaam of het wachtwoord is onjuist.</translation>
    </message>
    <message>
        <source>The user account does not exist in this tenant.</source>
        <translation>Het gebruikersaccount bestaat niet in deze tenant.</translation>
    </message>
    <message>
        <source>No signed-in session was found for a silent sign-in. Sign in interactively.</source>
        <translation>Er is geen aangemelde sessie gevonden voor ongemerkt aanmelden. Meld je interactief aan.</translation>
    </message>
    <message>
        <source>Access was blocked by a Conditional Access policy.</source>
        <translation>De toegang is geblokkeerd door een beleid voor voorwaardelijke toegang.</translation>
    </message>
    <message>
        <source>The tenant was not found. Check the tenant name or id in the endpoints.</source>
        <translation>De tenant is niet gevonden. Controleer de naam of ID van de tenant in de endpoints.</translation>
    </message>
    <message>
        <source>The redirect URI is not among the client&apos;s Valid Redirect URIs in Keycloak. Add it there, or use a registered one in the environment.</source>
        <translation>De redirect URI staat niet bij de Valid Redirect URIs van de client in Keycloak. Voeg hem daar toe, of gebruik een geregistreerde in de omgeving.</translation>
    </message>
    <message>
        <source>Keycloak has no client with this client id in this realm. Check the client id and the realm in the endpoints.</source>
        <translation>Keycloak heeft in deze realm geen client met deze client ID. Controleer de client ID en de realm in de endpoints.</translation>
    </message>
    <message>
        <source>Keycloak did not accept the client id or secret. Compare the secret with the client&apos;s Credentials tab, and check the client authentication method.</source>
        <translation>Keycloak heeft de client ID of het secret niet geaccepteerd. Vergelijk het secret met het tabblad Credentials van de client, en controleer de clientauthenticatiemethode.</translation>
    </message>
    <message>
        <source>The code is expired, already used or from another session; a code can be used once. Sign in again.</source>
        <translation>De code is verlopen, al gebruikt of van een andere sessie; een code kan maar één keer worden gebruikt. Meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>The user&apos;s session at Keycloak has ended (signed out or timed out). Sign in again.</source>
        <translation>De sessie van de gebruiker bij Keycloak is beëindigd (afgemeld of verlopen). Meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>The token has expired or its session has ended. Sign in again.</source>
        <translation>Het token is verlopen of de sessie ervan is beëindigd. Meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>The refresh token is not valid for this client or realm. Sign in again.</source>
        <translation>Het refresh token is niet geldig voor deze client of realm. Meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>This refresh token was already used: with refresh token rotation only the newest one works. Sign in again.</source>
        <translation>Dit refresh token is al gebruikt: met refresh token rotation werkt alleen het nieuwste. Meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>The refresh token has expired (the session&apos;s idle or maximum time passed). Sign in again.</source>
        <translation>Het refresh token is verlopen (de inactiviteits- of maximale tijd van de sessie is voorbij). Meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>The account has actions pending (update the password, verify the e-mail address, set up a one-time code). Sign in through the browser to finish them.</source>
        <translation>Voor het account staan nog acties open (wachtwoord wijzigen, e-mailadres bevestigen, eenmalige code instellen). Meld je aan via de browser om ze af te ronden.</translation>
    </message>
    <message>
        <source>offline_access was asked, but the user or the client may not get offline tokens. Remove offline_access from the scopes, or ask the realm&apos;s administrator.</source>
        <translation>Er werd om offline_access gevraagd, maar de gebruiker of de client mag geen offline tokens krijgen. Haal offline_access uit de scopes, of vraag het de beheerder van de realm.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::ProviderTemplates</name>
    <message>
        <source>Enter the host name only, like auth.example.com (https is assumed; a port may follow a colon).</source>
        <translation>Voer alleen de hostnaam in, zoals auth.example.com (https wordt aangenomen; na een dubbele punt mag een poort volgen).</translation>
    </message>
    <message>
        <source>Enter the realm&apos;s name as it appears after /realms/ in the provider&apos;s addresses, without slashes.</source>
        <translation>Voer de naam van de realm in zoals die na /realms/ in de adressen van de provider staat, zonder schuine strepen.</translation>
    </message>
    <message>
        <source>Keycloak serves each realm under /realms/&lt;realm&gt;: a sandbox and production differ by host or realm, so each gets its own environment.</source>
        <translation>Keycloak biedt elke realm aan onder /realms/&lt;realm&gt;: een sandbox en productie verschillen in host of realm, dus elk krijgt een eigen omgeving.</translation>
    </message>
    <message>
        <source>Enter the B2C tenant&apos;s name, the part before .onmicrosoft.com or .b2clogin.com (letters, digits and dashes).</source>
        <translation>Voer de naam van de B2C-tenant in, het deel vóór .onmicrosoft.com of .b2clogin.com (letters, cijfers en streepjes).</translation>
    </message>
    <message>
        <source>Enter the user flow or custom policy, like B2C_1_signin (user flows start with B2C_1_, custom policies with B2C_1A_).</source>
        <translation>Voer de gebruikersstroom of het aangepaste beleid in, zoals B2C_1_signin (gebruikersstromen beginnen met B2C_1_, aangepaste beleidsregels met B2C_1A_).</translation>
    </message>
    <message>
        <source>Azure AD B2C puts the user flow in the path of every address.</source>
        <translation>Azure AD B2C zet de gebruikersstroom in het pad van elk adres.</translation>
    </message>
    <message>
        <source>The scope asks for offline_access: without it B2C gives no refresh token, and every token means signing in again.</source>
        <translation>De scope vraagt om offline_access: zonder die scope geeft B2C geen refresh token en moet je voor elk token opnieuw aanmelden.</translation>
    </message>
    <message>
        <source>Add your API&apos;s scopes (like https://%1.onmicrosoft.com/api/read) to get an access token for it; with openid alone B2C returns an ID token only.</source>
        <translation>Voeg de scopes van je API toe (zoals https://%1.onmicrosoft.com/api/read) om er een access token voor te krijgen; met alleen openid geeft B2C alleen een ID token.</translation>
    </message>
    <message>
        <source>B2C&apos;s issuer names the tenant&apos;s id, not its name: it is taken from the metadata.</source>
        <translation>De issuer van B2C noemt de ID van de tenant, niet de naam: hij wordt uit de metadata overgenomen.</translation>
    </message>
    <message>
        <source>Enter your tenant&apos;s id or domain, not “%1”: with it the issuer differs per user, so ID tokens cannot be checked.</source>
        <translation>Voer de ID of het domein van je tenant in, niet “%1”: daarmee verschilt de issuer per gebruiker en kunnen ID tokens niet worden gecontroleerd.</translation>
    </message>
    <message>
        <source>Enter the directory (tenant) id, like 72f988bf-86f1-41af-91ab-2d7cd011db47, or a domain of the tenant, like contoso.onmicrosoft.com.</source>
        <translation>Voer de directory-ID (tenant-ID) in, zoals 72f988bf-86f1-41af-91ab-2d7cd011db47, of een domein van de tenant, zoals contoso.onmicrosoft.com.</translation>
    </message>
    <message>
        <source>Microsoft Entra ID&apos;s v2.0 endpoints, for this tenant only.</source>
        <translation>De v2.0-endpoints van Microsoft Entra ID, alleen voor deze tenant.</translation>
    </message>
    <message>
        <source>The scope asks for offline_access, which a refresh token needs.</source>
        <translation>De scope vraagt om offline_access, dat nodig is voor een refresh token.</translation>
    </message>
    <message>
        <source>The issuer names the tenant&apos;s id, not its domain: it is taken from the metadata.</source>
        <translation>De issuer noemt de ID van de tenant, niet het domein: hij wordt uit de metadata overgenomen.</translation>
    </message>
    <message>
        <source>Enter the tenant as it appears in the provider&apos;s addresses (/{tenant}/oauth2/…), without slashes.</source>
        <translation>Voer de tenant in zoals die in de adressen van de provider staat (/{tenant}/oauth2/…), zonder schuine strepen.</translation>
    </message>
    <message>
        <source>The issuer is %1, with its trailing slash: tokens name it exactly so, and a slash more or less is another issuer.</source>
        <translation>De issuer is %1, met de schuine streep aan het eind: tokens noemen hem precies zo, en een schuine streep meer of minder is een andere issuer.</translation>
    </message>
    <message>
        <source>Each refresh returns a new refresh token, which replaces the stored one.</source>
        <translation>Elke vernieuwing levert een nieuw refresh token op, dat het opgeslagen token vervangt.</translation>
    </message>
    <message>
        <source>Enter a full address starting with https://: the provider&apos;s discovery URL (ending in /.well-known/openid-configuration) or its issuer.</source>
        <translation>Voer een volledig adres in dat begint met https://: de discovery-URL van de provider (eindigend op /.well-known/openid-configuration) of de issuer.</translation>
    </message>
    <message>
        <source>The issuer is taken from the document, which must be the one published at that address.</source>
        <translation>De issuer wordt uit het document overgenomen; dat moet het document zijn dat op dat adres is gepubliceerd.</translation>
    </message>
    <message>
        <source>The metadata is looked up from the issuer %1.</source>
        <translation>De metadata wordt opgezocht vanuit de issuer %1.</translation>
    </message>
    <message>
        <source>API &amp;scopes:</source>
        <translation>API-&amp;scopes:</translation>
    </message>
    <message>
        <source>The scopes of the API you call, separated by spaces; openid is added.</source>
        <translation>De scopes van de API die je aanroept, gescheiden door spaties; openid wordt toegevoegd.</translation>
    </message>
    <message>
        <source>The host name in the provider&apos;s addresses.</source>
        <translation>De hostnaam in de adressen van de provider.</translation>
    </message>
    <message>
        <source>Keycloak</source>
        <translation>Keycloak</translation>
    </message>
    <message>
        <source>A Keycloak realm: the issuer is https://&lt;host&gt;/realms/&lt;realm&gt;.</source>
        <translation>Een Keycloak-realm: de issuer is https://&lt;host&gt;/realms/&lt;realm&gt;.</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>&amp;Realm:</source>
        <translation>&amp;Realm:</translation>
    </message>
    <message>
        <source>The name after /realms/ in the provider&apos;s addresses.</source>
        <translation>De naam na /realms/ in de adressen van de provider.</translation>
    </message>
    <message>
        <source>Azure AD B2C</source>
        <translation>Azure AD B2C</translation>
    </message>
    <message>
        <source>An Azure AD B2C tenant and user flow. A refresh token needs the offline_access scope, which the template adds.</source>
        <translation>Een Azure AD B2C-tenant en gebruikersstroom. Voor een refresh token is de scope offline_access nodig; de sjabloon voegt die toe.</translation>
    </message>
    <message>
        <source>&amp;Tenant:</source>
        <translation>&amp;Tenant:</translation>
    </message>
    <message>
        <source>The part before .b2clogin.com or .onmicrosoft.com.</source>
        <translation>Het deel vóór .b2clogin.com of .onmicrosoft.com.</translation>
    </message>
    <message>
        <source>&amp;Policy:</source>
        <translation>&amp;Beleid:</translation>
    </message>
    <message>
        <source>The user flow or custom policy in the provider&apos;s addresses, like B2C_1_signin.</source>
        <translation>De gebruikersstroom of het aangepaste beleid in de adressen van de provider, zoals B2C_1_signin.</translation>
    </message>
    <message>
        <source>Microsoft Entra ID</source>
        <translation>Microsoft Entra ID</translation>
    </message>
    <message>
        <source>A Microsoft Entra ID (Azure AD) tenant, v2.0 endpoints.</source>
        <translation>Een Microsoft Entra ID-tenant (Azure AD), v2.0-endpoints.</translation>
    </message>
    <message>
        <source>The directory (tenant) id or one of its domains.</source>
        <translation>De directory-ID (tenant-ID) of een van de domeinen ervan.</translation>
    </message>
    <message>
        <source>Tenant in the path (The Identity Hub)</source>
        <translation>Tenant in het pad (The Identity Hub)</translation>
    </message>
    <message>
        <source>A hub that puts the tenant in the path: the issuer is https://&lt;host&gt;/&lt;tenant&gt;/ with a trailing slash.</source>
        <translation>Een hub die de tenant in het pad zet: de issuer is https://&lt;host&gt;/&lt;tenant&gt;/ met een schuine streep aan het eind.</translation>
    </message>
    <message>
        <source>The name in /{tenant}/oauth2/v1/auth/.</source>
        <translation>De naam in /{tenant}/oauth2/v1/auth/.</translation>
    </message>
    <message>
        <source>OpenID discovery</source>
        <translation>OpenID-discovery</translation>
    </message>
    <message>
        <source>Any provider that publishes its metadata: give the discovery URL or the issuer.</source>
        <translation>Elke provider die zijn metadata publiceert: geef de discovery-URL of de issuer.</translation>
    </message>
    <message>
        <source>&amp;Discovery URL or issuer:</source>
        <translation>&amp;Discovery-URL of issuer:</translation>
    </message>
    <message>
        <source>Where the provider&apos;s documentation says its metadata or issuer is.</source>
        <translation>Waar de documentatie van de provider zegt dat de metadata of de issuer staat.</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>Handmatig</translation>
    </message>
    <message>
        <source>Enter the endpoints yourself in the environment dialog.</source>
        <translation>Voer de endpoints zelf in het omgevingsvenster in.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::RefreshedIdToken</name>
    <message>
        <source>The refreshed ID token is not a JWT</source>
        <translation>Het vernieuwde ID token is geen JWT</translation>
    </message>
    <message>
        <source>The refreshed ID token has another “%1” than the original</source>
        <translation>Het vernieuwde ID token heeft een andere “%1” dan het origineel</translation>
    </message>
    <message>
        <source>Original: “%1”; refreshed: “%2”.</source>
        <translation>Origineel: “%1”; vernieuwd: “%2”.</translation>
    </message>
    <message>
        <source>Refreshed ID token: no earlier ID token in this session to compare it with</source>
        <translation>Vernieuwd ID token: geen eerder ID token in deze sessie om het mee te vergelijken</translation>
    </message>
    <message>
        <source>The refreshed ID token cannot be checked</source>
        <translation>Het vernieuwde ID token kan niet worden gecontroleerd</translation>
    </message>
    <message>
        <source>The refreshed ID token was refused: %1</source>
        <translation>Het vernieuwde ID token is geweigerd: %1</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::SecretBinding</name>
    <message>
        <source>an unknown token endpoint</source>
        <translation>een onbekend token endpoint</translation>
    </message>
    <message>
        <source>%1 (client %2; also %3)</source>
        <translation>%1 (client %2; ook %3)</translation>
    </message>
    <message>
        <source>%1 (client %2)</source>
        <translation>%1 (client %2)</translation>
    </message>
    <message>
        <source>The private key was saved for %1; the environment now names %2. It was not used.</source>
        <translation>De privésleutel is opgeslagen voor %1; de omgeving noemt nu %2. Hij is niet gebruikt.</translation>
    </message>
    <message>
        <source>The client secret was saved for %1; the environment now names %2. It was not sent.</source>
        <translation>Het client secret is opgeslagen voor %1; de omgeving noemt nu %2. Het is niet verstuurd.</translation>
    </message>
    <message>
        <source>The private key belongs to another token endpoint or client</source>
        <translation>De privésleutel hoort bij een ander token endpoint of een andere client</translation>
    </message>
    <message>
        <source>If you changed the environment, import the private key again in it to use it there; if you did not, check who changed the workspace and undo the change.</source>
        <translation>Heb je de omgeving zelf gewijzigd, importeer de privésleutel dan opnieuw in de omgeving om hem daar te gebruiken; zo niet, ga na wie de werkruimte heeft gewijzigd en maak de wijziging ongedaan.</translation>
    </message>
    <message>
        <source>The client secret belongs to another token endpoint or client</source>
        <translation>Het client secret hoort bij een ander token endpoint of een andere client</translation>
    </message>
    <message>
        <source>If you changed the environment, enter the client secret again in it to send it there; if you did not, check who changed the workspace and undo the change.</source>
        <translation>Heb je de omgeving zelf gewijzigd, voer het client secret dan opnieuw in de omgeving in om het daar naartoe te sturen; zo niet, ga na wie de werkruimte heeft gewijzigd en maak de wijziging ongedaan.</translation>
    </message>
    <message>
        <source>Sign in again: the environment now names another token endpoint or client</source>
        <translation>Meld je opnieuw aan: de omgeving noemt nu een ander token endpoint of een andere client</translation>
    </message>
    <message>
        <source>The stored refresh token was issued for %1; the environment now names %2. It was not sent there and has been removed from the keychain.</source>
        <translation>Het opgeslagen refresh token is uitgegeven voor %1; de omgeving noemt nu %2. Het is daar niet naartoe gestuurd en is uit de sleutelhanger verwijderd.</translation>
    </message>
    <message>
        <source>Click “Get New Access Token” to sign in at the provider the environment names now.</source>
        <translation>Klik op “Nieuw access token ophalen” om je aan te melden bij de provider die de omgeving nu noemt.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::SignatureVerifier</name>
    <message>
        <source>Valid signature (%1, key with thumbprint %2)</source>
        <translation>Geldige handtekening (%1, sleutel met vingerafdruk %2)</translation>
    </message>
    <message>
        <source>Valid signature (%1, key “%2”)</source>
        <translation>Geldige handtekening (%1, sleutel “%2”)</translation>
    </message>
    <message>
        <source>Invalid signature: the token was changed or signed by someone else</source>
        <translation>Ongeldige handtekening: het token is gewijzigd of door iemand anders ondertekend</translation>
    </message>
    <message>
        <source>Unknown key: the provider does not publish the key that signed the token, also after fetching its key set again</source>
        <translation>Onbekende sleutel: de provider publiceert de sleutel waarmee het token is ondertekend niet, ook niet nadat de sleutelset opnieuw is opgehaald</translation>
    </message>
    <message>
        <source>Not checked: no published key fits the algorithm %1</source>
        <translation>Niet gecontroleerd: geen gepubliceerde sleutel past bij het algoritme %1</translation>
    </message>
    <message>
        <source>Not signed: the token says alg “none” or names no algorithm</source>
        <translation>Niet ondertekend: het token zegt alg “none” of noemt geen algoritme</translation>
    </message>
    <message>
        <source>Not checked: %1 is a shared-secret signature, which the provider&apos;s public keys cannot check</source>
        <translation>Niet gecontroleerd: %1 is een handtekening met een gedeeld geheim, die de publieke sleutels van de provider niet kunnen controleren</translation>
    </message>
    <message>
        <source>Not checked: unsupported algorithm “%1”</source>
        <translation>Niet gecontroleerd: niet-ondersteund algoritme “%1”</translation>
    </message>
    <message>
        <source>Not checked: the token cannot be verified as it is</source>
        <translation>Niet gecontroleerd: het token kan in deze vorm niet worden gecontroleerd</translation>
    </message>
    <message>
        <source>Not checked: there is no token.</source>
        <translation>Niet gecontroleerd: er is geen token.</translation>
    </message>
    <message>
        <source>Not checked: an opaque token has no signature to check.</source>
        <translation>Niet gecontroleerd: een ondoorzichtig token heeft geen handtekening om te controleren.</translation>
    </message>
    <message>
        <source>Only the provider can tell whether it is valid: use Introspect.</source>
        <translation>Alleen de provider kan zeggen of het geldig is: gebruik Introspectie.</translation>
    </message>
    <message>
        <source>Not checked: the token is encrypted (JWE).</source>
        <translation>Niet gecontroleerd: het token is versleuteld (JWE).</translation>
    </message>
    <message>
        <source>Only its recipient can decrypt it and check what is inside.</source>
        <translation>Alleen de ontvanger kan het ontsleutelen en de inhoud controleren.</translation>
    </message>
    <message>
        <source>Not checked: the token is a nested JWT.</source>
        <translation>Niet gecontroleerd: het token is een genest JWT.</translation>
    </message>
    <message>
        <source>It wraps another token; Tokenscope does not unwrap nested tokens.</source>
        <translation>Het omhult een ander token; Tokenscope pakt geneste tokens niet uit.</translation>
    </message>
    <message>
        <source>Not checked: the provider&apos;s keys could not be fetched</source>
        <translation>Niet gecontroleerd: de sleutels van de provider konden niet worden opgehaald</translation>
    </message>
    <message>
        <source>Not checked: no key source</source>
        <translation>Niet gecontroleerd: geen bron voor sleutels</translation>
    </message>
    <message>
        <source>Enter the provider&apos;s JWKS URL or its issuer, or set the environment&apos;s JWKS URI (Discover).</source>
        <translation>Voer de JWKS-URL of de issuer van de provider in, of stel de JWKS URI van de omgeving in (Ontdekken).</translation>
    </message>
    <message>
        <source>The provider&apos;s metadata names no key set (jwks_uri)</source>
        <translation>De metadata van de provider noemt geen sleutelset (jwks_uri)</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::StoredSignIn</name>
    <message>
        <source>Many providers grant offline_access only when the user is asked for consent: add prompt=consent to the environment&apos;s extra authorization parameters.</source>
        <translation>Veel providers kennen offline_access alleen toe als de gebruiker om toestemming wordt gevraagd: voeg prompt=consent toe aan de extra autorisatieparameters van de omgeving.</translation>
    </message>
    <message>
        <source>Check at the provider that the client may have offline_access and use the refresh_token grant.</source>
        <translation>Controleer bij de provider of de client offline_access mag krijgen en de refresh_token-grant mag gebruiken.</translation>
    </message>
    <message>
        <source>If the provider issues refresh tokens only for the offline_access scope, add offline_access to the environment&apos;s scopes.</source>
        <translation>Geeft de provider alleen refresh tokens uit voor de scope offline_access, voeg offline_access dan toe aan de scopes van de omgeving.</translation>
    </message>
    <message>
        <source>The provider did not grant offline_access.</source>
        <translation>De provider heeft offline_access niet toegekend.</translation>
    </message>
    <message>
        <source>The provider granted offline_access but no refresh token: check at the provider that the client may use the refresh_token grant.</source>
        <translation>De provider heeft offline_access toegekend, maar geen refresh token uitgegeven: controleer bij de provider of de client de refresh_token-grant mag gebruiken.</translation>
    </message>
    <message>
        <source>The provider grants only what the client is registered for and the user allowed: check the client&apos;s scopes at the provider.</source>
        <translation>De provider kent alleen toe waarvoor de client is geregistreerd en waarvoor de gebruiker toestemming heeft gegeven: controleer de scopes van de client bij de provider.</translation>
    </message>
    <message>
        <source>Signed in, but with no refresh token and without %1</source>
        <translation>Aangemeld, maar zonder refresh token en zonder %1</translation>
    </message>
    <message>
        <source>Signed in, but the provider issued no refresh token</source>
        <translation>Aangemeld, maar de provider heeft geen refresh token uitgegeven</translation>
    </message>
    <message>
        <source>Signed in, but the provider did not grant %1</source>
        <translation>Aangemeld, maar de provider heeft %1 niet toegekend</translation>
    </message>
    <message>
        <source>The access token cannot be renewed: you will need to sign in again when it expires and after a restart.</source>
        <translation>Het access token kan niet worden vernieuwd: je moet je opnieuw aanmelden zodra het verloopt en na een herstart.</translation>
    </message>
    <message>
        <source>The provider refused the refresh token on %1: it was revoked, has expired or was already used.</source>
        <translation>De provider heeft het refresh token op %1 geweigerd: het is ingetrokken, verlopen of al gebruikt.</translation>
    </message>
    <message>
        <source>The access token has expired and there is no refresh token</source>
        <translation>Het access token is verlopen en er is geen refresh token</translation>
    </message>
    <message>
        <source>The provider did not issue a refresh token for this sign-in.</source>
        <translation>De provider heeft bij deze aanmelding geen refresh token uitgegeven.</translation>
    </message>
    <message>
        <source>Get a new access token by signing in again.</source>
        <translation>Haal een nieuw access token op door je opnieuw aan te melden.</translation>
    </message>
    <message>
        <source>The provider issued no refresh token at the last sign-in (%1), so it could not outlive a restart.</source>
        <translation>De provider heeft bij de laatste aanmelding (%1) geen refresh token uitgegeven, dus de aanmelding kon na een herstart niet behouden blijven.</translation>
    </message>
    <message>
        <source>Click “Get New Access Token” to sign in at the provider.</source>
        <translation>Klik op “Nieuw access token ophalen” om je bij de provider aan te melden.</translation>
    </message>
    <message>
        <source>Not signed in to this environment</source>
        <translation>Niet aangemeld bij deze omgeving</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::TokenClient</name>
    <message>
        <source>Token request (authorization code)</source>
        <translation>Tokenverzoek (authorization code)</translation>
    </message>
    <message>
        <source>Token request (refresh)</source>
        <translation>Tokenverzoek (vernieuwen)</translation>
    </message>
    <message>
        <source>Check the PAR endpoint URL in the environment.</source>
        <translation>Controleer de URL van het PAR-endpoint in de omgeving.</translation>
    </message>
    <message>
        <source>The pushed authorization request response has no request_uri</source>
        <translation>Het antwoord op het pushed authorization request bevat geen request_uri</translation>
    </message>
    <message>
        <source>Token request (client credentials)</source>
        <translation>Tokenverzoek (client credentials)</translation>
    </message>
    <message>
        <source>Device authorization request</source>
        <translation>Verzoek aan het device authorization endpoint</translation>
    </message>
    <message>
        <source>Token request (device code)</source>
        <translation>Tokenverzoek (device code)</translation>
    </message>
    <message>
        <source>Pushed authorization request</source>
        <translation>Gepusht autorisatieverzoek</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::TokenEndpoints</name>
    <message>
        <source>Use Discover in the environment to fill in the provider&apos;s endpoints.</source>
        <translation>Gebruik Ontdekken in de omgeving om de endpoints van de provider in te vullen.</translation>
    </message>
    <message>
        <source>The provider could not revoke the token now: it is still valid</source>
        <translation>De provider kon het token nu niet intrekken: het is nog geldig</translation>
    </message>
    <message>
        <source>Try again later.</source>
        <translation>Probeer het later opnieuw.</translation>
    </message>
    <message>
        <source>Try again in %1 seconds (Retry-After).</source>
        <translation>Probeer het over %1 seconden opnieuw (Retry-After).</translation>
    </message>
    <message>
        <source>The provider does not revoke this kind of token.</source>
        <translation>De provider trekt dit soort tokens niet in.</translation>
    </message>
    <message>
        <source>The provider does not allow this client to introspect tokens (HTTP %1)</source>
        <translation>De provider staat deze client geen tokenintrospectie toe (HTTP %1)</translation>
    </message>
    <message>
        <source>Check the client id, secret and authentication method; some providers allow introspection only to confidential clients or resource servers.</source>
        <translation>Controleer de client ID, het secret en de authenticatiemethode; sommige providers staan introspectie alleen toe aan vertrouwelijke clients of resource servers.</translation>
    </message>
    <message>
        <source>The introspection answer has no boolean “active”</source>
        <translation>Het introspectieantwoord bevat geen boolean “active”</translation>
    </message>
    <message>
        <source>RFC 7662 §2.2 requires it; the token is not known to be active.</source>
        <translation>RFC 7662 §2.2 vereist dit; het is niet bekend of het token actief is.</translation>
    </message>
    <message>
        <source>The UserInfo endpoint refused the access token: %1</source>
        <translation>Het UserInfo endpoint heeft het access token geweigerd: %1</translation>
    </message>
    <message>
        <source>The token lacks the scope UserInfo needs (openid, and profile or email for those claims). Sign in with them.</source>
        <translation>Het token mist de scope die UserInfo nodig heeft (openid, en profile of email voor die claims). Meld je aan met die scopes.</translation>
    </message>
    <message>
        <source>The access token is expired or revoked. Refresh it or sign in again.</source>
        <translation>Het access token is verlopen of ingetrokken. Vernieuw het of meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>The UserInfo answer is encrypted (JWE)</source>
        <translation>Het UserInfo-antwoord is versleuteld (JWE)</translation>
    </message>
    <message>
        <source>Tokenscope cannot decrypt it. Register the client without userinfo_encrypted_response_alg.</source>
        <translation>Tokenscope kan het niet ontsleutelen. Registreer de client zonder userinfo_encrypted_response_alg.</translation>
    </message>
    <message>
        <source>The UserInfo answer claims to be a JWT but does not decode</source>
        <translation>Het UserInfo-antwoord zegt een JWT te zijn, maar kan niet worden gedecodeerd</translation>
    </message>
    <message>
        <source>The provider&apos;s answer is malformed.</source>
        <translation>Het antwoord van de provider is onjuist opgebouwd.</translation>
    </message>
    <message>
        <source>The UserInfo answer has no sub</source>
        <translation>Het UserInfo-antwoord bevat geen sub</translation>
    </message>
    <message>
        <source>OIDC Core §5.3.2 requires it; the claims cannot be tied to the signed-in user.</source>
        <translation>OIDC Core §5.3.2 vereist dit; de claims kunnen niet aan de aangemelde gebruiker worden gekoppeld.</translation>
    </message>
    <message>
        <source>The UserInfo answer is about another user</source>
        <translation>Het UserInfo-antwoord gaat over een andere gebruiker</translation>
    </message>
    <message>
        <source>UserInfo sub “%1”, ID token sub “%2”.</source>
        <translation>UserInfo sub “%1”, ID token sub “%2”.</translation>
    </message>
    <message>
        <source>Its claims must not be used. Sign in again; if it persists, the provider or something between is mixing up sessions.</source>
        <translation>De claims ervan mogen niet worden gebruikt. Meld je opnieuw aan; blijft dit gebeuren, dan haalt de provider of iets daartussen sessies door elkaar.</translation>
    </message>
    <message>
        <source>Token revocation</source>
        <translation>Tokenintrekking</translation>
    </message>
    <message>
        <source>Token introspection</source>
        <translation>Tokenintrospectie</translation>
    </message>
    <message>
        <source>UserInfo request</source>
        <translation>UserInfo-verzoek</translation>
    </message>
    <message>
        <source>The signed UserInfo answer failed verification: %1</source>
        <translation>Het ondertekende UserInfo-antwoord kon niet worden geverifieerd: %1</translation>
    </message>
    <message>
        <source>The signed UserInfo answer is from another issuer</source>
        <translation>Het ondertekende UserInfo-antwoord komt van een andere issuer</translation>
    </message>
    <message>
        <source>The signed UserInfo answer is for another client</source>
        <translation>Het ondertekende UserInfo-antwoord is voor een andere client bestemd</translation>
    </message>
    <message>
        <source>This environment has no revocation endpoint</source>
        <translation>Deze omgeving heeft geen revocation endpoint</translation>
    </message>
    <message>
        <source>This environment has no introspection endpoint</source>
        <translation>Deze omgeving heeft geen introspection endpoint</translation>
    </message>
    <message>
        <source>This environment has no UserInfo endpoint</source>
        <translation>Deze omgeving heeft geen UserInfo endpoint</translation>
    </message>
    <message>
        <source>The provider refused this public client (it has no secret to send): some providers let only confidential clients revoke tokens.</source>
        <translation>De provider heeft deze publieke client geweigerd (die heeft geen secret om mee te sturen): sommige providers laten alleen vertrouwelijke clients tokens intrekken.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::TokenInspection</name>
    <message>
        <source>Issuer</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <source>No issuer is configured to compare with.</source>
        <translation>Er is geen issuer ingesteld om mee te vergelijken.</translation>
    </message>
    <message>
        <source>The token names no issuer (iss).</source>
        <translation>Het token noemt geen issuer (iss).</translation>
    </message>
    <message>
        <source>“%1”, as configured.</source>
        <translation>“%1”, zoals ingesteld.</translation>
    </message>
    <message>
        <source>Expected “%1”, found “%2”.</source>
        <translation>Verwacht “%1”, gevonden “%2”.</translation>
    </message>
    <message>
        <source>Audience</source>
        <translation>Audience</translation>
    </message>
    <message>
        <source>A refresh token is meant for the provider only.</source>
        <translation>Een refresh token is alleen voor de provider bedoeld.</translation>
    </message>
    <message>
        <source>No client ID is configured to compare with.</source>
        <translation>Er is geen client-ID ingesteld om mee te vergelijken.</translation>
    </message>
    <message>
        <source>No expected audience is configured to compare with.</source>
        <translation>Er is geen verwachte audience ingesteld om mee te vergelijken.</translation>
    </message>
    <message>
        <source>The token has no audience (aud).</source>
        <translation>Het token heeft geen audience (aud).</translation>
    </message>
    <message>
        <source>Names “%1”.</source>
        <translation>Noemt “%1”.</translation>
    </message>
    <message>
        <source>Audience: %1; this environment&apos;s client ID: %2.</source>
        <translation>Audience: %1; client-ID van deze omgeving: %2.</translation>
    </message>
    <message>
        <source>Audience: %1; the expected audience: %2.</source>
        <translation>Audience: %1; verwachte audience: %2.</translation>
    </message>
    <message>
        <source>Authorized party</source>
        <translation>Gemachtigde partij</translation>
    </message>
    <message>
        <source>Only needed when the token has several audiences.</source>
        <translation>Alleen nodig als het token meerdere audiences heeft.</translation>
    </message>
    <message>
        <source>Several audiences; authorised for this client (azp “%1”).</source>
        <translation>Meerdere audiences; gemachtigd voor deze client (azp “%1”).</translation>
    </message>
    <message>
        <source>Several audiences, but no authorized party (azp) names this client.</source>
        <translation>Meerdere audiences, maar geen gemachtigde partij (azp) noemt deze client.</translation>
    </message>
    <message>
        <source>Several audiences; authorised for “%1”, not for this client “%2”.</source>
        <translation>Meerdere audiences; gemachtigd voor “%1”, niet voor deze client “%2”.</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>Verloop</translation>
    </message>
    <message>
        <source>The token states no expiry (exp).</source>
        <translation>Het token vermeldt geen verlooptijd (exp).</translation>
    </message>
    <message>
        <source>The expiry (exp) is not a usable date: %1</source>
        <translation>De verlooptijd (exp) is geen bruikbare datum: %1</translation>
    </message>
    <message>
        <source>Expired: %1 (%2).</source>
        <translation>Verlopen: %1 (%2).</translation>
    </message>
    <message>
        <source>Valid until %1 (%2).</source>
        <translation>Geldig tot %1 (%2).</translation>
    </message>
    <message>
        <source>Not before</source>
        <translation>Niet vóór</translation>
    </message>
    <message>
        <source>The token states no start of validity (nbf).</source>
        <translation>Het token vermeldt geen begin van de geldigheid (nbf).</translation>
    </message>
    <message>
        <source>The start of validity (nbf) is not a usable date: %1</source>
        <translation>Het begin van de geldigheid (nbf) is geen bruikbare datum: %1</translation>
    </message>
    <message>
        <source>Not valid yet: from %1 (%2).</source>
        <translation>Nog niet geldig: vanaf %1 (%2).</translation>
    </message>
    <message>
        <source>Valid since %1 (%2).</source>
        <translation>Geldig sinds %1 (%2).</translation>
    </message>
    <message>
        <source>Issued at</source>
        <translation>Uitgegeven op</translation>
    </message>
    <message>
        <source>The token states no issue time (iat).</source>
        <translation>Het token vermeldt geen uitgiftetijd (iat).</translation>
    </message>
    <message>
        <source>The issue time (iat) is not a usable date: %1</source>
        <translation>De uitgiftetijd (iat) is geen bruikbare datum: %1</translation>
    </message>
    <message>
        <source>Issued in the future: %1 (%2). Check this computer&apos;s clock.</source>
        <translation>Uitgegeven in de toekomst: %1 (%2). Controleer de klok van deze computer.</translation>
    </message>
    <message>
        <source>Issued %1 (%2).</source>
        <translation>Uitgegeven: %1 (%2).</translation>
    </message>
    <message>
        <source>the token response</source>
        <translation>het tokenantwoord</translation>
    </message>
    <message>
        <source>the token&apos;s “%1” claim</source>
        <translation>de claim “%1” van het token</translation>
    </message>
    <message>
        <source>No request to compare the audience with.</source>
        <translation>Er is geen verzoek om de audience mee te vergelijken.</translation>
    </message>
    <message>
        <source>The token names no audience (aud).</source>
        <translation>Het token noemt geen audience (aud).</translation>
    </message>
    <message>
        <source>The audience “%1” names %2.</source>
        <translation>De audience “%1” noemt %2.</translation>
    </message>
    <message>
        <source>Cannot tell from the audience: %1 names the API by an identifier, not by its address.</source>
        <translation>Niet af te leiden uit de audience: %1 noemt de API bij een identificatie, niet bij zijn adres.</translation>
    </message>
    <message>
        <source>No audience names %1 (audience: %2): the API may refuse the token.</source>
        <translation>Geen audience noemt %1 (audience: %2): de API kan het token weigeren.</translation>
    </message>
    <message>
        <source>The token&apos;s audience cannot be read from the token itself.</source>
        <translation>De audience van het token is niet uit het token zelf af te lezen.</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Actief</translation>
    </message>
    <message>
        <source>The provider accepts the token.</source>
        <translation>De provider accepteert het token.</translation>
    </message>
    <message>
        <source>The provider no longer accepts the token (expired, revoked or unknown to it).</source>
        <translation>De provider accepteert het token niet meer (verlopen, ingetrokken of onbekend).</translation>
    </message>
    <message>
        <source>the provider&apos;s introspection answer</source>
        <translation>het introspectieantwoord van de provider</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::TokenResponse</name>
    <message>
        <source>The token response has no access_token</source>
        <translation>Het tokenantwoord bevat geen access_token</translation>
    </message>
    <message>
        <source>The provider did not issue a token; check the grant and client settings.</source>
        <translation>De provider heeft geen token uitgegeven; controleer de grant en de clientinstellingen.</translation>
    </message>
    <message>
        <source>The token response has no token_type</source>
        <translation>Het tokenantwoord bevat geen token_type</translation>
    </message>
    <message>
        <source>RFC 6749 §5.1 requires it; the provider&apos;s response is malformed.</source>
        <translation>RFC 6749 §5.1 vereist dit; het antwoord van de provider is onjuist opgebouwd.</translation>
    </message>
    <message>
        <source>The token type “%1” is not supported</source>
        <translation>Het tokentype “%1” wordt niet ondersteund</translation>
    </message>
    <message>
        <source>Tokenscope sends Bearer tokens only (RFC 6750).</source>
        <translation>Tokenscope verstuurt alleen Bearer-tokens (RFC 6750).</translation>
    </message>
    <message>
        <source>The token response has an invalid expires_in</source>
        <translation>Het tokenantwoord bevat een ongeldige expires_in</translation>
    </message>
    <message>
        <source>expires_in must be a whole number of seconds.</source>
        <translation>expires_in moet een geheel aantal seconden zijn.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::TokenSession</name>
    <message>
        <source>This environment has no client secret</source>
        <translation>Deze omgeving heeft geen client secret</translation>
    </message>
    <message>
        <source>The client authentication method %1 needs one.</source>
        <translation>De clientauthenticatiemethode %1 vereist er een.</translation>
    </message>
    <message>
        <source>Enter the client secret in the environment, or choose “none” for a public client.</source>
        <translation>Voer het client secret in bij de omgeving, of kies “Geen” voor een publieke client.</translation>
    </message>
    <message>
        <source>The client secret could not be read from the keychain</source>
        <translation>Het client secret kon niet uit de sleutelhanger worden gelezen</translation>
    </message>
    <message>
        <source>Unlock the keychain and try again, or enter the secret again for this session.</source>
        <translation>Ontgrendel de sleutelhanger en probeer het opnieuw, of voer het secret opnieuw in voor deze sessie.</translation>
    </message>
    <message>
        <source>The sign-in window is gone</source>
        <translation>Het aanmeldvenster bestaat niet meer</translation>
    </message>
    <message>
        <source>Sign-in cancelled</source>
        <translation>Aanmelden geannuleerd</translation>
    </message>
    <message>
        <source>Refresh token saved in the keychain</source>
        <translation>Refresh token opgeslagen in de sleutelhanger</translation>
    </message>
    <message>
        <source>The refresh token could not be saved in the keychain</source>
        <translation>Het refresh token kon niet in de sleutelhanger worden opgeslagen</translation>
    </message>
    <message>
        <source>It is kept in memory for this session only; you will need to sign in again after a restart. Nothing was written to disk.</source>
        <translation>Het wordt alleen voor deze sessie in het geheugen bewaard; na een herstart moet je je opnieuw aanmelden. Er is niets naar schijf geschreven.</translation>
    </message>
    <message>
        <source>The refresh token could not be read from the keychain</source>
        <translation>Het refresh token kon niet uit de sleutelhanger worden gelezen</translation>
    </message>
    <message>
        <source>Unlock the keychain and try again, or sign in again.</source>
        <translation>Ontgrendel de sleutelhanger en probeer het opnieuw, of meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>The refresh token was revoked, has expired, or was already used. Sign in again.</source>
        <translation>Het refresh token is ingetrokken, verlopen of al gebruikt. Meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>A sign-in is in progress</source>
        <translation>Er is een aanmelding bezig</translation>
    </message>
    <message>
        <source>Finish signing in, then send again.</source>
        <translation>Rond het aanmelden af en verzend daarna opnieuw.</translation>
    </message>
    <message>
        <source>The refresh token could not be removed from the keychain</source>
        <translation>Het refresh token kon niet uit de sleutelhanger worden verwijderd</translation>
    </message>
    <message>
        <source>Remove the entry “%1” by hand in your keychain.</source>
        <translation>Verwijder het item “%1” handmatig uit je sleutelhanger.</translation>
    </message>
    <message>
        <source>The environment now points at another provider or client</source>
        <translation>De omgeving verwijst nu naar een andere provider of client</translation>
    </message>
    <message>
        <source>Sign in again.</source>
        <translation>Meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>The tokens were forgotten</source>
        <translation>De tokens zijn vergeten</translation>
    </message>
    <message>
        <source>This environment has no private key</source>
        <translation>Deze omgeving heeft geen privésleutel</translation>
    </message>
    <message>
        <source>The client authentication method private_key_jwt signs with one.</source>
        <translation>De clientauthenticatiemethode private_key_jwt ondertekent daarmee.</translation>
    </message>
    <message>
        <source>Import the private key (PEM) in the environment.</source>
        <translation>Importeer de privésleutel (PEM) in de omgeving.</translation>
    </message>
    <message>
        <source>Requesting a token for the client itself (client credentials)</source>
        <translation>Token aanvragen voor de client zelf (client credentials)</translation>
    </message>
    <message>
        <source>The tokens from this refresh were discarded. Sign in again; if it persists, the provider is issuing tokens for another user or client.</source>
        <translation>De tokens van deze vernieuwing zijn weggegooid. Meld je opnieuw aan; blijft dit gebeuren, dan geeft de provider tokens uit voor een andere gebruiker of client.</translation>
    </message>
    <message>
        <source>This environment has no revocation endpoint.</source>
        <translation>Deze omgeving heeft geen revocation endpoint.</translation>
    </message>
    <message>
        <source>Nothing to revoke: no token in memory or in the keychain</source>
        <translation>Niets in te trekken: geen token in het geheugen of in de sleutelhanger</translation>
    </message>
    <message>
        <source>There is no access token to inspect</source>
        <translation>Er is geen access token om te controleren</translation>
    </message>
    <message>
        <source>Sign in first.</source>
        <translation>Meld je eerst aan.</translation>
    </message>
    <message>
        <source>This environment has no introspection endpoint</source>
        <translation>Deze omgeving heeft geen introspection endpoint</translation>
    </message>
    <message>
        <source>This environment has no UserInfo endpoint</source>
        <translation>Deze omgeving heeft geen UserInfo endpoint</translation>
    </message>
    <message>
        <source>UserInfo answered invalid_token: refreshing the token once and retrying</source>
        <translation>UserInfo antwoordde invalid_token: het token wordt één keer vernieuwd en het verzoek opnieuw verzonden</translation>
    </message>
    <message>
        <source>They stay valid until they expire, unless you end the grant at the provider (for example in your account&apos;s app or session settings).</source>
        <translation>Ze blijven geldig tot ze verlopen, tenzij je de toegang bij de provider beëindigt (bijvoorbeeld in de app- of sessie-instellingen van je account).</translation>
    </message>
    <message>
        <source>The tokens were forgotten here but not revoked: they are still valid at the provider</source>
        <translation>De tokens zijn hier vergeten, maar niet ingetrokken: bij de provider zijn ze nog geldig</translation>
    </message>
    <message>
        <source>There was no token to revoke.</source>
        <translation>Er was geen token om in te trekken.</translation>
    </message>
    <message>
        <source>Refresh and access tokens revoked at the provider and forgotten here.</source>
        <translation>Refresh token en access token ingetrokken bij de provider en hier vergeten.</translation>
    </message>
    <message>
        <source>Refresh token revoked at the provider and forgotten here.</source>
        <translation>Refresh token ingetrokken bij de provider en hier vergeten.</translation>
    </message>
    <message>
        <source>Access token revoked at the provider and forgotten here.</source>
        <translation>Access token ingetrokken bij de provider en hier vergeten.</translation>
    </message>
    <message>
        <source>Refresh token revoked at the provider</source>
        <translation>Refresh token ingetrokken bij de provider</translation>
    </message>
    <message>
        <source>Access token revoked at the provider</source>
        <translation>Access token ingetrokken bij de provider</translation>
    </message>
    <message>
        <source>Tokenscope no longer holds them, so it cannot try again.</source>
        <translation>Tokenscope heeft ze niet meer en kan het dus niet opnieuw proberen.</translation>
    </message>
    <message>
        <source>The refresh token was revoked, but the access token may still be valid at the provider</source>
        <translation>Het refresh token is ingetrokken, maar het access token is bij de provider mogelijk nog geldig</translation>
    </message>
    <message>
        <source>It stays valid until it expires, unless the provider ended it with the refresh token. The tokens were forgotten here.</source>
        <translation>Het blijft geldig tot het verloopt, tenzij de provider het samen met het refresh token heeft ingetrokken. De tokens zijn hier vergeten.</translation>
    </message>
    <message>
        <source>The API refused an access token the provider calls active</source>
        <translation>De API heeft een access token geweigerd dat volgens de provider actief is</translation>
    </message>
    <message>
        <source>HTTP 401. Introspection said this token is active: it is not expired or revoked.</source>
        <translation>HTTP 401. Volgens de introspectie is dit token actief: het is niet verlopen en niet ingetrokken.</translation>
    </message>
    <message>
        <source>HTTP 401 (%1). Introspection said this token is active: it is not expired or revoked.</source>
        <translation>HTTP 401 (%1). Volgens de introspectie is dit token actief: het is niet verlopen en niet ingetrokken.</translation>
    </message>
    <message>
        <source>The API applies its own rules: check the Authorization scheme it expects, the audience (resource) its tokens must be issued for, and the scopes or roles it requires. A new token with the same settings will not change its answer.</source>
        <translation>De API hanteert eigen regels: controleer welk Authorization-schema de API verwacht, voor welke audience (resource) de tokens moeten zijn uitgegeven en welke scopes of rollen de API vereist. Een nieuw token met dezelfde instellingen verandert niets aan het antwoord.</translation>
    </message>
    <message>
        <source>The UserInfo endpoint refused an access token the provider calls active</source>
        <translation>Het UserInfo endpoint heeft een access token geweigerd dat volgens de provider actief is</translation>
    </message>
    <message>
        <source>Introspection said this token is active: it is not expired or revoked. The endpoint may expect another Authorization scheme, or a token issued for it (with the openid scope, for its audience).</source>
        <translation>Volgens de introspectie is dit token actief: het is niet verlopen en niet ingetrokken. Mogelijk verwacht het endpoint een ander Authorization-schema, of een token dat ervoor is uitgegeven (met de scope openid, voor zijn audience).</translation>
    </message>
    <message>
        <source>There is no refresh token to inspect</source>
        <translation>Er is geen refresh token om te inspecteren</translation>
    </message>
    <message>
        <source>There is no token to inspect</source>
        <translation>Er is geen token om te controleren</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Secrets::KeychainSecretStore</name>
    <message>
        <source>macOS Keychain</source>
        <translation>macOS-sleutelhanger</translation>
    </message>
    <message>
        <source>Windows Credential Manager</source>
        <translation>Windows Referentiebeheer</translation>
    </message>
    <message>
        <source>Secret Service</source>
        <translation>Secret Service</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Secrets::SessionSecretStore</name>
    <message>
        <source>memory only (keychain unavailable)</source>
        <translation>alleen in het geheugen (sleutelhanger niet beschikbaar)</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::BodySearchBar</name>
    <message>
        <source>Regular expression</source>
        <translation>Reguliere expressie</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>Hoofdlettergevoelig</translation>
    </message>
    <message>
        <source>Find in body</source>
        <translation>Zoeken in de body</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>Vorige overeenkomst (Shift+Enter)</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>Volgende overeenkomst (Enter)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Zoeken…</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>Geen overeenkomsten</translation>
    </message>
    <message>
        <source>%1 of more than %2</source>
        <translation>%1 van meer dan %2</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 van %2</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::BodyView</name>
    <message>
        <source>Go to line:</source>
        <translation>Ga naar regel:</translation>
    </message>
    <message>
        <source>Line number</source>
        <translation>Regelnummer</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>Where the current line sits in the document</source>
        <translation>Waar de huidige regel in het document staat</translation>
    </message>
    <message>
        <source>Line %1 of %2</source>
        <translation>Regel %1 van %2</translation>
    </message>
    <message>
        <source>Line %1 of %2 so far</source>
        <translation>Regel %1 van %2 tot nu toe</translation>
    </message>
    <message numerus="yes">
        <source>(%n lines)</source>
        <translation>
            <numerusform>(%n regel)</numerusform>
            <numerusform>(%n regels)</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopiëren</translation>
    </message>
    <message>
        <source>Copy Value</source>
        <translation>Waarde kopiëren</translation>
    </message>
    <message>
        <source>Copy JSON Path</source>
        <translation>JSON-pad kopiëren</translation>
    </message>
    <message>
        <source>Fold All</source>
        <translation>Alles invouwen</translation>
    </message>
    <message>
        <source>Unfold All</source>
        <translation>Alles uitvouwen</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>Zoeken…</translation>
    </message>
    <message>
        <source>Go to Line…</source>
        <translation>Ga naar regel…</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::ClaimTableModel</name>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1

%2</source>
        <translation>%1

%2</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Claim</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::ClientCredentialField</name>
    <message>
        <source>Import Private Key</source>
        <translation>Privésleutel importeren</translation>
    </message>
    <message>
        <source>PEM private keys (*.pem *.key);;All files (*)</source>
        <translation>PEM-privésleutels (*.pem *.key);;Alle bestanden (*)</translation>
    </message>
    <message>
        <source>Private &amp;key (PEM):</source>
        <translation>Privés&amp;leutel (PEM):</translation>
    </message>
    <message>
        <source>Client &amp;secret:</source>
        <translation>Client s&amp;ecret:</translation>
    </message>
    <message>
        <source>%1, to the keychain on Save</source>
        <translation>%1, gaat bij Opslaan naar de sleutelhanger</translation>
    </message>
    <message>
        <source>Stored in the keychain; Import… to replace it</source>
        <translation>Opgeslagen in de sleutelhanger; kies Importeren… om hem te vervangen</translation>
    </message>
    <message>
        <source>Import… a PEM file; it is kept in the keychain</source>
        <translation>Kies Importeren… voor een PEM-bestand; het wordt in de sleutelhanger bewaard</translation>
    </message>
    <message>
        <source>Not used by a public client</source>
        <translation>Niet gebruikt door een publieke client</translation>
    </message>
    <message>
        <source>Stored in the keychain; type to replace it</source>
        <translation>Opgeslagen in de sleutelhanger; typ om het te vervangen</translation>
    </message>
    <message>
        <source>Stored in the keychain, never in a file</source>
        <translation>Opgeslagen in de sleutelhanger, nooit in een bestand</translation>
    </message>
    <message>
        <source>“%1” cannot be read: %2</source>
        <translation>“%1” kan niet worden gelezen: %2</translation>
    </message>
    <message>
        <source>“%1” is too large to be a private key.</source>
        <translation>“%1” is te groot om een privésleutel te zijn.</translation>
    </message>
    <message>
        <source>%1 key from %2</source>
        <translation>%1-sleutel uit %2</translation>
    </message>
    <message>
        <source>Not saved: the keychain refused it; in memory only</source>
        <translation>Niet opgeslagen: de sleutelhanger weigerde het; alleen in het geheugen</translation>
    </message>
    <message>
        <source>The keychain refused to store this credential, so Tokenscope holds it in memory for this session only. Unlock or start the keychain and choose Try Again in the main window: it is saved then. Otherwise enter it again after a restart.</source>
        <translation>De sleutelhanger weigerde dit gegeven op te slaan, dus Tokenscope bewaart het alleen voor deze sessie in het geheugen. Ontgrendel of start de sleutelhanger en kies Opnieuw proberen in het hoofdvenster: dan wordt het alsnog opgeslagen. Voer het anders na een herstart opnieuw in.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::CollectionActions</name>
    <message>
        <source>C&amp;ollections</source>
        <translation>C&amp;ollecties</translation>
    </message>
    <message>
        <source>Show or hide the saved requests of the collections</source>
        <translation>De opgeslagen requests van de collecties tonen of verbergen</translation>
    </message>
    <message numerus="yes">
        <source>%n collection file(s) could not be read</source>
        <translation>
            <numerusform>%n collectiebestand kon niet worden gelezen</numerusform>
            <numerusform>%n collectiebestanden konden niet worden gelezen</numerusform>
        </translation>
    </message>
    <message>
        <source>The files were left as they are; the other collections loaded.</source>
        <translation>De bestanden zijn ongewijzigd gelaten; de andere collecties zijn geladen.</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importeren</translation>
    </message>
    <message>
        <source>Postman &amp;Collection…</source>
        <translation>Postman-&amp;collectie…</translation>
    </message>
    <message>
        <source>Postman &amp;Environment…</source>
        <translation>Postman-&amp;omgeving…</translation>
    </message>
    <message>
        <source>Import Postman Collection</source>
        <translation>Postman-collectie importeren</translation>
    </message>
    <message>
        <source>Import Postman Environment</source>
        <translation>Postman-omgeving importeren</translation>
    </message>
    <message>
        <source>Postman files (*.json);;All files (*)</source>
        <translation>Postman-bestanden (*.json);;Alle bestanden (*)</translation>
    </message>
    <message>
        <source>The collection “%1” was imported.</source>
        <translation>De collectie “%1” is geïmporteerd.</translation>
    </message>
    <message>
        <source>Folders: %1</source>
        <translation>Mappen: %1</translation>
    </message>
    <message>
        <source>Requests: %1</source>
        <translation>Requests: %1</translation>
    </message>
    <message>
        <source>Variables: %1</source>
        <translation>Variabelen: %1</translation>
    </message>
    <message>
        <source>Secret values kept in the keychain, not in the file: %1</source>
        <translation>Geheime waarden, bewaard in de sleutelhanger en niet in het bestand: %1</translation>
    </message>
    <message>
        <source>The environment “%1”, with the OAuth settings</source>
        <translation>De omgeving “%1”, met de OAuth-instellingen</translation>
    </message>
    <message>
        <source>Import Report</source>
        <translation>Importrapport</translation>
    </message>
    <message>
        <source>Imported the collection “%1”.</source>
        <translation>De collectie “%1” is geïmporteerd.</translation>
    </message>
    <message>
        <source>Create Environment</source>
        <translation>Omgeving aanmaken</translation>
    </message>
    <message>
        <source>Create environment “%1” for the OAuth settings of “%2”?</source>
        <translation>Omgeving “%1” aanmaken voor de OAuth-instellingen van “%2”?</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Overslaan</translation>
    </message>
    <message>
        <source>The environment “%1” was created</source>
        <translation>De omgeving “%1” is aangemaakt</translation>
    </message>
    <message>
        <source>Imported from %1: %2 variables, of which %3 secret. The secret values are kept in the keychain, not in the workspace file.</source>
        <translation>Geïmporteerd uit %1: %2 variabelen, waarvan %3 geheim. De geheime waarden worden bewaard in de sleutelhanger, niet in het werkruimtebestand.</translation>
    </message>
    <message>
        <source>The environment “%1” was imported with %2 variables.</source>
        <translation>De omgeving “%1” is geïmporteerd met %2 variabelen.</translation>
    </message>
    <message>
        <source>The request could not be saved</source>
        <translation>Het request kon niet worden opgeslagen</translation>
    </message>
    <message>
        <source>Its collection no longer holds it: the collection or the request was deleted.</source>
        <translation>De collectie bevat het niet meer: de collectie of het request is verwijderd.</translation>
    </message>
    <message>
        <source>Saved “%1” in the collection “%2”.</source>
        <translation>“%1” is opgeslagen in de collectie “%2”.</translation>
    </message>
    <message>
        <source>Delete Collection</source>
        <translation>Collectie verwijderen</translation>
    </message>
    <message numerus="yes">
        <source>Delete the collection “%1” with its %n saved request(s)? This cannot be undone.</source>
        <translation>
            <numerusform>De collectie “%1” met %n opgeslagen request verwijderen? Dit kan niet ongedaan worden gemaakt.</numerusform>
            <numerusform>De collectie “%1” met %n opgeslagen requests verwijderen? Dit kan niet ongedaan worden gemaakt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleted the collection “%1”.</source>
        <translation>De collectie “%1” is verwijderd.</translation>
    </message>
    <message>
        <source>New &amp;Collection</source>
        <translation>Nieuwe &amp;collectie</translation>
    </message>
    <message>
        <source>Variables of “%1”</source>
        <translation>Variabelen van “%1”</translation>
    </message>
    <message>
        <source>The requests of this collection can use these as {{name}}. A variable of the environment with the same name wins; these win over the global variables. Secret values are kept in the keychain, not in the collection&apos;s file.</source>
        <translation>De requests van deze collectie kunnen deze als {{name}} gebruiken. Een variabele van de omgeving met dezelfde naam gaat voor; deze gaan voor de globale variabelen. Geheime waarden worden in de sleutelhanger bewaard, niet in het bestand van de collectie.</translation>
    </message>
    <message>
        <source>Saved the variables of the collection “%1”.</source>
        <translation>De variabelen van de collectie “%1” zijn opgeslagen.</translation>
    </message>
    <message>
        <source>New Collection</source>
        <translation>Nieuwe collectie</translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation>Nieuwe map</translation>
    </message>
    <message>
        <source>A name cannot be empty; the old one is kept.</source>
        <translation>Een naam kan niet leeg zijn; de oude blijft staan.</translation>
    </message>
    <message>
        <source>Made “%1”.</source>
        <translation>“%1” gemaakt.</translation>
    </message>
    <message numerus="yes">
        <source>Delete the folder “%1” with its %n saved request(s)? This cannot be undone.</source>
        <translation>
            <numerusform>De map “%1” met %n opgeslagen verzoek(en) verwijderen? Dit kan niet ongedaan worden gemaakt.</numerusform>
            <numerusform>De map “%1” met %n opgeslagen verzoek(en) verwijderen? Dit kan niet ongedaan worden gemaakt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete the saved request “%1”? This cannot be undone.</source>
        <translation>Het opgeslagen verzoek “%1” verwijderen? Dit kan niet ongedaan worden gemaakt.</translation>
    </message>
    <message>
        <source>Delete Folder</source>
        <translation>Map verwijderen</translation>
    </message>
    <message>
        <source>Delete Request</source>
        <translation>Verzoek verwijderen</translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation>“%1” verwijderd.</translation>
    </message>
    <message>
        <source>A folder cannot go into itself.</source>
        <translation>Een map kan niet in zichzelf worden geplaatst.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::CollectionsView</name>
    <message>
        <source>Collections</source>
        <translation>Collecties</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Filter by name or URL</source>
        <translation>Filteren op naam of URL</translation>
    </message>
    <message>
        <source>Filter the collections</source>
        <translation>De collecties filteren</translation>
    </message>
    <message>
        <source>Collections and their requests</source>
        <translation>Collecties en hun requests</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Openen</translation>
    </message>
    <message>
        <source>&amp;Delete Collection…</source>
        <translation>Collectie &amp;verwijderen…</translation>
    </message>
    <message>
        <source>No collections yet. Make one with File ▸ New Collection, or import one with File ▸ Import ▸ Postman Collection…</source>
        <translation>Nog geen collecties. Maak er een met Bestand ▸ Nieuwe collectie, of importeer er een met Bestand ▸ Importeren ▸ Postman-collectie…</translation>
    </message>
    <message>
        <source>New &amp;Collection</source>
        <translation>Nieuwe &amp;collectie</translation>
    </message>
    <message>
        <source>New &amp;Folder</source>
        <translation>Nieuwe &amp;map</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Naam wijzigen</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>D&amp;upliceren</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exporteren…</translation>
    </message>
    <message>
        <source>&amp;Variables…</source>
        <translation>&amp;Variabelen…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Verwijderen…</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::ComponentCheck</name>
    <message>
        <source>KWallet</source>
        <translation>KWallet</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>geen reden opgegeven</translation>
    </message>
    <message>
        <source>it gave back something other than what was written</source>
        <translation>het gaf iets anders terug dan wat was geschreven</translation>
    </message>
    <message>
        <source>it did not answer within %1 seconds</source>
        <translation>het antwoordde niet binnen %1 seconden</translation>
    </message>
    <message>
        <source>Keychain: %1 works (a test entry was written, read back and removed).</source>
        <translation>Sleutelhanger: %1 werkt (een testitem is geschreven, teruggelezen en verwijderd).</translation>
    </message>
    <message>
        <source>Keychain: not available (%1). Refresh tokens and client secrets would be kept only until Tokenscope quits. Allow Tokenscope to use your login keychain in Keychain Access.</source>
        <translation>Sleutelhanger: niet beschikbaar (%1). Refresh tokens en client secrets zouden alleen bewaard blijven tot Tokenscope stopt. Geef Tokenscope toegang tot je inlogsleutelhanger in Sleutelhangertoegang.</translation>
    </message>
    <message>
        <source>Keychain: not available (%1). Refresh tokens and client secrets would be kept only until Tokenscope quits. Windows Credential Manager must be available to your account.</source>
        <translation>Sleutelhanger: niet beschikbaar (%1). Refresh tokens en client secrets zouden alleen bewaard blijven tot Tokenscope stopt. Windows Referentiebeheer moet beschikbaar zijn voor je account.</translation>
    </message>
    <message>
        <source>Keychain: not available (%1). Refresh tokens and client secrets would be kept only until Tokenscope quits. To keep them, install GNOME Keyring (the gnome-keyring package) or KWallet and unlock it in your desktop session.</source>
        <translation>Sleutelhanger: niet beschikbaar (%1). Refresh tokens en client secrets zouden alleen bewaard blijven tot Tokenscope stopt. Installeer GNOME Keyring (het pakket gnome-keyring) of KWallet en ontgrendel het in je bureaubladsessie om ze te bewaren.</translation>
    </message>
    <message>
        <source>Sign-in component: missing or broken: %1</source>
        <translation>Aanmeldcomponent: ontbreekt of is defect: %1</translation>
    </message>
    <message>
        <source>Sign-in component: %1</source>
        <translation>Aanmeldcomponent: %1</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::DesktopServices</name>
    <message>
        <source>The program that starts the web browser (%1) ended with exit code %2.</source>
        <translation>Het programma dat de webbrowser start (%1) is gestopt met afsluitcode %2.</translation>
    </message>
    <message>
        <source>The program that starts the web browser (%1) crashed.</source>
        <translation>Het programma dat de webbrowser start (%1) is vastgelopen.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::DeviceCodeDialog</name>
    <message>
        <source>&amp;Copy Code</source>
        <translation>Code &amp;kopiëren</translation>
    </message>
    <message>
        <source>&amp;Open in Browser</source>
        <translation>In browser &amp;openen</translation>
    </message>
    <message>
        <source>Sign in on another device: %1</source>
        <translation>Aanmelden op een ander apparaat: %1</translation>
    </message>
    <message>
        <source>Asking the provider for a code…</source>
        <translation>Code opvragen bij de provider…</translation>
    </message>
    <message>
        <source>User code</source>
        <translation>Gebruikerscode</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Gekopieerd</translation>
    </message>
    <message>
        <source>On a phone or another computer, open the address below, enter this code and confirm. Tokenscope continues by itself once you have.</source>
        <translation>Open op een telefoon of een andere computer het adres hieronder, voer deze code in en bevestig. Tokenscope gaat daarna vanzelf verder.</translation>
    </message>
    <message>
        <source>%1 (the code is filled in)</source>
        <translation>%1 (de code is al ingevuld)</translation>
    </message>
    <message>
        <source>The code has expired.</source>
        <translation>De code is verlopen.</translation>
    </message>
    <message>
        <source>The code expires in %1:%2</source>
        <translation>De code verloopt over %1:%2</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::EmbeddedLoginAgent</name>
    <message>
        <source>The sign-in component (%1) is not installed.</source>
        <translation>De aanmeldcomponent (%1) is niet geïnstalleerd.</translation>
    </message>
    <message>
        <source>The embedded sign-in window could not be opened</source>
        <translation>Het ingebouwde aanmeldvenster kon niet worden geopend</translation>
    </message>
    <message>
        <source>Reinstall Tokenscope; the Qt WebEngine component may be missing.</source>
        <translation>Installeer Tokenscope opnieuw; de component Qt WebEngine ontbreekt mogelijk.</translation>
    </message>
    <message>
        <source>The system browser cannot take over here: it can only return to Tokenscope through a loopback redirect URI such as http://127.0.0.1/callback or a private-use one such as com.example.app:/callback, and this environment&apos;s redirect URI is %1. Register one of those for the client at the provider to sign in with the system browser.</source>
        <translation>De systeembrowser kan het hier niet overnemen: die kan alleen naar Tokenscope terugkeren via een loopback-redirect URI zoals http://127.0.0.1/callback of een met een eigen scheme zoals com.example.app:/callback, en de redirect URI van deze omgeving is %1. Registreer er een van voor de client bij de provider om je aan te melden met de systeembrowser.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::EndpointResultDialog</name>
    <message>
        <source>%1 (%2 UTC)</source>
        <translation>%1 (%2 UTC)</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Claim</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>Claims</translation>
    </message>
    <message>
        <source>&amp;Copy as JSON</source>
        <translation>&amp;Kopiëren als JSON</translation>
    </message>
    <message>
        <source>Copy the whole answer to the clipboard as JSON</source>
        <translation>Het hele antwoord als JSON naar het klembord kopiëren</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::EnvironmentActions</name>
    <message>
        <source>&amp;New…</source>
        <translation>&amp;Nieuw…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bewerken…</translation>
    </message>
    <message>
        <source>&amp;Duplicate…</source>
        <translation>&amp;Dupliceren…</translation>
    </message>
    <message>
        <source>Re&amp;name</source>
        <translation>Naam &amp;wijzigen</translation>
    </message>
    <message>
        <source>Move &amp;Up</source>
        <translation>Om&amp;hoog</translation>
    </message>
    <message>
        <source>Move Do&amp;wn</source>
        <translation>Om&amp;laag</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Verwijderen…</translation>
    </message>
    <message>
        <source>A copy with its variables, OAuth setup and secrets, without its tokens</source>
        <translation>Een kopie met de variabelen, OAuth-instellingen en geheimen, zonder de tokens</translation>
    </message>
    <message>
        <source>Duplicate environment</source>
        <translation>Omgeving dupliceren</translation>
    </message>
    <message>
        <source>Name of the copy of “%1”. Its variables, OAuth setup, client secret and secret variable values are copied; its tokens are not: sign in to the copy to get its own.</source>
        <translation>Naam van de kopie van “%1”. De variabelen, OAuth-instellingen, het client secret en de waarden van geheime variabelen worden gekopieerd; de tokens niet: meld je aan bij de kopie om er eigen tokens voor te krijgen.</translation>
    </message>
    <message>
        <source>%1 copy</source>
        <translation>%1 kopie</translation>
    </message>
    <message>
        <source>“%1” is a copy of “%2”; sign in to it to get its own tokens.</source>
        <translation>“%1” is een kopie van “%2”; meld je erbij aan om eigen tokens te krijgen.</translation>
    </message>
    <message>
        <source>its access, refresh and ID tokens (signed out)</source>
        <translation>de access-, refresh- en ID-tokens (je wordt afgemeld)</translation>
    </message>
    <message>
        <source>its client secret in the keychain</source>
        <translation>het client secret in de sleutelhanger</translation>
    </message>
    <message>
        <source>the values of its secret variables in the keychain: %1</source>
        <translation>de waarden van de geheime variabelen in de sleutelhanger: %1</translation>
    </message>
    <message>
        <source>the sign-in browser profile kept on disk for it (the provider&apos;s cookies)</source>
        <translation>het browserprofiel voor het aanmelden dat ervoor op schijf bewaard wordt (de cookies van de provider)</translation>
    </message>
    <message>
        <source>the requests open with it</source>
        <translation>de verzoeken die ermee openstaan</translation>
    </message>
    <message>
        <source>Remove environment</source>
        <translation>Omgeving verwijderen</translation>
    </message>
    <message>
        <source>Remove “%1”? This also removes:</source>
        <translation>“%1” verwijderen? Daarmee verdwijnt ook:</translation>
    </message>
    <message>
        <source>This cannot be undone.</source>
        <translation>Dit kan niet ongedaan worden gemaakt.</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>Ve&amp;rwijderen</translation>
    </message>
    <message>
        <source>“%1” was removed, with its tokens and keychain entries.</source>
        <translation>“%1” is verwijderd, met de tokens en de items in de sleutelhanger.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::EnvironmentDialog</name>
    <message>
        <source>Environment</source>
        <translation>Omgeving</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Naam:</translation>
    </message>
    <message>
        <source>ZorgAPIs sandbox</source>
        <translation>ZorgAPIs sandbox</translation>
    </message>
    <message>
        <source>OAuth 2.0</source>
        <translation>OAuth 2.0</translation>
    </message>
    <message>
        <source>&amp;Issuer:</source>
        <translation>I&amp;ssuer:</translation>
    </message>
    <message>
        <source>https://auth.example.com/realms/example</source>
        <translation>https://auth.example.com/realms/example</translation>
    </message>
    <message>
        <source>Compared exactly with the iss parameter the provider sends back (RFC 9207).</source>
        <translation>Wordt exact vergeleken met de iss-parameter die de provider terugstuurt (RFC 9207).</translation>
    </message>
    <message>
        <source>&amp;Authorization endpoint:</source>
        <translation>&amp;Authorization endpoint:</translation>
    </message>
    <message>
        <source>https://auth.example.com/…/auth</source>
        <translation>https://auth.example.com/…/auth</translation>
    </message>
    <message>
        <source>&amp;Token endpoint:</source>
        <translation>&amp;Token endpoint:</translation>
    </message>
    <message>
        <source>https://auth.example.com/…/token</source>
        <translation>https://auth.example.com/…/token</translation>
    </message>
    <message>
        <source>&amp;Client ID:</source>
        <translation>&amp;Client ID:</translation>
    </message>
    <message>
        <source>Client a&amp;uthentication:</source>
        <translation>Clienta&amp;uthenticatie:</translation>
    </message>
    <message>
        <source>Client &amp;secret:</source>
        <translation>Client s&amp;ecret:</translation>
    </message>
    <message>
        <source>Sho&amp;w</source>
        <translation>T&amp;onen</translation>
    </message>
    <message>
        <source>Sco&amp;pes:</source>
        <translation>Sco&amp;pes:</translation>
    </message>
    <message>
        <source>openid profile offline_access</source>
        <translation>openid profile offline_access</translation>
    </message>
    <message>
        <source>Space separated, sent as written.</source>
        <translation>Gescheiden door spaties, verzonden zoals ingevoerd.</translation>
    </message>
    <message>
        <source>&amp;Redirect URI:</source>
        <translation>&amp;Redirect URI:</translation>
    </message>
    <message>
        <source>https://oauth.pstmn.io/v1/browser-callback</source>
        <translation>https://oauth.pstmn.io/v1/browser-callback</translation>
    </message>
    <message>
        <source>Exactly as registered at the provider. Tokenscope intercepts it in the sign-in window and never loads it.</source>
        <translation>Precies zoals geregistreerd bij de provider. Tokenscope onderschept de URI in het aanmeldvenster en laadt hem nooit.</translation>
    </message>
    <message>
        <source>The provider always sends &amp;iss in its responses (RFC 9207)</source>
        <translation>De provider stuurt altijd &amp;iss mee in zijn antwoorden (RFC 9207)</translation>
    </message>
    <message>
        <source>Use them as {{name}} in URLs, headers and bodies.</source>
        <translation>Gebruik ze als {{name}} in URL&apos;s, headers en bodies.</translation>
    </message>
    <message>
        <source>A&amp;dd variable</source>
        <translation>Variabele toe&amp;voegen</translation>
    </message>
    <message>
        <source>R&amp;emove</source>
        <translation>Verwij&amp;deren</translation>
    </message>
    <message>
        <source>New environment</source>
        <translation>Nieuwe omgeving</translation>
    </message>
    <message>
        <source>Environment “%1”</source>
        <translation>Omgeving “%1”</translation>
    </message>
    <message>
        <source>Client secret in Basic header (client_secret_basic)</source>
        <translation>Client secret in Basic-header (client_secret_basic)</translation>
    </message>
    <message>
        <source>Client secret in request body (client_secret_post)</source>
        <translation>Client secret in de body van het verzoek (client_secret_post)</translation>
    </message>
    <message>
        <source>None: public client with PKCE</source>
        <translation>Geen: publieke client met PKCE</translation>
    </message>
    <message>
        <source>name</source>
        <translation>naam</translation>
    </message>
    <message>
        <source>Give the environment a name.</source>
        <translation>Geef de omgeving een naam.</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>Aanmelden</translation>
    </message>
    <message>
        <source>Sign in &amp;with:</source>
        <translation>Aanmelden &amp;met:</translation>
    </message>
    <message>
        <source>&amp;Stay signed in at the provider between sign-ins</source>
        <translation>&amp;Aangemeld blijven bij de provider tussen aanmeldingen</translation>
    </message>
    <message>
        <source>Keeps this environment&apos;s sign-in cookies on disk, apart from every other environment. Off: each sign-in window starts empty.</source>
        <translation>Bewaart de aanmeldcookies van deze omgeving op schijf, gescheiden van elke andere omgeving. Uit: elk aanmeldvenster begint leeg.</translation>
    </message>
    <message>
        <source>Give &amp;up after:</source>
        <translation>Op&amp;geven na:</translation>
    </message>
    <message>
        <source>A sign-in that has not come back by then ends with a message.</source>
        <translation>Een aanmelding die dan nog niet is teruggekomen, eindigt met een melding.</translation>
    </message>
    <message>
        <source>Response &amp;mode:</source>
        <translation>Response&amp;modus:</translation>
    </message>
    <message>
        <source>E&amp;xtra parameters:</source>
        <translation>E&amp;xtra parameters:</translation>
    </message>
    <message>
        <source>audience=https://api.example.com
login_hint=alice@example.com</source>
        <translation>audience=https://api.example.com
login_hint=alice@example.com</translation>
    </message>
    <message>
        <source>Added to the authorization request, one name=value per line (audience, resource, prompt, login_hint, Azure B2C&apos;s p, …). They never replace state, PKCE, nonce or the redirect URI.</source>
        <translation>Toegevoegd aan het autorisatieverzoek, één naam=waarde per regel (audience, resource, prompt, login_hint, de p van Azure B2C, …). Ze vervangen nooit state, PKCE, nonce of de redirect URI.</translation>
    </message>
    <message>
        <source>&amp;Trusted certificates:</source>
        <translation>&amp;Vertrouwde certificaten:</translation>
    </message>
    <message>
        <source>Tokenscope&apos;s sign-in window (recommended)</source>
        <translation>Het aanmeldvenster van Tokenscope (aanbevolen)</translation>
    </message>
    <message>
        <source>The system&apos;s web browser</source>
        <translation>De webbrowser van het systeem</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Query (default)</source>
        <translation>Query (standaard)</translation>
    </message>
    <message>
        <source>Form post (response_mode=form_post)</source>
        <translation>Form post (response_mode=form_post)</translation>
    </message>
    <message>
        <source>The provider&apos;s page opens in a Tokenscope window that catches the redirect URI, whatever it is, without loading it.</source>
        <translation>De pagina van de provider opent in een venster van Tokenscope dat de redirect URI onderschept, welke dat ook is, zonder hem te laden.</translation>
    </message>
    <message>
        <source>&amp;Discover</source>
        <translation>&amp;Ontdekken</translation>
    </message>
    <message>
        <source>Read the endpoints and keys from the provider&apos;s metadata (OpenID Connect Discovery, RFC 8414).</source>
        <translation>De endpoints en sleutels uit de metadata van de provider lezen (OpenID Connect Discovery, RFC 8414).</translation>
    </message>
    <message>
        <source>&amp;JWKS URI:</source>
        <translation>&amp;JWKS URI:</translation>
    </message>
    <message>
        <source>https://auth.example.com/…/jwks</source>
        <translation>https://auth.example.com/…/jwks</translation>
    </message>
    <message>
        <source>The provider&apos;s public keys: the ID token&apos;s signature is checked with them. Empty: only its claims are checked.</source>
        <translation>De publieke sleutels van de provider: daarmee wordt de handtekening van het ID token gecontroleerd. Leeg: alleen de claims worden gecontroleerd.</translation>
    </message>
    <message>
        <source>Discovering…</source>
        <translation>Bezig met ontdekken…</translation>
    </message>
    <message>
        <source>&amp;Use %1</source>
        <translation>%1 &amp;gebruiken</translation>
    </message>
    <message>
        <source>Found: %1 endpoints at %2; authorization, token and JWKS URI filled in.</source>
        <translation>Gevonden: %1 endpoints bij %2; autorisatie, token en JWKS URI ingevuld.</translation>
    </message>
    <message>
        <source>&amp;Grant:</source>
        <translation>&amp;Grant:</translation>
    </message>
    <message>
        <source>How Tokenscope gets tokens for this environment.</source>
        <translation>Hoe Tokenscope tokens ophaalt voor deze omgeving.</translation>
    </message>
    <message>
        <source>De&amp;vice authorization endpoint:</source>
        <translation>De&amp;vice authorization endpoint:</translation>
    </message>
    <message>
        <source>https://auth.example.com/…/device</source>
        <translation>https://auth.example.com/…/device</translation>
    </message>
    <message>
        <source>Where Tokenscope asks for the code you enter on another device (RFC 8628).</source>
        <translation>Waar Tokenscope de code opvraagt die je op een ander apparaat invoert (RFC 8628).</translation>
    </message>
    <message>
        <source>I&amp;mport…</source>
        <translation>I&amp;mporteren…</translation>
    </message>
    <message>
        <source>Read an unencrypted RSA or EC P-256 private key from a PEM file. It is kept in the keychain, never in a file of Tokenscope&apos;s.</source>
        <translation>Een onversleutelde RSA- of EC P-256-privésleutel uit een PEM-bestand lezen. Hij wordt bewaard in de sleutelhanger, nooit in een bestand van Tokenscope.</translation>
    </message>
    <message>
        <source>Advanced ▸</source>
        <translation>Geavanceerd ▸</translation>
    </message>
    <message>
        <source>P&amp;KCE method:</source>
        <translation>P&amp;KCE-methode:</translation>
    </message>
    <message>
        <source>S256 protects the authorization code (RFC 7636). Choose plain or off only for a legacy server that cannot do S256.</source>
        <translation>S256 beschermt de authorization code (RFC 7636). Kies plain of uit alleen voor een verouderde server die geen S256 ondersteunt.</translation>
    </message>
    <message>
        <source>Always use pushed authorization requests (&amp;PAR)</source>
        <translation>Altijd pushed authorization requests gebruiken (&amp;PAR)</translation>
    </message>
    <message>
        <source>The authorization parameters are sent straight to the provider (RFC 9126); the browser only gets a request_uri. Switched on by Discover when the provider requires it.</source>
        <translation>De autorisatieparameters worden rechtstreeks naar de provider verzonden (RFC 9126); de browser krijgt alleen een request_uri. Ontdekken zet dit aan als de provider het vereist.</translation>
    </message>
    <message>
        <source>PAR &amp;endpoint:</source>
        <translation>PAR-&amp;endpoint:</translation>
    </message>
    <message>
        <source>https://auth.example.com/…/par</source>
        <translation>https://auth.example.com/…/par</translation>
    </message>
    <message>
        <source>Send token request parameters in the URL &amp;query (non-standard)</source>
        <translation>Parameters van het tokenverzoek in de URL-&amp;query verzenden (niet-standaard)</translation>
    </message>
    <message>
        <source>For providers documented this way: the token and refresh parameters, client secret included, go in the URL of the POST and the body stays empty. Standard providers expect them in the body.</source>
        <translation>Voor providers die dit zo documenteren: de token- en vernieuwingsparameters, inclusief het client secret, gaan in de URL van de POST en de body blijft leeg. Standaardproviders verwachten ze in de body.</translation>
    </message>
    <message>
        <source>Assertion &amp;key ID:</source>
        <translation>Sleutel-&amp;ID voor assertions:</translation>
    </message>
    <message>
        <source>Optional: the kid the provider registered for your key</source>
        <translation>Optioneel: de kid die de provider voor je sleutel heeft geregistreerd</translation>
    </message>
    <message>
        <source>Sent as the kid header of private_key_jwt client assertions.</source>
        <translation>Verzonden als kid-header van private_key_jwt-client-assertions.</translation>
    </message>
    <message>
        <source>Authorization code (sign in as a user)</source>
        <translation>Authorization code (aanmelden als gebruiker)</translation>
    </message>
    <message>
        <source>Client credentials (service account)</source>
        <translation>Client credentials (serviceaccount)</translation>
    </message>
    <message>
        <source>Device code (sign in on another device)</source>
        <translation>Device code (aanmelden op een ander apparaat)</translation>
    </message>
    <message>
        <source>Signed with the client secret (client_secret_jwt)</source>
        <translation>Ondertekend met het client secret (client_secret_jwt)</translation>
    </message>
    <message>
        <source>Signed with a private key (private_key_jwt)</source>
        <translation>Ondertekend met een privésleutel (private_key_jwt)</translation>
    </message>
    <message>
        <source>S256 (recommended)</source>
        <translation>S256 (aanbevolen)</translation>
    </message>
    <message>
        <source>plain (insecure, legacy servers only)</source>
        <translation>plain (onveilig, alleen voor verouderde servers)</translation>
    </message>
    <message>
        <source>Off (insecure, legacy servers only)</source>
        <translation>Uit (onveilig, alleen voor verouderde servers)</translation>
    </message>
    <message>
        <source>Insecure: with plain, anyone who sees the authorization request can redeem the code. Only for servers that cannot do S256.</source>
        <translation>Onveilig: met plain kan iedereen die het autorisatieverzoek ziet de code inwisselen. Alleen voor servers die geen S256 ondersteunen.</translation>
    </message>
    <message>
        <source>Insecure: without PKCE an intercepted authorization code can be redeemed by someone else. Only for servers that do not support PKCE.</source>
        <translation>Onveilig: zonder PKCE kan iemand anders een onderschepte authorization code inwisselen. Alleen voor servers die geen PKCE ondersteunen.</translation>
    </message>
    <message>
        <source>Advanced ▾</source>
        <translation>Geavanceerd ▾</translation>
    </message>
    <message>
        <source>Re&amp;vocation endpoint:</source>
        <translation>Re&amp;vocation endpoint:</translation>
    </message>
    <message>
        <source>https://auth.example.com/…/revoke</source>
        <translation>https://auth.example.com/…/revoke</translation>
    </message>
    <message>
        <source>Used by Token → Revoke and Forget Tokens (RFC 7009).</source>
        <translation>Gebruikt door Token → Tokens intrekken en vergeten (RFC 7009).</translation>
    </message>
    <message>
        <source>&amp;Introspection endpoint:</source>
        <translation>&amp;Introspection endpoint:</translation>
    </message>
    <message>
        <source>https://auth.example.com/…/introspect</source>
        <translation>https://auth.example.com/…/introspect</translation>
    </message>
    <message>
        <source>Used by Token → Inspect at Provider (RFC 7662).</source>
        <translation>Gebruikt door Token → Bij provider controleren (RFC 7662).</translation>
    </message>
    <message>
        <source>&amp;UserInfo endpoint:</source>
        <translation>&amp;UserInfo endpoint:</translation>
    </message>
    <message>
        <source>https://auth.example.com/…/userinfo</source>
        <translation>https://auth.example.com/…/userinfo</translation>
    </message>
    <message>
        <source>Used by Token → Show UserInfo (OpenID Connect).</source>
        <translation>Gebruikt door Token → UserInfo tonen (OpenID Connect).</translation>
    </message>
    <message>
        <source>&amp;End-session endpoint:</source>
        <translation>&amp;End-session endpoint:</translation>
    </message>
    <message>
        <source>https://auth.example.com/…/logout</source>
        <translation>https://auth.example.com/…/logout</translation>
    </message>
    <message>
        <source>Used by Token → Sign Out at Provider (OpenID Connect RP-Initiated Logout).</source>
        <translation>Gebruikt door Token → Afmelden bij provider (OpenID Connect RP-Initiated Logout).</translation>
    </message>
    <message>
        <source>API and variables</source>
        <translation>API en variabelen</translation>
    </message>
    <message>
        <source>API &amp;base URLs: the access token is sent there without asking (one per line).</source>
        <translation>API-&amp;basis-URL&apos;s: het access token wordt daarheen verzonden zonder het te vragen (één per regel).</translation>
    </message>
    <message>
        <source>https://api.example.com/v1</source>
        <translation>https://api.example.com/v1</translation>
    </message>
    <message>
        <source>Scheme, host, optional port and path prefix. Filled in by the first successful call with a token; a request elsewhere (besides the provider) asks before the token goes with it.</source>
        <translation>Schema, host, eventueel poort en padprefix. Wordt ingevuld bij de eerste geslaagde aanroep met een token; bij een verzoek naar een ander adres (behalve de provider) wordt eerst gevraagd of het token mee mag.</translation>
    </message>
    <message>
        <source>“%1” is not an API base URL. Write the scheme and host, and a path if the token is only meant for part of the site: https://api.example.com/v1.</source>
        <translation>“%1” is geen API-basis-URL. Schrijf het schema en de host, en een pad als het token maar voor een deel van de site bedoeld is: https://api.example.com/v1.</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint @ host, one per line (AB:CD:… @ sandbox.example.com)</source>
        <translation>SHA-256-vingerafdruk @ host, één per regel (AB:CD:… @ sandbox.example.com)</translation>
    </message>
    <message>
        <source>For a sandbox with a self-signed certificate only: the sign-in window and the token requests accept exactly these certificates, each from the host after “@” (without one: from the hosts of this environment&apos;s endpoints and API base URLs), and only in place of a certificate authority; an expired certificate or one for another name is still refused. Compare the fingerprint with the server&apos;s administrator first.</source>
        <translation>Alleen voor een sandbox met een zelfondertekend certificaat: het aanmeldvenster en de tokenverzoeken accepteren precies deze certificaten, elk van de host na “@” (zonder: van de hosts van de endpoints en API-basis-URL&apos;s van deze omgeving), en alleen in plaats van een certificaatautoriteit; een verlopen certificaat of een voor een andere naam wordt nog steeds geweigerd. Vergelijk de vingerafdruk eerst met de beheerder van de server.</translation>
    </message>
    <message>
        <source>Allow plain &amp;HTTP for tokens and the client secret</source>
        <translation>Gewoon &amp;HTTP toestaan voor tokens en het client secret</translation>
    </message>
    <message>
        <source>Off: the access token, the client secret and secret variables go over plain http only to this computer (127.0.0.1, ::1, localhost). On: also to other hosts, in clear.</source>
        <translation>Uit: het toegangstoken, het client secret en geheime variabelen gaan alleen over gewoon http naar deze computer (127.0.0.1, ::1, localhost). Aan: ook naar andere hosts, onversleuteld.</translation>
    </message>
    <message>
        <source>Anyone on the network between Tokenscope and an http server can read and reuse the tokens and the client secret sent to it. Use this only for a test server without TLS.</source>
        <translation>Iedereen op het netwerk tussen Tokenscope en een http-server kan de tokens en het client secret die ernaartoe gaan lezen en hergebruiken. Gebruik dit alleen voor een testserver zonder TLS.</translation>
    </message>
    <message>
        <source>Pr&amp;oduction</source>
        <translation>Pr&amp;oductie</translation>
    </message>
    <message>
        <source>Shown in red in the window, and asks before anything but GET, HEAD or OPTIONS is sent.</source>
        <translation>Wordt rood getoond in het venster, en vraagt eerst bevestiging voordat iets anders dan GET, HEAD of OPTIONS wordt verzonden.</translation>
    </message>
    <message>
        <source>A production environment is marked in red everywhere, and sending anything but GET, HEAD or OPTIONS asks first.</source>
        <translation>Een productieomgeving wordt overal rood gemarkeerd, en alles behalve GET, HEAD of OPTIONS verzenden vraagt eerst bevestiging.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::EnvironmentListModel</name>
    <message>
        <source>(unnamed)</source>
        <translation>(naamloos)</translation>
    </message>
    <message>
        <source>Production: %1</source>
        <translation>Productie: %1</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::ExportActions</name>
    <message>
        <source>E&amp;xport</source>
        <translation>E&amp;xporteren</translation>
    </message>
    <message>
        <source>Collection as &amp;Postman v2.1…</source>
        <translation>Collectie als &amp;Postman v2.1…</translation>
    </message>
    <message>
        <source>&amp;Collection (Tokenscope format)…</source>
        <translation>&amp;Collectie (Tokenscope-formaat)…</translation>
    </message>
    <message>
        <source>&amp;Environment as Postman Environment…</source>
        <translation>&amp;Omgeving als Postman-omgeving…</translation>
    </message>
    <message>
        <source>E&amp;nvironment (Tokenscope format)…</source>
        <translation>Omg&amp;eving (Tokenscope-formaat)…</translation>
    </message>
    <message>
        <source>&amp;Tokenscope Environment…</source>
        <translation>&amp;Tokenscope-omgeving…</translation>
    </message>
    <message>
        <source>Import Tokenscope Environment</source>
        <translation>Tokenscope-omgeving importeren</translation>
    </message>
    <message>
        <source>Tokenscope format (*.json)</source>
        <translation>Tokenscope-formaat (*.json)</translation>
    </message>
    <message>
        <source>It has no secret variables.</source>
        <translation>Ze heeft geen geheime variabelen.</translation>
    </message>
    <message>
        <source>Enter the values of its secret variables again: %1.</source>
        <translation>Vul de waarden van haar geheime variabelen opnieuw in: %1.</translation>
    </message>
    <message>
        <source>Enter its client secret again under its OAuth settings.</source>
        <translation>Vul haar clientgeheim opnieuw in bij de OAuth-instellingen.</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importeren</translation>
    </message>
    <message>
        <source>The environment “%1” was imported.</source>
        <translation>De omgeving “%1” is geïmporteerd.</translation>
    </message>
    <message>
        <source>There is no environment to export</source>
        <translation>Er is geen omgeving om te exporteren</translation>
    </message>
    <message>
        <source>Choose or create an environment first (File ▸ New Environment…).</source>
        <translation>Kies of maak eerst een omgeving (Bestand ▸ Nieuwe omgeving…).</translation>
    </message>
    <message>
        <source>There is no collection to export</source>
        <translation>Er is geen collectie om te exporteren</translation>
    </message>
    <message>
        <source>Import one first (File ▸ Import ▸ Postman Collection…).</source>
        <translation>Importeer er eerst een (Bestand ▸ Importeren ▸ Postman-collectie…).</translation>
    </message>
    <message>
        <source>Export Collection</source>
        <translation>Collectie exporteren</translation>
    </message>
    <message>
        <source>Collection to export:</source>
        <translation>Te exporteren collectie:</translation>
    </message>
    <message>
        <source>Postman collection v2.1 (*.json)</source>
        <translation>Postman-collectie v2.1 (*.json)</translation>
    </message>
    <message>
        <source>Postman environment (*.json)</source>
        <translation>Postman-omgeving (*.json)</translation>
    </message>
    <message>
        <source>Export Environment</source>
        <translation>Omgeving exporteren</translation>
    </message>
    <message>
        <source>“%1” could not be written</source>
        <translation>“%1” kon niet worden geschreven</translation>
    </message>
    <message>
        <source>No secret values were left out: it held none.</source>
        <translation>Er zijn geen geheime waarden weggelaten: er zaten er geen in.</translation>
    </message>
    <message>
        <source>Secret values left out (they stay in the keychain):</source>
        <translation>Weggelaten geheime waarden (ze blijven in de sleutelhanger):</translation>
    </message>
    <message>
        <source>Also left out or changed:</source>
        <translation>Verder weggelaten of veranderd:</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exporteren</translation>
    </message>
    <message>
        <source>“%1” was exported to %2.</source>
        <translation>“%1” is geëxporteerd naar %2.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::FlowDiagramView</name>
    <message>
        <source>Sequence diagram of the exchanges</source>
        <translation>Sequentiediagram van de uitwisselingen</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Gebruiker</translation>
    </message>
    <message>
        <source>Tokenscope</source>
        <translation>Tokenscope</translation>
    </message>
    <message>
        <source>Browser</source>
        <translation>Browser</translation>
    </message>
    <message>
        <source>Authorization server</source>
        <translation>Autorisatieserver</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>Failure at %1: %2</source>
        <translation>Fout om %1: %2</translation>
    </message>
    <message>
        <source>Note at %1: %2</source>
        <translation>Notitie om %1: %2</translation>
    </message>
    <message>
        <source>From %1 through %2 to %3 at %4: %5</source>
        <translation>Van %1 via %2 naar %3 om %4: %5</translation>
    </message>
    <message>
        <source>%1. Then in the browser: %2</source>
        <translation>%1. Daarna in de browser: %2</translation>
    </message>
    <message>
        <source>From %1 to %2 at %3: %4</source>
        <translation>Van %1 naar %2 om %3: %4</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::FlowLogModel</name>
    <message>
        <source>Time</source>
        <translation>Tijd</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Stap</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <source>%1 · %2 ms</source>
        <translation>%1 · %2 ms</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>… (%1 bytes in all)</source>
        <translation>… (%1 bytes in totaal)</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Omgeving</translation>
    </message>
    <message>
        <source>(removed or not saved)</source>
        <translation>(verwijderd of niet opgeslagen)</translation>
    </message>
    <message>
        <source>Query parameters</source>
        <translation>Queryparameters</translation>
    </message>
    <message>
        <source>Fragment parameters</source>
        <translation>Fragmentparameters</translation>
    </message>
    <message>
        <source>Form fields</source>
        <translation>Formuliervelden</translation>
    </message>
    <message>
        <source>──── Answer ────</source>
        <translation>──── Antwoord ────</translation>
    </message>
    <message numerus="yes">
        <source>… %n bytes more not kept (the timeline keeps the start of a large body)</source>
        <translation>
            <numerusform>… nog %n byte niet bewaard (de tijdlijn bewaart het begin van een grote body)</numerusform>
            <numerusform>… nog %n bytes niet bewaard (de tijdlijn bewaart het begin van een grote body)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::HistoryModel</name>
    <message>
        <source>failed</source>
        <translation>mislukt</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Tijd</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Grootte</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duur</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::HistoryView</name>
    <message>
        <source>History</source>
        <translation>Geschiedenis</translation>
    </message>
    <message>
        <source>Search method, URL or status</source>
        <translation>Zoek op methode, URL of status</translation>
    </message>
    <message>
        <source>Search the history</source>
        <translation>Doorzoek de geschiedenis</translation>
    </message>
    <message>
        <source>Sent requests</source>
        <translation>Verstuurde verzoeken</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Openen</translation>
    </message>
    <message>
        <source>Copy as &amp;curl</source>
        <translation>Kopiëren als &amp;curl</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Verwijderen</translation>
    </message>
    <message>
        <source>C&amp;lear History…</source>
        <translation>Geschiedenis &amp;wissen…</translation>
    </message>
    <message>
        <source>Clear History</source>
        <translation>Geschiedenis wissen</translation>
    </message>
    <message numerus="yes">
        <source>Remove all %n sent request(s) from the history?</source>
        <translation>
            <numerusform>Het verstuurde verzoek uit de geschiedenis verwijderen?</numerusform>
            <numerusform>Alle %n verstuurde verzoeken uit de geschiedenis verwijderen?</numerusform>
        </translation>
    </message>
    <message>
        <source>The history is empty.</source>
        <translation>De geschiedenis is leeg.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::ImportReportDialog</name>
    <message>
        <source>Everything in the file was taken over.</source>
        <translation>Alles uit het bestand is overgenomen.</translation>
    </message>
    <message>
        <source>Not taken over (%1), per item: scripts, tests and settings Tokenscope has no place for.</source>
        <translation>Niet overgenomen (%1), per item: scripts, tests en instellingen waarvoor Tokenscope geen plaats heeft.</translation>
    </message>
    <message>
        <source>What was not taken over</source>
        <translation>Wat niet is overgenomen</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Postman key</source>
        <translation>Postman-sleutel</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Waarom</translation>
    </message>
    <message>
        <source>(the file itself)</source>
        <translation>(het bestand zelf)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopiëren</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::InstanceHandover</name>
    <message>
        <source>Another Tokenscope receives the sign-in answers from the browser.</source>
        <translation>Een andere Tokenscope ontvangt de aanmeldantwoorden van de browser.</translation>
    </message>
    <message>
        <source>The running Tokenscope did not answer.</source>
        <translation>De actieve Tokenscope antwoordde niet.</translation>
    </message>
    <message>
        <source>The running Tokenscope refused the address.</source>
        <translation>De actieve Tokenscope weigerde het adres.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::KeyValueTable</name>
    <message>
        <source>Untick a row to leave it out without deleting it.</source>
        <translation>Vink een rij uit om hem weg te laten zonder hem te verwijderen.</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Toevoegen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <source>Add File…</source>
        <translation>Bestand toevoegen…</translation>
    </message>
    <message>
        <source>Choose a File to Upload</source>
        <translation>Kies een bestand om te uploaden</translation>
    </message>
    <message>
        <source>Uploaded from this file when the request is sent.</source>
        <translation>Wordt uit dit bestand geüpload wanneer het verzoek wordt verstuurd.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::LoginWindow</name>
    <message>
        <source>Sign in</source>
        <translation>Aanmelden</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Page loading progress</source>
        <translation>Voortgang van het laden van de pagina</translation>
    </message>
    <message>
        <source>The sign-in page&apos;s certificate is not trusted</source>
        <translation>Het certificaat van de aanmeldpagina wordt niet vertrouwd</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The sign-in page stopped working</source>
        <translation>De aanmeldpagina werkt niet meer</translation>
    </message>
    <message>
        <source>The browser process ended (code %1).</source>
        <translation>Het browserproces is beëindigd (code %1).</translation>
    </message>
    <message>
        <source>The sign-in did not finish in time</source>
        <translation>Het aanmelden is niet op tijd afgerond</translation>
    </message>
    <message numerus="yes">
        <source>No redirect arrived within %n minute(s).</source>
        <translation>
            <numerusform>Binnen %n minuut is er geen redirect ontvangen.</numerusform>
            <numerusform>Binnen %n minuten is er geen redirect ontvangen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not secure: this page is not using HTTPS</source>
        <translation>Niet beveiligd: deze pagina gebruikt geen HTTPS</translation>
    </message>
    <message>
        <source>⚠ Local, unencrypted</source>
        <translation>⚠ Lokaal, onversleuteld</translation>
    </message>
    <message>
        <source>⚠ Not secure</source>
        <translation>⚠ Niet beveiligd</translation>
    </message>
    <message>
        <source>Secure connection (HTTPS); certificate errors are refused</source>
        <translation>Beveiligde verbinding (HTTPS); certificaatfouten worden geweigerd</translation>
    </message>
    <message>
        <source>Not encrypted, but only on this computer (a local address)</source>
        <translation>Niet versleuteld, maar alleen op deze computer (een lokaal adres)</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint: %1</source>
        <translation>SHA-256-vingerafdruk: %1</translation>
    </message>
    <message>
        <source>The provider&apos;s form post could not be read</source>
        <translation>De form post van de provider kon niet worden gelezen</translation>
    </message>
    <message>
        <source>A form was sent to the redirect URI, but its fields were not found on the page.</source>
        <translation>Er is een formulier naar de redirect URI verstuurd, maar de velden ervan zijn niet op de pagina gevonden.</translation>
    </message>
    <message>
        <source>If this is a sandbox with a self-signed certificate, check the fingerprint with its administrator and trust it in the environment&apos;s Sign-in settings.</source>
        <translation>Is dit een sandbox met een zelfondertekend certificaat, controleer dan de vingerafdruk bij de beheerder en vertrouw het certificaat in de aanmeldinstellingen van de omgeving.</translation>
    </message>
    <message>
        <source>The sign-in page could not be loaded</source>
        <translation>De aanmeldpagina kon niet worden geladen</translation>
    </message>
    <message>
        <source>Check the authorization endpoint in the environment, your network and proxy.</source>
        <translation>Controleer het authorization endpoint in de omgeving, je netwerk en de proxy.</translation>
    </message>
    <message>
        <source>The provider answered the sign-in request with an error page (HTTP %1)</source>
        <translation>De provider beantwoordde het aanmeldverzoek met een foutpagina (HTTP %1)</translation>
    </message>
    <message>
        <source>Check the environment&apos;s client ID, redirect URI and scopes: they must match the client&apos;s registration at the provider exactly.</source>
        <translation>Controleer de client ID, de redirect URI en de scopes van de omgeving: ze moeten precies overeenkomen met de registratie van de client bij de provider.</translation>
    </message>
    <message>
        <source>Try again, or check the provider&apos;s status.</source>
        <translation>Probeer het opnieuw, of controleer de status van de provider.</translation>
    </message>
    <message>
        <source>Sign in with the system browser instead</source>
        <translation>Aanmelden met de systeembrowser</translation>
    </message>
    <message>
        <source>This sign-in is going round in circles</source>
        <translation>Deze aanmelding draait in kringetjes rond</translation>
    </message>
    <message>
        <source>The provider sent you back to this page after each of the last two forms you sent. If what you entered was right, this window probably does not keep the session cookie the provider sets; your system browser may keep it.</source>
        <translation>De provider stuurde je na elk van de laatste twee formulieren die je verstuurde terug naar deze pagina. Als wat je invoerde klopte, bewaart dit venster waarschijnlijk de sessiecookie van de provider niet; je systeembrowser doet dat mogelijk wel.</translation>
    </message>
    <message>
        <source>This sign-in is not moving on</source>
        <translation>Deze aanmelding komt niet verder</translation>
    </message>
    <message numerus="yes">
        <source>Nothing has happened on the provider&apos;s pages for %n minute(s). If the page is stuck, your system browser may get further.</source>
        <translation>
            <numerusform>Er is al %n minuut niets gebeurd op de pagina&apos;s van de provider. Als de pagina vastzit, komt je systeembrowser misschien verder.</numerusform>
            <numerusform>Er is al %n minuten niets gebeurd op de pagina&apos;s van de provider. Als de pagina vastzit, komt je systeembrowser misschien verder.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Nothing has happened on the provider&apos;s pages for %n second(s). If the page is stuck, your system browser may get further.</source>
        <translation>
            <numerusform>Er is al %n seconde niets gebeurd op de pagina&apos;s van de provider. Als de pagina vastzit, komt je systeembrowser misschien verder.</numerusform>
            <numerusform>Er is al %n seconden niets gebeurd op de pagina&apos;s van de provider. Als de pagina vastzit, komt je systeembrowser misschien verder.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::MainWindow</name>
    <message>
        <source>Environment and token</source>
        <translation>Omgeving en token</translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation>&amp;Omgeving:</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Omgeving</translation>
    </message>
    <message>
        <source>&lt;b&gt;Environments&lt;/b&gt;</source>
        <translation>&lt;b&gt;Omgevingen&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Environments</source>
        <translation>Omgevingen</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Nieuw</translation>
    </message>
    <message>
        <source>E&amp;dit…</source>
        <translation>Be&amp;werken…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Bestand</translation>
    </message>
    <message>
        <source>&amp;New Environment…</source>
        <translation>&amp;Nieuwe omgeving…</translation>
    </message>
    <message>
        <source>&amp;Edit Environment…</source>
        <translation>Omgeving &amp;bewerken…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Afsluiten</translation>
    </message>
    <message>
        <source>&amp;Request</source>
        <translation>V&amp;erzoek</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Verzenden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About Tokenscope</source>
        <translation>&amp;Over Tokenscope</translation>
    </message>
    <message>
        <source>About Tokenscope</source>
        <translation>Over Tokenscope</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Tokenscope %1&lt;/h3&gt;&lt;p&gt;Explore OAuth-protected APIs: get, keep, refresh and understand tokens.&lt;/p&gt;&lt;p&gt;Refresh tokens and client secrets are kept in your system keychain only.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Tokenscope %1&lt;/h3&gt;&lt;p&gt;Verken API&apos;s die met OAuth zijn beveiligd: tokens ophalen, bewaren, vernieuwen en begrijpen.&lt;/p&gt;&lt;p&gt;Refresh tokens en client secrets worden alleen in de sleutelhanger van je systeem bewaard.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Signed in; new tokens received.</source>
        <translation>Aangemeld; nieuwe tokens ontvangen.</translation>
    </message>
    <message>
        <source>Access token refreshed.</source>
        <translation>Access token vernieuwd.</translation>
    </message>
    <message>
        <source>There is no environment to sign in to</source>
        <translation>Er is geen omgeving om je bij aan te melden</translation>
    </message>
    <message>
        <source>Create an environment first.</source>
        <translation>Maak eerst een omgeving aan.</translation>
    </message>
    <message>
        <source>Sign in: %1</source>
        <translation>Aanmelden: %1</translation>
    </message>
    <message>
        <source>The API refused the access token (invalid_token)</source>
        <translation>De API heeft het access token geweigerd (invalid_token)</translation>
    </message>
    <message>
        <source>It may have expired or been revoked. Refresh it or get a new one.</source>
        <translation>Het is mogelijk verlopen of ingetrokken. Vernieuw het of haal een nieuw token op.</translation>
    </message>
    <message>
        <source>The API refused access (HTTP %1)</source>
        <translation>De API heeft de toegang geweigerd (HTTP %1)</translation>
    </message>
    <message>
        <source>The token may lack a scope or role this call needs. Compare the granted scopes (hover the token status) with what the API requires.</source>
        <translation>Het token mist mogelijk een scope of rol die deze aanroep nodig heeft. Vergelijk de toegekende scopes (houd de muis boven de tokenstatus) met wat de API vereist.</translation>
    </message>
    <message>
        <source>Continue signing in in your web browser</source>
        <translation>Ga verder met aanmelden in je webbrowser</translation>
    </message>
    <message>
        <source>A sign-in answer arrived from the browser, but no sign-in was waiting for it</source>
        <translation>Er kwam een aanmeldantwoord van de browser, maar er wachtte geen aanmelding op</translation>
    </message>
    <message>
        <source>The browser sent Tokenscope the answer for %1. Start the sign-in again and finish it in the browser page it opens.</source>
        <translation>De browser stuurde Tokenscope het antwoord voor %1. Start de aanmelding opnieuw en rond die af op de browserpagina die wordt geopend.</translation>
    </message>
    <message>
        <source>Export &amp;Support Report…</source>
        <translation>&amp;Supportrapport exporteren…</translation>
    </message>
    <message>
        <source>Export Flow as c&amp;url Script…</source>
        <translation>Flow exporteren als c&amp;url-script…</translation>
    </message>
    <message>
        <source>&amp;Inspect Tokens…</source>
        <translation>Tokens &amp;inspecteren…</translation>
    </message>
    <message>
        <source>Show or hide the Token Inspector: claims, signature, scopes (Ctrl+I)</source>
        <translation>De tokeninspector tonen of verbergen: claims, handtekening, scopes (Ctrl+I)</translation>
    </message>
    <message>
        <source>Sending over plain http, without TLS.</source>
        <translation>Wordt verstuurd over gewoon http, zonder TLS.</translation>
    </message>
    <message>
        <source>The request went over plain http</source>
        <translation>Het verzoek ging over gewoon http</translation>
    </message>
    <message>
        <source>It was sent to %1 without TLS: anyone on the network could read it and reuse the token or secrets it carried. Plain HTTP is allowed for this environment in File ▸ Edit Environment… (Sign-in tab).</source>
        <translation>Het is zonder TLS naar %1 gestuurd: iedereen op het netwerk kon het lezen en het token of de geheimen erin hergebruiken. Gewoon HTTP is toegestaan voor deze omgeving via Bestand ▸ Omgeving bewerken… (tabblad Aanmelden).</translation>
    </message>
    <message>
        <source>Tokenscope opened the provider&apos;s page in your default browser and is waiting for it to come back. If no page opened, copy the sign-in link into a browser of your choice.</source>
        <translation>Tokenscope heeft de pagina van de provider geopend in je standaardbrowser en wacht tot die terugkomt. Is er geen pagina geopend, kopieer dan de aanmeldlink naar een browser naar keuze.</translation>
    </message>
    <message>
        <source>If the browser shows an error page from the provider instead of a sign-in page, the provider refused the request: most often the redirect URI %1 is not registered for this client, or the client ID is wrong. Cancel, correct the environment and sign in again.</source>
        <translation>Toont de browser een foutpagina van de provider in plaats van een aanmeldpagina, dan heeft de provider het verzoek geweigerd: meestal is de redirect URI %1 niet geregistreerd voor deze client, of is de client-ID onjuist. Annuleer, corrigeer de omgeving en meld je opnieuw aan.</translation>
    </message>
    <message>
        <source>Cancel Sign-in</source>
        <translation>Aanmelden annuleren</translation>
    </message>
    <message>
        <source>Copy Sign-in Link</source>
        <translation>Aanmeldlink kopiëren</translation>
    </message>
    <message>
        <source>Your web browser did not start</source>
        <translation>Je webbrowser is niet gestart</translation>
    </message>
    <message>
        <source>Tokenscope is still waiting: copy the sign-in link and open it in a browser of your choice, or cancel the sign-in.</source>
        <translation>Tokenscope wacht nog steeds: kopieer de aanmeldlink en open die in een browser naar keuze, of annuleer het aanmelden.</translation>
    </message>
    <message>
        <source>The sign-in link is not ready yet.</source>
        <translation>De aanmeldlink is nog niet klaar.</translation>
    </message>
    <message>
        <source>Sign-in link copied: paste it into the address bar of the browser you want to use.</source>
        <translation>Aanmeldlink gekopieerd: plak die in de adresbalk van de browser die je wilt gebruiken.</translation>
    </message>
    <message>
        <source>Sa&amp;ve to Collection</source>
        <translation>Opslaan in co&amp;llectie</translation>
    </message>
    <message>
        <source>This request was not opened from a collection; there is nothing to save it to.</source>
        <translation>Dit request is niet vanuit een collectie geopend; er is niets om het in op te slaan.</translation>
    </message>
    <message>
        <source>%1 changed outside Tokenscope and was read again.</source>
        <translation>%1 is buiten Tokenscope gewijzigd en opnieuw gelezen.</translation>
    </message>
    <message>
        <source>Environment changed on disk</source>
        <translation>Omgeving op schijf gewijzigd</translation>
    </message>
    <message>
        <source>The file of the environment “%1” (%2) changed outside Tokenscope, but your changes to it could not be saved yet.

Read the file again and drop your changes, or keep your changes and save them over the file?</source>
        <translation>Het bestand van de omgeving “%1” (%2) is buiten Tokenscope gewijzigd, maar je eigen wijzigingen eraan konden nog niet worden opgeslagen.

Het bestand opnieuw lezen en je wijzigingen laten vallen, of je wijzigingen houden en over het bestand heen opslaan?</translation>
    </message>
    <message>
        <source>&amp;Read File Again</source>
        <translation>Bestand opnieuw &amp;lezen</translation>
    </message>
    <message>
        <source>&amp;Keep My Changes</source>
        <translation>Mijn wijzigingen &amp;houden</translation>
    </message>
    <message>
        <source>E&amp;nvironment</source>
        <translation>Om&amp;geving</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Beeld</translation>
    </message>
    <message>
        <source>%1 — %2 — Tokenscope</source>
        <translation>%1 — %2 — Tokenscope</translation>
    </message>
    <message>
        <source>Not sent.</source>
        <translation>Niet verzonden.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Melding sluiten</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Melding</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::ProductionBadge</name>
    <message>
        <source>PRODUCTION</source>
        <translation>PRODUCTIE</translation>
    </message>
    <message>
        <source>A production environment: sending anything but GET, HEAD or OPTIONS asks first.</source>
        <translation>Een productieomgeving: alles behalve GET, HEAD of OPTIONS verzenden vraagt eerst bevestiging.</translation>
    </message>
    <message>
        <source>Production environment</source>
        <translation>Productieomgeving</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::ProductionQuestion</name>
    <message>
        <source>Send %1 %2 to the production environment “%3”?</source>
        <translation>%1 %2 verzenden naar de productieomgeving “%3”?</translation>
    </message>
    <message>
        <source>It goes to %1.</source>
        <translation>Het gaat naar %1.</translation>
    </message>
    <message>
        <source>A %1 request may change or delete data there. “%2” is marked as production.</source>
        <translation>Een %1-verzoek kan daar gegevens wijzigen of verwijderen. “%2” is gemarkeerd als productie.</translation>
    </message>
    <message>
        <source>Send to production?</source>
        <translation>Naar productie verzenden?</translation>
    </message>
    <message>
        <source>&amp;Send %1</source>
        <translation>%1 &amp;verzenden</translation>
    </message>
    <message>
        <source>It was issued by %1, the issuer of the environment “%2”, not by the issuer of “%3”.</source>
        <translation>Het is uitgegeven door %1, de issuer van de omgeving “%2”, niet door de issuer van “%3”.</translation>
    </message>
    <message>
        <source>It was issued by %1, not by %2, the issuer of “%3”.</source>
        <translation>Het is uitgegeven door %1, niet door %2, de issuer van “%3”.</translation>
    </message>
    <message>
        <source>It is meant for %1, not for %2.</source>
        <translation>Het is bedoeld voor %1, niet voor %2.</translation>
    </message>
    <message>
        <source>It is meant for %1, an API of the environment “%2”, not for %3.</source>
        <translation>Het is bedoeld voor %1, een API van de omgeving “%2”, niet voor %3.</translation>
    </message>
    <message>
        <source>The access token of “%1” looks like another environment&apos;s.</source>
        <translation>Het access token van “%1” lijkt van een andere omgeving te zijn.</translation>
    </message>
    <message>
        <source>Sending the wrong environment&apos;s token is a common mix-up. Get a new token for “%1” or select the environment the token belongs to. Send it to %2 anyway?</source>
        <translation>Het token van de verkeerde omgeving versturen is een veelgemaakte vergissing. Haal een nieuw token op voor “%1” of kies de omgeving waar het token bij hoort. Toch naar %2 verzenden?</translation>
    </message>
    <message>
        <source>Send another environment&apos;s token?</source>
        <translation>Token van een andere omgeving verzenden?</translation>
    </message>
    <message>
        <source>Send &amp;Anyway</source>
        <translation>&amp;Toch verzenden</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::RequestActions</name>
    <message>
        <source>Copy as &amp;curl</source>
        <translation>Kopiëren als &amp;curl</translation>
    </message>
    <message>
        <source>Copy as curl with &amp;Secrets…</source>
        <translation>Kopiëren als curl met &amp;geheimen…</translation>
    </message>
    <message>
        <source>&amp;Import curl…</source>
        <translation>curl &amp;importeren…</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Geschiedenis</translation>
    </message>
    <message>
        <source>curl</source>
        <translation>curl</translation>
    </message>
    <message>
        <source>Copy the request as a curl command, secrets as shell variables (Ctrl+Shift+C)</source>
        <translation>Kopieer het verzoek als curl-opdracht, met geheimen als shell-variabelen (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <source>Copy as curl</source>
        <translation>Kopiëren als curl</translation>
    </message>
    <message>
        <source>Copy as curl with Secrets…</source>
        <translation>Kopiëren als curl met geheimen…</translation>
    </message>
    <message>
        <source>Import curl…</source>
        <translation>curl importeren…</translation>
    </message>
    <message>
        <source>Copy as curl with Secrets</source>
        <translation>Kopiëren als curl met geheimen</translation>
    </message>
    <message>
        <source>The command will hold the access token and secret variables in clear text. Anyone who sees it (a chat, a ticket, the shell history) can use them. Copy it anyway?</source>
        <translation>De opdracht bevat het toegangstoken en de geheime variabelen als leesbare tekst. Iedereen die hem ziet (in een chat, een ticket, de shellgeschiedenis) kan ze gebruiken. Toch kopiëren?</translation>
    </message>
    <message>
        <source>Copied as curl, with the secrets in clear text.</source>
        <translation>Gekopieerd als curl, met de geheimen als leesbare tekst.</translation>
    </message>
    <message>
        <source>Copied as curl; the secrets are shell variables it names.</source>
        <translation>Gekopieerd als curl; de geheimen zijn shell-variabelen die de opdracht noemt.</translation>
    </message>
    <message>
        <source>Its secrets were not kept: there is no environment to keep them in.</source>
        <translation>De geheimen zijn niet bewaard: er is geen omgeving om ze in te bewaren.</translation>
    </message>
    <message>
        <source>The request was replaced by the curl command.</source>
        <translation>Het verzoek is vervangen door de curl-opdracht.</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Ongedaan maken</translation>
    </message>
    <message>
        <source>Import curl</source>
        <translation>curl importeren</translation>
    </message>
    <message>
        <source>Paste a curl command (“copy as cURL” from a browser, Postman or API documentation):</source>
        <translation>Plak een curl-opdracht (“kopiëren als cURL” uit een browser, Postman of API-documentatie):</translation>
    </message>
    <message>
        <source>curl command</source>
        <translation>curl-opdracht</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importeren</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::RequestAuthTab</name>
    <message>
        <source>How the request is authorized</source>
        <translation>Hoe het verzoek wordt geautoriseerd</translation>
    </message>
    <message>
        <source>Inherit from the environment</source>
        <translation>Overnemen van de omgeving</translation>
    </message>
    <message>
        <source>Access token as Authorization: Bearer</source>
        <translation>Toegangstoken als Authorization: Bearer</translation>
    </message>
    <message>
        <source>Access token in another header</source>
        <translation>Toegangstoken in een andere header</translation>
    </message>
    <message>
        <source>Access token as a query parameter</source>
        <translation>Toegangstoken als queryparameter</translation>
    </message>
    <message>
        <source>No authorization</source>
        <translation>Geen autorisatie</translation>
    </message>
    <message>
        <source>Basic authentication</source>
        <translation>Basic-authenticatie</translation>
    </message>
    <message>
        <source>Bearer token from a variable</source>
        <translation>Bearer-token uit een variabele</translation>
    </message>
    <message>
        <source>e.g. &quot;Token &quot; (with the space), or empty</source>
        <translation>bijv. &quot;Token &quot; (met de spatie), of leeg</translation>
    </message>
    <message>
        <source>user name or {{variable}}</source>
        <translation>gebruikersnaam of {{variabele}}</translation>
    </message>
    <message>
        <source>{{secret variable}} or the password</source>
        <translation>{{geheime variabele}} of het wachtwoord</translation>
    </message>
    <message>
        <source>A password typed here is kept in the keychain as a secret variable of the environment, never in the workspace file.</source>
        <translation>Een hier getypt wachtwoord wordt in de sleutelhanger bewaard als geheime variabele van de omgeving, nooit in het werkruimtebestand.</translation>
    </message>
    <message>
        <source>name of the variable holding the token</source>
        <translation>naam van de variabele met het token</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Soort:</translation>
    </message>
    <message>
        <source>&amp;Header name:</source>
        <translation>&amp;Headernaam:</translation>
    </message>
    <message>
        <source>P&amp;refix:</source>
        <translation>&amp;Voorvoegsel:</translation>
    </message>
    <message>
        <source>&amp;Parameter name:</source>
        <translation>&amp;Parameternaam:</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Gebruikersnaam:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>&amp;Wachtwoord:</translation>
    </message>
    <message>
        <source>&amp;Variable:</source>
        <translation>V&amp;ariabele:</translation>
    </message>
    <message>
        <source>The environment&apos;s access token is sent as Authorization: Bearer. It comes from the environment selected in the top bar and is refreshed when it is about to expire.</source>
        <translation>Het toegangstoken van de omgeving wordt verstuurd als Authorization: Bearer. Het komt van de omgeving die bovenaan is gekozen en wordt vernieuwd als het bijna verloopt.</translation>
    </message>
    <message>
        <source>The environment&apos;s access token is sent as Authorization: Bearer (RFC 6750).</source>
        <translation>Het toegangstoken van de omgeving wordt verstuurd als Authorization: Bearer (RFC 6750).</translation>
    </message>
    <message>
        <source>For APIs that expect the token in a header of their own, or with another scheme than Bearer. It is not carried along a redirect to another site.</source>
        <translation>Voor API&apos;s die het token in een eigen header verwachten, of met een ander schema dan Bearer. Het gaat niet mee bij een doorverwijzing naar een andere site.</translation>
    </message>
    <message>
        <source>The token is added to the URL. Avoid this where the API allows anything else: URLs end up in logs and browser history (RFC 6750 §2.3).</source>
        <translation>Het token wordt aan de URL toegevoegd. Vermijd dit als de API iets anders toestaat: URL&apos;s komen in logbestanden en browsergeschiedenis terecht (RFC 6750 §2.3).</translation>
    </message>
    <message>
        <source>The request is sent without a credential.</source>
        <translation>Het verzoek wordt zonder referentie verstuurd.</translation>
    </message>
    <message>
        <source>User name and password are sent as Authorization: Basic (RFC 7617). Both may use {{variables}}.</source>
        <translation>Gebruikersnaam en wachtwoord worden verstuurd als Authorization: Basic (RFC 7617). Beide mogen {{variabelen}} bevatten.</translation>
    </message>
    <message>
        <source>The value of an environment variable is sent as Authorization: Bearer, for a token obtained elsewhere.</source>
        <translation>De waarde van een omgevingsvariabele wordt verstuurd als Authorization: Bearer, voor een token dat elders is verkregen.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::RequestBodyTab</name>
    <message>
        <source>Field</source>
        <translation>Veld</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
    <message>
        <source>Value or file</source>
        <translation>Waarde of bestand</translation>
    </message>
    <message>
        <source>Body kind</source>
        <translation>Soort body</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Geen</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>Tekst</translation>
    </message>
    <message>
        <source>Form (URL-encoded)</source>
        <translation>Formulier (URL-gecodeerd)</translation>
    </message>
    <message>
        <source>Multipart form</source>
        <translation>Multipart-formulier</translation>
    </message>
    <message>
        <source>Binary file</source>
        <translation>Binair bestand</translation>
    </message>
    <message>
        <source>Body type</source>
        <translation>Type body</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>XML</source>
        <translation>XML</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Tekst</translation>
    </message>
    <message>
        <source>Other (Content-Type from the headers)</source>
        <translation>Anders (Content-Type uit de headers)</translation>
    </message>
    <message>
        <source>This request has no body.</source>
        <translation>Dit verzoek heeft geen body.</translation>
    </message>
    <message>
        <source>Request body</source>
        <translation>Body van het verzoek</translation>
    </message>
    <message>
        <source>Request body; {{variables}} are expanded when it is sent</source>
        <translation>Body van het verzoek; {{variabelen}} worden bij het versturen ingevuld</translation>
    </message>
    <message>
        <source>File to send as the body</source>
        <translation>Bestand om als body te versturen</translation>
    </message>
    <message>
        <source>Path of the file to send as it is</source>
        <translation>Pad van het bestand dat ongewijzigd wordt verstuurd</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Kiezen…</translation>
    </message>
    <message>
        <source>The file is streamed from disk as the body, as application/octet-stream unless a Content-Type header says otherwise.</source>
        <translation>Het bestand wordt van schijf gestreamd als body, als application/octet-stream tenzij een Content-Type-header iets anders zegt.</translation>
    </message>
    <message>
        <source>Choose the File to Send</source>
        <translation>Kies het bestand om te versturen</translation>
    </message>
    <message>
        <source>Valid JSON.</source>
        <translation>Geldige JSON.</translation>
    </message>
    <message>
        <source>Not valid JSON: %1 (near character %2).</source>
        <translation>Geen geldige JSON: %1 (bij teken %2).</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::RequestEditor</name>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Verzenden</translation>
    </message>
    <message>
        <source>HTTP method</source>
        <translation>HTTP-methode</translation>
    </message>
    <message>
        <source>https://api.example.com/v1/items  or  {{baseUrl}}/items</source>
        <translation>https://api.example.com/v1/items  of  {{baseUrl}}/items</translation>
    </message>
    <message>
        <source>Request URL</source>
        <translation>URL van het verzoek</translation>
    </message>
    <message>
        <source>Send the request (Ctrl+Return)</source>
        <translation>Het verzoek verzenden (Ctrl+Return)</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
    <message>
        <source>Request headers</source>
        <translation>Headers van het verzoek</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Headers</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Body</translation>
    </message>
    <message>
        <source>Auth</source>
        <translation>Auth</translation>
    </message>
    <message>
        <source>URL as it will be sent</source>
        <translation>URL zoals die wordt verzonden</translation>
    </message>
    <message>
        <source>Request details</source>
        <translation>Details van het verzoek</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>&amp;Follow redirects</source>
        <translation>Doorverwijzingen &amp;volgen</translation>
    </message>
    <message>
        <source>A standard method, or any other the API defines (letters, digits and !#$%&amp;&apos;*+-.^_`|~).</source>
        <translation>Een standaardmethode, of een andere die de API definieert (letters, cijfers en !#$%&amp;&apos;*+-.^_`|~).</translation>
    </message>
    <message>
        <source>Query parameters</source>
        <translation>Queryparameters</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Default (30 s)</source>
        <translation>Standaard (30 s)</translation>
    </message>
    <message>
        <source>&amp;Timeout:</source>
        <translation>&amp;Time-out:</translation>
    </message>
    <message>
        <source>Credentials are never carried along a redirect to another site.</source>
        <translation>Referenties gaan nooit mee bij een doorverwijzing naar een andere site.</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Instellingen</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Annuleren</translation>
    </message>
    <message>
        <source>Stop waiting for the answer (Esc)</source>
        <translation>Stop met wachten op het antwoord (Esc)</translation>
    </message>
    <message>
        <source>(red: not defined in this environment)</source>
        <translation>(rood: niet gedefinieerd in deze omgeving)</translation>
    </message>
    <message>
        <source>Path variable</source>
        <translation>Padvariabele</translation>
    </message>
    <message>
        <source>Path variables (the URL&apos;s :name segments):</source>
        <translation>Padvariabelen (de :naam-delen van de URL):</translation>
    </message>
    <message>
        <source>Path variables</source>
        <translation>Padvariabelen</translation>
    </message>
    <message>
        <source>(no value for %1: fill it in under Params)</source>
        <translation>(geen waarde voor %1: vul die in onder Parameters)</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::RequestTabs</name>
    <message>
        <source>New Request</source>
        <translation>Nieuw verzoek</translation>
    </message>
    <message>
        <source>Open requests</source>
        <translation>Open verzoeken</translation>
    </message>
    <message>
        <source>New request tab</source>
        <translation>Nieuw verzoektabblad</translation>
    </message>
    <message>
        <source>Open a new request tab (Ctrl+T)</source>
        <translation>Open een nieuw verzoektabblad (Ctrl+T)</translation>
    </message>
    <message>
        <source>Close the Request?</source>
        <translation>Verzoek sluiten?</translation>
    </message>
    <message>
        <source>“%1” has changes that were not sent. Close it anyway?</source>
        <translation>“%1” heeft wijzigingen die niet zijn verstuurd. Toch sluiten?</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Sluiten</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::ResolvedVariablesView</name>
    <message>
        <source>&amp;Show secret values</source>
        <translation>Geheime waarden &amp;tonen</translation>
    </message>
    <message>
        <source>Resolved Variables</source>
        <translation>Opgeloste variabelen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Bron</translation>
    </message>
    <message>
        <source>Hides</source>
        <translation>Verbergt</translation>
    </message>
    <message>
        <source>Show the values of secret variables instead of bullets</source>
        <translation>De waarden van geheime variabelen tonen in plaats van bolletjes</translation>
    </message>
    <message>
        <source>Global</source>
        <translation>Globaal</translation>
    </message>
    <message>
        <source>Collection</source>
        <translation>Collectie</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Omgeving</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>Opdrachtregel</translation>
    </message>
    <message>
        <source>no environment</source>
        <translation>geen omgeving</translation>
    </message>
    <message>
        <source>the environment “%1”</source>
        <translation>de omgeving “%1”</translation>
    </message>
    <message>
        <source>no collection</source>
        <translation>geen collectie</translation>
    </message>
    <message>
        <source>the collection “%1”</source>
        <translation>de collectie “%1”</translation>
    </message>
    <message>
        <source>The variables the current request can use as {{name}}: from %1, %2 and the workspace&apos;s globals. The environment&apos;s win over the collection&apos;s, the collection&apos;s over the globals.</source>
        <translation>De variabelen die het huidige request als {{name}} kan gebruiken: uit %1, %2 en de globale variabelen van de werkruimte. Die van de omgeving gaan voor die van de collectie, die van de collectie voor de globale.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Secret: kept in the keychain</source>
        <translation>Geheim: bewaard in de sleutelhanger</translation>
    </message>
    <message>
        <source>Also defined at these levels; this value is used instead</source>
        <translation>Ook op deze niveaus gedefinieerd; deze waarde wordt in plaats daarvan gebruikt</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::ResponseBodyPane</name>
    <message>
        <source>Response body</source>
        <translation>Body van het antwoord</translation>
    </message>
    <message>
        <source>Pretty</source>
        <translation>Opgemaakt</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>Ruw</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>Hex</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Voorbeeld</translation>
    </message>
    <message>
        <source>Receiving… %1 of %2</source>
        <translation>Ontvangen… %1 van %2</translation>
    </message>
    <message>
        <source>Receiving… %1</source>
        <translation>Ontvangen… %1</translation>
    </message>
    <message>
        <source>This image could not be read.</source>
        <translation>Deze afbeelding kan niet worden gelezen.</translation>
    </message>
    <message>
        <source>Shown as received: this is not valid JSON. %1 (byte %2)</source>
        <translation>Getoond zoals ontvangen: dit is geen geldige JSON. %1 (byte %2)</translation>
    </message>
    <message>
        <source>Shown as received: this is not valid XML. %1 (byte %2)</source>
        <translation>Body van het antwoord</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::ResponseDetails</name>
    <message>
        <source>Max-Age %1 s</source>
        <translation>Max-Age %1 s</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 ms · first byte %2 ms</source>
        <translation>%1 ms · eerste byte %2 ms</translation>
    </message>
    <message>
        <source>%1 · HTTP/%2</source>
        <translation>%1 · HTTP/%2</translation>
    </message>
    <message>
        <source>← %1 redirect from %2</source>
        <translation>← %1-omleiding vanaf %2</translation>
    </message>
    <message>
        <source>Not sent over TLS.</source>
        <translation>Niet via TLS verstuurd.</translation>
    </message>
    <message>
        <source>Protocol: %1
Cipher: %2

Certificate
Subject: %3
Issuer: %4
Valid from: %5
Valid until: %6
SHA-256: %7</source>
        <translation>Protocol: %1
Cijfer: %2

Certificaat
Onderwerp: %3
Uitgever: %4
Geldig vanaf: %5
Geldig tot: %6
SHA-256: %7</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
    <message>
        <source>Domain</source>
        <translation>Domein</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pad</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Verloopt</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Vlaggen</translation>
    </message>
    <message>
        <source>Cookies the response sets</source>
        <translation>Cookies die het antwoord zet</translation>
    </message>
    <message>
        <source>The request as sent and the response head as received</source>
        <translation>Het verzoek zoals verstuurd en de kop van het antwoord zoals ontvangen</translation>
    </message>
    <message>
        <source>TLS session and certificate</source>
        <translation>TLS-sessie en certificaat</translation>
    </message>
    <message>
        <source>Cookies</source>
        <translation>Cookies</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Verzoek</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::ResponseViewer</name>
    <message>
        <source>Send a request to see the response here.</source>
        <translation>Verzend een verzoek om hier het antwoord te zien.</translation>
    </message>
    <message>
        <source>Response status</source>
        <translation>Status van het antwoord</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
    <message>
        <source>Response headers</source>
        <translation>Headers van het antwoord</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Body</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Headers</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Tijdlijn</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Verzenden…</translation>
    </message>
    <message>
        <source>Time from sending the request to the last byte of the response</source>
        <translation>Tijd vanaf het verzenden van het verzoek tot de laatste byte van het antwoord</translation>
    </message>
    <message>
        <source>Response details</source>
        <translation>Details van het antwoord</translation>
    </message>
    <message>
        <source>Save Body…</source>
        <translation>Body opslaan…</translation>
    </message>
    <message>
        <source>Save the response body exactly as received</source>
        <translation>De body van het antwoord precies zoals ontvangen opslaan</translation>
    </message>
    <message>
        <source>Save Response Body</source>
        <translation>Body van het antwoord opslaan</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>Kon %1 niet opslaan: %2</translation>
    </message>
    <message>
        <source>Nothing sent in “%1” yet. Send a request to see its response here.</source>
        <translation>Nog niets verzonden in “%1”. Verzend een verzoek om hier het antwoord te zien.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::SecretsStatusLabel</name>
    <message>
        <source>Secrets: %1</source>
        <translation>Geheimen: %1</translation>
    </message>
    <message>
        <source>The keychain is available again; secrets of this session were saved.</source>
        <translation>De sleutelhanger is weer beschikbaar; de geheimen van deze sessie zijn opgeslagen.</translation>
    </message>
    <message>
        <source>The keychain is not available</source>
        <translation>De sleutelhanger is niet beschikbaar</translation>
    </message>
    <message>
        <source>%1
Refresh tokens and client secrets are kept in memory for this session only and are never written to disk. Unlock or install a keychain (Secret Service, KWallet) and they will be saved again.</source>
        <translation>%1
Refresh tokens en client secrets worden alleen voor deze sessie in het geheugen bewaard en nooit naar schijf geschreven. Ontgrendel of installeer een sleutelhanger (Secret Service, KWallet), dan worden ze weer opgeslagen.</translation>
    </message>
    <message>
        <source>Try Again</source>
        <translation>Opnieuw proberen</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::SupportExportDialog</name>
    <message>
        <source>Export Support Report</source>
        <translation>Supportrapport exporteren</translation>
    </message>
    <message>
        <source>Export Flow as curl Script</source>
        <translation>Flow exporteren als curl-script</translation>
    </message>
    <message>
        <source>This report describes the current environment for a support ticket: versions, settings, the timeline and the tokens&apos; claims. Client secrets, tokens, codes and signatures are left out or masked. Read it before you send it.</source>
        <translation>Dit rapport beschrijft de huidige omgeving voor een supportticket: versies, instellingen, de tijdlijn en de claims van de tokens. Client secrets, tokens, codes en handtekeningen zijn weggelaten of gemaskeerd. Lees het voordat je het verstuurt.</translation>
    </message>
    <message>
        <source>This shell script repeats the recorded requests with curl. It holds no secret: when run, it asks for each one (client secret, code, tokens) without showing what is typed.</source>
        <translation>Dit shellscript herhaalt de vastgelegde verzoeken met curl. Het bevat geen geheimen: bij het uitvoeren vraagt het om elk ervan (client secret, code, tokens) zonder te tonen wat je typt.</translation>
    </message>
    <message>
        <source>Report preview</source>
        <translation>Voorbeeld van het rapport</translation>
    </message>
    <message>
        <source>Script preview</source>
        <translation>Voorbeeld van het script</translation>
    </message>
    <message>
        <source>&amp;Save As…</source>
        <translation>Opslaan &amp;als…</translation>
    </message>
    <message>
        <source>Markdown (*.md);;Plain text (*.txt)</source>
        <translation>Markdown (*.md);;Platte tekst (*.txt)</translation>
    </message>
    <message>
        <source>Shell script (*.sh)</source>
        <translation>Shellscript (*.sh)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Kan %1 niet schrijven: %2</translation>
    </message>
    <message>
        <source>Support report saved to %1</source>
        <translation>Supportrapport opgeslagen in %1</translation>
    </message>
    <message>
        <source>curl script saved to %1</source>
        <translation>curl-script opgeslagen in %1</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::TemplateActions</name>
    <message>
        <source>New Environment from &amp;Template…</source>
        <translation>Nieuwe omgeving uit &amp;sjabloon…</translation>
    </message>
    <message>
        <source>From OpenID &amp;Discovery URL…</source>
        <translation>Van OpenID-&amp;discovery-URL…</translation>
    </message>
    <message>
        <source>Import from OpenID Discovery URL</source>
        <translation>Importeren van OpenID-discovery-URL</translation>
    </message>
    <message>
        <source>Environment “%1” created; add its client id with Edit Environment…</source>
        <translation>Omgeving “%1” aangemaakt; voeg de client ID toe met Omgeving bewerken…</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::TemplateDialog</name>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Terug</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Volgende</translation>
    </message>
    <message>
        <source>Continue &amp;Without Discovery</source>
        <translation>Doorgaan &amp;zonder discovery</translation>
    </message>
    <message>
        <source>New Environment from Template</source>
        <translation>Nieuwe omgeving uit sjabloon</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>Sjablonen</translation>
    </message>
    <message>
        <source>Which kind of provider? Tokenscope asks for the few values its documentation gives and finds the rest with Discover.</source>
        <translation>Welk soort provider? Tokenscope vraagt de paar waarden die de documentatie geeft en vindt de rest met Ontdekken.</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Naam:</translation>
    </message>
    <message>
        <source>Use the endpoints the provider&apos;s documentation gives, without its metadata</source>
        <translation>De endpoints uit de documentatie van de provider gebruiken, zonder zijn metadata</translation>
    </message>
    <message>
        <source>%1 (optional)</source>
        <translation>%1 (optioneel)</translation>
    </message>
    <message>
        <source>&amp;Discover</source>
        <translation>&amp;Ontdekken</translation>
    </message>
    <message>
        <source>Metadata: %1</source>
        <translation>Metadata: %1</translation>
    </message>
    <message>
        <source>Issuer: %1</source>
        <translation>Issuer: %1</translation>
    </message>
    <message>
        <source>Scope: %1</source>
        <translation>Scope: %1</translation>
    </message>
    <message>
        <source>Discovering %1…</source>
        <translation>%1 wordt ontdekt…</translation>
    </message>
    <message>
        <source>The document names the issuer %1, whose metadata is published elsewhere</source>
        <translation>Het document noemt de issuer %1, waarvan de metadata elders wordt gepubliceerd</translation>
    </message>
    <message>
        <source>Its metadata belongs at %1. If %2 is the provider you mean, enter it as the issuer.</source>
        <translation>De metadata hoort op %1. Is %2 de provider die je bedoelt, voer die dan in als issuer.</translation>
    </message>
    <message>
        <source>Go back to correct the answers, or try again when the provider can be reached.</source>
        <translation>Ga terug om de antwoorden te verbeteren, of probeer het opnieuw als de provider bereikbaar is.</translation>
    </message>
    <message>
        <source>&amp;Try Again</source>
        <translation>Opnieuw &amp;proberen</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::TimelineView</name>
    <message>
        <source>&amp;All environments</source>
        <translation>&amp;Alle omgevingen</translation>
    </message>
    <message>
        <source>Timeline of the exchanges</source>
        <translation>Tijdlijn van de uitwisselingen</translation>
    </message>
    <message>
        <source>&amp;Diagram</source>
        <translation>&amp;Diagram</translation>
    </message>
    <message>
        <source>Show the exchanges as a sequence diagram</source>
        <translation>De uitwisselingen als sequentiediagram tonen</translation>
    </message>
    <message>
        <source>&amp;List</source>
        <translation>&amp;Lijst</translation>
    </message>
    <message>
        <source>Show the exchanges as a table</source>
        <translation>De uitwisselingen als tabel tonen</translation>
    </message>
    <message>
        <source>Show the exchanges of every environment, not only those of the selected one</source>
        <translation>De uitwisselingen van alle omgevingen tonen, niet alleen die van de geselecteerde omgeving</translation>
    </message>
    <message>
        <source>Details of the selected step</source>
        <translation>Details van de geselecteerde stap</translation>
    </message>
    <message>
        <source>Select a step to see what was sent and received. Tokens and secrets are masked.</source>
        <translation>Selecteer een stap om te zien wat er is verzonden en ontvangen. Tokens en geheimen worden gemaskeerd.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::TokenDestination</name>
    <message>
        <source>%1 belongs to the environment “%2”. Select “%2” to call it with its own token.</source>
        <translation>%1 hoort bij de omgeving “%2”. Selecteer “%2” om deze host met het eigen token van die omgeving aan te roepen.</translation>
    </message>
    <message>
        <source>%1 is neither the provider of “%2” nor one of its API base URLs. Whoever runs it can use the token as you until it expires.</source>
        <translation>%1 is niet de provider van “%2” en ook geen van de API-basis-URL&apos;s van die omgeving. Wie deze host beheert, kan zich met het token als jij voordoen totdat het verloopt.</translation>
    </message>
    <message>
        <source>Send the access token of “%1” to %2?</source>
        <translation>Het access token van “%1” naar %2 verzenden?</translation>
    </message>
    <message>
        <source>“Always for This Host” adds %1 to the API base URLs of “%2”.</source>
        <translation>“Altijd voor deze host” voegt %1 toe aan de API-basis-URL&apos;s van “%2”.</translation>
    </message>
    <message>
        <source>Send the access token?</source>
        <translation>Het access token verzenden?</translation>
    </message>
    <message>
        <source>Send &amp;Once</source>
        <translation>&amp;Eenmalig verzenden</translation>
    </message>
    <message>
        <source>&amp;Always for This Host</source>
        <translation>&amp;Altijd voor deze host</translation>
    </message>
    <message>
        <source>%1 refused the access token of “%2” (HTTP 401)</source>
        <translation>%1 heeft het access token van “%2” geweigerd (HTTP 401)</translation>
    </message>
    <message>
        <source>%1 belongs to the environment “%2”, not to “%3”; the token was not refreshed.</source>
        <translation>%1 hoort bij de omgeving “%2”, niet bij “%3”; het token is niet vernieuwd.</translation>
    </message>
    <message>
        <source>Select “%1” and send again.</source>
        <translation>Selecteer “%1” en verzend opnieuw.</translation>
    </message>
    <message>
        <source>%1 is not one of the API hosts of “%2”; the token was not refreshed.</source>
        <translation>%1 is geen van de API-hosts van “%2”; het token is niet vernieuwd.</translation>
    </message>
    <message>
        <source>Check the URL. If the API belongs to “%1”, add it to its API base URLs (Edit Environment).</source>
        <translation>Controleer de URL. Hoort de API bij “%1”, voeg hem dan toe aan de API-basis-URL&apos;s van die omgeving (Omgeving bewerken).</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::TokenInspector</name>
    <message>
        <source>Token Inspector</source>
        <translation>Tokeninspector</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Plakken</translation>
    </message>
    <message>
        <source>Cop&amp;y Token</source>
        <translation>Token kop&amp;iëren</translation>
    </message>
    <message>
        <source>Copy Authori&amp;zation Line</source>
        <translation>Authori&amp;zation-regel kopiëren</translation>
    </message>
    <message>
        <source>I&amp;ntrospect</source>
        <translation>I&amp;ntrospectie</translation>
    </message>
    <message>
        <source>Check &amp;Signature</source>
        <translation>&amp;Handtekening controleren</translation>
    </message>
    <message>
        <source>Token (masked)</source>
        <translation>Token (gemaskeerd)</translation>
    </message>
    <message>
        <source>Copy the token itself to the clipboard</source>
        <translation>Het token zelf naar het klembord kopiëren</translation>
    </message>
    <message>
        <source>Copy the header line an API call sends: Authorization: Bearer …</source>
        <translation>De headerregel kopiëren die een API-aanroep meestuurt: Authorization: Bearer …</translation>
    </message>
    <message>
        <source>Token to inspect</source>
        <translation>Te inspecteren token</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Access token</translation>
    </message>
    <message>
        <source>ID token</source>
        <translation>ID token</translation>
    </message>
    <message>
        <source>Refresh token</source>
        <translation>Refresh token</translation>
    </message>
    <message>
        <source>Pasted token</source>
        <translation>Geplakt token</translation>
    </message>
    <message>
        <source>To&amp;ken:</source>
        <translation>To&amp;ken:</translation>
    </message>
    <message>
        <source>Paste or drop a token (“Bearer ” is fine)</source>
        <translation>Plak of sleep een token hierheen (“Bearer ” mag)</translation>
    </message>
    <message>
        <source>Inspect the token on the clipboard</source>
        <translation>Het token op het klembord inspecteren</translation>
    </message>
    <message>
        <source>&amp;Other:</source>
        <translation>&amp;Ander:</translation>
    </message>
    <message>
        <source>JWKS URL</source>
        <translation>JWKS URL</translation>
    </message>
    <message>
        <source>https://…/jwks (empty: the environment&apos;s)</source>
        <translation>https://…/jwks (leeg: die van de omgeving)</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <source>https://issuer (its keys by discovery)</source>
        <translation>https://issuer (de sleutels via discovery)</translation>
    </message>
    <message>
        <source>&amp;JWKS URL:</source>
        <translation>&amp;JWKS URL:</translation>
    </message>
    <message>
        <source>&amp;Issuer:</source>
        <translation>&amp;Issuer:</translation>
    </message>
    <message>
        <source>Check Signature</source>
        <translation>Handtekening controleren</translation>
    </message>
    <message>
        <source>Fetch the provider&apos;s keys again and check the signature</source>
        <translation>De sleutels van de provider opnieuw ophalen en de handtekening controleren</translation>
    </message>
    <message>
        <source>Introspect</source>
        <translation>Introspectie</translation>
    </message>
    <message>
        <source>Refresh Now</source>
        <translation>Nu vernieuwen</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Intrekken</translation>
    </message>
    <message>
        <source>UserInfo</source>
        <translation>UserInfo</translation>
    </message>
    <message>
        <source>Paste a token above, or drop one on this panel.</source>
        <translation>Plak hierboven een token, of sleep er een naar dit paneel.</translation>
    </message>
    <message>
        <source>No environment: create one first.</source>
        <translation>Geen omgeving: maak er eerst een.</translation>
    </message>
    <message>
        <source>No access token: sign in first.</source>
        <translation>Geen access token: meld je eerst aan.</translation>
    </message>
    <message>
        <source>No ID token: sign in with the “openid” scope to get one.</source>
        <translation>Geen ID token: meld je aan met de scope “openid” om er een te krijgen.</translation>
    </message>
    <message>
        <source>No refresh token in memory. After a restart it stays in the keychain until Refresh Token uses it.</source>
        <translation>Geen refresh token in het geheugen. Na een herstart blijft het in de sleutelhanger tot Token vernieuwen het gebruikt.</translation>
    </message>
    <message>
        <source>The provider answered; its answer is in the Claims table.</source>
        <translation>De provider heeft geantwoord; het antwoord staat in de tabel Claims.</translation>
    </message>
    <message>
        <source>Asking the provider about the access token…</source>
        <translation>De provider wordt gevraagd naar het access token…</translation>
    </message>
    <message>
        <source>Asking the provider about the refresh token…</source>
        <translation>De provider wordt gevraagd naar het refresh token…</translation>
    </message>
    <message>
        <source>Token copied to the clipboard.</source>
        <translation>Token naar het klembord gekopieerd.</translation>
    </message>
    <message>
        <source>Authorization line copied to the clipboard.</source>
        <translation>Authorization-regel naar het klembord gekopieerd.</translation>
    </message>
    <message numerus="yes">
        <source>%1 %n character(s)</source>
        <translation>
            <numerusform>%1 %n teken</numerusform>
            <numerusform>%1 %n tekens</numerusform>
        </translation>
    </message>
    <message>
        <source>No token</source>
        <translation>Geen token</translation>
    </message>
    <message>
        <source>Asking the environment&apos;s provider about the pasted token…</source>
        <translation>De provider van de omgeving wordt gevraagd naar het geplakte token…</translation>
    </message>
    <message>
        <source>An ID token is read here, not introspected: its claims are above</source>
        <translation>Een ID-token wordt hier gelezen, niet geïntrospecteerd: de claims staan hierboven</translation>
    </message>
    <message>
        <source>Asks this environment&apos;s provider, with its client, what the pasted token is; send it only a token of its own</source>
        <translation>Vraagt de provider van deze omgeving, met haar client, wat het geplakte token is; stuur alleen een token van die provider zelf</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::TokenInspectorView</name>
    <message>
        <source>Not a claim Tokenscope knows: shown as it is.</source>
        <translation>Geen claim die Tokenscope kent: getoond zoals hij is.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Verlopen</translation>
    </message>
    <message>
        <source>Not yet valid</source>
        <translation>Nog niet geldig</translation>
    </message>
    <message>
        <source>✓ %1: %2</source>
        <translation>✓ %1: %2</translation>
    </message>
    <message>
        <source>✗ %1: %2</source>
        <translation>✗ %1: %2</translation>
    </message>
    <message>
        <source>– %1: %2</source>
        <translation>– %1: %2</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>Claims</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Token form</source>
        <translation>Soort token</translation>
    </message>
    <message>
        <source>Signature verdict</source>
        <translation>Oordeel over de handtekening</translation>
    </message>
    <message>
        <source>Claim checks</source>
        <translation>Controles van de claims</translation>
    </message>
    <message>
        <source>Raw JSON</source>
        <translation>Ruwe JSON</translation>
    </message>
    <message>
        <source>Scopes requested and granted</source>
        <translation>Aangevraagde en toegekende scopes</translation>
    </message>
    <message>
        <source>Audience and request host</source>
        <translation>Audience en host van het verzoek</translation>
    </message>
    <message>
        <source>C&amp;laims</source>
        <translation>C&amp;laims</translation>
    </message>
    <message>
        <source>Ra&amp;w JSON</source>
        <translation>R&amp;uwe JSON</translation>
    </message>
    <message>
        <source>Scopes and A&amp;udience</source>
        <translation>Scopes en a&amp;udience</translation>
    </message>
    <message>
        <source>&amp;Copy Value</source>
        <translation>Waarde &amp;kopiëren</translation>
    </message>
    <message>
        <source>Value of “%1” copied.</source>
        <translation>Waarde van “%1” gekopieerd.</translation>
    </message>
    <message>
        <source>Opaque token: the provider&apos;s introspection answer (active) is shown.</source>
        <translation>Ondoorzichtig token: het antwoord van de introspectie van de provider (actief) wordt getoond.</translation>
    </message>
    <message>
        <source>Opaque token: the provider says it is not active (expired, revoked or unknown).</source>
        <translation>Ondoorzichtig token: volgens de provider is het niet actief (verlopen, ingetrokken of onbekend).</translation>
    </message>
    <message>
        <source>Checking the signature…</source>
        <translation>Handtekening wordt gecontroleerd…</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>granted, not requested</source>
        <translation>toegekend, niet aangevraagd</translation>
    </message>
    <message>
        <source>requested and granted</source>
        <translation>aangevraagd en toegekend</translation>
    </message>
    <message>
        <source>requested, NOT granted</source>
        <translation>aangevraagd, NIET toegekend</translation>
    </message>
    <message>
        <source>requested; a sign-in scope, not listed in the token</source>
        <translation>aangevraagd; een aanmeldscope, staat niet in het token</translation>
    </message>
    <message>
        <source>requested</source>
        <translation>aangevraagd</translation>
    </message>
    <message>
        <source>Nothing says which scopes were granted.</source>
        <translation>Nergens staat welke scopes zijn toegekend.</translation>
    </message>
    <message>
        <source>Granted according to %1; the environment requests no scopes.</source>
        <translation>Toegekend volgens %1; de omgeving vraagt geen scopes aan.</translation>
    </message>
    <message>
        <source>Granted according to %1.</source>
        <translation>Toegekend volgens %1.</translation>
    </message>
    <message>
        <source>An ID token is for this client (its audience is the client ID), not for an API: it is never sent with a request.</source>
        <translation>Een ID token is voor deze client (de audience is de client-ID), niet voor een API: het wordt nooit met een verzoek meegestuurd.</translation>
    </message>
    <message>
        <source>A refresh token goes only to the provider&apos;s token endpoint, never to an API.</source>
        <translation>Een refresh token gaat alleen naar het token endpoint van de provider, nooit naar een API.</translation>
    </message>
    <message>
        <source>The token names no audience (aud): nothing to compare with the request&apos;s host.</source>
        <translation>Het token noemt geen audience (aud): er is niets om met de host van het verzoek te vergelijken.</translation>
    </message>
    <message>
        <source>The audience names the request&apos;s host.</source>
        <translation>De audience noemt de host van het verzoek.</translation>
    </message>
    <message>
        <source>The audience does not name the request&apos;s host.</source>
        <translation>De audience noemt de host van het verzoek niet.</translation>
    </message>
    <message>
        <source>Whether the audience means the request&apos;s host cannot be told.</source>
        <translation>Of de audience de host van het verzoek bedoelt, valt niet te zeggen.</translation>
    </message>
    <message>
        <source>No audience to compare with the request&apos;s host.</source>
        <translation>Geen audience om met de host van het verzoek te vergelijken.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::TokenMenu</name>
    <message>
        <source>&amp;Token</source>
        <translation>&amp;Token</translation>
    </message>
    <message>
        <source>&amp;Get New Access Token</source>
        <translation>Nieuw &amp;access token ophalen</translation>
    </message>
    <message>
        <source>Sign in at the provider and get new tokens (Ctrl+Shift+T)</source>
        <translation>Meld je aan bij de provider en haal nieuwe tokens op (Ctrl+Shift+T)</translation>
    </message>
    <message>
        <source>Sign In as &amp;Someone Else…</source>
        <translation>Aanmelden als &amp;iemand anders…</translation>
    </message>
    <message>
        <source>Sign in again and make the provider ask who you are, even if it remembers you</source>
        <translation>Opnieuw aanmelden en de provider laten vragen wie je bent, ook als hij je nog kent</translation>
    </message>
    <message>
        <source>&amp;Refresh Token</source>
        <translation>Token ve&amp;rnieuwen</translation>
    </message>
    <message>
        <source>Use the refresh token to get a new access token</source>
        <translation>Gebruik het refresh token om een nieuw access token op te halen</translation>
    </message>
    <message>
        <source>&amp;Forget Tokens</source>
        <translation>Tokens ver&amp;geten</translation>
    </message>
    <message>
        <source>Drop this environment&apos;s tokens from memory and its refresh token from the keychain</source>
        <translation>Verwijder de tokens van deze omgeving uit het geheugen en het refresh token uit de sleutelhanger</translation>
    </message>
    <message>
        <source>Re&amp;voke and Forget Tokens</source>
        <translation>Tokens in&amp;trekken en vergeten</translation>
    </message>
    <message>
        <source>&amp;Inspect at Provider (Introspection)…</source>
        <translation>Bij provider &amp;controleren (introspectie)…</translation>
    </message>
    <message>
        <source>Show &amp;UserInfo…</source>
        <translation>&amp;UserInfo tonen…</translation>
    </message>
    <message>
        <source>Sign &amp;Out at Provider…</source>
        <translation>Af&amp;melden bij provider…</translation>
    </message>
    <message>
        <source>&amp;Clear Sign-in Session</source>
        <translation>Aanmeldsessie &amp;wissen</translation>
    </message>
    <message>
        <source>Forget &amp;All Tokens…</source>
        <translation>A&amp;lle tokens vergeten…</translation>
    </message>
    <message>
        <source>Drop the tokens of every environment and their refresh tokens from the keychain</source>
        <translation>De tokens van alle omgevingen vergeten en hun refresh tokens uit de sleutelhanger verwijderen</translation>
    </message>
    <message>
        <source>Forget the provider&apos;s session that this environment&apos;s sign-in window keeps</source>
        <translation>De sessie bij de provider vergeten die het aanmeldvenster van deze omgeving bewaart</translation>
    </message>
    <message>
        <source>This environment keeps no sign-in session: each sign-in window starts empty</source>
        <translation>Deze omgeving bewaart geen aanmeldsessie: elk aanmeldvenster begint leeg</translation>
    </message>
    <message>
        <source>No environment: create one first</source>
        <translation>Geen omgeving: maak er eerst een aan</translation>
    </message>
    <message>
        <source>“%1” has no %2. Use Discover in the environment to fill in the provider&apos;s endpoints.</source>
        <translation>“%1” heeft geen %2. Gebruik Ontdekken in de omgeving om de endpoints van de provider in te vullen.</translation>
    </message>
    <message>
        <source>Sign in first: there is no access token</source>
        <translation>Meld je eerst aan: er is geen access token</translation>
    </message>
    <message>
        <source>revocation endpoint</source>
        <translation>revocation endpoint</translation>
    </message>
    <message>
        <source>Ask the provider whether the access token is active, and what it knows about it</source>
        <translation>De provider vragen of het access token actief is en wat hij erover weet</translation>
    </message>
    <message>
        <source>introspection endpoint</source>
        <translation>introspection endpoint</translation>
    </message>
    <message>
        <source>Ask the provider who the access token is for</source>
        <translation>De provider vragen voor wie het access token is</translation>
    </message>
    <message>
        <source>UserInfo endpoint</source>
        <translation>UserInfo endpoint</translation>
    </message>
    <message>
        <source>End the session at the provider in your browser, and forget the tokens here</source>
        <translation>De sessie bij de provider in je browser beëindigen en de tokens hier vergeten</translation>
    </message>
    <message>
        <source>end-session (logout) endpoint</source>
        <translation>end-session endpoint (afmelden)</translation>
    </message>
    <message>
        <source>Tokens forgotten.</source>
        <translation>Tokens vergeten.</translation>
    </message>
    <message>
        <source>Forget all tokens</source>
        <translation>Alle tokens vergeten</translation>
    </message>
    <message>
        <source>Forget the tokens of every environment? Their refresh tokens are removed from the keychain; you will need to sign in again. Client secrets are kept.</source>
        <translation>De tokens van alle omgevingen vergeten? Hun refresh tokens worden uit de sleutelhanger verwijderd; je moet je daarna opnieuw aanmelden. Client secrets blijven bewaard.</translation>
    </message>
    <message>
        <source>All tokens forgotten.</source>
        <translation>Alle tokens zijn vergeten.</translation>
    </message>
    <message>
        <source>The sign-in session could not be cleared</source>
        <translation>De aanmeldsessie kon niet worden gewist</translation>
    </message>
    <message>
        <source>Sign-in session of “%1” cleared: the provider will ask who you are.</source>
        <translation>Aanmeldsessie van “%1” gewist: de provider vraagt opnieuw wie je bent.</translation>
    </message>
    <message>
        <source>Revoking…</source>
        <translation>Bezig met intrekken…</translation>
    </message>
    <message>
        <source>Asking the provider about the access token…</source>
        <translation>De provider wordt gevraagd naar het access token…</translation>
    </message>
    <message>
        <source>&lt;b style=&quot;color:%1&quot;&gt;Active.&lt;/b&gt; The provider accepts this access token.</source>
        <translation>&lt;b style=&quot;color:%1&quot;&gt;Actief.&lt;/b&gt; De provider accepteert dit access token.</translation>
    </message>
    <message>
        <source>&lt;b style=&quot;color:%1&quot;&gt;Not active.&lt;/b&gt; The token is expired, revoked, or unknown to the provider (RFC 7662 says no more).</source>
        <translation>&lt;b style=&quot;color:%1&quot;&gt;Niet actief.&lt;/b&gt; Het token is verlopen, ingetrokken of onbekend bij de provider (meer zegt RFC 7662 niet).</translation>
    </message>
    <message>
        <source>Introspection</source>
        <translation>Introspectie</translation>
    </message>
    <message>
        <source>Asking the provider who this is…</source>
        <translation>De provider wordt gevraagd wie dit is…</translation>
    </message>
    <message>
        <source>The subject matches the ID token&apos;s.</source>
        <translation>Het subject komt overeen met dat van het ID token.</translation>
    </message>
    <message>
        <source>No ID token to compare the subject with.</source>
        <translation>Geen ID token om het subject mee te vergelijken.</translation>
    </message>
    <message>
        <source>Signed answer; signature verified.</source>
        <translation>Ondertekend antwoord; handtekening gecontroleerd.</translation>
    </message>
    <message>
        <source>Signed answer; the signature could not be checked (no JWKS URI).</source>
        <translation>Ondertekend antwoord; de handtekening kon niet worden gecontroleerd (geen JWKS URI).</translation>
    </message>
    <message>
        <source>UserInfo</source>
        <translation>UserInfo</translation>
    </message>
    <message>
        <source>The browser could not be opened</source>
        <translation>De browser kon niet worden geopend</translation>
    </message>
    <message>
        <source>The tokens were kept.</source>
        <translation>De tokens zijn bewaard.</translation>
    </message>
    <message>
        <source>Signing out at the provider in your browser; tokens forgotten here.</source>
        <translation>Bezig met afmelden bij de provider in je browser; tokens hier vergeten.</translation>
    </message>
    <message>
        <source>Revoke the refresh and access tokens at the provider, then forget them here (also if revoking fails)</source>
        <translation>Het refresh token en het access token bij de provider intrekken en ze daarna hier vergeten (ook als intrekken mislukt)</translation>
    </message>
    <message>
        <source>The provider of “%1” offers no revocation endpoint (Discover found none).</source>
        <translation>De provider van “%1” biedt geen revocation endpoint aan (Ontdekken heeft er geen gevonden).</translation>
    </message>
    <message>
        <source>The provider of “%1” offers no introspection endpoint (Discover found none).</source>
        <translation>De provider van “%1” biedt geen introspection endpoint aan (Ontdekken heeft er geen gevonden).</translation>
    </message>
    <message>
        <source>The provider of “%1” offers no UserInfo endpoint (Discover found none).</source>
        <translation>De provider van “%1” biedt geen UserInfo endpoint aan (Ontdekken heeft er geen gevonden).</translation>
    </message>
    <message>
        <source>The provider of “%1” offers no end-session (logout) endpoint (Discover found none).</source>
        <translation>De provider van “%1” biedt geen end-session endpoint (afmelden) aan; Ontdekken heeft er geen gevonden.</translation>
    </message>
    <message>
        <source>Ca&amp;ncel Sign-in</source>
        <translation>Aanmelden a&amp;nnuleren</translation>
    </message>
    <message>
        <source>Copy Sign-in &amp;Link</source>
        <translation>Aanmeld&amp;link kopiëren</translation>
    </message>
    <message>
        <source>Stop waiting for the sign-in under way</source>
        <translation>Stoppen met wachten op de lopende aanmelding</translation>
    </message>
    <message>
        <source>No sign-in is under way</source>
        <translation>Er loopt geen aanmelding</translation>
    </message>
    <message>
        <source>Copy the address of the provider&apos;s sign-in page, to open it in a browser of your choice</source>
        <translation>Het adres van de aanmeldpagina van de provider kopiëren, om het in een browser naar keuze te openen</translation>
    </message>
    <message>
        <source>No sign-in waits for the system browser</source>
        <translation>Er wacht geen aanmelding op de systeembrowser</translation>
    </message>
    <message>
        <source>Sign-in link copied: paste it into the address bar of the browser you want to use.</source>
        <translation>Aanmeldlink gekopieerd: plak die in de adresbalk van de browser die je wilt gebruiken.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::TokenStatusLabel</name>
    <message>
        <source>Granted scopes: %1</source>
        <translation>Toegekende scopes: %1</translation>
    </message>
    <message>
        <source>Requested but not granted: %1</source>
        <translation>Aangevraagd maar niet toegekend: %1</translation>
    </message>
    <message>
        <source>Expires at %1</source>
        <translation>Verloopt op %1</translation>
    </message>
    <message>
        <source>No refresh token</source>
        <translation>Geen refresh token</translation>
    </message>
    <message>
        <source>Refresh token held</source>
        <translation>Refresh token aanwezig</translation>
    </message>
    <message>
        <source>Token status</source>
        <translation>Tokenstatus</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:%1&quot;&gt;No environment: create one to start&lt;/span&gt;</source>
        <translation>&lt;span style=&quot;color:%1&quot;&gt;Geen omgeving: maak er een aan om te beginnen&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Bezig met aanmelden…</translation>
    </message>
    <message>
        <source>Finish signing in in the sign-in window.</source>
        <translation>Rond het aanmelden af in het aanmeldvenster.</translation>
    </message>
    <message>
        <source>Refreshing…</source>
        <translation>Bezig met vernieuwen…</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:%1&quot;&gt;○ No access token&lt;/span&gt;</source>
        <translation>&lt;span style=&quot;color:%1&quot;&gt;○ Geen access token&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Get a new access token to sign in.</source>
        <translation>Haal een nieuw access token op om je aan te melden.</translation>
    </message>
    <message>
        <source>expiry unknown</source>
        <translation>verlooptijd onbekend</translation>
    </message>
    <message>
        <source>expires in %1</source>
        <translation>verloopt over %1</translation>
    </message>
    <message>
        <source>expired %1 ago</source>
        <translation>%1 geleden verlopen</translation>
    </message>
    <message numerus="yes">
        <source>%n scope(s)</source>
        <translation>
            <numerusform>%n scope</numerusform>
            <numerusform>%n scopes</numerusform>
        </translation>
    </message>
    <message>
        <source>signed in</source>
        <translation>aangemeld</translation>
    </message>
    <message>
        <source>Signed in — refresh token stored</source>
        <translation>Aangemeld — refresh token opgeslagen</translation>
    </message>
    <message>
        <source>Signed in — refresh token stored · %1</source>
        <translation>Aangemeld — refresh token opgeslagen · %1</translation>
    </message>
    <message>
        <source>Signed in as %1 on %2.</source>
        <translation>Aangemeld als %1 op %2.</translation>
    </message>
    <message>
        <source>Signed in as %1.</source>
        <translation>Aangemeld als %1.</translation>
    </message>
    <message>
        <source>Signed in on %1.</source>
        <translation>Aangemeld op %1.</translation>
    </message>
    <message>
        <source>The access token does not outlive a restart: a new one is fetched with the stored refresh token when you send a request or click Refresh Token.</source>
        <translation>Het access token blijft na een herstart niet bewaard: met het opgeslagen refresh token wordt een nieuw opgehaald zodra je een verzoek verzendt of op Token vernieuwen klikt.</translation>
    </message>
    <message>
        <source>Not signed in — the refresh token was refused</source>
        <translation>Niet aangemeld — het refresh token is geweigerd</translation>
    </message>
    <message>
        <source>Not signed in — no refresh token was kept</source>
        <translation>Niet aangemeld — er is geen refresh token bewaard</translation>
    </message>
    <message>
        <source>Not signed in — the keychain could not be read</source>
        <translation>Niet aangemeld — de sleutelhanger kon niet worden gelezen</translation>
    </message>
    <message>
        <source>The keychain answered: %1</source>
        <translation>De sleutelhanger antwoordde: %1</translation>
    </message>
    <message>
        <source>Unlock the keychain, then click Refresh Token; or get a new access token.</source>
        <translation>Ontgrendel de sleutelhanger en klik daarna op Token vernieuwen, of haal een nieuw access token op.</translation>
    </message>
    <message>
        <source>no refresh token</source>
        <translation>geen refresh token</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::TransportSecurityFields</name>
    <message>
        <source>“%1” is not a SHA-256 fingerprint. %2</source>
        <translation>“%1” is geen SHA-256-vingerafdruk. %2</translation>
    </message>
    <message>
        <source>Say which host the certificate “%1” is trusted for: write “@ host” after it, such as @ sandbox.example.com.</source>
        <translation>Geef aan voor welke host het certificaat “%1” vertrouwd wordt: zet er “@ host” achter, zoals @ sandbox.example.com.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::UrlSchemeRegistration</name>
    <message>
        <source>On macOS the browser can only return to the schemes Tokenscope was built with (%1), and %2 is not one of them. Sign in in Tokenscope&apos;s window, or use a loopback redirect URI.</source>
        <translation>Op macOS kan de browser alleen terugkeren naar de schemes waarmee Tokenscope is gebouwd (%1), en %2 hoort daar niet bij. Meld je aan in het venster van Tokenscope, of gebruik een loopback-redirect URI.</translation>
    </message>
    <message>
        <source>Your default browser opens the provider&apos;s page and returns to Tokenscope on this computer: to http://127.0.0.1 on a free port, or through a private-use redirect URI such as com.example.app:/callback. For providers that refuse embedded browsers.</source>
        <translation>Je standaardbrowser opent de pagina van de provider en keert terug naar Tokenscope op deze computer: naar http://127.0.0.1 op een vrije poort, of via een redirect URI met een eigen scheme zoals com.example.app:/callback. Voor providers die ingebouwde browsers weigeren.</translation>
    </message>
    <message>
        <source>Your default browser opens the provider&apos;s page and returns to Tokenscope at %1: port %2 must be free while you sign in. For providers that refuse embedded browsers.</source>
        <translation>Je standaardbrowser opent de pagina van de provider en keert terug naar Tokenscope op %1: poort %2 moet vrij zijn zolang je je aanmeldt. Voor providers die ingebouwde browsers weigeren.</translation>
    </message>
    <message>
        <source>Your default browser opens the provider&apos;s page and returns to Tokenscope at %1, on a free port chosen for each sign-in. For providers that refuse embedded browsers.</source>
        <translation>Je standaardbrowser opent de pagina van de provider en keert terug naar Tokenscope op %1, op een vrije poort die per aanmelding wordt gekozen. Voor providers die ingebouwde browsers weigeren.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::VariableActions</name>
    <message>
        <source>Resolved &amp;Variables</source>
        <translation>Opgeloste &amp;variabelen</translation>
    </message>
    <message>
        <source>&amp;Global Variables…</source>
        <translation>&amp;Globale variabelen…</translation>
    </message>
    <message>
        <source>Show the variables the current request can use and where each comes from (Ctrl+Shift+V)</source>
        <translation>De variabelen tonen die het huidige request kan gebruiken en waar elk vandaan komt (Ctrl+Shift+V)</translation>
    </message>
    <message>
        <source>Edit the variables every request can use, whatever its environment</source>
        <translation>De variabelen bewerken die elk request kan gebruiken, in welke omgeving ook</translation>
    </message>
    <message>
        <source>Global Variables</source>
        <translation>Globale variabelen</translation>
    </message>
    <message>
        <source>Every request can use these as {{name}}, whatever its environment or collection. A variable of the collection or the environment with the same name wins. Secret values are kept in the keychain, not in the workspace file.</source>
        <translation>Elk request kan deze als {{name}} gebruiken, in welke omgeving of collectie ook. Een variabele van de collectie of de omgeving met dezelfde naam gaat voor. Geheime waarden worden in de sleutelhanger bewaard, niet in het werkruimtebestand.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::VariableTableModel</name>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>Geheim</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
    <message>
        <source>Checked: the variable is used</source>
        <translation>Aangevinkt: de variabele wordt gebruikt</translation>
    </message>
    <message>
        <source>Secret: kept in the keychain, never in the workspace file, and masked on screen</source>
        <translation>Geheim: bewaard in de sleutelhanger, nooit in het werkruimtebestand, en gemaskeerd op het scherm</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::VariablesDialog</name>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Toevoegen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>Ve&amp;rwijderen</translation>
    </message>
    <message>
        <source>name</source>
        <translation>naam</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::WorkspaceMenu</name>
    <message>
        <source>New &amp;Workspace…</source>
        <translation>Nieuwe &amp;werkruimte…</translation>
    </message>
    <message>
        <source>&amp;Open Workspace…</source>
        <translation>Werkruimte &amp;openen…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Recent geopend</translation>
    </message>
    <message>
        <source>The workspace was not opened</source>
        <translation>De werkruimte is niet geopend</translation>
    </message>
    <message>
        <source>The folder %1 is no longer there.</source>
        <translation>De map %1 bestaat niet meer.</translation>
    </message>
    <message>
        <source>Use Open Workspace to choose where it is now.</source>
        <translation>Kies met Werkruimte openen waar ze nu staat.</translation>
    </message>
    <message>
        <source>New Workspace: choose an empty folder</source>
        <translation>Nieuwe werkruimte: kies een lege map</translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation>Werkruimte openen</translation>
    </message>
    <message>
        <source>The workspace was not created</source>
        <translation>De werkruimte is niet aangemaakt</translation>
    </message>
    <message>
        <source>A new workspace needs an empty folder; %1 holds files.</source>
        <translation>Een nieuwe werkruimte heeft een lege map nodig; in %1 staan bestanden.</translation>
    </message>
    <message>
        <source>Choose an empty folder, or use Open Workspace to open the workspace that is there.</source>
        <translation>Kies een lege map, of open met Werkruimte openen de werkruimte die daar staat.</translation>
    </message>
    <message>
        <source>The folder %1 could not be created.</source>
        <translation>De map %1 kon niet worden aangemaakt.</translation>
    </message>
    <message>
        <source>Check the permissions of the folder above it.</source>
        <translation>Controleer de rechten van de map erboven.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Workspace</name>
    <message>
        <source>The file is not a Tokenscope workspace.</source>
        <translation>Het bestand is geen Tokenscope-werkruimte.</translation>
    </message>
    <message>
        <source>The workspace was written by a newer Tokenscope (format %1); this version reads format %2.</source>
        <translation>De werkruimte is geschreven door een nieuwere versie van Tokenscope (formaat %1); deze versie leest formaat %2.</translation>
    </message>
    <message>
        <source>%1 at byte %2.</source>
        <translation>%1 bij byte %2.</translation>
    </message>
    <message>
        <source>The workspace was not saved</source>
        <translation>De werkruimte is niet opgeslagen</translation>
    </message>
    <message>
        <source>The workspace could not be saved</source>
        <translation>De werkruimte kon niet worden opgeslagen</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Kan de map %1 niet aanmaken.</translation>
    </message>
    <message>
        <source>Check the permissions of the folder.</source>
        <translation>Controleer de rechten van de map.</translation>
    </message>
    <message>
        <source>Check the free disk space and permissions.</source>
        <translation>Controleer de vrije schijfruimte en de rechten.</translation>
    </message>
    <message>
        <source>It is not text.</source>
        <translation>Het is geen tekst.</translation>
    </message>
    <message>
        <source>The trusted certificate “%1” of environment “%2” was left out. %3</source>
        <translation>Het vertrouwde certificaat “%1” van omgeving “%2” is overgeslagen. %3</translation>
    </message>
    <message>
        <source>Some trusted certificates in the workspace were left out</source>
        <translation>Sommige vertrouwde certificaten in de werkruimte zijn overgeslagen</translation>
    </message>
    <message>
        <source>Check their fingerprints with the sandbox&apos;s administrator and enter them again under Trusted certificates in the environment&apos;s Sign-in settings.</source>
        <translation>Controleer hun vingerafdrukken bij de beheerder van de sandbox en voer ze opnieuw in onder Vertrouwde certificaten in de aanmeldinstellingen van de omgeving.</translation>
    </message>
    <message>
        <source>The workspace could not be moved to its new folder</source>
        <translation>De werkruimte kon niet naar de nieuwe map worden verplaatst</translation>
    </message>
    <message>
        <source>%1 stays where it is; Tokenscope now reads %2.</source>
        <translation>%1 blijft op zijn plaats; Tokenscope leest nu %2.</translation>
    </message>
    <message>
        <source>Move the file there by hand while Tokenscope is closed.</source>
        <translation>Verplaats het bestand handmatig naar die map terwijl Tokenscope gesloten is.</translation>
    </message>
    <message>
        <source>Tokenscope keeps its workspace in %1 now; it was moved there from this folder. This folder is no longer used.
</source>
        <translation>Tokenscope bewaart zijn werkruimte nu in %1; die is vanuit deze map daarheen verplaatst. Deze map wordt niet meer gebruikt.
</translation>
    </message>
    <message>
        <source>The file is not a Tokenscope %1 file.</source>
        <translation>Het bestand is geen Tokenscope-bestand van het soort %1.</translation>
    </message>
    <message>
        <source>It was written by a newer Tokenscope (format %1); this version reads format %2.</source>
        <translation>Het is geschreven door een nieuwere Tokenscope (formaat %1); deze versie leest formaat %2.</translation>
    </message>
    <message>
        <source>Its format version %1 is not one Tokenscope wrote.</source>
        <translation>Formaatversie %1 is er geen die Tokenscope heeft geschreven.</translation>
    </message>
    <message>
        <source>%1 could not be saved</source>
        <translation>%1 kon niet worden opgeslagen</translation>
    </message>
    <message>
        <source>Your changes are kept while Tokenscope runs; make it writable to save them.</source>
        <translation>Je wijzigingen blijven bewaard zolang Tokenscope draait; maak het beschrijfbaar om ze op te slaan.</translation>
    </message>
    <message>
        <source>The folder %1 could not be created.</source>
        <translation>De map %1 kon niet worden aangemaakt.</translation>
    </message>
    <message>
        <source>The folder %1 is read-only.</source>
        <translation>De map %1 is alleen-lezen.</translation>
    </message>
    <message>
        <source>The file is read-only and was left as it is.</source>
        <translation>Het bestand is alleen-lezen en is gelaten zoals het is.</translation>
    </message>
    <message>
        <source>Some files of the workspace could not be read</source>
        <translation>Enkele bestanden van de werkruimte konden niet worden gelezen</translation>
    </message>
    <message>
        <source>The workspace was written by a newer Tokenscope and is opened read-only</source>
        <translation>De werkruimte is geschreven door een nieuwere Tokenscope en is alleen-lezen geopend</translation>
    </message>
    <message>
        <source>They were left as they are and are not saved over; the rest of the workspace loaded. Fix or remove them (git can show what changed), then reopen the workspace.</source>
        <translation>Ze zijn gelaten zoals ze zijn en worden niet overschreven; de rest van de werkruimte is geladen. Herstel of verwijder ze (git kan laten zien wat er veranderde) en open de werkruimte daarna opnieuw.</translation>
    </message>
    <message>
        <source>Nothing is saved in it. Use a newer Tokenscope for this workspace.</source>
        <translation>Er wordt niets in opgeslagen. Gebruik een nieuwere Tokenscope voor deze werkruimte.</translation>
    </message>
    <message>
        <source>Its id “%1” does not match the file name.</source>
        <translation>Het id “%1” komt niet overeen met de bestandsnaam.</translation>
    </message>
    <message>
        <source>The workspace could not be converted to a folder</source>
        <translation>De werkruimte kon niet worden omgezet naar een map</translation>
    </message>
    <message>
        <source>%1 could not be copied to %2.</source>
        <translation>%1 kon niet worden gekopieerd naar %2.</translation>
    </message>
    <message>
        <source>Check the permissions of the folder. The workspace file is left as it was and is not saved over.</source>
        <translation>Controleer de rechten van de map. Het werkruimtebestand is gelaten zoals het was en wordt niet overschreven.</translation>
    </message>
    <message>
        <source>%1 was not saved</source>
        <translation>%1 is niet opgeslagen</translation>
    </message>
    <message>
        <source>The file could not be read when the workspace was opened and is kept as it is.</source>
        <translation>Het bestand kon niet worden gelezen toen de werkruimte werd geopend en blijft zoals het is.</translation>
    </message>
    <message>
        <source>Fix or remove the file, then reopen the workspace.</source>
        <translation>Herstel of verwijder het bestand en open de werkruimte daarna opnieuw.</translation>
    </message>
    <message>
        <source>It is open read-only. Use a newer Tokenscope for this workspace.</source>
        <translation>Ze is alleen-lezen geopend. Gebruik een nieuwere Tokenscope voor deze werkruimte.</translation>
    </message>
    <message>
        <source>Its format-1 file could not be copied to %1.</source>
        <translation>Het bestand in formaat 1 kon niet worden gekopieerd naar %1.</translation>
    </message>
    <message>
        <source>%1 could not be removed</source>
        <translation>%1 kon niet worden verwijderd</translation>
    </message>
    <message numerus="yes">
        <source>%n files of the workspace could not be saved</source>
        <translation>
            <numerusform>%n bestand van de werkruimte kon niet worden opgeslagen</numerusform>
            <numerusform>%n bestanden van de werkruimte konden niet worden opgeslagen</numerusform>
        </translation>
    </message>
    <message>
        <source>The file was removed.</source>
        <translation>Het bestand is verwijderd.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Workspace::AppSession</name>
    <message>
        <source>The client secret could not be saved in the keychain</source>
        <translation>Het client secret kon niet in de sleutelhanger worden opgeslagen</translation>
    </message>
    <message>
        <source>It is kept in memory for this session only. Nothing was written to disk.</source>
        <translation>Het wordt alleen voor deze sessie in het geheugen bewaard. Er is niets naar schijf geschreven.</translation>
    </message>
    <message>
        <source>Local demo</source>
        <translation>Lokale demo</translation>
    </message>
    <message>
        <source>A secret variable could not be saved in the keychain</source>
        <translation>Een geheime variabele kon niet in de sleutelhanger worden opgeslagen</translation>
    </message>
    <message>
        <source>Credentials in saved request headers are now kept in the keychain</source>
        <translation>Inloggegevens in opgeslagen requestheaders staan nu in de sleutelhanger</translation>
    </message>
    <message>
        <source>The environment “%1” had credentials typed into its request headers. They were saved as the secret variables %2, and the headers refer to them, so they are never written to the workspace file.</source>
        <translation>De omgeving “%1” had inloggegevens in de requestheaders staan. Ze zijn opgeslagen als de geheime variabelen %2 en de headers verwijzen ernaar, zodat ze nooit in het werkruimtebestand terechtkomen.</translation>
    </message>
    <message>
        <source>Change their values under the environment&apos;s variables.</source>
        <translation>Wijzig hun waarden bij de variabelen van de omgeving.</translation>
    </message>
    <message>
        <source>A credential in a request header is now kept in the keychain</source>
        <translation>Een inloggegeven in een header van het verzoek wordt nu in de sleutelhanger bewaard</translation>
    </message>
    <message>
        <source>Its value was saved as the secret variable {{%1}} of this environment, and the header refers to it, so it is never written to the workspace file.</source>
        <translation>De waarde is opgeslagen als de geheime variabele {{%1}} van deze omgeving en de header verwijst ernaar, zodat ze nooit in het werkruimtebestand terechtkomt.</translation>
    </message>
    <message>
        <source>Change its value under the environment&apos;s variables.</source>
        <translation>Wijzig de waarde bij de variabelen van de omgeving.</translation>
    </message>
    <message>
        <source>%1 changed outside Tokenscope and could not be read</source>
        <translation>%1 is buiten Tokenscope gewijzigd en kon niet worden gelezen</translation>
    </message>
    <message>
        <source>Tokenscope keeps what it had and does not save over the file. Fix the file (git can show what changed), then reopen the workspace.</source>
        <translation>Tokenscope houdt wat het had en overschrijft het bestand niet. Herstel het bestand (git kan laten zien wat er veranderde) en open de werkruimte daarna opnieuw.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Workspace::Collection</name>
    <message>
        <source>%1: expected a list</source>
        <translation>%1: lijst verwacht</translation>
    </message>
    <message>
        <source>%1: folders nested deeper than %2 levels</source>
        <translation>%1: mappen dieper genest dan %2 niveaus</translation>
    </message>
    <message>
        <source>%1: neither a folder nor a request</source>
        <translation>%1: geen map en geen verzoek</translation>
    </message>
    <message>
        <source>The collection file “%1” could not be read</source>
        <translation>Het collectiebestand “%1” kon niet worden gelezen</translation>
    </message>
    <message>
        <source>The file was left as it is. Fix it in an editor or restore it from version control.</source>
        <translation>Het bestand is ongewijzigd gelaten. Herstel het in een editor of haal het terug uit versiebeheer.</translation>
    </message>
    <message>
        <source>It is not valid JSON: %1 at byte %2.</source>
        <translation>Het is geen geldige JSON: %1 bij byte %2.</translation>
    </message>
    <message>
        <source>It is not a Tokenscope collection.</source>
        <translation>Het is geen Tokenscope-collectie.</translation>
    </message>
    <message>
        <source>It was written by a newer Tokenscope (format %1); this version reads format %2.</source>
        <translation>Het is geschreven door een nieuwere Tokenscope (formaat %1); deze versie leest formaat %2.</translation>
    </message>
    <message>
        <source>The collection file “%1” could not be saved</source>
        <translation>Het collectiebestand “%1” kon niet worden opgeslagen</translation>
    </message>
    <message>
        <source>%1 copy</source>
        <translation>%1 kopie</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Workspace::CollectionStore</name>
    <message>
        <source>The collection file “%1” could not be read</source>
        <translation>Het collectiebestand “%1” kon niet worden gelezen</translation>
    </message>
    <message>
        <source>Its id “%1” does not match the file name.</source>
        <translation>De id “%1” komt niet overeen met de bestandsnaam.</translation>
    </message>
    <message>
        <source>The file was left as it is. Rename it after its id, or fix the id.</source>
        <translation>Het bestand is ongewijzigd gelaten. Geef het de naam van de id, of corrigeer de id.</translation>
    </message>
    <message>
        <source>The collection “%1” could not be saved</source>
        <translation>De collectie “%1” kon niet worden opgeslagen</translation>
    </message>
    <message>
        <source>Its id “%1” cannot name a file.</source>
        <translation>De id “%1” is niet bruikbaar als bestandsnaam.</translation>
    </message>
    <message>
        <source>A file of that name could not be read, and is not overwritten.</source>
        <translation>Een bestand met die naam kon niet worden gelezen en wordt niet overschreven.</translation>
    </message>
    <message>
        <source>The folder %1 could not be created.</source>
        <translation>De map %1 kon niet worden aangemaakt.</translation>
    </message>
    <message>
        <source>The collection file “%1” could not be removed</source>
        <translation>Het collectiebestand “%1” kon niet worden verwijderd</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Workspace::CurlScript</name>
    <message>
        <source>Client secret</source>
        <translation>Client secret</translation>
    </message>
    <message>
        <source>Authorization code (the code parameter of the address the browser was sent to)</source>
        <translation>Autorisatiecode (de code-parameter van het adres waarnaar de browser is gestuurd)</translation>
    </message>
    <message>
        <source>Refresh token</source>
        <translation>Refresh token</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Access token</translation>
    </message>
    <message>
        <source>ID token</source>
        <translation>ID token</translation>
    </message>
    <message>
        <source>Device code (from the device authorization answer)</source>
        <translation>Apparaatcode (uit het antwoord van de device authorization)</translation>
    </message>
    <message>
        <source>Client assertion (a freshly signed JWT)</source>
        <translation>Client assertion (een vers ondertekende JWT)</translation>
    </message>
    <message>
        <source>PKCE code_verifier of the sign-in</source>
        <translation>PKCE-code_verifier van de aanmelding</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Wachtwoord</translation>
    </message>
    <message>
        <source>The token to revoke or introspect</source>
        <translation>Het token dat moet worden ingetrokken of geïnspecteerd</translation>
    </message>
    <message>
        <source>Value of %1</source>
        <translation>Waarde van %1</translation>
    </message>
    <message>
        <source>Nothing was recorded for this environment.</source>
        <translation>Voor deze omgeving is niets vastgelegd.</translation>
    </message>
    <message>
        <source>Tokenscope %1: the recorded flow of the environment “%2” as curl commands, exported %3.</source>
        <translation>Tokenscope %1: de vastgelegde flow van de omgeving “%2” als curl-opdrachten, geëxporteerd %3.</translation>
    </message>
    <message>
        <source>It holds no secret: it asks for each one when first needed, without showing what is typed, or takes it from a shell variable of the same name (client_secret=… sh %1).</source>
        <translation>Het bevat geen geheimen: het vraagt om elk ervan wanneer het voor het eerst nodig is, zonder te tonen wat je typt, of neemt het uit een shellvariabele met dezelfde naam (client_secret=… sh %1).</translation>
    </message>
    <message>
        <source>It needs curl; a sign-in in the browser needs openssl too (for PKCE).</source>
        <translation>Het heeft curl nodig; aanmelden in de browser heeft ook openssl nodig (voor PKCE).</translation>
    </message>
    <message>
        <source>Sign in: open this address in a browser and sign in. The browser is then sent to the redirect URI; copy the code parameter from its address.</source>
        <translation>Aanmelden: open dit adres in een browser en meld je aan. De browser wordt daarna naar de redirect URI gestuurd; kopieer de code-parameter uit dat adres.</translation>
    </message>
    <message>
        <source>PKCE code_verifier (Enter: make a new one)</source>
        <translation>PKCE-code_verifier (Enter: maak een nieuwe)</translation>
    </message>
    <message>
        <source>request_uri (from the pushed authorization request&apos;s answer)</source>
        <translation>request_uri (uit het antwoord op het pushed authorization request)</translation>
    </message>
    <message>
        <source>Value of the %1 header</source>
        <translation>Waarde van de header %1</translation>
    </message>
    <message>
        <source>recorded: HTTP %1</source>
        <translation>vastgelegd: HTTP %1</translation>
    </message>
    <message>
        <source>The body of request %1 (it held a secret)</source>
        <translation>De body van verzoek %1 (die bevatte een geheim)</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Workspace::EnvironmentCopy</name>
    <message>
        <source>The environment to duplicate no longer exists</source>
        <translation>De omgeving die je wilde dupliceren bestaat niet meer</translation>
    </message>
    <message>
        <source>“%1” was not duplicated: its client secret could not be read from the keychain</source>
        <translation>“%1” is niet gedupliceerd: het client secret kon niet uit de sleutelhanger worden gelezen</translation>
    </message>
    <message>
        <source>Unlock the keychain and duplicate it again.</source>
        <translation>Ontgrendel de sleutelhanger en dupliceer de omgeving opnieuw.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Workspace::History</name>
    <message>
        <source>The history could not be read</source>
        <translation>De geschiedenis kon niet worden gelezen</translation>
    </message>
    <message>
        <source>Check the permissions of %1.</source>
        <translation>Controleer de rechten van %1.</translation>
    </message>
    <message>
        <source>The file %1 is left as it is; a new request starts a new history.</source>
        <translation>Het bestand %1 blijft zoals het is; een nieuw verzoek begint een nieuwe geschiedenis.</translation>
    </message>
    <message>
        <source>The history could not be saved</source>
        <translation>De geschiedenis kon niet worden opgeslagen</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Kan de map %1 niet aanmaken.</translation>
    </message>
    <message>
        <source>Check the free disk space and permissions.</source>
        <translation>Controleer de vrije schijfruimte en de rechten.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Workspace::NativeExport</name>
    <message>
        <source>Collection</source>
        <translation>Collectie</translation>
    </message>
    <message>
        <source>%1: the basic-auth password was left out.</source>
        <translation>%1: het basic-auth-wachtwoord is weggelaten.</translation>
    </message>
    <message>
        <source>%1: the value of header “%2” was left out.</source>
        <translation>%1: de waarde van header “%2” is weggelaten.</translation>
    </message>
    <message>
        <source>%1: the value of query parameter “%2” was left out.</source>
        <translation>%1: de waarde van queryparameter “%2” is weggelaten.</translation>
    </message>
    <message>
        <source>%1: the value of form field “%2” was left out.</source>
        <translation>%1: de waarde van formulierveld “%2” is weggelaten.</translation>
    </message>
    <message>
        <source>“%1” could not be imported as a Tokenscope environment</source>
        <translation>“%1” kon niet worden geïmporteerd als Tokenscope-omgeving</translation>
    </message>
    <message>
        <source>Nothing was imported. Export the environment again from Tokenscope (File ▸ Export).</source>
        <translation>Er is niets geïmporteerd. Exporteer de omgeving opnieuw vanuit Tokenscope (Bestand ▸ Exporteren).</translation>
    </message>
    <message>
        <source>Collection: the value of secret variable “%1” was left out.</source>
        <translation>Collectie: de waarde van geheime variabele “%1” is weggelaten.</translation>
    </message>
    <message>
        <source>%1: the value of secret variable “%2” was left out.</source>
        <translation>%1: de waarde van geheime variabele “%2” is weggelaten.</translation>
    </message>
    <message>
        <source>%1: the client secret (kept in the keychain) was left out.</source>
        <translation>%1: het clientgeheim (bewaard in de sleutelhanger) is weggelaten.</translation>
    </message>
    <message>
        <source>It is not valid JSON: %1 at byte %2.</source>
        <translation>Het is geen geldige JSON: %1 bij byte %2.</translation>
    </message>
    <message>
        <source>format: not “%1”; this is not an environment exported by Tokenscope.</source>
        <translation>format: niet “%1”; dit is geen omgeving die door Tokenscope is geëxporteerd.</translation>
    </message>
    <message>
        <source>It was written by a newer Tokenscope (version %1); this version reads version %2.</source>
        <translation>Het is geschreven door een nieuwere Tokenscope (versie %1); deze versie leest versie %2.</translation>
    </message>
    <message>
        <source>“%1” could not be read</source>
        <translation>“%1” kon niet worden gelezen</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Workspace::PostmanExport</name>
    <message>
        <source>Collection</source>
        <translation>Collectie</translation>
    </message>
    <message>
        <source>%1: the environment&apos;s access token is sent as {{access_token}}; set that variable in Postman.</source>
        <translation>%1: het toegangstoken van de omgeving wordt verstuurd als {{access_token}}; stel die variabele in Postman in.</translation>
    </message>
    <message>
        <source>%1: the basic-auth password was left out.</source>
        <translation>%1: het basic-auth-wachtwoord is weggelaten.</translation>
    </message>
    <message>
        <source>%1: the value of form field “%2” was left out.</source>
        <translation>%1: de waarde van formulierveld “%2” is weggelaten.</translation>
    </message>
    <message>
        <source>%1: the value of header “%2” was left out.</source>
        <translation>%1: de waarde van header “%2” is weggelaten.</translation>
    </message>
    <message>
        <source>%1: the value of query parameter “%2” was left out.</source>
        <translation>%1: de waarde van queryparameter “%2” is weggelaten.</translation>
    </message>
    <message>
        <source>%1: Postman has no timeout per request; it was left out.</source>
        <translation>%1: Postman kent geen time-out per verzoek; deze is weggelaten.</translation>
    </message>
    <message>
        <source>Collection: the value of secret variable “%1” was left out.</source>
        <translation>Collectie: de waarde van geheime variabele “%1” is weggelaten.</translation>
    </message>
    <message>
        <source>%1: the value of secret variable “%2” was left out.</source>
        <translation>%1: de waarde van geheime variabele “%2” is weggelaten.</translation>
    </message>
    <message>
        <source>%1: the OAuth setup has no place in a Postman environment; it was left out.</source>
        <translation>%1: de OAuth-instellingen passen niet in een Postman-omgeving; ze zijn weggelaten.</translation>
    </message>
    <message>
        <source>%1: the sign-in settings have no place in a Postman environment; they were left out.</source>
        <translation>%1: de aanmeldinstellingen passen niet in een Postman-omgeving; ze zijn weggelaten.</translation>
    </message>
    <message>
        <source>%1: the API base URLs (%2) have no place in a Postman environment; they were left out.</source>
        <translation>%1: de API-basis-URL&apos;s (%2) passen niet in een Postman-omgeving; ze zijn weggelaten.</translation>
    </message>
    <message>
        <source>%1: Postman has no production mark; it was left out. Mark the environment again after importing it here.</source>
        <translation>%1: Postman kent geen productiemarkering; die is weggelaten. Markeer de omgeving opnieuw nadat je haar hier hebt geïmporteerd.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Workspace::PostmanImport</name>
    <message>
        <source>expected a list or an object</source>
        <translation>lijst of object verwacht</translation>
    </message>
    <message>
        <source>expected a string</source>
        <translation>tekst verwacht</translation>
    </message>
    <message>
        <source>Setting “%1” of the %2 auth was not imported.</source>
        <translation>Instelling “%1” van de %2-authenticatie is niet geïmporteerd.</translation>
    </message>
    <message>
        <source>“%1” uses variables the collection does not define (%2); fill it in in the environment.</source>
        <translation>“%1” gebruikt variabelen die de collectie niet definieert (%2); vul dit in bij de omgeving.</translation>
    </message>
    <message>
        <source>“%1” uses variables the collection does not define (%2); it was kept as written.</source>
        <translation>“%1” gebruikt variabelen die de collectie niet definieert (%2); het is overgenomen zoals het er stond.</translation>
    </message>
    <message>
        <source>Postman signed in without PKCE; Tokenscope uses PKCE (S256). Set it to “none” in the environment if the provider refuses it.</source>
        <translation>Postman meldde zich aan zonder PKCE; Tokenscope gebruikt PKCE (S256). Zet het in de omgeving op “none” als de provider het weigert.</translation>
    </message>
    <message>
        <source>Grant type “%1” is not supported; the environment was set to authorization code.</source>
        <translation>Grant type “%1” wordt niet ondersteund; de omgeving is ingesteld op authorization code.</translation>
    </message>
    <message>
        <source>The client secret is a variable the collection does not define (%1); enter it in the environment.</source>
        <translation>Het client secret is een variabele die de collectie niet definieert (%1); vul het in bij de omgeving.</translation>
    </message>
    <message>
        <source>The token Postman had was not imported: sign in again.</source>
        <translation>Het token dat Postman had is niet geïmporteerd: meld opnieuw aan.</translation>
    </message>
    <message>
        <source>Tokenscope makes a fresh random state for each sign-in.</source>
        <translation>Tokenscope maakt bij elke aanmelding een nieuwe willekeurige state.</translation>
    </message>
    <message>
        <source>Tokenscope makes a fresh PKCE verifier for each sign-in.</source>
        <translation>Tokenscope maakt bij elke aanmelding een nieuwe PKCE-verifier.</translation>
    </message>
    <message>
        <source>Extra token request parameters are not imported.</source>
        <translation>Extra parameters voor het tokenverzoek worden niet geïmporteerd.</translation>
    </message>
    <message>
        <source>Extra refresh request parameters are not imported.</source>
        <translation>Extra parameters voor het vernieuwverzoek worden niet geïmporteerd.</translation>
    </message>
    <message>
        <source>The password grant is not supported.</source>
        <translation>De password grant wordt niet ondersteund.</translation>
    </message>
    <message>
        <source>A separate refresh URL is not supported; tokens are refreshed at the access token URL.</source>
        <translation>Een aparte vernieuw-URL wordt niet ondersteund; tokens worden vernieuwd bij de access token URL.</translation>
    </message>
    <message>
        <source>expected an object</source>
        <translation>object verwacht</translation>
    </message>
    <message>
        <source>The bearer token was empty: the environment&apos;s access token is sent.</source>
        <translation>Het bearer-token was leeg: het toegangstoken van de omgeving wordt verstuurd.</translation>
    </message>
    <message>
        <source>The API key is sent as query parameter “%1” by each request that inherits it.</source>
        <translation>De API-sleutel wordt als queryparameter “%1” meegestuurd door elk verzoek dat hem erft.</translation>
    </message>
    <message>
        <source>The API key is sent as header “%1” by each request that inherits it.</source>
        <translation>De API-sleutel wordt als header “%1” meegestuurd door elk verzoek dat hem erft.</translation>
    </message>
    <message>
        <source>Auth type “%1” is not supported; no credential is sent. Set one up in Tokenscope.</source>
        <translation>Authenticatietype “%1” wordt niet ondersteund; er wordt geen inloggegeven verstuurd. Stel er een in Tokenscope in.</translation>
    </message>
    <message>
        <source>Settings of the unused auth type “%1” were not imported.</source>
        <translation>Instellingen van het ongebruikte authenticatietype “%1” zijn niet geïmporteerd.</translation>
    </message>
    <message>
        <source>The “%1” script was not imported: Tokenscope runs no scripts.</source>
        <translation>Het “%1”-script is niet geïmporteerd: Tokenscope voert geen scripts uit.</translation>
    </message>
    <message>
        <source>Postman&apos;s request setting “%1” was not imported.</source>
        <translation>Postman-verzoekinstelling “%1” is niet geïmporteerd.</translation>
    </message>
    <message>
        <source>Variables of a folder or request were not imported; only the collection&apos;s are.</source>
        <translation>Variabelen van een map of verzoek zijn niet geïmporteerd; alleen die van de collectie.</translation>
    </message>
    <message>
        <source>expected a list</source>
        <translation>lijst verwacht</translation>
    </message>
    <message>
        <source>folders nested deeper than %1 levels</source>
        <translation>mappen dieper genest dan %1 niveaus</translation>
    </message>
    <message>
        <source>Saved response examples (%1) were not imported.</source>
        <translation>Opgeslagen voorbeeldantwoorden (%1) zijn niet geïmporteerd.</translation>
    </message>
    <message>
        <source>neither a request (no “request”) nor a folder (no “item”)</source>
        <translation>geen verzoek (geen “request”) en geen map (geen “item”)</translation>
    </message>
    <message>
        <source>a variable without a key</source>
        <translation>een variabele zonder sleutel</translation>
    </message>
    <message>
        <source>Nothing was imported. Export the file again from Postman, or correct it.</source>
        <translation>Er is niets geïmporteerd. Exporteer het bestand opnieuw vanuit Postman, of corrigeer het.</translation>
    </message>
    <message>
        <source>“%1” is not part of what Tokenscope imports.</source>
        <translation>“%1” hoort niet bij wat Tokenscope importeert.</translation>
    </message>
    <message>
        <source>(collection)</source>
        <translation>(collectie)</translation>
    </message>
    <message>
        <source>“%1” could not be imported as a Postman collection</source>
        <translation>“%1” kon niet worden geïmporteerd als Postman-collectie</translation>
    </message>
    <message>
        <source>It is not valid JSON: %1 at byte %2.</source>
        <translation>Het is geen geldige JSON: %1 bij byte %2.</translation>
    </message>
    <message>
        <source>The document is not a JSON object.</source>
        <translation>Het document is geen JSON-object.</translation>
    </message>
    <message>
        <source>It is a Postman v1 collection. Export it from Postman as v2.1.</source>
        <translation>Het is een Postman-collectie v1. Exporteer hem vanuit Postman als v2.1.</translation>
    </message>
    <message>
        <source>info: missing; this is not a Postman collection.</source>
        <translation>info: ontbreekt; dit is geen Postman-collectie.</translation>
    </message>
    <message>
        <source>info.schema: “%1” is not the schema of a Postman collection v2.0 or v2.1.</source>
        <translation>info.schema: “%1” is niet het schema van een Postman-collectie v2.0 of v2.1.</translation>
    </message>
    <message>
        <source>item: expected a list</source>
        <translation>item: lijst verwacht</translation>
    </message>
    <message>
        <source>“%1” could not be imported as a Postman environment</source>
        <translation>“%1” kon niet worden geïmporteerd als Postman-omgeving</translation>
    </message>
    <message>
        <source>values: expected a list; this is not a Postman environment.</source>
        <translation>values: lijst verwacht; dit is geen Postman-omgeving.</translation>
    </message>
    <message>
        <source>name: expected a string</source>
        <translation>name: tekst verwacht</translation>
    </message>
    <message>
        <source>“%1” of a variable is not part of what Tokenscope imports.</source>
        <translation>“%1” van een variabele hoort niet bij wat Tokenscope importeert.</translation>
    </message>
    <message>
        <source>“%1” could not be read</source>
        <translation>“%1” kon niet worden gelezen</translation>
    </message>
    <message>
        <source>expected a string or an object</source>
        <translation>tekst of object verwacht</translation>
    </message>
    <message>
        <source>The description of query parameter “%1” was not kept.</source>
        <translation>De beschrijving van queryparameter “%1” is niet bewaard.</translation>
    </message>
    <message>
        <source>The description of path variable “%1” was not kept.</source>
        <translation>De beschrijving van padvariabele “%1” is niet bewaard.</translation>
    </message>
    <message>
        <source>expected a list or a string</source>
        <translation>lijst of tekst verwacht</translation>
    </message>
    <message>
        <source>The description of header “%1” was not kept.</source>
        <translation>De beschrijving van header “%1” is niet bewaard.</translation>
    </message>
    <message>
        <source>Form field “%1” named %2 files; only the first was kept.</source>
        <translation>Formulierveld “%1” noemde %2 bestanden; alleen het eerste is bewaard.</translation>
    </message>
    <message>
        <source>Form field “%1” names no file; choose one before sending.</source>
        <translation>Formulierveld “%1” noemt geen bestand; kies er een vóór het versturen.</translation>
    </message>
    <message>
        <source>Body option “%1” was not imported.</source>
        <translation>Body-optie “%1” is niet geïmporteerd.</translation>
    </message>
    <message>
        <source>The file body names no file; choose one before sending.</source>
        <translation>De bestandsbody noemt geen bestand; kies er een vóór het versturen.</translation>
    </message>
    <message>
        <source>The GraphQL body became a JSON body {&quot;query&quot;, &quot;variables&quot;}, as GraphQL over HTTP POST sends it.</source>
        <translation>De GraphQL-body is een JSON-body {&quot;query&quot;, &quot;variables&quot;} geworden, zoals GraphQL over HTTP POST die verstuurt.</translation>
    </message>
    <message>
        <source>Body mode “%1” is not known; no body was imported.</source>
        <translation>Body-modus “%1” is onbekend; er is geen body geïmporteerd.</translation>
    </message>
    <message>
        <source>The body was switched off in Postman: none is sent.</source>
        <translation>De body stond uit in Postman: er wordt geen verstuurd.</translation>
    </message>
    <message>
        <source>Proxy settings are not imported.</source>
        <translation>Proxy-instellingen worden niet geïmporteerd.</translation>
    </message>
    <message>
        <source>Client certificate settings are not imported.</source>
        <translation>Instellingen voor clientcertificaten worden niet geïmporteerd.</translation>
    </message>
    <message>
        <source>“%1” uses the secret variable %2, whose value is not put into an environment&apos;s settings; it was kept as written, fill it in in the environment.</source>
        <translation>“%1” gebruikt de geheime variabele %2, waarvan de waarde niet in de instellingen van een omgeving komt; het is overgenomen zoals het er staat, vul het in bij de omgeving.</translation>
    </message>
    <message>
        <source>“%1” uses the secret variable %2, whose value is not put into an environment&apos;s settings; fill it in in the environment.</source>
        <translation>“%1” gebruikt de geheime variabele %2, waarvan de waarde niet in de instellingen van een omgeving komt; vul het in bij de omgeving.</translation>
    </message>
    <message>
        <source>Setting “%1” has a form Tokenscope does not know (%2); it was not imported.</source>
        <translation>Instelling “%1” heeft een vorm die Tokenscope niet kent (%2); ze is niet geïmporteerd.</translation>
    </message>
    <message>
        <source>Setting “%1” held %2 values; only the first (“%3”) was imported.</source>
        <translation>Instelling “%1” had %2 waarden; alleen de eerste (“%3”) is geïmporteerd.</translation>
    </message>
    <message>
        <source>There is no client secret: the environment signs in as a public client (client authentication “none”), protected by PKCE.</source>
        <translation>Er is geen clientgeheim: de omgeving meldt zich aan als publieke client (clientauthenticatie “none”), beschermd door PKCE.</translation>
    </message>
    <message>
        <source>Postman signed in with the system browser through its callback %1, which cannot return to Tokenscope: the environment signs in in Tokenscope&apos;s window instead, with the same redirect URI. To use the system browser, have the provider allow a loopback redirect URI such as http://127.0.0.1/callback (RFC 8252 §7.3) and set it in the environment.</source>
        <translation>Postman meldde zich aan met de systeembrowser via zijn callback %1, die niet naar Tokenscope kan terugkeren: de omgeving meldt zich daarom aan in het venster van Tokenscope, met dezelfde redirect-URI. Wil je de systeembrowser gebruiken, laat de provider dan een loopback-redirect-URI toestaan zoals http://127.0.0.1/callback (RFC 8252 §7.3) en stel die in bij de omgeving.</translation>
    </message>
    <message>
        <source>(environment)</source>
        <translation>(omgeving)</translation>
    </message>
    <message>
        <source>Query parameter “%1” is in the URL but not among the query rows; it was kept, as Postman sends it.</source>
        <translation>Queryparameter “%1” staat in de URL maar niet tussen de queryrijen; hij is behouden, zoals Postman hem verstuurt.</translation>
    </message>
    <message>
        <source>The description of form field “%1” was not kept.</source>
        <translation>De beschrijving van formulierveld “%1” is niet bewaard.</translation>
    </message>
    <message>
        <source>The GraphQL “%1” was not imported: only the query, the variables and the operation name are sent.</source>
        <translation>De GraphQL-“%1” is niet geïmporteerd: alleen de query, de variabelen en de operatienaam worden verstuurd.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Workspace::PostmanWorkspace</name>
    <message>
        <source>The file “%1” could not be read</source>
        <translation>Het bestand “%1” kon niet worden gelezen</translation>
    </message>
    <message>
        <source>The file “%1” is not a Postman collection or environment</source>
        <translation>Het bestand “%1” is geen Postman-collectie of -omgeving</translation>
    </message>
    <message>
        <source>It does not hold a JSON object.</source>
        <translation>Het bevat geen JSON-object.</translation>
    </message>
    <message>
        <source>Export the collection or environment from Postman as a JSON file (v2.1).</source>
        <translation>Exporteer de collectie of omgeving uit Postman als JSON-bestand (v2.1).</translation>
    </message>
    <message>
        <source>It has neither the &quot;info&quot; and &quot;item&quot; of a collection nor the &quot;values&quot; of an environment.</source>
        <translation>Het heeft niet de &quot;info&quot; en &quot;item&quot; van een collectie en ook niet de &quot;values&quot; van een omgeving.</translation>
    </message>
    <message>
        <source>A secret of the imported collection could not be saved in the keychain</source>
        <translation>Een geheim van de geïmporteerde collectie kon niet in de sleutelhanger worden opgeslagen</translation>
    </message>
    <message>
        <source>Set its value again under the collection&apos;s variables.</source>
        <translation>Vul de waarde opnieuw in bij de variabelen van de collectie.</translation>
    </message>
</context>
<context>
    <name>Tokenscope::Workspace::SupportReport</name>
    <message>
        <source>(not set)</source>
        <translation>(niet ingesteld)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nee</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versies</translation>
    </message>
    <message>
        <source>Tokenscope</source>
        <translation>Tokenscope</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation>%1 (gebouwd met %2)</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>Besturingssysteem</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Omgeving</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Grant</source>
        <translation>Grant</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <source>Authorization endpoint</source>
        <translation>Authorization endpoint</translation>
    </message>
    <message>
        <source>Token endpoint</source>
        <translation>Token endpoint</translation>
    </message>
    <message>
        <source>Device authorization endpoint</source>
        <translation>Device authorization endpoint</translation>
    </message>
    <message>
        <source>Pushed authorization request endpoint</source>
        <translation>Pushed authorization request endpoint</translation>
    </message>
    <message>
        <source>Always use pushed authorization requests</source>
        <translation>Altijd pushed authorization requests gebruiken</translation>
    </message>
    <message>
        <source>Key set (JWKS) URI</source>
        <translation>Sleutelset-URI (JWKS)</translation>
    </message>
    <message>
        <source>Revocation endpoint</source>
        <translation>Revocation endpoint</translation>
    </message>
    <message>
        <source>Introspection endpoint</source>
        <translation>Introspection endpoint</translation>
    </message>
    <message>
        <source>UserInfo endpoint</source>
        <translation>UserInfo endpoint</translation>
    </message>
    <message>
        <source>End session endpoint</source>
        <translation>End session endpoint</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>Client ID</translation>
    </message>
    <message>
        <source>Client authentication method</source>
        <translation>Clientauthenticatiemethode</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Client secret</translation>
    </message>
    <message>
        <source>(kept in the keychain, not included)</source>
        <translation>(bewaard in de sleutelhanger, niet opgenomen)</translation>
    </message>
    <message>
        <source>Scopes</source>
        <translation>Scopes</translation>
    </message>
    <message>
        <source>Redirect URI</source>
        <translation>Redirect URI</translation>
    </message>
    <message>
        <source>Response mode</source>
        <translation>Response mode</translation>
    </message>
    <message>
        <source>PKCE method</source>
        <translation>PKCE-methode</translation>
    </message>
    <message>
        <source>Token parameters in the URL query</source>
        <translation>Tokenparameters in de URL-query</translation>
    </message>
    <message>
        <source>Issuer required in the authorization response</source>
        <translation>Issuer vereist in het autorisatieantwoord</translation>
    </message>
    <message>
        <source>Extra authorization parameter %1</source>
        <translation>Extra autorisatieparameter %1</translation>
    </message>
    <message>
        <source>Trusted certificate (SHA-256)</source>
        <translation>Vertrouwd certificaat (SHA-256)</translation>
    </message>
    <message>
        <source>API base URL</source>
        <translation>API-basis-URL</translation>
    </message>
    <message>
        <source>Sign-in browser</source>
        <translation>Browser voor aanmelden</translation>
    </message>
    <message>
        <source>system browser</source>
        <translation>systeembrowser</translation>
    </message>
    <message>
        <source>embedded window</source>
        <translation>ingebouwd venster</translation>
    </message>
    <message>
        <source>Variable %1</source>
        <translation>Variabele %1</translation>
    </message>
    <message>
        <source>(secret, not included)</source>
        <translation>(geheim, niet opgenomen)</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>Geen.</translation>
    </message>
    <message numerus="yes">
        <source>An opaque token of %n characters (not included).</source>
        <translation>
            <numerusform>Een opaque token van %n teken (niet opgenomen).</numerusform>
            <numerusform>Een opaque token van %n tekens (niet opgenomen).</numerusform>
        </translation>
    </message>
    <message>
        <source>A JWT; its header and claims follow. The token itself and its signature are not included.</source>
        <translation>Een JWT; de header en claims volgen. Het token zelf en de handtekening ervan zijn niet opgenomen.</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>The environment holds no tokens.</source>
        <translation>De omgeving heeft geen tokens.</translation>
    </message>
    <message>
        <source>Token type</source>
        <translation>Tokentype</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Uitgegeven</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>onbekend</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Verloopt</translation>
    </message>
    <message>
        <source>Requested scopes</source>
        <translation>Aangevraagde scopes</translation>
    </message>
    <message>
        <source>Granted scopes</source>
        <translation>Toegekende scopes</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Access token</translation>
    </message>
    <message>
        <source>ID token</source>
        <translation>ID token</translation>
    </message>
    <message>
        <source>Refresh token</source>
        <translation>Refresh token</translation>
    </message>
    <message>
        <source>Authorization request</source>
        <translation>Autorisatieverzoek</translation>
    </message>
    <message>
        <source>Redirect received</source>
        <translation>Redirect ontvangen</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Verzoek</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Antwoord</translation>
    </message>
    <message>
        <source>Failure</source>
        <translation>Fout</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notitie</translation>
    </message>
    <message numerus="yes">
        <source>(%n bytes of binary data)</source>
        <translation>
            <numerusform>(%n byte binaire gegevens)</numerusform>
            <numerusform>(%n bytes binaire gegevens)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(cut: %n bytes in all)</source>
        <translation>
            <numerusform>(ingekort: %n byte in totaal)</numerusform>
            <numerusform>(ingekort: %n bytes in totaal)</numerusform>
        </translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Tijdlijn</translation>
    </message>
    <message>
        <source>Nothing was recorded.</source>
        <translation>Er is niets vastgelegd.</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Tijd</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Stap</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>Duur</translation>
    </message>
    <message>
        <source>Exchanges</source>
        <translation>Uitwisselingen</translation>
    </message>
    <message>
        <source>%1. Request: %2 %3</source>
        <translation>%1. Verzoek: %2 %3</translation>
    </message>
    <message>
        <source>%1. Response: HTTP %2</source>
        <translation>%1. Antwoord: HTTP %2</translation>
    </message>
    <message>
        <source>Tokenscope support report</source>
        <translation>Tokenscope-supportrapport</translation>
    </message>
    <message>
        <source>Created %1. Secrets are masked or left out: no client secret, token, code or code verifier is in this report.</source>
        <translation>Gemaakt op %1. Geheimen zijn gemaskeerd of weggelaten: er staat geen client secret, token, code of code verifier in dit rapport.</translation>
    </message>
    <message>
        <source>No environment is selected.</source>
        <translation>Er is geen omgeving geselecteerd.</translation>
    </message>
    <message>
        <source>Last error shown</source>
        <translation>Laatst getoonde fout</translation>
    </message>
    <message>
        <source>Plain HTTP allowed for tokens</source>
        <translation>Gewoon HTTP toegestaan voor tokens</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Explore OAuth-protected APIs.</source>
        <translation>Verken API&apos;s die met OAuth zijn beveiligd.</translation>
    </message>
    <message>
        <source>Use the workspace in &lt;directory&gt;.</source>
        <translation>Gebruik de werkruimte in &lt;map&gt;.</translation>
    </message>
    <message>
        <source>directory</source>
        <translation>map</translation>
    </message>
    <message>
        <source>Add and select the &quot;Local demo&quot; environment for the demo provider at &lt;url&gt;.</source>
        <translation>Voeg de omgeving &quot;Lokale demo&quot; voor de demoprovider op &lt;url&gt; toe en selecteer deze.</translation>
    </message>
    <message>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <source>Quit once the window is shown (start-up timing).</source>
        <translation>Sluit af zodra het venster wordt getoond (opstarttijd meten).</translation>
    </message>
    <message>
        <source>Check that the sign-in component (Qt WebEngine) loads and that the keychain keeps secrets, then quit. Exit status 0: the sign-in component loads (a keychain that cannot be used is reported, not counted as a fault of the installation); 1: it is missing or broken.</source>
        <translation>Controleer of de aanmeldcomponent (Qt WebEngine) laadt en of de sleutelhanger secrets bewaart, en stop dan. Afsluitstatus 0: de aanmeldcomponent laadt (een sleutelhanger die niet bruikbaar is wordt gemeld, maar niet als fout van de installatie geteld); 1: die ontbreekt of is defect.</translation>
    </message>
    <message>
        <source>A sign-in answer from the system browser (a private-use redirect URI such as com.example.app:/callback): it is handed to the Tokenscope that is running.</source>
        <translation>Een aanmeldantwoord van de systeembrowser (een redirect URI met een eigen scheme, zoals com.example.app:/callback): het wordt doorgegeven aan de Tokenscope die al draait.</translation>
    </message>
</context>
</TS>
