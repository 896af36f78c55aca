package org.acmedelegate.http;

import static org.acmedelegate.http.UpdateApiIT.OTHER_TXT;
import static org.acmedelegate.http.UpdateApiIT.TXT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays registration and update requests shaped as the common acme-dns clients send them (method,
 * path, header names and order, Content-Type, key case, spacing), on one keep-alive connection each,
 * and reads the reply the way each client does.
 */
class ClientCompatibilityIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final RunningApi api = RunningApi.perClass();

    private static String host() {
        return "127.0.0.1:" + api.app.port();
    }

    private record Account(String username, String password, String subdomain, String fulldomain) {
        RunningApi.Registered registered() {
            return new RunningApi.Registered(username, password, fulldomain, subdomain);
        }
    }

    private static Account fromJson(RawHttpConnection.Response response) throws Exception {
        assertThat(response.status()).isEqualTo(201);
        JsonNode node = JSON.readTree(response.body());
        return new Account(
                node.get("username").asText(),
                node.get("password").asText(),
                node.get("subdomain").asText(),
                node.get("fulldomain").asText());
    }

    // acme.sh reads each field with: sed -n 's/^{.*"<key>":[ ]*"\([^"]*\)".*}/\1/p'
    private static String acmeShSed(String body, String key) {
        Matcher m =
                Pattern.compile("^\\{.*\"" + key + "\":[ ]*\"([^\"]*)\".*}$").matcher(body);
        return m.matches() ? m.group(1) : "";
    }

    @Test
    void acmeShRegistersAndUpdatesWithAFormContentTypeAndSedParsing() {
        try (RawHttpConnection curl = new RawHttpConnection(api.app.port())) {
            String common = "Host: " + host()
                    + "\r\nUser-Agent: acme.sh/3.1.0 (https://github.com/acmesh-official/acme.sh)\r\nAccept: */*\r\n";
            RawHttpConnection.Response registered = curl.exchange(
                    "POST /register HTTP/1.1\r\n" + common + "Content-Type: application/x-www-form-urlencoded\r\n", "");
            assertThat(registered.status()).isEqualTo(201);
            String body = registered.body();
            Account account = new Account(
                    acmeShSed(body, "username"),
                    acmeShSed(body, "password"),
                    acmeShSed(body, "subdomain"),
                    acmeShSed(body, "fulldomain"));
            assertThat(account.password()).hasSize(40);
            assertThat(account.fulldomain()).isEqualTo(account.subdomain() + ".auth.example.org");

            RawHttpConnection.Response updated = curl.exchange(
                    "POST /update HTTP/1.1\r\n" + common
                            + "X-Api-User: " + account.username() + "\r\nX-Api-Key: " + account.password() + "\r\n"
                            + "Content-Type: application/x-www-form-urlencoded\r\n",
                    "{\"subdomain\":\"" + account.subdomain() + "\", \"txt\": \"" + TXT + "\"}");

            assertThat(updated.status()).isEqualTo(200);
            assertThat(updated.body()).contains("\"" + TXT + "\"");
            assertThat(api.txtAt(account.registered())).containsExactly(TXT);
        }
    }

    @Test
    void oldGoacmednsAsUsedByCertManagerSendsCapitalisedKeys() throws Exception {
        try (RawHttpConnection go = new RawHttpConnection(api.app.port())) {
            String common = "Host: " + host() + "\r\nUser-Agent: goacmedns (linux; amd64)\r\n";
            Account account = fromJson(go.exchange(
                    "POST /register HTTP/1.1\r\n" + common
                            + "Content-Type: application/json\r\nAccept-Encoding: gzip\r\n",
                    "{\"AllowFrom\":[\"127.0.0.0/8\",\"::1/128\"]}"));

            RawHttpConnection.Response updated = go.exchange(
                    "POST /update HTTP/1.1\r\n" + common
                            + "Content-Type: application/json\r\nX-Api-Key: " + account.password() + "\r\nX-Api-User: "
                            + account.username() + "\r\nAccept-Encoding: gzip\r\n",
                    "{\"SubDomain\":\"" + account.subdomain() + "\",\"Txt\":\"" + TXT + "\"}");

            assertThat(updated.status()).isEqualTo(200);
            assertThat(api.txtAt(account.registered())).containsExactly(TXT);
        }
    }

    @Test
    void legoAndTraefikThroughNewGoacmednsSendLowerCaseKeys() throws Exception {
        try (RawHttpConnection go = new RawHttpConnection(api.app.port())) {
            String common = "Host: " + host() + "\r\nUser-Agent: goacmedns (linux; amd64)\r\n"
                    + "Content-Type: application/json\r\n";
            Account account =
                    fromJson(go.exchange("POST /register HTTP/1.1\r\n" + common + "Accept-Encoding: gzip\r\n", ""));

            RawHttpConnection.Response first = go.exchange(
                    "POST /update HTTP/1.1\r\n" + common
                            + "X-Api-Key: " + account.password() + "\r\nX-Api-User: " + account.username()
                            + "\r\nAccept-Encoding: gzip\r\n",
                    "{\"subdomain\":\"" + account.subdomain() + "\",\"txt\":\"" + TXT + "\"}");
            RawHttpConnection.Response second = go.exchange(
                    "POST /update HTTP/1.1\r\n" + common
                            + "X-Api-Key: " + account.password() + "\r\nX-Api-User: " + account.username()
                            + "\r\nAccept-Encoding: gzip\r\n",
                    "{\"subdomain\":\"" + account.subdomain() + "\",\"txt\":\"" + OTHER_TXT + "\"}");

            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            // A wildcard and its base name need two live values at once.
            assertThat(api.txtAt(account.registered())).containsExactly(OTHER_TXT, TXT);
        }
    }

    @Test
    void caddyWithATrailingSlashInItsServerUrlPostsToDoubleSlashUpdate() {
        RunningApi.Registered account = api.register();
        try (RawHttpConnection caddy = new RawHttpConnection(api.app.port())) {
            RawHttpConnection.Response updated = caddy.exchange(
                    "POST //update HTTP/1.1\r\nHost: " + host()
                            + "\r\nUser-Agent: Go-http-client/1.1\r\nContent-Type: application/json\r\nX-Api-Key: "
                            + account.password() + "\r\nX-Api-User: " + account.username()
                            + "\r\nAccept-Encoding: gzip\r\n",
                    "{\"subdomain\":\"" + account.subdomain() + "\",\"txt\":\"" + TXT + "\"}");

            assertThat(updated.status()).isEqualTo(200);
            assertThat(api.txtAt(account)).containsExactly(TXT);
        }
    }

    @Test
    void certbotHookRegistersWithoutContentTypeAndUpdatesWithSpacedJson() throws Exception {
        try (RawHttpConnection requests = new RawHttpConnection(api.app.port())) {
            String common = "Host: " + host() + "\r\nUser-Agent: python-requests/2.31.0\r\n"
                    + "Accept-Encoding: gzip, deflate\r\nAccept: */*\r\nConnection: keep-alive\r\n";
            Account plain = fromJson(requests.exchange("POST /register HTTP/1.1\r\n" + common, ""));
            Account restricted = fromJson(
                    requests.exchange("POST /register HTTP/1.1\r\n" + common, "{\"allowfrom\": [\"127.0.0.0/8\"]}"));

            RawHttpConnection.Response updated = requests.exchange(
                    "POST /update HTTP/1.1\r\n" + common
                            + "X-Api-User: " + restricted.username() + "\r\nX-Api-Key: " + restricted.password()
                            + "\r\nContent-Type: application/json\r\n",
                    "{\"subdomain\": \"" + restricted.subdomain() + "\", \"txt\": \"" + TXT + "\"}");

            assertThat(plain.username()).isNotEqualTo(restricted.username());
            assertThat(updated.status()).isEqualTo(200);
            assertThat(api.txtAt(restricted.registered())).containsExactly(TXT);
        }
    }

    @Test
    void windowsPowerShellPoshAcmeSendsExpectContinueAndAFormContentType() throws Exception {
        try (RawHttpConnection ps = new RawHttpConnection(api.app.port())) {
            String agent =
                    "User-Agent: Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041\r\n";
            Account account = fromJson(ps.exchange(
                    "POST /register HTTP/1.1\r\n" + agent
                            + "Content-Type: application/json\r\nHost: " + host() + "\r\nExpect: 100-continue\r\n"
                            + "Connection: Keep-Alive\r\n",
                    "{}"));

            RawHttpConnection.Response updated = ps.exchange(
                    "POST /update HTTP/1.1\r\nX-Api-User: "
                            + account.username() + "\r\nX-Api-Key: " + account.password() + "\r\n" + agent
                            + "Content-Type: application/x-www-form-urlencoded\r\nHost: " + host()
                            + "\r\nExpect: 100-continue\r\n",
                    "{\"txt\":\"" + TXT + "\",\"subdomain\":\"" + account.subdomain() + "\"}");

            assertThat(updated.status()).isEqualTo(200);
            assertThat(api.txtAt(account.registered())).containsExactly(TXT);
        }
    }

    @Test
    void poshAcmeRegistersWithAllowfrom() throws Exception {
        try (RawHttpConnection ps = new RawHttpConnection(api.app.port())) {
            RawHttpConnection.Response response = ps.exchange(
                    "POST /register HTTP/1.1\r\nUser-Agent: "
                            + "Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.19045; en-US) PowerShell/7.4.1\r\n"
                            + "Content-Type: application/json\r\nHost: " + host() + "\r\n",
                    "{\"allowfrom\":[\"192.168.100.1/24\",\"2002:c0a8:2a00::0/40\"]}");

            assertThat(response.status()).isEqualTo(201);
            assertThat(JSON.readTree(response.body()).get("allowfrom")).hasSize(2);
            assertThat(response.body()).contains("\"192.168.100.0/24\"", "\"2002:c0a8:2a00::/40\"");
        }
    }

    @Test
    void winAcmeRegistersWithAnEmptyTextBodyAndUpdatesWithJsonCharset() throws Exception {
        try (RawHttpConnection dotnet = new RawHttpConnection(api.app.port())) {
            Account account = fromJson(dotnet.exchange(
                    "POST /register HTTP/1.1\r\nHost: " + host()
                            + "\r\nUser-Agent: win-acme/2.2.9.1701\r\nContent-Type: text/plain; charset=utf-8\r\n",
                    ""));

            RawHttpConnection.Response updated = dotnet.exchange(
                    "POST /update HTTP/1.1\r\nHost: " + host()
                            + "\r\nX-Api-User: " + account.username() + "\r\nX-Api-Key: " + account.password()
                            + "\r\nAuthorization: Basic dXNlcjpwYXNz\r\nUser-Agent: win-acme/2.2.9.1701\r\n"
                            + "Content-Type: application/json; charset=utf-8\r\n",
                    "{\"subdomain\":\"" + account.subdomain() + "\",\"txt\":\"" + TXT + "\"}");

            assertThat(updated.status()).isEqualTo(200);
            assertThat(api.txtAt(account.registered())).containsExactly(TXT);
        }
    }

    @Test
    void headerNamesMatchWhateverTheirCase() {
        RunningApi.Registered account = api.register();
        try (RawHttpConnection client = new RawHttpConnection(api.app.port())) {
            RawHttpConnection.Response updated = client.exchange(
                    "POST /update/ HTTP/1.1\r\nhost: " + host()
                            + "\r\nx-api-user: " + account.username() + "\r\nX-API-KEY: " + account.password()
                            + "\r\ncontent-type: application/json\r\n",
                    account.updateBody(TXT));

            assertThat(updated.status()).isEqualTo(200);
        }
    }

    @Test
    void aWrongKeyWithExpectContinueIsRefusedWithoutWaitingForTheBody() {
        RunningApi.Registered account = api.register();
        try (RawHttpConnection ps = new RawHttpConnection(api.app.port())) {
            RawHttpConnection.Response refused = ps.exchange(
                    "POST /update HTTP/1.1\r\nHost: " + host()
                            + "\r\nX-Api-User: " + account.username() + "\r\nX-Api-Key: wrong\r\n"
                            + "Content-Type: application/json\r\nExpect: 100-continue\r\n",
                    account.updateBody(TXT));

            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body()).isEqualTo("{\"error\":\"forbidden\"}");
        }
    }
}
