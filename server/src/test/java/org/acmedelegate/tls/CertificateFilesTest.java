package org.acmedelegate.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import org.acmedelegate.config.AcmeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesTheCertificateAndKeyReadableOnlyByTheServerAndReadsThemBack() throws Exception {
        CertificateFiles files = new CertificateFiles(dir);
        assertThat(files.read()).isEmpty();
        CertificatePair pair = SelfSignedCertificate.create(
                List.of("auth.example.test", "api.auth.example.test"), AcmeConfig.KeyType.RSA_2048, Clock.systemUTC());
        files.write(pair);
        assertThat(files.read()).contains(pair);
        assertThat(mode(files.chain())).isEqualTo("rw-------");
        assertThat(mode(files.key())).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("api-certificate"))).isEqualTo("rwx------");
        assertThat(Files.readString(files.key())).contains("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void makesTheAccountKeyOnceAndKeepsIt() throws Exception {
        CertificateFiles files = new CertificateFiles(dir);
        KeyPair first = files.accountKeyPair();
        assertThat(mode(files.accountKey())).isEqualTo("rw-------");
        assertThat(new CertificateFiles(dir).accountKeyPair().getPublic()).isEqualTo(first.getPublic());
    }

    @Test
    void theSelfSignedStandInNamesEveryNameAndSaysItIsSelfSigned() {
        CertificatePair pair = SelfSignedCertificate.create(
                List.of("auth.example.test", "*.auth.example.test"), AcmeConfig.KeyType.EC_P256, Clock.systemUTC());
        assertThat(pair.selfSigned()).isTrue();
        assertThat(pair.names()).containsExactly("auth.example.test", "*.auth.example.test");
        assertThat(pair.leaf().getNotAfter().toInstant())
                .isBefore(java.time.Instant.now()
                        .plus(SelfSignedCertificate.LIFETIME)
                        .plusSeconds(60));
    }

    @Test
    void refusesAPairWhoseTextIsNotPem() {
        assertThatThrownBy(() -> new CertificatePair("nothing", "nothing"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
