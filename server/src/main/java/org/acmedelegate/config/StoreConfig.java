package org.acmedelegate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Which engine keeps the data: the SQLite file at {@code sqlitePath} (the default), or the PostgreSQL
 * database of {@code postgresql}; and how often the server checks that it can still write (what
 * {@code /ready} reports). {@code secretsKeyFile} holds the key that seals stored TSIG secrets (every node of a
 * cluster needs the same file); by default {@code secrets.key} beside the SQLite file.
 */
public record StoreConfig(
        StoreEngine engine,
        Path sqlitePath,
        Optional<PostgresConfig> postgresql,
        Duration checkInterval,
        Path secretsKeyFile) {
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(5);

    public StoreConfig {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(sqlitePath, "sqlitePath");
        Objects.requireNonNull(postgresql, "postgresql");
        Objects.requireNonNull(checkInterval, "checkInterval");
        Objects.requireNonNull(secretsKeyFile, "secretsKeyFile");
        if (engine == StoreEngine.POSTGRESQL && postgresql.isEmpty()) {
            throw new IllegalArgumentException("the postgresql engine needs its connection settings");
        }
    }

    /** The SQLite store at {@code sqlitePath}. */
    public StoreConfig(Path sqlitePath, Duration checkInterval) {
        this(StoreEngine.SQLITE, sqlitePath, Optional.empty(), checkInterval, defaultSecretsKeyFile(sqlitePath));
    }

    /** Where the secrets key lives when {@code [store] secrets_key_file} is not set: beside the SQLite file. */
    public static Path defaultSecretsKeyFile(Path sqlitePath) {
        return sqlitePath.toAbsolutePath().resolveSibling("secrets.key");
    }

    /** A short description for logs and check-config: the file, or the URL (never the password). */
    public String describe() {
        return engine == StoreEngine.SQLITE
                ? sqlitePath.toString()
                : "postgresql " + postgresql.get().url();
    }
}
