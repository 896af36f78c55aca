package org.acmedelegate;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real ACME CA with real DNS-01 validation on a loopback /24 of its own (chosen at random, so two
 * checkouts may run at once): Debian's {@code pebble} asks {@code unbound}, which sends the zone
 * {@code auth.example.test} to the acme-delegate that listens at {@link #dnsAddress()}. Pebble's own TLS
 * certificate comes from a test CA ({@link #caBundle()}); the certificates it issues chain to the root
 * its management port hands out ({@link #pebbleRoot()}).
 */
final class PebbleWorld implements AutoCloseable {
    static final String ZONE = "auth.example.test";

    private final Path dir;
    private final String net;
    private final List<Process> processes = new ArrayList<>();
    private final SSLContext trust;
    private Process pebble;

    PebbleWorld(Path dir) throws Exception {
        this.dir = dir;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.net = "127." + random.nextInt(100, 200) + "." + random.nextInt(0, 256);
        TestCertificates pki = new TestCertificates();
        pki.ca().writeCertificate(caBundle());
        TestCertificates.Issued tls = pki.issue("EC", List.of(ip(4), "localhost"));
        tls.writeCertificate(dir.resolve("pebble.pem"));
        tls.writePkcs8Key(dir.resolve("pebble.key"));
        this.trust = sslContext(caBundle());
    }

    String ip(int host) {
        return net + "." + host;
    }

    String dnsAddress() {
        return ip(3) + ":5303";
    }

    String directory() {
        return "https://" + ip(4) + ":14000/dir";
    }

    Path caBundle() {
        return dir.resolve("test-ca.pem");
    }

    /** Starts unbound with a stub for the zone pointing at {@link #dnsAddress()}, and waits until it answers. */
    void startResolver() throws Exception {
        Path conf = dir.resolve("unbound.conf");
        Files.writeString(
                dir.resolve("root.hints"), ".  3600000 IN NS fake-root.\nfake-root. 3600000 IN A " + ip(99) + "\n");
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        "server:",
                        "    username: \"\"",
                        "    chroot: \"\"",
                        "    directory: \"" + dir + "\"",
                        "    pidfile: \"\"",
                        "    use-syslog: no",
                        "    logfile: \"\"",
                        "    verbosity: 1",
                        "    interface: " + ip(1),
                        "    port: 5301",
                        "    do-ip6: no",
                        "    num-threads: 1",
                        "    access-control: 127.0.0.0/8 allow",
                        "    do-not-query-localhost: no",
                        "    outgoing-interface: " + ip(1),
                        "    root-hints: \"" + dir.resolve("root.hints") + "\"",
                        // RFC 6761 makes test. an NXDOMAIN zone in unbound; let this one through.
                        "    local-zone: \"" + ZONE + ".\" transparent",
                        "    module-config: \"iterator\"",
                        "    cache-max-ttl: 0",
                        "    cache-max-negative-ttl: 0",
                        "    infra-host-ttl: 5",
                        "remote-control:",
                        "    control-enable: no",
                        "stub-zone:",
                        "    name: \"" + ZONE + ".\"",
                        "    stub-addr: " + ip(3) + "@5303",
                        ""));
        start("unbound", binary("unbound"), "-d", "-c", conf.toString());
        SimpleResolver resolver = new SimpleResolver(ip(1));
        resolver.setPort(5301);
        resolver.setTimeout(Duration.ofMillis(500));
        // unbound answers localhost itself (a default local zone): a reply means it listens.
        awaitUp(
                "unbound",
                () -> resolver.send(
                                Message.newQuery(Record.newRecord(Name.fromConstantString("localhost."), Type.A, 1)))
                        != null);
    }

    /** Starts pebble (real validation through unbound) issuing certificates valid for {@code validity}. */
    void startPebble(Duration validity) throws Exception {
        Path conf = dir.resolve("pebble.json");
        Files.writeString(conf, """
                {"pebble": {"listenAddress": "%s:14000", "managementListenAddress": "%s:15000",
                  "certificate": "%s", "privateKey": "%s", "httpPort": 5002, "tlsPort": 5001,
                  "ocspResponderURL": "", "externalAccountBindingRequired": false,
                  "certificateValidityPeriod": %d}}
                """.formatted(
                        ip(4), ip(4), dir.resolve("pebble.pem"), dir.resolve("pebble.key"), validity.toSeconds()));
        ProcessBuilder builder =
                new ProcessBuilder(binary("pebble"), "-config", conf.toString(), "-dnsserver", ip(1) + ":5301");
        builder.environment().remove("PEBBLE_VA_ALWAYS_VALID");
        builder.environment().put("PEBBLE_VA_NOSLEEP", "1");
        builder.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
        builder.environment().put("PEBBLE_AUTHZREUSE", "0");
        pebble = start("pebble", builder);
        HttpClient client = HttpClient.newBuilder()
                .sslContext(trust)
                .connectTimeout(Duration.ofSeconds(1))
                .build();
        awaitUp(
                "pebble",
                () -> client.send(
                                        HttpRequest.newBuilder(URI.create(directory()))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
    }

    /** Kills pebble: the CA is unreachable from now on. */
    void stopPebble() throws InterruptedException {
        pebble.destroy();
        pebble.waitFor(10, TimeUnit.SECONDS);
    }

    /** The root pebble signs with (it makes a new one at each start). */
    X509Certificate pebbleRoot() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trust).build();
        String pem = client.send(
                        HttpRequest.newBuilder(URI.create("https://" + ip(4) + ":15000/roots/0"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(
                        new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    Path log(String name) {
        return dir.resolve(name + ".log");
    }

    private Process start(String name, String... command) throws IOException {
        return start(name, new ProcessBuilder(command));
    }

    private Process start(String name, ProcessBuilder builder) throws IOException {
        Process process = builder.redirectErrorStream(true)
                .redirectOutput(log(name).toFile())
                .start();
        processes.add(process);
        return process;
    }

    private static String binary(String name) {
        for (String d : List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin")) {
            if (new File(d, name).canExecute()) {
                return d + "/" + name;
            }
        }
        throw new IllegalStateException(name + " is not installed: run e2e/install-deps.sh (as root)");
    }

    private interface Probe {
        boolean up() throws Exception;
    }

    private void awaitUp(String name, Probe probe) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                if (probe.up()) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not come up; its log:\n" + Files.readString(log(name)));
    }

    private static SSLContext sslContext(Path bundle) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (var in = Files.newInputStream(bundle)) {
            store.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
