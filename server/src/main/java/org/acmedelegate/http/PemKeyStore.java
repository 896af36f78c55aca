package org.acmedelegate.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the PEM files operators get from their CA (certificate chain, leaf first, plus an unencrypted
 * PKCS#8 key) into an in-memory key store for Jetty. Every failure names the file and what to do.
 */
final class PemKeyStore {
    static final String ALIAS = "api";
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private PemKeyStore() {
    }

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
            throw new IllegalArgumentException("TLS key " + key + " does not fit certificate " + certChain
                    + ": " + e.getMessage(), e);
        }
    }

    static List<Certificate> certificates(Path file) {
        List<Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(file)) {
                if (block.type().equals("CERTIFICATE")) {
                    chain.add(factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS certificate " + file + " is not a valid X.509 PEM certificate: "
                    + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("TLS certificate " + file
                    + " holds no '-----BEGIN CERTIFICATE-----' block");
        }
        return chain;
    }

    static PrivateKey privateKey(Path file, String algorithm) {
        List<Block> blocks = blocks(file);
        for (Block block : blocks) {
            switch (block.type()) {
                case "PRIVATE KEY" -> {
                    return decode(file, block.der(), algorithm);
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(
                        "TLS key " + file + " is a '" + block.type() + "'; an unencrypted PKCS#8 key"
                                + " ('-----BEGIN PRIVATE KEY-----') is needed. Convert it with: openssl pkcs8 -topk8"
                                + " -nocrypt -in " + file + " -out " + file + ".pkcs8");
                default -> {
                    // Other blocks (EC PARAMETERS, certificates) may share the file; skip them.
                }
            }
        }
        throw new IllegalArgumentException("TLS key " + file + " holds no '-----BEGIN PRIVATE KEY-----' block");
    }

    private static PrivateKey decode(Path file, byte[] der, String algorithm) {
        // The JDK names Ed25519 certificate keys "EdDSA" or "Ed25519" depending on the version.
        String keyAlgorithm = algorithm.startsWith("Ed") ? "EdDSA" : algorithm;
        try {
            return KeyFactory.getInstance(keyAlgorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS key " + file + " is not a PKCS#8 " + algorithm
                    + " key matching the certificate: " + e.getMessage(), e);
        }
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

    private static List<Block> blocks(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " has a '" + m.group(1) + "' block that is not base64", e);
            }
        }
        return blocks;
    }

    private record Block(String type, byte[] der) {
    }
}
