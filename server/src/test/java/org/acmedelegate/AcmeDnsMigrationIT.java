package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.acmedelegate.config.ConfigLoader;
import org.acmedelegate.migrate.AcmeDnsDatabase;
import org.acmedelegate.migrate.AcmeDnsFixture;
import org.acmedelegate.migrate.AcmeDnsReader;
import org.acmedelegate.migrate.AcmeDnsTxt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The move from acme-dns end to end: convert the real acme-dns v1.1 config.cfg, import its database with
 * the CLI, start the server from the converted config (test ports substituted), then use the credentials
 * acme-dns handed out over real HTTP and check the answers over real UDP and TCP.
 */
class AcmeDnsMigrationIT {
    private static final String NEW_VALUE = "LHDhK3oGRvkiefQnx7OOczTY5Tic_xZ6HcMOc_gmtoM";
    private static final String FORBIDDEN = "{\"error\":\"forbidden\"}";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private AcmeDelegate server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Converts the fixture's config.cfg, puts the test's ports, database and lifetime in, imports, starts. */
    private void convertImportAndStart(String lifetime) throws Exception {
        ConsoleCapture.Run conversion = ConsoleCapture.run(
                "convert-acme-dns-config", AcmeDnsFixture.file("config.cfg").toString());
        assertThat(conversion.code()).isEqualTo(0);
        String converted = conversion.out();
        assertThat(converted)
                .contains("\"127.0.0.1:5371\"", "\"127.0.0.1:8471\"", "\"data/acme-delegate.db\"", "\"24h\"");
        Path config = Files.writeString(
                dir.resolve("acme-delegate.toml"),
                converted
                        .replace("\"127.0.0.1:5371\"", "\"127.0.0.1:0\"")
                        .replace("\"127.0.0.1:8471\"", "\"127.0.0.1:0\"")
                        .replace("\"data/acme-delegate.db\"", "\"" + dir.resolve("data/acme-delegate.db") + "\"")
                        .replace("lifetime = \"24h\"", "lifetime = \"" + lifetime + "\""));
        Path source = AcmeDnsFixture.copy("acme-dns.db", dir);
        ConsoleCapture.Run imported =
                ConsoleCapture.run("import-acme-dns", "--config", config.toString(), "--from", source.toString());
        assertThat(imported.code()).isEqualTo(0);
        assertThat(imported.out()).contains("accounts: 3 in the source, 3 imported");
        server = AcmeDelegate.start(new ConfigLoader().load(config), Clock.systemUTC(), true);
    }

