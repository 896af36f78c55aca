package org.acmedelegate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void loadsTheShippedExampleAsWritten() {
        ServerConfig config = loader.load(Path.of("../conf/acme-delegate.toml"));
        assertThat(config.dns().zone()).isEqualTo(Name.fromConstantString("auth.example.org."));
        assertThat(config.dns().listen()).hasSize(1);
        assertThat(config.dns().listen().get(0).getPort()).isEqualTo(5300);
        assertThat(config.api().listen().getPort()).isEqualTo(8053);
        assertThat(config.dns().staticRecords()).extracting(r -> r.getType()).containsExactly(Type.CAA, Type.A);
        assertThat(config.txt()).isEqualTo(new TxtConfig(4, Duration.ofHours(24)));
        assertThat(config.store().sqlitePath()).isEqualTo(Path.of("data/acme-delegate.db"));
    }

    @Test
    void fillsDefaultsWhenOnlyTheZoneIsGiven() {
        ServerConfig config = loader.parse("[dns]\nzone = \"auth.example.org.\"\n");
        assertThat(config.dns().txtTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.dns().negativeTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.dns().nameServers()).hasSize(1);
        assertThat(config.dns().nameServers().get(0).name())
                .isEqualTo(Name.fromConstantString("ns1.auth.example.org."));
        assertThat(config.api().bcryptCost()).isEqualTo(10);
        assertThat(config.api().disableRegistration()).isFalse();
        assertThat(config.txt().maxValues()).isEqualTo(4);
        assertThat(config.logLevel()).isEqualTo("info");
    }

    @Test
    void checksTheStoreEveryFiveSecondsUnlessToldOtherwiseWithinSaneBounds() {
        String zone = "[dns]\nzone = \"a.example\"\n";
        assertThat(loader.parse(zone).store().checkInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(loader.parse(zone + "[store]\ncheck_interval = \"250ms\"\n")
                        .store()
                        .checkInterval())
                .isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> loader.parse(zone + "[store]\ncheck_interval = \"50ms\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("store.check_interval:");
    }

    @Test
    void acceptsZoneNamesWithAndWithoutTrailingDot() {
        Name a = loader.parse("[dns]\nzone = \"auth.example.org\"\n").dns().zone();
        Name b = loader.parse("[dns]\nzone = \"auth.example.org.\"\n").dns().zone();
        assertThat(a).isEqualTo(b);
        assertThat(a.isAbsolute()).isTrue();
    }

    @Test
    void readsTheTcpLimitsWithTheirDefaults() {
        var defaults = loader.parse("[dns]\nzone = \"a.example\"\n").dns().tcp();
        var set = loader.parse("[dns]\nzone = \"a.example\"\n[dns.tcp]\npartial_timeout = \"500ms\"\n"
                        + "max_connections = 50\nmax_connections_per_network = 5\n")
                .dns()
                .tcp();

        assertThat(defaults.partialMessageTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(defaults.maxConnectionsPerNetwork()).isEqualTo(100);
        assertThat(set.partialMessageTimeout()).isEqualTo(java.time.Duration.ofMillis(500));
        assertThat(set.maxConnections()).isEqualTo(50);
        assertThat(set.maxConnectionsPerNetwork()).isEqualTo(5);
        assertThatThrownBy(
                        () -> loader.parse("[dns]\nzone = \"a.example\"\n[dns.tcp]\nmax_connections_per_network = 0\n"))
                .hasMessageStartingWith("dns.tcp.max_connections_per_network: must be at least 1");
    }

    @Test
    void readsTheUdpWorkersOnePerCoreByDefault() {
        assertThat(loader.parse("[dns]\nzone = \"a.example\"\n").dns().udpWorkers())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(loader.parse("[dns]\nzone = \"a.example\"\nudp_workers = 1\n")
                        .dns()
                        .udpWorkers())
                .isEqualTo(1);
        assertThatThrownBy(() -> loader.parse("[dns]\nzone = \"a.example\"\nudp_workers = 0\n"))
                .hasMessageStartingWith("dns.udp_workers: must be at least 1");
    }

    @Test
    void namesAnUnknownKey() {
        assertThatThrownBy(() -> loader.parse("[dns]\nzone = \"a.example\"\ntxt_tll = 5\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("dns.txt_tll: unknown key");
        assertThatThrownBy(() -> loader.parse("[dns]\nzone = \"a.example\"\n[dns.tcp]\nidle = 5\n"))
                .hasMessageStartingWith("dns.tcp.idle: unknown key");
        assertThatThrownBy(() -> loader.parse("[dns]\nzone = \"a.example\"\n[apii]\n"))
                .hasMessageStartingWith("apii: unknown key");
    }

    @Test
    void namesAKeyWithAValueOfTheWrongType() {
        assertThatThrownBy(() -> loader.parse("[dns]\nzone = \"a.example\"\n[api]\ndisable_registration = \"yes\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("api.disable_registration:");
        assertThatThrownBy(() -> loader.parse("[dns]\nzone = \"a.example\"\n[txt]\nmax_values = \"4\"\n"))
                .hasMessageStartingWith("txt.max_values:");
    }

    @Test
    void namesBadValues() {
        String zone = "[dns]\nzone = \"a.example\"\n";
        assertThatThrownBy(() -> loader.parse("[dns]\nlisten = [\"127.0.0.1:5300\"]\n"))
                .hasMessageStartingWith("dns.zone:");
        assertThatThrownBy(() -> loader.parse(zone + "listen = [\"localhost:53\"]\n"))
                .hasMessageStartingWith("dns.listen[0]:");
        assertThatThrownBy(() -> loader.parse(zone + "listen = [\"127.0.0.1:70000\"]\n"))
                .hasMessageStartingWith("dns.listen[0]:");
        assertThatThrownBy(() -> loader.parse(zone + "txt_ttl = \"ten\"\n")).hasMessageStartingWith("dns.txt_ttl:");
        assertThatThrownBy(() -> loader.parse(zone + "txt_ttl = \"2h\"\n")).hasMessageStartingWith("dns.txt_ttl:");
        assertThatThrownBy(() -> loader.parse(zone + "records = [\"www.other.example. A 192.0.2.1\"]\n"))
                .hasMessageStartingWith("dns.records[0]:");
        assertThatThrownBy(() -> loader.parse(zone + "records = [\"www A not-an-ip\"]\n"))
                .hasMessageStartingWith("dns.records[0]:");
        assertThatThrownBy(() -> loader.parse(zone + "[[nameservers]]\n")).hasMessageStartingWith("nameservers:");
        assertThatThrownBy(() -> loader.parse(zone + "[[dns.nameservers]]\nname = \"ns1.a.example\"\n"))
                .hasMessageStartingWith("dns.nameservers[0].addresses:");
        assertThatThrownBy(() -> loader.parse(zone + "[api]\ntrusted_proxies = [\"10.0.0.0/33\"]\n"))
                .hasMessageStartingWith("api.trusted_proxies[0]:");
        assertThatThrownBy(() -> loader.parse(zone + "[api]\ntls_cert = \"c.pem\"\n"))
                .hasMessageStartingWith("api.tls_key:");
        assertThatThrownBy(() -> loader.parse(zone + "[api]\nbcrypt_cost = 3\n"))
                .hasMessageStartingWith("api.bcrypt_cost:");
        assertThatThrownBy(() -> loader.parse(zone + "[txt]\nmax_values = 0\n"))
                .hasMessageStartingWith("txt.max_values:");
        assertThatThrownBy(() -> loader.parse(zone + "[txt]\nlifetime = -5\n")).hasMessageStartingWith("txt.lifetime:");
        assertThatThrownBy(() -> loader.parse(zone + "[log]\nlevel = \"loud\"\n"))
                .hasMessageStartingWith("log.level:");
        assertThatThrownBy(() -> loader.parse("this is = = not toml")).isInstanceOf(ConfigException.class);
    }

    @Test
    void keepsTheCaseOfStaticRdataAndResolvesRelativeOwners() {
        ServerConfig config =
                loader.parse("[dns]\nzone = \"auth.example.org\"\nrecords = [\"Info 60 TXT \\\"Hello World\\\"\"]\n");
        TXTRecord txt = (TXTRecord) config.dns().staticRecords().get(0);
        assertThat(txt.getStrings()).containsExactly("Hello World");
        assertThat(txt.getName()).isEqualTo(Name.fromConstantString("info.auth.example.org."));
        assertThat(txt.getTTL()).isEqualTo(60);
    }

    @Test
    void readsNameserversWithIpv4AndIpv6GlueAndIpv6ListenAddresses() throws Exception {
        ServerConfig config = loader.parse("""
                [dns]
                zone = "auth.example.org"
                listen = ["127.0.0.1:53", "[::1]:53"]
                [[dns.nameservers]]
                name = "ns1.auth.example.org"
                addresses = ["192.0.2.53", "2001:db8::53"]
                [[dns.nameservers]]
                name = "ns.elsewhere.example."
                """);
        assertThat(config.dns().listen().get(1).getAddress()).isEqualTo(InetAddress.getByName("::1"));
        assertThat(config.dns().nameServers()).hasSize(2);
        assertThat(config.dns().nameServers().get(0).addresses()).hasSize(2);
        assertThat(config.dns().nameServers().get(1).addresses()).isEmpty();
    }

    @Test
    void readsTheSoaContactAsAMailAddress() {
        ServerConfig config = loader.parse("[dns]\nzone = \"a.example\"\nsoa_contact = \"host.master@example.org\"\n");
        assertThat(config.dns().soaContact().toString()).isEqualTo("host\\.master.example.org.");
    }

    @Test
    void readsDurationsAsSecondsOrWithUnits() {
        assertThat(loader.parse("[dns]\nzone = \"a.example\"\n[txt]\nlifetime = 0\n")
                        .txt()
                        .lifetime())
                .isZero();
        assertThat(loader.parse("[dns]\nzone = \"a.example\"\n[txt]\nlifetime = \"7d\"\n")
                        .txt()
                        .lifetime())
                .isEqualTo(Duration.ofDays(7));
        assertThat(loader.parse("[dns]\nzone = \"a.example\"\ntxt_ttl = 30\n")
                        .dns()
                        .txtTtl())
                .isEqualTo(Duration.ofSeconds(30));
    }
}
