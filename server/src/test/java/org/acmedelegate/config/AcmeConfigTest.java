package org.acmedelegate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AcmeConfigTest {
    private static final String ZONE =
            "[dns]\nzone = \"auth.example.org\"\n[store]\nsqlite_path = \"/var/lib/ad/ad.db\"\n";
    private final ConfigLoader loader = new ConfigLoader();

    private AcmeConfig acme(String section) {
        return loader.parse(ZONE + "[api]\nlisten = \"0.0.0.0:443\"\n[api.acme]\n" + section)
                .acme()
                .orElseThrow();
    }

    @Test
    void anEmptySectionOrdersTheZonesOwnNameFromLetsEncryptWithAnEcKey() {
        AcmeConfig acme = acme("");
        assertThat(acme.directory()).isEqualTo(AcmeConfig.LETS_ENCRYPT);
        assertThat(acme.names()).containsExactly("auth.example.org");
        assertThat(acme.keyType()).isEqualTo(AcmeConfig.KeyType.EC_P256);
        assertThat(acme.renewBefore()).isEmpty();
        assertThat(acme.email()).isEmpty();
        assertThat(acme.retryMin()).isEqualTo(Duration.ofMinutes(5));
        assertThat(acme.retryMax()).isEqualTo(Duration.ofHours(6));
        assertThat(acme.dataDir()).isEqualTo(Path.of("/var/lib/ad"));
    }

    @Test
    void withoutTheSectionThereIsNoAcmeAndAPublicListenerStillNeedsTls() {
        assertThat(loader.parse(ZONE).acme()).isEmpty();
        assertThatThrownBy(() -> loader.parse(ZONE + "[api]\nlisten = \"0.0.0.0:443\"\n"))
                .hasMessageStartingWith("api.plain_http:")
                .hasMessageContaining("[api.acme]");
    }

    @Test
    void readsEveryKeyAsWritten() {
        AcmeConfig acme =
                acme("directory = \"https://ca.internal:9000/acme/acme/directory\"\nemail = \"ops@example.org\"\n"
                        + "names = [\"auth.example.org\", \"API.auth.example.org.\", \"*.auth.example.org\"]\n"
                        + "key_type = \"rsa-3072\"\nrenew_before = \"30d\"\nretry_min = \"1m\"\nretry_max = \"2h\"\n");
        assertThat(acme.directory()).isEqualTo(URI.create("https://ca.internal:9000/acme/acme/directory"));
        assertThat(acme.email()).contains("ops@example.org");
        assertThat(acme.names()).containsExactly("auth.example.org", "api.auth.example.org", "*.auth.example.org");
        assertThat(acme.keyType()).isEqualTo(AcmeConfig.KeyType.RSA_3072);
        assertThat(acme.renewBefore()).contains(Duration.ofDays(30));
        assertThat(acme.retryMin()).isEqualTo(Duration.ofMinutes(1));
        assertThat(acme.retryMax()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void knowsLetsEncryptStagingByName() {
        assertThat(acme("directory = \"letsencrypt-staging\"\n").directory())
                .isEqualTo(AcmeConfig.LETS_ENCRYPT_STAGING);
    }

    /** One row: what the {@code [api.acme]} table holds, the key the error must name, and words it must say. */
    record Refusal(String why, String section, String key, String text) {
        @Override
        public String toString() {
            return why;
        }
    }

    static Stream<Refusal> refusals() {
        return Stream.of(
                // the CA asks this server for the challenge: names outside its zone could not be answered
                new Refusal(
                        "a name outside the zone",
                        "names = [\"auth.example.org\", \"www.example.org\"]\n",
                        "api.acme.names[1]",
                        "outside the served zone"),
                new Refusal(
                        "a name that only ends like the zone",
                        "names = [\"notauth.example.org\"]\n",
                        "api.acme.names[0]",
                        "outside the served zone"),
                new Refusal("no names", "names = []\n", "api.acme.names", "at least one"),
                new Refusal("not a host name", "names = [\"a..b\"]\n", "api.acme.names[0]", "not a host name"),
                new Refusal(
                        "a name twice, in other case",
                        "names = [\"auth.example.org\", \"AUTH.example.org\"]\n",
                        "api.acme.names[1]",
                        "twice"),
                new Refusal(
                        "a plain-HTTP directory",
                        "directory = \"http://ca.example/dir\"\n",
                        "api.acme.directory",
                        "https://"),
                new Refusal("not an e-mail address", "email = \"not-an-address\"\n", "api.acme.email", "not an e-mail"),
                new Refusal("an unknown key type", "key_type = \"ed25519\"\n", "api.acme.key_type", "ec-p256"),
                new Refusal("no time to renew", "renew_before = \"0s\"\n", "api.acme.renew_before", "at least 1s"),
                new Refusal(
                        "retry_max below retry_min",
                        "retry_min = \"2h\"\nretry_max = \"1h\"\n",
                        "api.acme.retry_max",
                        "retry_min"),
                new Refusal(
                        "no wait between retries", "retry_min = \"0s\"\n", "api.acme.retry_min", "between 1s and 1d"),
                new Refusal(
                        "a missing CA bundle",
                        "ca_certificates = \"/nonexistent/ca.pem\"\n",
                        "api.acme.ca_certificates",
                        "cannot read"),
                new Refusal("an unknown key", "surprise = 1\n", "api.acme.surprise", "unknown key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesABadValueNamingTheKey(Refusal refusal) {
        assertThatThrownBy(() -> acme(refusal.section()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(refusal.key() + ":")
                .hasMessageContaining(refusal.text());
    }

    @Test
    void listsEveryBadKeyOfTheTableAtOnce() {
        String all = refusals()
                .filter(r -> !r.section().startsWith("names") && !r.section().startsWith("retry_min = \"2h"))
                .map(Refusal::section)
                .collect(Collectors.joining());
        String[] lines = catchThrowableOfType(ConfigException.class, () -> acme(all))
                .getMessage()
                .split("\n");
        assertThat(Stream.of(lines).map(l -> l.strip().substring(0, l.strip().indexOf(':'))))
                .containsExactly(
                        "api.acme.directory",
                        "api.acme.email",
                        "api.acme.key_type",
                        "api.acme.renew_before",
                        "api.acme.retry_min",
                        "api.acme.ca_certificates",
                        "api.acme.surprise");
    }

    @Test
    void refusesCertificateFilesTogetherWithAcme() {
        assertThatThrownBy(() -> loader.parse(ZONE + "[api]\ntls_cert = \"c.pem\"\ntls_key = \"k.pem\"\n[api.acme]\n"))
                .hasMessageStartingWith("api.acme:")
                .hasMessageContaining("not both");
    }

    @Test
    void acceptsAReadableCaBundleAndRefusesAFileWithoutCertificates(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        assertThatThrownBy(() -> acme("ca_certificates = \"" + empty + "\"\n"))
                .hasMessage("api.acme.ca_certificates: " + empty + " is not a PEM certificate bundle");
        Path bundle = dir.resolve("ca.pem");
        Files.writeString(bundle, selfSignedPem());
        assertThat(acme("ca_certificates = \"" + bundle + "\"\n").caCertificates())
                .contains(bundle);
    }

    private static String selfSignedPem() throws Exception {
        java.security.KeyPair keys =
                java.security.KeyPairGenerator.getInstance("EC").generateKeyPair();
        org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=test CA");
        java.time.Instant now = java.time.Instant.now();
        var holder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
                        name,
                        java.math.BigInteger.ONE,
                        java.util.Date.from(now),
                        java.util.Date.from(now.plus(Duration.ofDays(1))),
                        name,
                        keys.getPublic())
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                        .build(keys.getPrivate()));
        java.io.StringWriter text = new java.io.StringWriter();
        try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(text)) {
            writer.writeObject(holder);
        }
        return text.toString();
    }
}
