<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>Tokenscope::Http::NetworkClient</name>
    <message>
        <source>The response was larger than the limit for this request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No response within the time limit.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokenscope::Http::RequestSender</name>
    <message>
        <source>The request uses variables that are not defined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Define them in the environment, or remove the {{…}} placeholders.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The URL is not a valid http or https address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the full address, for example https://api.example.com/v1/items.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request could not be completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the server is up, or raise the timeout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the address, your network and the proxy settings.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::AuthorizationCodeFlow</name>
    <message>
        <source>Sign-in cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authorization request (PKCE S256, state%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, nonce</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redirect intercepted (not loaded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State matched; redeeming the code</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::Callback</name>
    <message>
        <source>The sign-in was declined, or the account may not use this client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The code or refresh token is expired, already used or revoked, or the redirect URI differs from the one used to get it. Sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider did not accept the client id or secret. Check them, and the client authentication method, in the environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A requested scope is unknown or not allowed for this client. Check the scopes in the environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This client may not use this grant. Check the client&apos;s registration at the provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider found the request malformed. Check the endpoints, redirect URI and extra parameters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider does not allow the code flow for this client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider had an internal error. Try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider is overloaded or in maintenance. Try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider needs you to sign in interactively.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider needs your consent for the requested scopes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing from this response was used. Start the sign-in again; if it keeps happening, another application or page may be answering on the redirect URI.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The response did not arrive at the registered redirect URI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization response repeats the parameter “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This authorization response was already used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization response has no state parameter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization response carries a state that was never sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization response answers another sign-in (state does not match)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The response comes from another issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected “%1”, received “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider promised an iss parameter in its responses, and this one has none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider refused the sign-in: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization response has no code</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::TokenClient</name>
    <message>
        <source>Token request (authorization code)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token request (refresh)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::TokenResponse</name>
    <message>
        <source>The token endpoint did not answer in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the provider is reachable, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token endpoint sent an oversized response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the token endpoint URL in the environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not reach the token endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the token endpoint URL, your network, proxy and TLS settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token endpoint answered with a redirect (HTTP %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token requests are not followed to other addresses. Use the final token endpoint URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token endpoint refused the request: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token endpoint answered HTTP %1 with a web page instead of JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The URL may point at a login page or a proxy. Check the token endpoint URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token endpoint answered HTTP %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider has a problem. Try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the token endpoint URL and the client settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token endpoint answered with an empty body</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token endpoint answered with a web page instead of JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token endpoint&apos;s answer is not JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token endpoint&apos;s answer is not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token response has no access_token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider did not issue a token; check the grant and client settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token response has no token_type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RFC 6749 §5.1 requires it; the provider&apos;s response is malformed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token type “%1” is not supported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenscope sends Bearer tokens only (RFC 6750).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token response has an invalid expires_in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires_in must be a whole number of seconds.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokenscope::OAuth::TokenSession</name>
    <message>
        <source>This environment has no client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client authentication method %1 needs one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the client secret in the environment, or choose “none” for a public client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client secret could not be read from the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock the keychain and try again, or enter the secret again for this session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in window is gone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh token saved in the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The refresh token could not be saved in the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is kept in memory for this session only; you will need to sign in again after a restart. Nothing was written to disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no refresh token for this environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Get a new access token by signing in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The refresh token could not be read from the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock the keychain and try again, or sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The refresh token was revoked, has expired, or was already used. Sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A sign-in is in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish signing in, then send again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The refresh token could not be removed from the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the entry “%1” by hand in your keychain.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokenscope::Secrets::KeychainSecretStore</name>
    <message>
        <source>macOS Keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Windows Credential Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret Service</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokenscope::Secrets::MemorySecretStore</name>
    <message>
        <source>memory only</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokenscope::Secrets::SessionSecretStore</name>
    <message>
        <source>memory only (keychain unavailable)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::EmbeddedLoginAgent</name>
    <message>
        <source>The sign-in component (%1) is not installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The embedded sign-in window could not be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reinstall Tokenscope; the Qt WebEngine component may be missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again, or check the provider&apos;s status.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::EnvironmentDialog</name>
    <message>
        <source>Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZorgAPIs sandbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OAuth 2.0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Issuer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://auth.example.com/realms/example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compared exactly with the iss parameter the provider sends back (RFC 9207).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Authorization endpoint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://auth.example.com/…/auth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Token endpoint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://auth.example.com/…/token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Client ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client a&amp;uthentication:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client &amp;secret:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sho&amp;w</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sco&amp;pes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>openid profile offline_access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space separated, sent as written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redirect URI:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://oauth.pstmn.io/v1/browser-callback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exactly as registered at the provider. Tokenscope intercepts it in the sign-in window and never loads it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider always sends &amp;iss in its responses (RFC 9207)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Variables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use them as {{name}} in URLs, headers and bodies.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;dd variable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;emove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret in Basic header (client_secret_basic)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret in request body (client_secret_post)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None: public client with PKCE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not used by a public client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored in the keychain; type to replace it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored in the keychain, never in a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the environment a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization endpoint must be a full http or https address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token endpoint must be a full http or https address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the client ID registered at the provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the redirect URI exactly as registered at the provider.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::EnvironmentListModel</name>
    <message>
        <source>(unnamed)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::FlowLogModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::LoginWindow</name>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page loading progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in page&apos;s certificate is not trusted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in page stopped working</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The browser process ended (code %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in did not finish in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>No redirect arrived within %n minute(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Secure connection (HTTPS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not encrypted: a local address on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not secure: this page is not using HTTPS</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::MainWindow</name>
    <message>
        <source>Environment and token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Environments&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;dit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain is not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
Refresh tokens and client secrets are kept in memory for this session only and are never written to disk. Unlock or install a keychain (Secret Service, KWallet) and they will be saved again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Get New Access Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in at the provider and get new tokens (Ctrl+Shift+T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the refresh token to get a new access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Forget Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop this environment&apos;s tokens from memory and its refresh token from the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Environment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit Environment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Tokenscope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Tokenscope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Tokenscope %1&lt;/h3&gt;&lt;p&gt;Explore OAuth-protected APIs: get, keep, refresh and understand tokens.&lt;/p&gt;&lt;p&gt;Refresh tokens and client secrets are kept in your system keychain only.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in; new tokens received.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access token refreshed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:gray&quot;&gt;No environment: create one to start&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish signing in in the sign-in window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refreshing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:gray&quot;&gt;○ No access token&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Get a new access token to sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expiry unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired %1 ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n scope(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Granted scopes: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requested but not granted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh token held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secrets: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no environment to sign in to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create an environment first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens forgotten.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API refused the access token (invalid_token)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It may have expired or been revoked. Refresh it or get a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API refused access (HTTP %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token may lack a scope or role this call needs. Compare the granted scopes (hover the token status) with what the API requires.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove “%1”? Its tokens and the client secret in the keychain are removed too.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::RequestEditor</name>
    <message>
        <source>&amp;Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach the environment&apos;s access token (Authorization: Bearer …)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://api.example.com/v1/items  or  {{baseUrl}}/items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the request (Ctrl+Return)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request body (JSON by default; set Content-Type in Headers otherwise)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request body</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token comes from the environment selected in the top bar and is refreshed automatically when it is about to expire.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Body</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not defined in this environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL as it will be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokenscope::Ui::ResponseViewer</name>
    <message>
        <source>Send a request to see the response here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response body</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline of the exchanges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a step to see what was sent and received. Tokens and secrets are masked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Body</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time from sending the request to the last byte of the response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Formatting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details of the selected step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokenscope::Workspace</name>
    <message>
        <source>The file is not a Tokenscope workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace was written by a newer Tokenscope (format %1); this version reads format %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace could not be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the permissions of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at byte %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file does not hold a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace file could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It was kept as %1. Tokenscope started with an empty workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix or move %1; until then changes cannot be saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace was not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be read and is kept as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix or move the file, then restart Tokenscope.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace could not be saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the permissions of the folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the free disk space and permissions.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokenscope::Workspace::AppSession</name>
    <message>
        <source>The client secret could not be saved in the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is kept in memory for this session only. Nothing was written to disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local demo</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Explore OAuth-protected APIs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the workspace in &lt;directory&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add and select the &quot;Local demo&quot; environment for the demo provider at &lt;url&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>url</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit once the window is shown (start-up timing).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the sign-in component (Qt WebEngine) loads, then quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in component: ok</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
