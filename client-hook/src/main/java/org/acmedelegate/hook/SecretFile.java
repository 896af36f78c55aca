package org.acmedelegate.hook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a small text file handed to the hook (a token, an import line) with errors that say why it failed. */
final class SecretFile {
    private SecretFile() {}

    /** The file's text without surrounding white space; {@code what} names it in errors. Never empty. */
    static String read(Path file, String what) throws HookException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new HookException(ExitCode.USAGE, what + " " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new HookException(ExitCode.USAGE, what + " " + file + " cannot be read: permission denied");
        } catch (IOException e) {
            throw new HookException(
                    ExitCode.USAGE,
                    what + " " + file + " cannot be read: "
                            + (Files.isDirectory(file) ? "it is a directory" : e.getMessage()));
        }
        if (text.isEmpty()) {
            throw new HookException(ExitCode.USAGE, what + " " + file + " is empty");
        }
        return text;
    }
}
