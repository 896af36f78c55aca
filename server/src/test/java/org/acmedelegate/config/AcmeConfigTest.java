package org.acmedelegate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcmeConfigTest {
    private static final String ZONE =
            "[dns]\nzone = \"auth.example.org\"\n[store]\nsqlite_path = \"/var/lib/ad/ad.db\"\n";
    private final ConfigLoader loader = new ConfigLoader();

    private AcmeConfig acme(String section) {
        return loader.parse(ZONE + "[api]\nlisten = \"0.0.0.0:443\"\n[api.acme]\n" + section)
                .acme()
                .orElseThrow();
    }

    private void refused(String section, String key, String text) {
        assertThatThrownBy(() -> acme(section))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ":")
                .hasMessageContaining(text);
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

    @Test
    void refusesNamesOutsideTheServedZoneBecauseTheChallengeCouldNotBeAnswered() {
        refused(
                "names = [\"auth.example.org\", \"www.example.org\"]\n",
                "api.acme.names[1]",
                "outside the served zone");
        refused("names = [\"notauth.example.org\"]\n", "api.acme.names[0]", "outside the served zone");
        refused("names = []\n", "api.acme.names", "at least one");
        refused("names = [\"a..b\"]\n", "api.acme.names[0]", "not a host name");
        refused("names = [\"auth.example.org\", \"AUTH.example.org\"]\n", "api.acme.names[1]", "twice");
    }

    @Test
    void refusesBadValuesNamingTheKey() {
        refused("directory = \"http://ca.example/dir\"\n", "api.acme.directory", "https://");
        refused("email = \"not-an-address\"\n", "api.acme.email", "not an e-mail");
        refused("key_type = \"ed25519\"\n", "api.acme.key_type", "ec-p256");
        refused("renew_before = \"0s\"\n", "api.acme.renew_before", "at least 1s");
        refused("retry_min = \"2h\"\nretry_max = \"1h\"\n", "api.acme.retry_max", "retry_min");
        refused("retry_min = \"0s\"\n", "api.acme.retry_min", "between 1s and 1d");
        refused("ca_certificates = \"/nonexistent/ca.pem\"\n", "api.acme.ca_certificates", "cannot read");
        refused("surprise = 1\n", "api.acme.surprise", "");
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
        refused("ca_certificates = \"" + empty + "\"\n", "api.acme.ca_certificates", "");
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
