package org.acmedelegate.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.acmedelegate.config.ConfigException;
import org.acmedelegate.config.ConfigLoader;
import org.acmedelegate.config.NameServer;
import org.acmedelegate.config.RegistrationMode;
import org.acmedelegate.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class AcmeDnsConfigConverterTest {
    private static final String MINIMAL = """
            [general]
            listen = "127.0.0.1:53"
            protocol = "both"
            domain = "auth.example.org"
            nsname = "ns1.auth.example.org"
            nsadmin = "hostmaster.example.org"
            records = ["auth.example.org. NS ns1.auth.example.org.", "ns1.auth.example.org. A 192.0.2.53"]
            [api]
            ip = "127.0.0.1"
            port = "8080"
            tls = "none"
            %s
            """;

    private static String fixture() throws Exception {
        return Files.readString(AcmeDnsFixture.file("config.cfg"));
    }

    private static ServerConfig load(String toml) {
        return new ConfigLoader().parse(toml);
    }

    private static List<String> leafKeys(String prefix, JsonNode node) {
        List<String> keys = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            if (f.getValue().isObject()) {
                keys.addAll(leafKeys(key, f.getValue()));
            } else {
                keys.add(key);
            }
        }
        return keys;
    }

    @Test
    void theFixtureConfigKeepsZoneNameserverContactListenersRecordsAndApiSettings() throws Exception {
        ServerConfig config = load(AcmeDnsConfigConverter.convert(fixture(), "config.cfg"));

        assertThat(config.dns().zone()).isEqualTo(Name.fromString("auth.acme.test."));
        assertThat(config.dns().listen()).singleElement().hasToString("/127.0.0.1:5371");
        assertThat(config.dns().soaContact()).isEqualTo(Name.fromString("admin.acme.test."));
        assertThat(config.dns().nameServers())
                .containsExactly(new NameServer(
                        Name.fromString("ns1.auth.acme.test."), List.of(InetAddress.getByName("127.0.0.1"))));
        assertThat(config.dns().staticRecords())
                .extracting(r -> r.toString().replaceAll("\\s+", " "))
                .containsExactly(
                        "auth.acme.test. 3600 IN A 127.0.0.1",
                        "auth.acme.test. 3600 IN CAA 0 issue \"letsencrypt.org\"",
                        "www.auth.acme.test. 3600 IN CNAME auth.acme.test.");
        assertThat(config.api().listen()).hasToString("/127.0.0.1:8471");
        assertThat(config.api().tls()).isFalse();
        assertThat(config.api().registration()).isEqualTo(RegistrationMode.OPEN);
        assertThat(config.api().corsOrigins()).containsExactly("*");
        assertThat(config.logLevel()).isEqualTo("error");
    }

    @Test
    void everySettingOfTheFixtureIsNamedInTheOutput() throws Exception {
        String converted = AcmeDnsConfigConverter.convert(fixture(), "config.cfg");

        for (String key : leafKeys("", new TomlMapper().readTree(fixture()))) {
            assertThat(converted).as(key).containsPattern("# (.*, )?" + java.util.regex.Pattern.quote(key + " = "));
        }
        assertThat(converted)
                .contains("# logconfig.logtype = \"stdout\": acme-delegate logs text lines to standard error");
    }

    @Test
    void anUnknownSettingIsListedNotDropped() {
        String converted =
                AcmeDnsConfigConverter.convert(MINIMAL.formatted("shiny = 3\n[extra]\nthing = \"x\""), "c.cfg");

        assertThat(converted)
                .contains("# api.shiny = 3: not an acme-dns setting this converter knows")
                .contains("# extra.thing = \"x\": not an acme-dns setting this converter knows");
        load(converted);
    }

    @Test
    void disableRegistrationClosesRegistration() {
        ServerConfig config =
                load(AcmeDnsConfigConverter.convert(MINIMAL.formatted("disable_registration = true"), "c"));

        assertThat(config.api().registration()).isEqualTo(RegistrationMode.CLOSED);
    }

    @Test
    void tlsCertBecomesTlsCertAndKey() {
        String converted =
                AcmeDnsConfigConverter.convert(MINIMAL.formatted("""
                tls_cert_privkey = "/etc/tls/key.pem"
                tls_cert_fullchain = "/etc/tls/fullchain.pem"
                """).replace("tls = \"none\"", "tls = \"cert\""), "c");

        assertThat(converted)
                .contains("tls_cert = \"/etc/tls/fullchain.pem\"")
                .contains("tls_key = \"/etc/tls/key.pem\"");
    }

    @Test
    void letsEncryptTlsIsListedAndNeverTurnedIntoPlainHttp() {
        String converted = AcmeDnsConfigConverter.convert(
                MINIMAL.formatted("""
                acme_cache_dir = "api-certs"
                notification_email = "ops@example.org"
                """)
                        .replace("tls = \"none\"", "tls = \"letsencrypt\"")
                        .replace("ip = \"127.0.0.1\"", "ip = \"\""),
                "c");

        assertThat(converted)
                .contains("# TODO: acme-dns obtained its own certificate")
                .contains(
                        "# api.notification_email = \"ops@example.org\": acme-delegate does not obtain its own certificate")
                .doesNotContain("plain_http = true");
        assertThatThrownBy(() -> load(converted))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("api.plain_http");
    }

    @Test
    void plainHttpOnEveryAddressStaysPlainHttpWithAWarning() {
        String converted =
                AcmeDnsConfigConverter.convert(MINIMAL.formatted("").replace("ip = \"127.0.0.1\"", "ip = \"\""), "c");

        assertThat(converted).contains("keys cross the network in clear").contains("plain_http = true");
        assertThat(load(converted).api().listen()).hasToString("/0.0.0.0:8080");
    }

    @Test
    void aListenAddressWithoutHostListensOnEveryIpv4Address() {
        String converted =
                AcmeDnsConfigConverter.convert(MINIMAL.formatted("").replace("\"127.0.0.1:53\"", "\":53\""), "c");

        assertThat(load(converted).dns().listen()).singleElement().hasToString("/0.0.0.0:53");
        assertThat(converted).contains("add an IPv6 address of this host");
    }

    @Test
    void recordsAcmeDelegateCannotServeAreListedWithTheReason() {
        String converted = AcmeDnsConfigConverter.convert(MINIMAL.formatted("").replace("records = [", """
                records = ["other.example. A 192.0.2.1", "sub.auth.example.org. NS ns.elsewhere.example.",
                  "www A 192.0.2.2", "auth.example.org. SOA a. b. 1 2 3 4 5", "bogus",\s"""), "c");

        assertThat(converted)
                .contains("# general.records[0] = \"other.example. A 192.0.2.1\": outside the zone auth.example.org.")
                .contains(
                        "# general.records[1] = \"sub.auth.example.org. NS ns.elsewhere.example.\": NS below the apex")
                .contains("# general.records[2] = \"www A 192.0.2.2\": outside the zone")
                .contains(
                        "# general.records[3] = \"auth.example.org. SOA a. b. 1 2 3 4 5\": acme-delegate makes the SOA itself")
                .contains("# general.records[4] = \"bogus\": not a record acme-delegate can read");
        assertThat(load(converted).dns().staticRecords()).isEmpty();
    }

    @Test
    void aRecordWithRelativeNamesInItsDataIsWrittenAsAcmeDnsReadIt() throws Exception {
        String converted = AcmeDnsConfigConverter.convert(
                MINIMAL.formatted("").replace("records = [", "records = [\"mx.auth.example.org. MX 10 mail\", "), "c");

        // acme-dns reads "mail" relative to the root; written as is, acme-delegate would read mail.auth.example.org.
        assertThat(load(converted).dns().staticRecords())
                .extracting(r -> r.getAdditionalName())
                .containsExactly(Name.fromString("mail."));
    }

    @Test
    void theNsnameComesFirstAsTheSoaPrimaryEvenIfListedLater() throws Exception {
        String converted = AcmeDnsConfigConverter.convert(MINIMAL.formatted("").replace("records = [", """
                records = ["auth.example.org. NS ns0.example.net.",\s"""), "c");

        assertThat(load(converted).dns().nameServers())
                .extracting(NameServer::name)
                .containsExactly(Name.fromString("ns1.auth.example.org."), Name.fromString("ns0.example.net."));
    }

    @Test
    void aPostgresqlConnectionStringIsNeverCopied() {
        String converted = AcmeDnsConfigConverter.convert(MINIMAL.formatted("") + """
                [database]
                engine = "postgres"
                connection = "postgres://acmedns:secret@db/acmedns"
                """, "c");

        assertThat(converted).doesNotContain("secret").contains("cannot import from PostgreSQL yet");
        load(converted);
    }

    @Test
    void useHeaderAsksForTheProxiesInsteadOfTrustingEveryone() {
        String converted = AcmeDnsConfigConverter.convert(MINIMAL.formatted("""
                use_header = true
                header_name = "X-Real-IP"
                """), "c");

        assertThat(converted)
                .contains("# TODO: api.use_header = true, api.header_name = \"X-Real-IP\"")
                .contains("acme-delegate reads only X-Forwarded-For");
        assertThat(load(converted).api().trustedProxies()).isEmpty();
    }

    @Test
    void aConfigWithoutDomainIsRefused() {
        assertThatThrownBy(() -> AcmeDnsConfigConverter.convert("[general]\nlisten = \":53\"\n", "c"))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("general.domain is missing");
        assertThatThrownBy(() -> AcmeDnsConfigConverter.convert("not = toml = at all", "c"))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("not valid TOML");
    }
}
