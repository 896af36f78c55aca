package org.acmedelegate.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * An online, consistent copy of the SQLite database through SQLite's backup API, taken over its own
 * read-only connection, so a server running on the same file keeps serving and writing meanwhile. The
 * copy is checked, made a single self-contained file (rollback journal, no WAL beside it), readable by
 * its owner only, and moved into place whole.
 */
public final class SqliteBackup {
    /** What a finished backup holds. */
    public record Result(Path file, long bytes, long accounts) {}

    private SqliteBackup() {}

    /** Copies {@code database} to {@code target}, replacing a previous backup there. */
    public static Result copy(Path database, Path target) {
        Path source = database.toAbsolutePath().normalize();
        Path destination = target.toAbsolutePath().normalize();
        if (!Files.isRegularFile(source)) {
            throw new StoreException("database " + database + " does not exist");
        }
        try {
            if (Files.exists(destination) && Files.isSameFile(source, destination)) {
                throw new StoreException("refusing to write the backup over the database itself (" + target + ")");
            }
        } catch (IOException e) {
            throw new StoreException("cannot compare " + database + " with " + target + ": " + e.getMessage(), e);
        }
        Path dir = destination.getParent();
        if (!Files.isDirectory(dir)) {
            throw new StoreException("cannot write the backup: folder " + dir + " does not exist");
        }
        Path partial = dir.resolve("." + destination.getFileName() + ".partial-"
                + ProcessHandle.current().pid());
        try {
            Files.deleteIfExists(partial);
            // Created empty with its final mode first: SQLite would create it with the umask's mode, and the
            // copy holds every key hash.
            Files.createFile(
                    partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            backup(source, partial);
            long accounts = checkAndDetach(partial);
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            move(partial, destination);
            return new Result(target, Files.size(destination), accounts);
        } catch (FileAlreadyExistsException e) {
            throw new StoreException("cannot write the backup: " + e.getFile() + " is in the way", e);
        } catch (IOException e) {
            throw new StoreException("cannot write the backup to " + target + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new StoreException("backup of " + database + " failed: " + SqliteRows.rootMessage(e), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the copy failed already, and that is the error worth reporting
            }
        }
    }

    private static void backup(Path source, Path partial) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5000);
        try (Connection connection = config.createConnection("jdbc:sqlite:" + source)) {
            // All pages in one step: one read transaction, so the copy is one consistent state even while
            // the server commits (in steps, another process's write would restart the copy).
            int rc = connection
                    .unwrap(SQLiteConnection.class)
                    .getDatabase()
                    .backup("main", partial.toString(), null, 100, 50, -1);
            if (rc != 0) {
                throw new SQLException("SQLite backup returned code " + rc);
            }
        }
    }

    private static long checkAndDetach(Path copy) throws SQLException {
        try (Connection connection = new SQLiteConfig().createConnection("jdbc:sqlite:" + copy);
                Statement statement = connection.createStatement()) {
            try (ResultSet check = statement.executeQuery("PRAGMA integrity_check")) {
                String verdict = check.next() ? check.getString(1) : "no answer";
                if (!"ok".equals(verdict)) {
                    throw new SQLException("the copy fails SQLite's integrity check: " + verdict);
                }
            }
            statement.execute("PRAGMA journal_mode=DELETE");
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM accounts")) {
                return count.next() ? count.getLong(1) : 0;
            }
        }
    }

    private static void move(Path partial, Path destination) throws IOException {
        try {
            Files.move(partial, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, destination, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
