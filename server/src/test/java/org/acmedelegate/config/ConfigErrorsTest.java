package org.acmedelegate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigErrorsTest {
    private final ConfigLoader loader = new ConfigLoader();

    @TempDir
    Path dir;

    @Test
    void aSyntaxErrorNamesItsLineAndColumn() {
        assertThatThrownBy(() -> loader.parse("[dns]\nzone = \"a.example\"\nlisten = 127.0.0.1\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config is not valid TOML at line 3, column ");
        assertThatThrownBy(() -> loader.parse("[dns\nzone = \"a.example\"\n"))
                .hasMessageStartingWith("config is not valid TOML at line 1, column 5: ");
    }

    @Test
    void everyUnknownKeyIsListedWithItsLine() {
        String toml = "[dns]\nzone = \"a.example\"\ntxt_tll = \"10s\"\n\n[api]\nlisen = \"127.0.0.1:8053\"\n"
                + "[logs]\nlevel = \"info\"\n";
        assertThatThrownBy(() -> loader.parse(toml))
                .hasMessage("dns.txt_tll: unknown key (line 3)\n  api.lisen: unknown key (line 6)\n"
                        + "  logs: unknown key (line 7)");
    }

    @Test
    void aBadValueInEverySectionIsListedNotOnlyTheFirst() {
        String toml = "[dns]\nzone = \"a.example\"\nlisten = [\"127.0.0.1:99999\"]\n[api]\nbcrypt_cost = 99\n"
                + "[txt]\nmax_values = 0\n[log]\nlevel = \"loud\"\n";
        assertThatThrownBy(() -> loader.parse(toml))
                .isInstanceOf(ConfigException.class)
                .hasMessage("dns.listen[0]: bad port in \"127.0.0.1:99999\"\n"
                        + "  api.bcrypt_cost: must be between 4 and 16, got 99\n"
                        + "  txt.max_values: must be between 1 and 100, got 0\n"
                        + "  log.level: must be one of [debug, error, info, trace, warn]");
    }

    /** One line of a config and the problem it must be listed with (null: a good line). */
    private record Line(String text, String problem) {}

    @Test
    void everyMistakeInOneSectionAndAcrossSectionsIsListedInFileOrder() {
        List<Line> table = List.of(
                new Line("[dns]", null),
                new Line("zone = \"a.example\"", null),
                new Line(
                        "listen = 5300",
                        "dns.listen: wrong type of value: it must be a list in brackets, such as [\"...\"] (line 3)"),
                new Line("txt_ttl = \"2h\"", "dns.txt_ttl: must be whole seconds between 0 and 3600s"),
                new Line("soa_ttl = \"soon\"", "dns.soa_ttl: not a duration: \"soon\" (use e.g. 30s, 5m, 24h)"),
                new Line(
                        "records = [\"www A 192.0.2.1\", \"www.other.example. A 192.0.2.2\"]",
                        "dns.records[1]: owner www.other.example. is outside the zone a.example."),
                new Line("[dns.tcp]", null),
                new Line(
                        "idle_timeout = \"soon\"",
                        "dns.tcp.idle_timeout: not a duration: \"soon\" (use e.g. 30s, 5m, 24h)"),
                new Line("max_connections = 0", "dns.tcp.max_connections: must be at least 1"),
                new Line("[api]", null),
                new Line(
                        "bcrypt_cost = \"high\"",
                        "api.bcrypt_cost: wrong type of value: it must be a whole number (line 11)"),
                new Line("lisen = \"127.0.0.1:80\"", "api.lisen: unknown key (line 12)"),
                new Line("max_body_bytes = 10", "api.max_body_bytes: must be between 256 and 1048576, got 10"),
                new Line(
                        "trusted_proxies = [\"10.0.0.0/8\", \"10.0.0.0/33\", \"nope\"]",
                        "api.trusted_proxies[1]: prefix out of range: /33\n  api.trusted_proxies[2]: not CIDR notation: nope"),
                // the missing key's problem comes after the keys written in its table
                new Line("tls_cert = \"c.pem\"", "api.tls_key: tls_cert and tls_key must be given together"),
                new Line("[txt]", null),
                new Line("max_values = 0", "txt.max_values: must be between 1 and 100, got 0"),
                new Line("[log]", null),
                new Line("level = \"loud\"", "log.level: must be one of [debug, error, info, trace, warn]"),
                new Line("format = \"xml\"", "log.format: must be \"text\" or \"json\", got \"xml\""));
        String toml = table.stream().map(Line::text).collect(Collectors.joining("\n", "", "\n"));
        String expected =
                table.stream().map(Line::problem).filter(Objects::nonNull).collect(Collectors.joining("\n  "));
        assertThatThrownBy(() -> loader.parse(toml))
                .isInstanceOf(ConfigException.class)
                .hasMessage(expected);
    }

    @Test
    void aCheckAcrossKeysRunsOnlyWhenTheKeysItNeedsReadFine() {
        String zone = "[dns]\nzone = \"a.example\"\n";
        assertThatThrownBy(() -> loader.parse(zone + "[api]\ntls_cert = 5\ntls_key = \"k.pem\"\n[cluster]\n"
                        + "heartbeat_interval = \"fast\"\nnode_timeout = \"1s\"\n"))
                .hasMessage("api.tls_cert: wrong type of value: it must be a string in quotes (line 4)\n"
                        + "  cluster.heartbeat_interval: not a duration: \"fast\" (use e.g. 30s, 5m, 24h)");
        assertThatThrownBy(() -> loader.parse(zone + "[api]\ntls_cert = \"c.pem\"\n[cluster]\n"
                        + "heartbeat_interval = \"30s\"\nnode_timeout = \"40s\"\n"))
                .hasMessage("api.tls_key: tls_cert and tls_key must be given together\n"
                        + "  cluster.node_timeout: must be at least twice cluster.heartbeat_interval (PT1M)");
        // the token check needs only api.registration: a wrong disable_registration does not hide it
        assertThatThrownBy(
                        () -> loader.parse(zone + "[api]\ndisable_registration = \"yes\"\nregistration = \"token\"\n"))
                .hasMessage("api.disable_registration: wrong type of value: it must be true or false (line 4)\n"
                        + "  api.registration_tokens: registration = \"token\" needs at least one token");
    }

    @Test
    void aWrongTypeSaysWhatTheKeyWantsWithoutLibraryInternals() {
        assertThatThrownBy(() -> loader.parse("[dns]\nzone = \"a.example\"\nlisten = 5300\n"))
                .hasMessage(
                        "dns.listen: wrong type of value: it must be a list in brackets, such as [\"...\"] (line 3)");
        assertThatThrownBy(() -> loader.parse("[dns]\nzone = \"a.example\"\n[api]\nbcrypt_cost = \"high\"\n"))
                .hasMessage("api.bcrypt_cost: wrong type of value: it must be a whole number (line 4)")
                .hasMessageNotContaining("java.")
                .hasMessageNotContaining("Token");
        assertThatThrownBy(() ->
                        loader.parse("[dns]\nzone = 5\nlisten = [\"127.0.0.1:53\", 53]\n[txt]\nmax_values = [4]\n"))
                .hasMessage("dns.zone: wrong type of value: it must be a string in quotes (line 2)\n"
                        + "  dns.listen[1]: wrong type of value: it must be a string in quotes (line 3)\n"
                        + "  txt.max_values: wrong type of value: it must be a whole number (line 5)");
        assertThatThrownBy(() -> loader.parse(
                        "[dns]\nzone = \"a.example\"\n[api]\nbcrypt_cost = 99999999999\nmax_body_bytes = 4096.5\n"))
                .hasMessage("api.bcrypt_cost: the number is too large: it must be a whole number up to 2147483647"
                        + " (line 4)\n  api.max_body_bytes: wrong type of value: it must be a whole number (line 5)");
        // a table of the wrong type is one problem, not one more for each key it should hold
        assertThatThrownBy(() -> loader.parse("dns = 5\n[api]\nacme = \"letsencrypt\"\n"))
                .hasMessage("dns: wrong type of value: it must be a table (line 1)\n"
                        + "  api.acme: wrong type of value: it must be a table (line 3)");
    }

    @Test
    void aFileThatCannotBeReadSaysWhy() throws Exception {
        Path missing = dir.resolve("nowhere/acme-delegate.toml");
        assertThatThrownBy(() -> loader.load(missing))
                .hasMessage("config file not found: " + missing + " (its directory " + dir.resolve("nowhere")
                        + " does not exist either)");
        assertThatThrownBy(() -> loader.load(dir)).hasMessage("cannot read config file " + dir + ": it is a directory");
        Path latin1 = Files.write(dir.resolve("latin1.toml"), new byte[] {'#', ' ', (byte) 0xe9, '\n'});
        assertThatThrownBy(() -> loader.load(latin1))
                .hasMessage("cannot read config file " + latin1 + ": it is not UTF-8 text");
    }

    @Test
    void everyFileTheConfigNamesThatCannotBeReadSaysWhy() {
        Path missing = dir.resolve("token.txt");
        Path noDirectory = dir.resolve("nowhere/ca.pem");
        String toml = "[dns]\nzone = \"a.example\"\n[api.acme]\nca_certificates = \"" + noDirectory + "\"\n"
                + "[store]\nengine = \"postgresql\"\n[store.postgresql]\nurl = \"jdbc:postgresql://db/x\"\n"
                + "user = \"u\"\npassword_file = \"" + dir + "\"\n[admin]\ntoken_file = \"" + missing + "\"\n";
        assertThatThrownBy(() -> loader.parse(toml))
                .hasMessage(
                        "api.acme.ca_certificates: cannot read " + noDirectory + ": it does not exist (its directory "
                                + dir.resolve("nowhere") + " does not exist either)\n"
                                + "  store.postgresql.password_file: cannot read " + dir + ": it is a directory\n"
                                + "  admin.token_file: cannot read " + missing + ": it does not exist");
    }

    @Test
    void jsonLogsAreAskedForInTheLogTable() {
        String zone = "[dns]\nzone = \"a.example\"\n";
        assertThat(loader.parse(zone).jsonLog()).isFalse();
        assertThat(loader.parse(zone + "[log]\nformat = \"json\"\n").jsonLog()).isTrue();
        assertThatThrownBy(() -> loader.parse(zone + "[log]\nformat = \"xml\"\n"))
                .hasMessage("log.format: must be \"text\" or \"json\", got \"xml\"");
    }
}
