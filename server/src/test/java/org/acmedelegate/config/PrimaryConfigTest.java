package org.acmedelegate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.acmedelegate.dns.tsig.TsigAlgorithm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

class PrimaryConfigTest {
    private static final String SECRET = "7hqm/OX2GQdot8tXpb2rCudTzAaPNB3dEQE+K8R5kAo=";
    private final ConfigLoader loader = new ConfigLoader();

    @TempDir
    Path dir;

    private String keyFile;

    @BeforeEach
    void writeKey() throws Exception {
        Path file = dir.resolve("xfr.key");
        Files.writeString(file, "key \"xfr-key\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + SECRET + "\";\n};\n");
        keyFile = file.toString();
    }

    private String zone(String rest) {
        return "[dns]\nzone = \"auth.example.org\"\n" + rest;
    }

    private String key() {
        return "[[dns.tsig_keys]]\nname = \"xfr-key\"\nsecret_file = \"" + keyFile + "\"\n";
    }

    @Test
    void servesNoSecondariesUnlessConfigured() {
        PrimaryConfig primary = loader.parse(zone("")).primary();
        assertThat(primary.enabled()).isFalse();
        assertThat(primary.journal()).isEqualTo(PrimaryConfig.JournalLimits.DEFAULT);
    }

    @Test
    void readsKeysTransferRulesNotifyTargetsAndJournalLimits() {
        PrimaryConfig primary = loader.parse(zone(key()
                        + "[dns.transfer]\nallow = [{ tsig_key = \"xfr-key\" }, { address = \"192.0.2.0/24\" },"
                        + " { address = \"198.51.100.7\", tsig_key = \"xfr-key\" }]\n"
                        + "[[dns.notify]]\naddress = \"192.0.2.53\"\ntsig_key = \"xfr-key\"\n"
                        + "[[dns.notify]]\naddress = \"[::1]:5353\"\n"
                        + "[dns.journal]\nmax_age = \"2d\"\nmax_changes = 500\n"))
                .primary();
        assertThat(primary.tsigKeys()).singleElement().satisfies(k -> {
            assertThat(k.name()).isEqualTo(Name.fromConstantString("xfr-key."));
            assertThat(k.algorithm()).isEqualTo(TsigAlgorithm.HMAC_SHA256);
        });
        Name xfr = Name.fromConstantString("xfr-key.");
        assertThat(primary.transferAllow()).hasSize(3);
        TransferRule both = primary.transferAllow().get(2);
        assertThat(both.allows(ip("198.51.100.7"), Optional.of(xfr))).isTrue();
        assertThat(both.allows(ip("198.51.100.7"), Optional.empty())).isFalse();
        assertThat(both.allows(ip("198.51.100.8"), Optional.of(xfr))).isFalse();
        assertThat(primary.transferAllow().get(1).allows(ip("192.0.2.200"), Optional.empty()))
                .isTrue();
        assertThat(primary.notifyTargets()).hasSize(2);
        assertThat(primary.notifyTargets().get(0).address().getPort()).isEqualTo(53);
        assertThat(primary.notifyTargets().get(0).key()).isPresent();
        assertThat(primary.notifyTargets().get(1).address().getPort()).isEqualTo(5353);
        assertThat(primary.notifyTargets().get(1).key()).isEmpty();
        assertThat(primary.journal()).isEqualTo(new PrimaryConfig.JournalLimits(Duration.ofDays(2), 500));
    }

    @Test
    void namesTheKeyWhenATransferRuleUsesAnUnknownTsigKey() {
        assertThatThrownBy(() -> loader.parse(zone("[dns.transfer]\nallow = [{ tsig_key = \"nope\" }]\n")))
                .hasMessage("dns.transfer.allow[0].tsig_key: no [[dns.tsig_keys]] entry is called \"nope\"");
    }

    @Test
    void refusesAnEmptyTransferRule() {
        assertThatThrownBy(() -> loader.parse(zone("[dns.transfer]\nallow = [{}]\n")))
                .hasMessageStartingWith("dns.transfer.allow[0]: give an address, a tsig_key or both");
    }

    @Test
    void namesTheSecretFileWhenItIsMissingWithoutShowingAnySecret() {
        assertThatThrownBy(
                        () -> loader.parse(zone("[[dns.tsig_keys]]\nname = \"k\"\nsecret_file = \"/nonexistent/k\"\n")))
                .hasMessageStartingWith("dns.tsig_keys[0].secret_file: cannot read /nonexistent/k");
    }

    @Test
    void refusesAnUnknownAlgorithmAndAnInlineSecret() {
        assertThatThrownBy(() -> loader.parse(zone(key() + "algorithm = \"hmac-md5\"\n")))
                .hasMessageStartingWith("dns.tsig_keys[0].algorithm: unknown TSIG algorithm");
        assertThatThrownBy(() -> loader.parse(zone("[[dns.tsig_keys]]\nname = \"k\"\nsecret = \"" + SECRET + "\"\n")))
                .hasMessageContaining("dns.tsig_keys[0].secret: unknown key")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void refusesTwoKeysWithOneName() {
        assertThatThrownBy(() -> loader.parse(zone(key() + key())))
                .hasMessage("dns.tsig_keys[1].name: another key is also called xfr-key.");
    }

    @Test
    void refusesAJournalWithoutRoom() {
        assertThatThrownBy(() -> loader.parse(zone("[dns.journal]\nmax_changes = 0\n")))
                .hasMessageStartingWith("dns.journal.max_changes: must be between 1");
    }

    private static InetAddress ip(String text) {
        return org.acmedelegate.account.IpLiteral.parse(text);
    }
}
