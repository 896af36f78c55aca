package org.acmedelegate.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.acmedelegate.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A renewed pair swapped in while the server runs gets the same name check as the pair it started with. */
class TlsReloaderTest {
    private final Logger log = (Logger) LoggerFactory.getLogger(TlsReloader.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        lines.start();
        log.addAppender(lines);
    }

    @AfterEach
    void release() {
        log.detachAppender(lines);
    }

    @Test
    void aRenewalWithoutSubjectAltNamesIsLoggedOnceWhenSwappedIn() throws Exception {
        TestCertificates ca = new TestCertificates();
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        write(ca.issue("EC", List.of("api.example.org")), cert, key);
        TlsReloader reloader = new TlsReloader(cert, key, new InetSocketAddress("127.0.0.1", 8443));

        write(ca.issueSubjectOnly("api.example.org"), cert, key);
        assertThat(reloader.reloadIfChanged()).isTrue();
        assertThat(reloader.reloadIfChanged()).as("unchanged since").isFalse();

        assertThat(warnings())
                .singleElement()
                .asString()
                .startsWith("api.tls_cert: the certificate in " + cert + " has no subjectAltName");
    }

    @Test
    void aRenewalForTheListenAddressSwapsInWithoutAWarning() throws Exception {
        TestCertificates ca = new TestCertificates();
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        write(ca.issue("EC", List.of("127.0.0.1")), cert, key);
        TlsReloader reloader = new TlsReloader(cert, key, new InetSocketAddress("127.0.0.1", 8443));

        write(ca.issue("EC", List.of("api.example.org", "127.0.0.1")), cert, key);
        assertThat(reloader.reloadIfChanged()).isTrue();

        assertThat(warnings()).isEmpty();
    }

    @Test
    void theServersOwnCertificateIsNotChecked() throws Exception {
        TestCertificates ca = new TestCertificates();
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        write(ca.issue("EC", List.of("api.example.org")), cert, key);
        TlsReloader reloader = new TlsReloader(cert, key);

        write(ca.issueSubjectOnly("api.example.org"), cert, key);
        assertThat(reloader.reloadIfChanged()).isTrue();

        assertThat(warnings()).isEmpty();
    }

    private List<String> warnings() {
        return lines.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static void write(TestCertificates.Issued issued, Path cert, Path key) throws Exception {
        issued.writeCertificate(cert);
        issued.writePkcs8Key(key);
    }
}
