package org.acmedelegate.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Why a file the configuration names could not be read, in words an operator can act on (never a class name). */
final class Unreadable {
    private Unreadable() {}

    /** "it does not exist", "it is a directory", "permission denied (...)", "it is not UTF-8 text", or the I/O error. */
    static String why(Path file, IOException e) {
        if (Files.isDirectory(file)) {
            return "it is a directory";
        }
        if (e instanceof NoSuchFileException) {
            Path parent = file.toAbsolutePath().getParent();
            return parent != null && !Files.isDirectory(parent)
                    ? "it does not exist (its directory " + parent + " does not exist either)"
                    : "it does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied (the server runs as " + System.getProperty("user.name") + ")";
        }
        if (e instanceof CharacterCodingException) {
            return "it is not UTF-8 text";
        }
        return e.getMessage() == null ? "input/output error" : e.getMessage();
    }
}
