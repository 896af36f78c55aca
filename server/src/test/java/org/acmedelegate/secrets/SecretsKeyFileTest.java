package org.acmedelegate.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.acmedelegate.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsKeyFileTest {
    @TempDir
    Path dir;

    @Test
    void createsAMissingKeyFileReadableOnlyByItsOwnerAndReadsTheSameKeyAfterwards() throws Exception {
        Path file = dir.resolve("sub/secrets.key");
        SecretBox first = SecretsKeyFile.loadOrCreate(file, new SecureRandom());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        byte[] sealed = first.seal("s3cret".getBytes(StandardCharsets.UTF_8), "ctx");
        SecretBox again = SecretsKeyFile.loadOrCreate(file, new SecureRandom());
        assertThat(new String(again.open(sealed, "ctx"), StandardCharsets.UTF_8))
                .isEqualTo("s3cret");
    }

    @Test
    void sealsWithAFreshNonceAndOpensOnlyForTheSameContextAndKey() {
        SecretBox box = SecretsKeyFile.loadOrCreate(dir.resolve("a.key"), new SecureRandom());
        SecretBox other = SecretsKeyFile.loadOrCreate(dir.resolve("b.key"), new SecureRandom());
        byte[] secret = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        byte[] one = box.seal(secret, "tsig:a");
        byte[] two = box.seal(secret, "tsig:a");
        assertThat(one).isNotEqualTo(two);
        assertThat(box.open(two, "tsig:a")).isEqualTo(secret);
        assertThatThrownBy(() -> box.open(one, "tsig:b")).isInstanceOf(SecretBox.SecretException.class);
        assertThatThrownBy(() -> other.open(one, "tsig:a")).isInstanceOf(SecretBox.SecretException.class);
        one[one.length - 1] ^= 1;
        assertThatThrownBy(() -> box.open(one, "tsig:a")).isInstanceOf(SecretBox.SecretException.class);
    }

    @Test
    void refusesAnUnreadableOrMalformedKeyFileNamingTheConfigKey() throws Exception {
        Path garbage = Files.writeString(dir.resolve("bad.key"), "not a key\n");
        assertThatThrownBy(() -> SecretsKeyFile.loadOrCreate(garbage, new SecureRandom()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.secrets_key_file")
                .hasMessageContaining("does not hold a key");
        Path unreadable = dir.resolve("dir.key");
        Files.createDirectory(unreadable);
        assertThatThrownBy(() -> SecretsKeyFile.loadOrCreate(unreadable, new SecureRandom()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.secrets_key_file")
                .hasMessageContaining("cannot read " + unreadable + ": it is a directory");
        Path missing = dir.resolve("no/such/dir/secrets.key");
        assertThatThrownBy(() -> SecretsKeyFile.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read " + missing + ": it does not exist")
                .hasMessageNotContaining("Exception");
    }
}
