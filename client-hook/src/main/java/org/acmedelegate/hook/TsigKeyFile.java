package org.acmedelegate.hook;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The TSIG key a {@code register --tsig} got, saved beside the account file as certbot's
 * {@code rfc2136.ini} ({@code <account file folder>/<domain>.rfc2136.ini}, mode 0600): the only copy of its
 * secret, as the server shows it once.
 */
final class TsigKeyFile {
    private TsigKeyFile() {}

    /** The {@code tsig.certbot_ini} text of a {@code /register} reply; null when the reply has none. */
    static String certbotIni(String registerReply) {
        try {
            JsonElement tsig =
                    JsonParser.parseString(registerReply).getAsJsonObject().get("tsig");
            if (tsig == null || !tsig.isJsonObject()) {
                return null;
            }
            JsonObject key = tsig.getAsJsonObject();
            JsonElement ini = key.get("certbot_ini");
            return ini != null && ini.isJsonPrimitive() ? ini.getAsString() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Where the key of {@code domain} is saved, beside {@code accountFile}. */
    static Path pathFor(Path accountFile, DomainKey domain) {
        return accountFile.toAbsolutePath().resolveSibling(domain.value() + ".rfc2136.ini");
    }

    /** Writes {@code ini} to {@code file}, mode 0600, replacing an older key. */
    static void save(Path file, String ini) throws HookException {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, ini, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new HookException(
                    ExitCode.ACCOUNT_FILE, "cannot write TSIG key file " + file + ": " + e.getMessage(), e);
        }
    }
}
