package org.acmedelegate;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
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
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away CA for tests: leaf certificates with any names and validity, keys written as PKCS#8,
 * SEC1 ({@code EC PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or encrypted PKCS#8. The one test PKI of
 * the build: the server module attaches it as a test jar for the client hook's tests.
 */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    /** A certificate and its key pair. */
    public record Issued(X509Certificate certificate, KeyPair keys) {
        /** A server-side TLS context presenting this certificate. */
        public SSLContext serverContext() throws GeneralSecurityException, IOException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", keys.getPrivate(), "x".toCharArray(), new X509Certificate[] {certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, "x".toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        }

        public void writeCertificate(Path file) throws IOException {
            Files.writeString(file, pem(certificate));
        }

        /** {@code -----BEGIN PRIVATE KEY-----}. */
        public void writePkcs8Key(Path file) throws IOException {
            Files.writeString(file, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
        }

        /**
         * {@code EC PRIVATE KEY} (SEC1 with the curve and public key inside, as {@code openssl ec} writes it) or
         * {@code RSA PRIVATE KEY} (PKCS#1): OpenSSL's traditional forms.
         */
        void writeTraditionalKey(Path file) throws IOException {
            if (!keys.getPrivate().getAlgorithm().equals("EC")) {
                Files.writeString(file, pem(keys));
                return;
            }
            org.bouncycastle.asn1.pkcs.PrivateKeyInfo info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(
                    keys.getPrivate().getEncoded());
            org.bouncycastle.asn1.x509.SubjectPublicKeyInfo pub =
                    org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
                            keys.getPublic().getEncoded());
            org.bouncycastle.asn1.sec.ECPrivateKey inner =
                    org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
            org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
                    256,
                    inner.getKey(),
                    pub.getPublicKeyData(),
                    info.getPrivateKeyAlgorithm().getParameters());
            Files.writeString(
                    file, pem(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1.getEncoded())));
        }

        void writeEncryptedKey(Path file) throws Exception {
            Files.writeString(
                    file,
                    pem(new JcaPKCS8Generator(
                            keys.getPrivate(),
                            new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                                    .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                                    .setPassword("pw".toCharArray())
                                    .build())));
        }
    }

    private final Issued ca;

    public TestCertificates() throws Exception {
        this("acme-delegate test CA");
    }

    /** A CA named {@code CN=caName}. */
    public TestCertificates(String caName) throws Exception {
        KeyPair keys = keys("EC");
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=" + caName);
        ca = new Issued(
                sign(
                        name,
                        keys,
                        name,
                        keys.getPrivate(),
                        now.minus(Duration.ofHours(1)),
                        now.plus(Duration.ofDays(2)),
                        List.of(),
                        true),
                keys);
    }

    public Issued ca() {
        return ca;
    }

    /**
     * A leaf with a key of {@code algorithm} ("EC" or "RSA") for {@code names} (IP addresses start with a digit or
     * hold a colon).
     */
    public Issued issue(String algorithm, List<String> names, Instant notBefore, Instant notAfter) throws Exception {
        return issue(algorithm, names.get(0), names, notBefore, notAfter);
    }

    private Issued issue(String algorithm, String commonName, List<String> names, Instant notBefore, Instant notAfter)
            throws Exception {
        KeyPair keys = keys(algorithm);
        return new Issued(
                sign(
                        new X500Name("CN=" + commonName),
                        keys,
                        new X500Name(ca.certificate().getSubjectX500Principal().getName()),
                        ca.keys().getPrivate(),
                        notBefore,
                        notAfter,
                        names,
                        false),
                keys);
    }

    /** An EC leaf that names its host only as the subject's CN, without any subjectAltName (as old guides make them). */
    public Issued issueSubjectOnly(String commonName) throws Exception {
        Instant now = Instant.now();
        return issue("EC", commonName, List.of(), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    }

    public Issued issue(String algorithm, List<String> names) throws Exception {
        Instant now = Instant.now();
        return issue(algorithm, names, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    }

    public static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    private static KeyPair keys(String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(
            X500Name subject,
            KeyPair keys,
            X500Name issuer,
            PrivateKey issuerKey,
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
                    .map(n -> Character.isDigit(n.charAt(0)) || n.contains(":")
                            ? new GeneralName(GeneralName.iPAddress, n)
                            : new GeneralName(GeneralName.dNSName, n))
                    .toArray(GeneralName[]::new);
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(general));
        }
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }
}
