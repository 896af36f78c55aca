package org.acmedelegate.http;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Turns the PEM files operators get from their CA (certificate chain, leaf first, plus an unencrypted
 * PKCS#8, SEC1 or PKCS#1 key, read by BouncyCastle's PEM parser) into an in-memory key store for Jetty.
 * Every failure names the file and what to do.
 */
final class PemKeyStore {
    static final String ALIAS = "api";

    private PemKeyStore() {}

    /**
     * Loads the chain and key; throws {@link IllegalArgumentException} with an operator-facing message
     * if a file is unreadable, holds no certificate, or holds a key in another format than PKCS#8.
     */
    static KeyStore load(Path certChain, Path key, char[] password) {
        List<Certificate> chain = certificates(certChain);
        PrivateKey privateKey = privateKey(key, chain.get(0).getPublicKey().getAlgorithm());
        if (!pairs(privateKey, chain.get(0).getPublicKey())) {
            throw new IllegalArgumentException("TLS key " + key + " is not the key of the first certificate in "
                    + certChain + " (the leaf must come first, then its issuers)");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, privateKey, password, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(
                    "TLS key " + key + " does not fit certificate " + certChain + ": " + e.getMessage(), e);
        }
    }

    static List<Certificate> certificates(Path file) {
        List<Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object object : objects(file, "TLS certificate")) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    chain.add(converter.getCertificate(holder));
                } catch (GeneralSecurityException e) {
                    throw new IllegalArgumentException(
                            "TLS certificate " + file + " is not a valid X.509 certificate: " + e.getMessage(), e);
                }
            }
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(
                    "TLS certificate " + file + " holds no '-----BEGIN CERTIFICATE-----' block");
        }
        return chain;
    }

    /**
     * The first private key in {@code file}: PKCS#8 ({@code PRIVATE KEY}), SEC1 ({@code EC PRIVATE KEY}) or
     * PKCS#1 ({@code RSA PRIVATE KEY}), as CAs, certbot, lego and acme.sh write them; never an encrypted one.
     */
    static PrivateKey privateKey(Path file, String algorithm) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object object : objects(file, "TLS key")) {
            try {
                if (object instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            } catch (PEMException e) {
                throw new IllegalArgumentException(
                        "TLS key " + file + " is not a usable " + algorithm + " key: " + e.getMessage(), e);
            }
            if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw new IllegalArgumentException("TLS key " + file + " is encrypted; the server needs it"
                        + " unencrypted (decrypt it with: openssl pkey -in " + file + " -out " + file + ".plain)");
            }
        }
        throw new IllegalArgumentException("TLS key " + file + " holds no private key block ('-----BEGIN PRIVATE"
                + " KEY-----', 'EC PRIVATE KEY' or 'RSA PRIVATE KEY')");
    }

    // A test signature shows a mismatched pair now rather than as failed handshakes later.
    private static boolean pairs(PrivateKey privateKey, PublicKey publicKey) {
        String algorithm = switch (privateKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        try {
            byte[] probe = "acme-delegate key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static List<Object> objects(Path file, String what) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " " + file + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(what + " " + file + " cannot be read: permission denied", e);
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException(
                    what + " " + file + " is not a PEM file (it is binary; DER?" + " convert it with openssl to PEM)",
                    e);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    what + " " + file + " cannot be read: "
                            + (Files.isDirectory(file) ? "it is a directory" : e.getMessage()),
                    e);
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        } catch (IOException | RuntimeException e) {
            // The parser's message may quote key material; say only which file is damaged.
            throw new IllegalArgumentException(
                    what + " " + file + " has a PEM block that cannot be read" + " (cut, or not base64)", e);
        }
        return objects;
    }
}
