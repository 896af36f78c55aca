package org.acmedelegate.hook;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON account file shared with goacmedns, lego ({@code ACME_DNS_STORAGE_PATH}), acme-dns-client and
 * Caddy: {@code {"<domain>": {username, password, fulldomain, subdomain, allowfrom, server_url}}}.
 * Keys are normalised with {@link DomainKey} on read; writes replace the file atomically with mode 0600.
 */
public final class AccountFile {
    private final Path path;

    public AccountFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    /**
     * The default location: {@code $ACME_DELEGATE_ACCOUNTS}, else {@code $ACME_DNS_STORAGE_PATH}, else
     * {@code /etc/acme-delegate/accounts.json} for root, else
     * {@code ${XDG_CONFIG_HOME:-$HOME/.config}/acme-delegate/accounts.json}.
     */
    public static Path defaultPath(Map<String, String> env, boolean root, String userHome) {
        for (String var : new String[] {"ACME_DELEGATE_ACCOUNTS", "ACME_DNS_STORAGE_PATH"}) {
            String value = env.get(var);
            if (value != null && !value.isBlank()) {
                return Path.of(value);
            }
        }
        if (root) {
            return Path.of("/etc/acme-delegate/accounts.json");
        }
        String config = env.get("XDG_CONFIG_HOME");
        if (config == null || config.isBlank()) {
            String home = env.getOrDefault("HOME", userHome);
            config = Path.of(home, ".config").toString();
        }
        return Path.of(config, "acme-delegate", "accounts.json");
    }

    public Path path() {
        return path;
    }

    /** All accounts by normalised key, sorted; an absent file holds none. */
    public Map<DomainKey, Account> readAll() throws HookException {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            return new TreeMap<>(Comparator.comparing(DomainKey::value));
        } catch (IOException e) {
            throw new HookException(ExitCode.ACCOUNT_FILE, "cannot read account file " + path + ": " + e, e);
        }
        Map<DomainKey, Account> accounts = new TreeMap<>(Comparator.comparing(DomainKey::value));
        if (text.isBlank()) {
            return accounts;
        }
        Map<String, Account> entries;
        try {
            entries = AccountJson.readMap(text);
        } catch (AccountJson.InvalidJson e) {
            // The parser's message may quote file content, which can be a password: keep only the location.
            throw invalid(e.line() == null ? "" : " (line " + e.line() + ")");
        }
        try {
            for (Map.Entry<String, Account> e : entries.entrySet()) {
                if (e.getValue() != null) {
                    accounts.put(DomainKey.of(e.getKey()), e.getValue());
                }
            }
        } catch (IllegalArgumentException e) {
            throw invalid("");
        }
        return accounts;
    }

    private HookException invalid(String where) {
        return new HookException(
                ExitCode.ACCOUNT_FILE,
                "account file " + path + " is not a valid account map" + where + "; fix or move it");
    }

    /** The account saved for {@code domain}, if any. */
    public Optional<Account> find(DomainKey domain) throws HookException {
        return Optional.ofNullable(readAll().get(domain));
    }

    /**
     * Refuses, unless {@code replace}, when an account for {@code domain} is saved already: the error names
     * the CNAME it needs and ends with {@code advice} (how to replace it).
     */
    public void requireNone(DomainKey domain, boolean replace, String advice) throws HookException {
        Optional<Account> existing = find(domain);
        if (existing.isPresent() && !replace) {
            throw new HookException(
                    ExitCode.ACCOUNT_EXISTS,
                    "an account for " + domain + " already exists in " + path + " (" + domain.challengeName()
                            + " CNAME " + existing.get().fullDomain() + ".); " + advice);
        }
    }

    /** Saves {@code account} under {@code domain}, replacing an existing entry, and keeps every other entry. */
    public void save(DomainKey domain, Account account) throws HookException {
        Map<DomainKey, Account> accounts = readAll();
        accounts.put(domain, account);
        write(accounts);
    }

    private void write(Map<DomainKey, Account> accounts) throws HookException {
        Map<String, Account> out = new LinkedHashMap<>();
        accounts.forEach((k, v) -> out.put(k.value(), v));
        Path dir = path.getParent();
        Path tmp = null;
        try {
            createPrivateDirectory(dir);
            tmp = Files.createTempFile(
                    dir,
                    "." + path.getFileName(),
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(AccountJson.write(out).getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new HookException(ExitCode.ACCOUNT_FILE, "cannot write account file " + path + ": " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed; that error is the one to report
                }
            }
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createPrivateDirectory(dir.getParent());
        try {
            Files.createDirectory(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // created concurrently: fine
        }
    }
}
