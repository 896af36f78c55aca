package org.acmedelegate.dns.tsig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

class TsigKeyFileTest {
    private static final String SECRET = "7hqm/OX2GQdot8tXpb2rCudTzAaPNB3dEQE+K8R5kAo=";
    private static final Name XFR = Name.fromConstantString("xfr-key.");

    @TempDir
    Path dir;

    private TsigKey read(String text, Optional<TsigAlgorithm> algorithm) throws Exception {
        Path file = dir.resolve("key");
        Files.writeString(file, text);
        return TsigKeyFile.read(file, XFR, algorithm);
    }

    @Test
    void readsTheBareBase64Secret() throws Exception {
        TsigKey key = read(SECRET + "\n", Optional.empty());
        assertThat(key.secret()).isEqualTo(Base64.getDecoder().decode(SECRET));
        assertThat(key.algorithm()).isEqualTo(TsigAlgorithm.HMAC_SHA256);
    }

    @Test
    void readsWhatTsigKeygenWrites() throws Exception {
        TsigKey key = read(
                "key \"xfr-key\" {\n\talgorithm hmac-sha512;\n\tsecret \"" + SECRET + "\";\n};\n", Optional.empty());
        assertThat(key.algorithm()).isEqualTo(TsigAlgorithm.HMAC_SHA512);
        assertThat(key.secret()).isEqualTo(Base64.getDecoder().decode(SECRET));
    }

    @Test
    void readsWhatKeymgrWrites() throws Exception {
        TsigKey key = read(
                "# hmac-sha256:xfr-key:" + SECRET + "\nkey:\n  - id: xfr-key\n    algorithm: hmac-sha256\n"
                        + "    secret: " + SECRET + "\n",
                Optional.of(TsigAlgorithm.HMAC_SHA256));
        assertThat(key.secret()).isEqualTo(Base64.getDecoder().decode(SECRET));
    }

    @Test
    void readsKeymgrsOneLineForm() throws Exception {
        TsigKey key = read("hmac-sha1:xfr-key:" + SECRET + "\n", Optional.empty());
        assertThat(key.algorithm()).isEqualTo(TsigAlgorithm.HMAC_SHA1);
    }

    @Test
    void refusesAFileThatHoldsAnotherKey() {
        assertThatThrownBy(() ->
                        read("key \"other\" { algorithm hmac-sha256; secret \"" + SECRET + "\"; };", Optional.empty()))
                .hasMessageContaining("holds the key other., not xfr-key.");
    }

    @Test
    void refusesAFileWhoseAlgorithmDiffersFromTheConfigs() {
        assertThatThrownBy(() -> read("hmac-sha512:xfr-key:" + SECRET, Optional.of(TsigAlgorithm.HMAC_SHA256)))
                .hasMessageContaining("holds a hmac-sha512 key, but the algorithm is hmac-sha256");
    }

    @Test
    void refusesTextThatIsNotBase64WithoutRepeatingIt() {
        assertThatThrownBy(() -> read("not*base64!\n", Optional.empty())).hasMessage("the secret is not valid base64");
    }

    @Test
    void refusesASecretTooShortToBeSafe() {
        assertThatThrownBy(() -> read("c2hvcnQ=\n", Optional.empty())).hasMessageContaining("at least 10 are needed");
    }

    @Test
    void saysWhenTheFileCannotBeRead() {
        assertThatThrownBy(() -> TsigKeyFile.read(dir.resolve("missing"), XFR, Optional.empty()))
                .hasMessageContaining("cannot read");
    }
}
