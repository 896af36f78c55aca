package org.acmedelegate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes an account's import line to a new file readable only by its owner: it holds the account's key. */
final class ImportFile {
    private ImportFile() {}

    static void write(Path file, String line) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, line + "\n", StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("cannot write the import file " + file + ": it already exists"
                    + " (the account was created; its line is printed above)");
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cannot write the import file " + file + ": its directory does not"
                    + " exist (the account was created; its line is printed above)");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("cannot write the import file " + file + ": permission denied"
                    + " (the account was created; its line is printed above)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the import file " + file + ": " + e.getMessage()
                    + " (the account was created; its line is printed above)");
        }
    }
}
