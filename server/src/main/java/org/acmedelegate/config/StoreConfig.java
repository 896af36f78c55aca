package org.acmedelegate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the SQLite database lives, and how often the server checks that it can still write it (the
 * file is the one it opened, the write lock can be had, writes succeed): what {@code /ready} reports.
 */
public record StoreConfig(Path sqlitePath, Duration checkInterval) {
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(5);

    public StoreConfig {
        Objects.requireNonNull(sqlitePath, "sqlitePath");
        Objects.requireNonNull(checkInterval, "checkInterval");
    }
}
