package org.acmedelegate.account;

import java.security.SecureRandom;
import java.util.UUID;

/** Makes new credentials: two independent random UUIDs and a 40-character key from a secure source. */
public final class CredentialGenerator {
    public static final int PASSWORD_LENGTH = 40;
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    private final SecureRandom random;

    public CredentialGenerator(SecureRandom random) {
        this.random = random;
    }

    /**
     * Whether {@code key} has the shape of a key this server (or acme-dns) makes: 40 characters of the
     * alphabet above. The shape is public, so refusing anything else early tells nobody anything.
     */
    public static boolean isKeyShaped(String key) {
        if (key == null || key.length() != PASSWORD_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean inAlphabet =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!inAlphabet) {
                return false;
            }
        }
        return true;
    }

    public NewCredentials generate() {
        char[] password = new char[PASSWORD_LENGTH];
        for (int i = 0; i < password.length; i++) {
            // 64 symbols: masking 6 random bits keeps every symbol equally likely.
            password[i] = ALPHABET[random.nextInt() & 63];
        }
        return new NewCredentials(
                randomUuid(), new String(password), new Subdomain(randomUuid().toString()));
    }

    private UUID randomUuid() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (bytes[i] & 0xff);
            lsb = (lsb << 8) | (bytes[8 + i] & 0xff);
        }
        return new UUID(msb, lsb);
    }
}