    private HttpResponse<String> update(String user, String key, String subdomain, String value) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.apiPort() + "/update"))
                .header("X-Api-User", user)
                .header("X-Api-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"subdomain\":\"" + subdomain + "\",\"txt\":\"" + value + "\"}"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private Message udp(String name, int type) throws Exception {
        return DnsTestClient.udp(
                server.dnsUdpAddresses().get(0), DnsTestClient.query(Name.fromString(name + "."), type));
    }

    private Message tcp(String name, int type) throws Exception {
        return DnsTestClient.tcp(
                server.dnsTcpAddresses().get(0), DnsTestClient.query(Name.fromString(name + "."), type));
    }

    private static List<String> txt(Message answer) {
        return DnsTestClient.txt(answer);
    }

    private static List<String> sourceValues(AcmeDnsFixture.Registered account) {
        AcmeDnsDatabase db =
                AcmeDnsReader.read(AcmeDnsFixture.file("acme-dns.db").toString());
        return db.txt().stream()
                .filter(t ->
                        t.subdomain().equals(account.subdomain()) && !t.value().isEmpty())
                .map(AcmeDnsTxt::value)
                .toList();
    }

    @Test
    void everyAcmeDnsPasswordUpdatesItsOriginalFulldomainWhereAllowfromPermits() throws Exception {
        convertImportAndStart("24h");
        List<AcmeDnsFixture.Registered> accounts = AcmeDnsFixture.accounts();

        for (AcmeDnsFixture.Registered account : accounts) {
            HttpResponse<String> response =
                    update(account.username(), account.password(), account.subdomain(), NEW_VALUE);
            if (account.allowFrom().contains("10.0.0.0/8")) {
                assertThat(response.statusCode()).as(account.username()).isEqualTo(401);
                assertThat(response.body()).isEqualTo(FORBIDDEN);
                assertThat(txt(udp(account.fulldomain(), Type.TXT))).isEmpty();
            } else {
                assertThat(response.statusCode()).as(account.username()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("{\"txt\":\"" + NEW_VALUE + "\"}");
                assertThat(txt(udp(account.fulldomain(), Type.TXT))).containsExactly(NEW_VALUE);
                assertThat(txt(tcp(account.fulldomain(), Type.TXT))).containsExactly(NEW_VALUE);
            }
        }
        assertThat(accounts)
                .filteredOn(a -> a.allowFrom().contains("127.0.0.0/8"))
                .hasSize(1);
        assertThat(accounts)
                .filteredOn(a -> a.allowFrom().contains("10.0.0.0/8"))
                .hasSize(1);
    }

    @Test
    void aWrongPasswordOrAnotherAccountsPasswordIsRefused() throws Exception {
        convertImportAndStart("24h");
        AcmeDnsFixture.Registered first = AcmeDnsFixture.accounts().get(0);
        AcmeDnsFixture.Registered second = AcmeDnsFixture.accounts().get(1);

        HttpResponse<String> wrong =
                update(first.username(), first.password().substring(1) + "x", first.subdomain(), NEW_VALUE);
        HttpResponse<String> swapped = update(first.username(), second.password(), first.subdomain(), NEW_VALUE);

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(FORBIDDEN);
        assertThat(swapped.statusCode()).isEqualTo(401);
        assertThat(txt(udp(first.fulldomain(), Type.TXT))).isEmpty();
    }

    @Test
    void everyImportedNameExistsInDnsAtOnceAndAnswersNodataWithoutLiveValues() throws Exception {
        convertImportAndStart("24h");

        for (AcmeDnsFixture.Registered account : AcmeDnsFixture.accounts()) {
            Message answer = udp(account.fulldomain(), Type.TXT);
            // The stored values date from 2026-11-28: expired under a 24 h lifetime, so no registration has live
            // values.
            assertThat(answer.getRcode()).as(account.fulldomain()).isEqualTo(Rcode.NOERROR);
            assertThat(answer.getSection(Section.ANSWER)).isEmpty();
            assertThat(answer.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
        }
        assertThat(udp("00000000-0000-0000-0000-000000000000.auth.acme.test", Type.TXT)
                        .getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void importedValuesAreAnsweredWhenTheLifetimeKeepsThem() throws Exception {
        convertImportAndStart("0");

        for (AcmeDnsFixture.Registered account : AcmeDnsFixture.accounts()) {
            List<String> expected = sourceValues(account);
            assertThat(txt(udp(account.fulldomain(), Type.TXT)))
                    .as(account.fulldomain())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(sourceValues(AcmeDnsFixture.accounts().get(0))).hasSize(2);
    }

    @Test
    void theConvertedConfigServesTheZoneNameserverAndStaticRecordsOfConfigCfg() throws Exception {
        convertImportAndStart("24h");

        Message soa = tcp("auth.acme.test", Type.SOA);
        assertThat(soa.getSection(Section.ANSWER)).singleElement().isInstanceOfSatisfying(SOARecord.class, r -> {
            assertThat(r.getHost()).hasToString("ns1.auth.acme.test.");
            assertThat(r.getAdmin()).hasToString("admin.acme.test.");
        });
        List<Record> configured = new ArrayList<>();
        JsonNode cfg = new TomlMapper().readTree(Files.readString(AcmeDnsFixture.file("config.cfg")));
        for (JsonNode line : cfg.get("general").get("records")) {
            byte[] text = (line.asText() + "\n").getBytes(StandardCharsets.UTF_8);
            try (Master parser = new Master(new ByteArrayInputStream(text), Name.root, 3600)) {
                configured.add(parser.nextRecord());
            }
        }
        assertThat(configured).hasSize(5);
        for (Record expected : configured) {
            Message answer = udp(expected.getName().toString(true), expected.getType());
            assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(answer.getSection(Section.ANSWER))
                    .as(expected.toString())
                    .contains(expected);
        }
    }
}
