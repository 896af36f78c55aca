package org.acmedelegate.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.acmedelegate.config.ConfigException;
import org.acmedelegate.config.Unreadable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file of {@code [store] secrets_key_file}: one line of base64 holding 32 random bytes, the AES-256
 * key that seals stored secrets. Created with mode 0600 at the first start when absent; a file that
 * exists but cannot be read or holds no such key stops the start with a message naming the key.
 */
public final class SecretsKeyFile {
    static final String CONFIG_KEY = "store.secrets_key_file";
    private static final Logger LOG = LoggerFactory.getLogger(SecretsKeyFile.class);
    private static final int KEY_BYTES = 32;

    private SecretsKeyFile() {}

    /** Reads the key at {@code file}, creating the file with a new random key first if it does not exist. */
    public static SecretBox loadOrCreate(Path file, SecureRandom random) {
        if (!Files.exists(file)) {
            create(file, random);
        }
        return load(file);
    }

    /** Reads the key at {@code file}; a missing or unreadable file is a {@link ConfigException}. */
    public static SecretBox load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new ConfigException(CONFIG_KEY, "cannot read " + file + ": " + Unreadable.why(file, e));
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != KEY_BYTES) {
            throw new ConfigException(
                    CONFIG_KEY,
                    file + " does not hold a key (one line of base64, 32 bytes);"
                            + " restore it from the backup taken with the database");
        }
        return new SecretBox(key);
    }

    private static void create(Path file, SecureRandom random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        String line = Base64.getEncoder().encodeToString(key) + "\n";
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, line, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            return; // another process made it first; load reads theirs
        } catch (IOException e) {
            throw new ConfigException(CONFIG_KEY, "cannot create " + file + ": " + Unreadable.why(file, e));
        } catch (UnsupportedOperationException e) {
            throw new ConfigException(
                    CONFIG_KEY, "cannot create " + file + ": its file system has no owner-only permissions");
        }
        LOG.warn(
                "created a new secrets key file {}: back it up with the database, as stored TSIG keys cannot be"
                        + " read without it",
                file);
    }
}
