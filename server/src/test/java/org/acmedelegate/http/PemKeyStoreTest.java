package org.acmedelegate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class PemKeyStoreTest {
    private static final char[] PASSWORD = "test".toCharArray();

    static Path resource(String name) {
        try {
            return Path.of(PemKeyStoreTest.class.getResource("/http/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void loadsAnRsaCertificateWithItsPkcs8Key() throws KeyStoreException {
        KeyStore store = PemKeyStore.load(resource("rsa-cert.pem"), resource("rsa-key.pem"), PASSWORD);

        assertThat(store.isKeyEntry(PemKeyStore.ALIAS)).isTrue();
        assertThat(store.getCertificateChain(PemKeyStore.ALIAS)).hasSize(1);
    }

    @Test
    void loadsAnEcLeafWithItsIssuerInOrder() throws KeyStoreException {
        KeyStore store = PemKeyStore.load(resource("ec-chain.pem"), resource("ec-key.pem"), PASSWORD);

        var chain = store.getCertificateChain(PemKeyStore.ALIAS);
        assertThat(chain).hasSize(2);
        assertThat(((X509Certificate) chain[0]).getSubjectX500Principal().getName())
                .isEqualTo("CN=localhost");
        assertThat(((X509Certificate) chain[1]).getSubjectX500Principal().getName())
                .isEqualTo("CN=acme-delegate test CA");
    }

    @Test
    void loadsAPkcs1RsaKeyAsOpenSslWritesIt() throws Exception {
        Path key = resource("rsa-key-pkcs1.pem");
        assertThat(java.nio.file.Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        assertThat(PemKeyStore.load(resource("rsa-cert.pem"), key, PASSWORD).isKeyEntry(PemKeyStore.ALIAS))
                .isTrue();
    }

    @Test
    void loadsASec1EcKeyAsCertbotAndLegoWriteIt() throws Exception {
        Path key = resource("ec-key-sec1.pem");
        assertThat(java.nio.file.Files.readString(key)).contains("-----BEGIN EC PRIVATE KEY-----");

        assertThat(PemKeyStore.load(resource("ec-chain.pem"), key, PASSWORD).isKeyEntry(PemKeyStore.ALIAS))
                .isTrue();
    }

    @Test
    void refusesAnEncryptedKey() {
        Path key = resource("rsa-key-encrypted.pem");
        assertThatThrownBy(() -> PemKeyStore.load(resource("rsa-cert.pem"), key, PASSWORD))
                .hasMessage("TLS key " + key + " is encrypted; the server needs it unencrypted (decrypt it with: "
                        + "openssl pkey -in " + key + " -out " + key + ".plain)");
    }

    @Test
    void refusesAKeyThatBelongsToAnotherCertificate() {
        assertThatThrownBy(() -> PemKeyStore.load(resource("rsa-cert.pem"), resource("other-rsa-key.pem"), PASSWORD))
                .hasMessageContaining("is not the key of the first certificate");
    }

    @Test
    void refusesAKeyOfAnotherAlgorithmThanTheCertificate() {
        assertThatThrownBy(() -> PemKeyStore.load(resource("rsa-cert.pem"), resource("ec-key.pem"), PASSWORD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ec-key.pem");
    }

    @Test
    void refusesACertificateFileWithoutCertificates() {
        assertThatThrownBy(() -> PemKeyStore.load(resource("rsa-key.pem"), resource("rsa-key.pem"), PASSWORD))
                .hasMessageContaining("holds no '-----BEGIN CERTIFICATE-----' block");
    }

    @Test
    void refusesAKeyFileWithoutAKey() {
        assertThatThrownBy(() -> PemKeyStore.load(resource("rsa-cert.pem"), resource("rsa-cert.pem"), PASSWORD))
                .hasMessageContaining("holds no private key block ('-----BEGIN PRIVATE KEY-----', 'EC PRIVATE KEY' or "
                        + "'RSA PRIVATE KEY')");
    }

    @Test
    void namesAFileThatCannotBeRead() {
        Path missing = Path.of("/nonexistent/cert.pem");

        assertThatThrownBy(() -> PemKeyStore.load(missing, resource("rsa-key.pem"), PASSWORD))
                .hasMessage("TLS certificate /nonexistent/cert.pem does not exist");
    }
}
