package org.acmedelegate.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity (device and inode) of the database file and its write-ahead log as they were when the
 * store opened them. A store whose files were deleted or replaced keeps writing into the open, unlinked
 * files, and everything it acknowledges would be lost at the next start: this tells it so.
 */
final class FileIdentity {
    private final Map<Path, Object> keys;

    private FileIdentity(Map<Path, Object> keys) {
        this.keys = keys;
    }

    /** Records the files that exist now: the database, and its WAL while connections keep it open. */
    static FileIdentity of(Path database) throws IOException {
        Map<Path, Object> keys = new LinkedHashMap<>();
        keys.put(database, key(database));
        Path wal = database.resolveSibling(database.getFileName() + "-wal");
        if (Files.exists(wal)) {
            keys.put(wal, key(wal));
        }
        return new FileIdentity(keys);
    }

    /** What changed since the files were opened, or empty when each is still the file that was opened. */
    Optional<String> change() {
        for (Map.Entry<Path, Object> e : keys.entrySet()) {
            try {
                if (!Objects.equals(key(e.getKey()), e.getValue())) {
                    return Optional.of(e.getKey() + " was replaced by another file");
                }
            } catch (NoSuchFileException gone) {
                return Optional.of(e.getKey() + " was deleted");
            } catch (IOException unreadable) {
                // Not a sign of another file: the store's own I/O errors report real trouble with it.
            }
        }
        return Optional.empty();
    }

    private static Object key(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        // Without a file key (not on Linux) the creation time is the best stand-in for an identity.
        return attributes.fileKey() != null ? attributes.fileKey() : attributes.creationTime();
    }
}
