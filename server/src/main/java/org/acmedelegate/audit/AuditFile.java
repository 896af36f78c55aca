package org.acmedelegate.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * The audit log's file: each line is appended whole or not at all, with no buffer that could replay a
 * half-written line later. Before each line it checks that the path still names the file it holds open,
 * and reopens (creating the file owner-only) when the file was moved or deleted, as logrotate does
 * without {@code copytruncate}.
 */
final class AuditFile implements AutoCloseable {
    static final long MIN_FREE_BYTES = 64 * 1024;

    private final Path path;
    private FileChannel channel;
    private Object openedKey;

    private AuditFile(Path path) {
        this.path = path;
    }

    /** Opens {@code path} for appending, creating it and its folder if absent. */
    static AuditFile open(Path path) throws IOException {
        AuditFile file = new AuditFile(path);
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        file.reopen();
        return file;
    }

    /**
     * Appends {@code line} (which ends with its newline). On failure (a full disk, say) the bytes that did
     * reach the file are cut off again, so the file never holds part of a line, and the exception is thrown.
     */
    synchronized void append(byte[] line) throws IOException {
        if (channel == null || !stillAtPath()) {
            reopen();
        }
        long before = channel.size();
        ByteBuffer bytes = ByteBuffer.wrap(line);
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            try {
                channel.truncate(before);
            } catch (IOException cut) {
                e.addSuppressed(cut);
            }
            throw e;
        }
    }

    /**
     * Whether the file's disk has room for more lines ({@link #MIN_FREE_BYTES} at least), so that an action
     * that must be audited can be refused before it is done rather than after its line failed.
     */
    boolean hasRoom() {
        try {
            Path probe = Files.exists(path) ? path : path.toAbsolutePath().getParent();
            return Files.getFileStore(probe).getUsableSpace() >= MIN_FREE_BYTES;
        } catch (IOException e) {
            return false;
        }
    }

    /** Closes the file and opens whatever is at the path now (SIGHUP after an outside rotation). */
    synchronized void reopen() throws IOException {
        closeChannel();
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                && path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            try {
                // Owner-only: the log names accounts and client addresses.
                Files.createFile(
                        path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // Someone else created it between the check and here; append to theirs.
            }
        }
        channel =
                FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        openedKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }

    private boolean stillAtPath() throws IOException {
        try {
            Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            return key == null || Objects.equals(key, openedKey);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // The old file is being let go; nothing it could still say matters.
            }
            channel = null;
        }
    }

    @Override
    public synchronized void close() {
        closeChannel();
    }
}
