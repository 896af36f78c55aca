package org.acmedelegate.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Optional;

/**
 * The API certificate's files in the data folder ({@code api-certificate/}, mode 0700): the ACME account
 * key, the certificate chain (leaf first) and its key, each mode 0600 and replaced whole (written beside,
 * then renamed), so the TLS reloader never reads half a file.
 */
final class CertificateFiles {
    private final Path dir;

    CertificateFiles(Path dataDir) {
        this.dir = dataDir.resolve("api-certificate");
    }

    Path chain() {
        return dir.resolve("fullchain.pem");
    }

    Path key() {
        return dir.resolve("privkey.pem");
    }

    Path accountKey() {
        return dir.resolve("account-key.pem");
    }

    /** The chain and key PEM texts, when both files exist. */
    Optional<CertificatePair> read() {
        if (!Files.isRegularFile(chain()) || !Files.isRegularFile(key())) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CertificatePair(
                    Files.readString(chain(), StandardCharsets.US_ASCII),
                    Files.readString(key(), StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API certificate in " + dir + ": " + e.getMessage(), e);
        }
    }

    void write(CertificatePair pair) {
        // The key first: a chain beside the old key fails the reloader's pair check and is retried.
        writeSecret(key(), pair.keyPem());
        writeSecret(chain(), pair.chainPem());
    }

    KeyPair accountKeyPair() {
        Path file = accountKey();
        if (Files.isRegularFile(file)) {
            try {
                return KeyPairs.keyPair(Files.readString(file, StandardCharsets.US_ASCII));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalStateException("cannot read the ACME account key " + file + ": " + e.getMessage(), e);
            }
        }
        KeyPair pair = KeyPairs.generate(org.acmedelegate.config.AcmeConfig.KeyType.EC_P256);
        writeSecret(file, KeyPairs.pem(pair));
        return pair;
    }

    private void writeSecret(Path file, String text) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path temp = Files.createTempFile(
                    dir,
                    file.getFileName().toString(),
                    ".new",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
