package org.acmedelegate.dns.tsig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Reads a TSIG secret from a file in any of the forms operators have at hand: the base64 secret alone,
 * what BIND's {@code tsig-keygen} writes ({@code key "name" { algorithm ...; secret "..."; };}), or what
 * Knot's {@code keymgr -t} writes (its {@code # alg:name:secret} line or YAML). When the file names the key
 * or its algorithm, those must agree with the config. Error messages never contain the secret.
 */
public final class TsigKeyFile {
    private static final Pattern BIND_KEY = Pattern.compile("key\\s+\"?([^\"\\s{]+)\"?\\s*\\{");
    private static final Pattern BIND_ALGORITHM = Pattern.compile("algorithm\\s+\"?([A-Za-z0-9-]+)\"?\\s*;");
    private static final Pattern BIND_SECRET = Pattern.compile("secret\\s+\"([^\"]*)\"\\s*;");
    private static final Pattern YAML_ID = Pattern.compile("(?m)^\\s*-?\\s*id:\\s*\"?([^\"\\s]+)\"?\\s*$");
    private static final Pattern YAML_ALGORITHM =
            Pattern.compile("(?m)^\\s*-?\\s*algorithm:\\s*\"?([A-Za-z0-9-]+)\"?\\s*$");
    private static final Pattern YAML_SECRET = Pattern.compile("(?m)^\\s*-?\\s*secret:\\s*\"?([^\"\\s]+)\"?\\s*$");
    private static final Pattern TRIPLE = Pattern.compile("(?m)^\\s*#?\\s*(hmac-[a-z0-9]+):([^:\\s]+):(\\S+)\\s*$");

    private TsigKeyFile() {}

    /** What a key file holds: the secret, and the key's name and algorithm when the file says them. */
    public record Contents(byte[] secret, Optional<Name> name, Optional<TsigAlgorithm> algorithm) {}

    /**
     * Reads the key called {@code name} from {@code file}; {@code algorithm} is the config's, or empty to
     * take the file's (hmac-sha256 when the file does not say). Throws {@link IllegalArgumentException}
     * with a message fit for an operator.
     */
    public static TsigKey read(Path file, Name name, Optional<TsigAlgorithm> algorithm) {
        String text;
        try {
            text = Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read " + file + ": no such file", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalArgumentException(
                    "cannot read " + file + ": permission denied (the server runs as " + System.getProperty("user.name")
                            + ")",
                    e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Contents contents = parse(text);
        if (contents.name().isPresent() && !contents.name().get().equals(name)) {
            throw new IllegalArgumentException(
                    file + " holds the key " + contents.name().get() + ", not " + name);
        }
        if (algorithm.isPresent()
                && contents.algorithm().isPresent()
                && algorithm.get() != contents.algorithm().get()) {
            throw new IllegalArgumentException(
                    file + " holds a " + contents.algorithm().get().text() + " key, but the algorithm is "
                            + algorithm.get().text());
        }
        TsigAlgorithm chosen = algorithm.or(contents::algorithm).orElse(TsigAlgorithm.HMAC_SHA256);
        return new TsigKey(name, chosen, contents.secret());
    }

    /** The secret and what else {@code text} says about the key. */
    public static Contents parse(String text) {
        Matcher secret = BIND_SECRET.matcher(text);
        if (secret.find()) {
            return new Contents(decode(secret.group(1)), name(BIND_KEY, text), algorithm(BIND_ALGORITHM, text));
        }
        secret = YAML_SECRET.matcher(text);
        if (secret.find()) {
            return new Contents(decode(secret.group(1)), name(YAML_ID, text), algorithm(YAML_ALGORITHM, text));
        }
        Matcher triple = TRIPLE.matcher(text);
        if (triple.find()) {
            return new Contents(
                    decode(triple.group(3)),
                    Optional.of(toName(triple.group(2))),
                    Optional.of(TsigAlgorithm.parse(triple.group(1))));
        }
        StringBuilder bare = new StringBuilder();
        for (String line : text.split("\n")) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                bare.append(s);
            }
        }
        if (bare.length() == 0) {
            throw new IllegalArgumentException(
                    "no secret found (expected base64, or a tsig-keygen or keymgr key file)");
        }
        return new Contents(decode(bare.toString()), Optional.empty(), Optional.empty());
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the secret is not valid base64");
        }
    }

    private static Optional<Name> name(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(toName(m.group(1))) : Optional.empty();
    }

    private static Optional<TsigAlgorithm> algorithm(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(TsigAlgorithm.parse(m.group(1))) : Optional.empty();
    }

    static Name toName(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a key name: \"" + text + "\"");
        }
    }
}
