package org.acmedelegate.hook;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA for tests, issuing EC certificates with any names and any validity period. */
final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    /** A certificate and its key. */
    record Issued(X509Certificate certificate, KeyPair keys) {
        /** A server-side TLS context presenting this certificate. */
        SSLContext serverContext() throws GeneralSecurityException, IOException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", keys.getPrivate(), "x".toCharArray(), new X509Certificate[] {certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, "x".toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        }

        void writeCertificate(Path file) throws IOException {
            Files.writeString(file, pem(certificate));
        }
    }

    private final Issued ca;

    TestPki(String name) throws Exception {
        KeyPair keys = keys();
        Instant now = Instant.now();
        ca = new Issued(
                sign(
                        new X500Name("CN=" + name),
                        keys,
                        new X500Name("CN=" + name),
                        keys.getPrivate(),
                        now.minus(Duration.ofHours(1)),
                        now.plus(Duration.ofDays(2)),
                        List.of(),
                        true),
                keys);
    }

    Issued ca() {
        return ca;
    }

    /** A leaf for {@code names} (DNS names, or IP addresses when they start with a digit). */
    Issued issue(String cn, List<String> names, Instant notBefore, Instant notAfter) throws Exception {
        KeyPair keys = keys();
        return new Issued(
                sign(
                        new X500Name("CN=" + cn),
                        keys,
                        new X500Name(ca.certificate().getSubjectX500Principal().getName()),
                        ca.keys().getPrivate(),
                        notBefore,
                        notAfter,
                        names,
                        false),
                keys);
    }

    Issued issue(String cn, List<String> names) throws Exception {
        Instant now = Instant.now();
        return issue(cn, names, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    }

    static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    private static KeyPair keys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(
            X500Name subject,
            KeyPair keys,
            X500Name issuer,
            java.security.PrivateKey issuerKey,
            Instant notBefore,
            Instant notAfter,
            List<String> names,
            boolean isCa)
            throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer,
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(notBefore),
                Date.from(notAfter),
                subject,
                keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (!names.isEmpty()) {
            GeneralName[] general = names.stream()
                    .map(n -> Character.isDigit(n.charAt(0))
                            ? new GeneralName(GeneralName.iPAddress, n)
                            : new GeneralName(GeneralName.dNSName, n))
                    .toArray(GeneralName[]::new);
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(general));
        }
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }
}
