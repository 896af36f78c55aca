package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.acmedelegate.store.PostgresPerClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Two nodes on one real PostgreSQL database: a TSIG key created, rotated or removed through node 1's admin
 * API takes effect for RFC 2136 UPDATEs sent to node 2 within a second, without any request to node 2
 * first (the key change is announced on the change feed's connection, not found by polling).
 */
class ClusterTsigKeysIT {
    private static final Name ZONE = Name.fromConstantString("auth.example.org.");
    private static final String TOKEN = "admin-token-0123456789abcdef0123";
    private static final Duration PROMPTLY = Duration.ofSeconds(1);

    @RegisterExtension
    static final PostgresPerClass POSTGRES = new PostgresPerClass();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private AcmeDelegate a;
    private AcmeDelegate b;
    private int value;

    @BeforeEach
    void startTwoNodes() throws Exception {
        PostgresNodes nodes = new PostgresNodes(POSTGRES.server().newDatabase(), dir);
        // The polls below send UPDATEs with a key node 2 does not have yet: not a client to lock out.
        String limits = "[limits]\nauth_failures = \"off\"\n";
        a = nodes.start(1, "", limits + "[admin]\nlisten = \"127.0.0.1:0\"\ntoken = \"" + TOKEN + "\"\n");
        b = nodes.start(2, "", limits);
    }

    @AfterEach
    void stopNodes() {
        for (AcmeDelegate node : new AcmeDelegate[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
    }

    private JsonNode adminOnA(String method, String path, int status) throws Exception {
        return adminOnA(method, path, null, status);
    }

    private JsonNode adminOnA(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.adminPort() + path))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : json.readTree(r.body());
    }

    private JsonNode registerOnA(String body) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.apiPort() + "/register"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json.readTree(r.body());
    }

    private static TSIG tsig(Name key, String secret) {
        return new TSIG(
                TSIG.HMAC_SHA256,
                key,
                new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"),
                Clock.systemUTC());
    }

    /** The rcode and TSIG error node 2 answers to an UPDATE adding a new value, signed with {@code name}/{@code secret}. */
    private int[] updateOnB(Name name, String secret) throws Exception {
        Update u = new Update(ZONE);
        u.add(name, Type.TXT, 60, ApiAndDnsClient.value(++value));
        u.setTSIG(tsig(name, secret));
        InetSocketAddress dns = b.dnsUdpAddresses().get(0);
        Message reply = new Message(DnsTestClient.udpBytes(dns, u.toWire(65535)));
        return new int[] {
            reply.getRcode(), reply.getTSIG() == null ? -1 : reply.getTSIG().getError()
        };
    }

    /** Sends UPDATEs to node 2 until one gets {@code rcode}; fails when none did within {@link #PROMPTLY}. */
    private void awaitOnB(Name name, String secret, int rcode, int tsigError) throws Exception {
        long deadline = System.nanoTime() + PROMPTLY.toNanos();
        int[] last = updateOnB(name, secret);
        while (!(last[0] == rcode && last[1] == tsigError)) {
            assertThat(System.nanoTime())
                    .as("node 2 still answers %s (TSIG error %s)", Rcode.string(last[0]), Rcode.TSIGstring(last[1]))
                    .isLessThan(deadline);
            Thread.sleep(20);
            last = updateOnB(name, secret);
        }
    }

    @Test
    void aKeyCreatedRotatedAndRemovedOnOneNodeIsUsedAndRefusedByTheOtherWithinASecond() throws Exception {
        JsonNode account = registerOnA("{}");
        String id = account.get("username").asText();
        Name name = Name.fromString(account.get("fulldomain").asText() + ".");
        // Node 2 has just refused the name as unknown, so a node that re-read keys only now and then would show.
        String guess = Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(updateOnB(name, guess)).containsExactly(Rcode.NOTAUTH, Rcode.BADKEY);
        JsonNode created = adminOnA("POST", "/accounts/" + id + "/tsig", 201);
        assertThat(Name.fromString(created.get("name").asText())).isEqualTo(name);
        String first = created.get("secret").asText();
        awaitOnB(name, first, Rcode.NOERROR, 0);

        String second =
                adminOnA("POST", "/accounts/" + id + "/tsig", 200).get("secret").asText();
        awaitOnB(name, second, Rcode.NOERROR, 0);
        assertThat(updateOnB(name, first)).as("the rotated-out secret").containsExactly(Rcode.NOTAUTH, Rcode.BADSIG);

        adminOnA("DELETE", "/accounts/" + id + "/tsig", 200);
        awaitOnB(name, second, Rcode.NOTAUTH, Rcode.BADKEY);
    }

    /** Whether node 2 answers an SOA query for {@code name} signed with the key as a zone apex (AA, an SOA). */
    private boolean apexOnB(Name name, Name key, String secret) throws Exception {
        Message query = DnsTestClient.query(name, Type.SOA);
        query.setTSIG(tsig(key, secret));
        Message reply = new Message(DnsTestClient.udpBytes(b.dnsUdpAddresses().get(0), query.toWire(65535)));
        return reply.getRcode() == Rcode.NOERROR
                && reply.getHeader().getFlag(org.xbill.DNS.Flags.AA)
                && !reply.getSection(org.xbill.DNS.Section.ANSWER).isEmpty();
    }

    @Test
    void aDomainBoundOnOneNodeGivesTheKeyItsChallengeApexOnTheOtherWithinASecond() throws Exception {
        JsonNode reply = registerOnA("{\"tsig\": true}");
        Name key = Name.fromString(reply.get("tsig").get("name").asText());
        String secret = reply.get("tsig").get("secret").asText();
        Name apex = Name.fromConstantString("_acme-challenge.example.test.");
        awaitOnB(key, secret, Rcode.NOERROR, 0);
        assertThat(apexOnB(apex, key, secret)).as("no domain bound yet").isFalse();

        adminOnA(
                "PUT",
                "/accounts/" + reply.get("username").asText() + "/domain",
                "{\"domain\": \"example.test\"}",
                200);
        long deadline = System.nanoTime() + PROMPTLY.toNanos();
        while (!apexOnB(apex, key, secret)) {
            assertThat(System.nanoTime()).as("node 2 has no apex at " + apex).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void theKeyOfAnAccountDeletedOnOneNodeIsRefusedByTheOther() throws Exception {
        JsonNode reply = registerOnA("{\"tsig\": true}");
        Name name = Name.fromString(reply.get("tsig").get("name").asText());
        String secret = reply.get("tsig").get("secret").asText();
        awaitOnB(name, secret, Rcode.NOERROR, 0);

        adminOnA("DELETE", "/accounts/" + reply.get("username").asText(), 200);
        awaitOnB(name, secret, Rcode.NOTAUTH, Rcode.BADKEY);
    }
}
