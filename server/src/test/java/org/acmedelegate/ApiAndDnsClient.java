package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * What a client of one running server sees, for the fault ITs: {@code /register}, {@code /update},
 * {@code /ready} over HTTP, TXT answers over UDP, and what the database file holds afterwards.
 */
final class ApiAndDnsClient {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String host;
    private final IntSupplier apiPort;
    private final Supplier<InetSocketAddress> dns;

    ApiAndDnsClient(AcmeDelegate server) {
        this("127.0.0.1", server::apiPort, () -> server.dnsUdpAddresses().get(0));
    }

    /** A client of the server whose API listens on {@code host:apiPort} and DNS on {@code dns}. */
    ApiAndDnsClient(String host, IntSupplier apiPort, Supplier<InetSocketAddress> dns) {
        this.host = host;
        this.apiPort = apiPort;
        this.dns = dns;
    }

    /** Credentials as {@code /register} answered them. */
    record Account(String username, String password, String subdomain, String fulldomain) {}

    /** A distinct, valid TXT value (43 base64url characters) for each {@code n}. */
    static String value(int n) {
        return "v" + String.format("%042d", n);
    }

    HttpResponse<String> postRegister() throws IOException, InterruptedException {
        return send(request("/register").POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code POST /register} with a JSON {@code body}, such as {@code {"tsig": true}}. */
    HttpResponse<String> postRegister(String body) throws IOException, InterruptedException {
        return send(request("/register").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Account register() throws IOException, InterruptedException {
        HttpResponse<String> response = postRegister();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return account(response);
    }

    Account account(HttpResponse<String> registered) throws IOException {
        JsonNode body = json.readTree(registered.body());
        return new Account(
                body.get("username").asText(),
                body.get("password").asText(),
                body.get("subdomain").asText(),
                body.get("fulldomain").asText());
    }

    HttpResponse<String> update(Account account, String value) throws IOException, InterruptedException {
        return send(request("/update")
                .header("X-Api-User", account.username())
                .header("X-Api-Key", account.password())
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"subdomain\":\"" + account.subdomain() + "\",\"txt\":\"" + value + "\"}")));
    }

    HttpResponse<String> ready() throws IOException, InterruptedException {
        return send(request("/ready").GET());
    }

    /** Polls {@code /ready} until its reply matches, or fails after {@code within}. */
    HttpResponse<String> awaitReady(Predicate<HttpResponse<String>> matches, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        HttpResponse<String> last = ready();
        while (!matches.test(last)) {
            assertThat(System.nanoTime())
                    .as("/ready still answers %d %s", last.statusCode(), last.body())
                    .isLessThan(deadline);
            Thread.sleep(50);
            last = ready();
        }
        return last;
    }

    /** The TXT values DNS answers for the account's name now, over UDP. */
    List<String> txt(Account account) throws IOException {
        Name name = Name.fromString(account.fulldomain() + ".");
        Message answer = DnsTestClient.udp(dns.get(), DnsTestClient.query(name, Type.TXT));
        return DnsTestClient.txt(answer);
    }

    /** Usernames stored in the database file (read with a connection of the test's own). */
    static Set<String> storedUsernames(Path db) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement().executeQuery("SELECT username FROM accounts")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The TXT values stored in the database file, by subdomain. */
    static Map<String, Set<String>> storedValues(Path db) throws SQLException {
        Map<String, Set<String>> values = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement().executeQuery("SELECT subdomain, value FROM txt_values")) {
            while (rs.next()) {
                values.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
            }
        }
        return values;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://" + host + ":" + apiPort.getAsInt() + path))
                .timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
