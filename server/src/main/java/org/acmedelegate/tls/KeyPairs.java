package org.acmedelegate.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.acmedelegate.config.AcmeConfig;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** Makes key pairs of the configured type and turns keys and certificate chains into PEM text and back. */
final class KeyPairs {
    private KeyPairs() {}

    static KeyPair generate(AcmeConfig.KeyType type) {
        try {
            if (type == AcmeConfig.KeyType.EC_P256) {
                KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
                ec.initialize(new ECGenParameterSpec("secp256r1"));
                return ec.generateKeyPair();
            }
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(type == AcmeConfig.KeyType.RSA_2048 ? 2048 : 3072);
            return rsa.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a " + type.configName() + " key: " + e.getMessage(), e);
        }
    }

    /** The private key as PKCS#8 ({@code PRIVATE KEY}) followed by its {@code PUBLIC KEY}. */
    static String pem(KeyPair pair) {
        try {
            return write(new JcaPKCS8Generator(pair.getPrivate(), null), pair.getPublic());
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(List<X509Certificate> chain) {
        return write(chain.toArray());
    }

    static KeyPair keyPair(String pem) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        PrivateKey privateKey = null;
        PublicKey publicKey = null;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PrivateKeyInfo info) {
                    privateKey = converter.getPrivateKey(info);
                } else if (o instanceof SubjectPublicKeyInfo info) {
                    publicKey = converter.getPublicKey(info);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable key", e);
        }
        if (privateKey == null || publicKey == null) {
            throw new IllegalArgumentException("no PRIVATE KEY and PUBLIC KEY pair in the PEM text");
        }
        return new KeyPair(publicKey, privateKey);
    }

    static List<X509Certificate> chain(String pem) {
        List<X509Certificate> chain = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("unreadable certificate", e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no certificate in the PEM text");
        }
        return chain;
    }

    private static String write(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }
}
