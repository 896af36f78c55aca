package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.acmedelegate.config.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** The whole server on 127.0.0.1, port 0: what curl registers and updates, dig sees over UDP and TCP. */
class AcmeDelegateIT {
    private static final String VALUE_A = "3DAOpDAAUYuw8YigjouXbPBmHZinGyY_3sgP6A4XssU";
    private static final String VALUE_B = "v4i3Ae8rxNaHlcWUwubeLqxP7LV7xbCNglz8w9NVPI8";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private AcmeDelegate server;

    private ServerConfig config() {
        return LoopbackConfig.with(dir.resolve("data/acme-delegate.db"), "");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> post(String path, String body, String user, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.apiPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("X-Api-User", user).header("X-Api-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode register() throws Exception {
        HttpResponse<String> response = post("/register", "", null, null);
        assertThat(response.statusCode()).isEqualTo(201);
        return json.readTree(response.body());
    }

    private void update(JsonNode account, String value) throws Exception {
        HttpResponse<String> response = post(
                "/update",
                "{\"subdomain\":\"" + account.get("subdomain").asText() + "\",\"txt\":\"" + value + "\"}",
                account.get("username").asText(),
                account.get("password").asText());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"txt\":\"" + value + "\"}");
    }

    private static List<String> txt(Message answer) {
        return DnsTestClient.txt(answer);
    }

    @Test
    void updatedValuesAreAnsweredOverUdpAndTcp() throws Exception {
        server = AcmeDelegate.start(config(), Clock.systemUTC(), true);
        JsonNode account = register();
        Name name = Name.fromString(account.get("fulldomain").asText() + ".");

        Message before = DnsTestClient.udp(server.dnsUdpAddresses().get(0), DnsTestClient.query(name, Type.TXT));
        assertThat(before.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(txt(before)).isEmpty();

        update(account, VALUE_A);
        update(account, VALUE_B);

        Message udp = DnsTestClient.udp(server.dnsUdpAddresses().get(0), DnsTestClient.query(name, Type.TXT));
        assertThat(udp.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(txt(udp)).containsExactlyInAnyOrder(VALUE_A, VALUE_B);
        Message tcp = DnsTestClient.tcp(server.dnsTcpAddresses().get(0), DnsTestClient.query(name, Type.TXT));
        assertThat(txt(tcp)).containsExactlyInAnyOrder(VALUE_A, VALUE_B);
    }

    @Test
    void aRestartKeepsRegistrationsAndValues() throws Exception {
        server = AcmeDelegate.start(config(), Clock.systemUTC(), true);
        JsonNode account = register();
        update(account, VALUE_A);
        server.close();

        server = AcmeDelegate.start(config(), Clock.systemUTC(), true);
        Name name = Name.fromString(account.get("fulldomain").asText() + ".");
        Message answer = DnsTestClient.udp(server.dnsUdpAddresses().get(0), DnsTestClient.query(name, Type.TXT));
        assertThat(txt(answer)).containsExactly(VALUE_A);
        update(account, VALUE_B);
        answer = DnsTestClient.tcp(server.dnsTcpAddresses().get(0), DnsTestClient.query(name, Type.TXT));
        assertThat(txt(answer)).containsExactlyInAnyOrder(VALUE_A, VALUE_B);
    }

    @Test
    void malformedPacketsGetFormerrOrSilence() throws Exception {
        server = AcmeDelegate.start(config(), Clock.systemUTC(), true);
        InetSocketAddress dns = server.dnsUdpAddresses().get(0);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(2000);
            // A readable header (id 0x1234, one question) followed by a question that runs off the end.
            byte[] garbage = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0x07, 'e', 'x'};
            socket.send(new DatagramPacket(garbage, garbage.length, dns));
            byte[] buffer = new byte[512];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            Message formerr = new Message(java.util.Arrays.copyOf(buffer, reply.getLength()));
            assertThat(formerr.getHeader().getID()).isEqualTo(0x1234);
            assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);

            byte[] tooShort = {1, 2, 3, 4, 5};
            socket.send(new DatagramPacket(tooShort, tooShort.length, dns));
            socket.setSoTimeout(500);
            boolean silent;
            try {
                socket.receive(new DatagramPacket(buffer, buffer.length));
                silent = false;
            } catch (SocketTimeoutException expected) {
                silent = true;
            }
            assertThat(silent).as("no reply to a packet without a full header").isTrue();
        }
    }
}
