package org.acmedelegate.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.acmedelegate.config.AcmeConfig;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The stand-in the API serves until the CA issued its certificate: self-signed for the configured names,
 * valid for {@link #LIFETIME} only, so that no client ever comes to rely on it.
 */
final class SelfSignedCertificate {
    static final Duration LIFETIME = Duration.ofDays(2);

    private SelfSignedCertificate() {}

    static CertificatePair create(List<String> names, AcmeConfig.KeyType type, Clock clock) {
        KeyPair key = KeyPairs.generate(type);
        Instant now = clock.instant();
        X500Name subject = new X500Name("CN=" + names.get(0).replace("*", "wildcard") + ",O=acme-delegate (self-signed"
                + " until the CA issues a certificate)");
        try {
            GeneralName[] sans = names.stream()
                    .map(n -> new GeneralName(GeneralName.dNSName, n))
                    .toArray(GeneralName[]::new);
            var builder = new JcaX509v3CertificateBuilder(
                            subject,
                            new BigInteger(64, new SecureRandom()),
                            Date.from(now.minus(Duration.ofMinutes(5))),
                            Date.from(now.plus(LIFETIME)),
                            subject,
                            key.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
            String algorithm = type == AcmeConfig.KeyType.EC_P256 ? "SHA256withECDSA" : "SHA256withRSA";
            var cert = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(key.getPrivate())));
            return new CertificatePair(KeyPairs.pem(List.of(cert)), KeyPairs.pem(key));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }
}
