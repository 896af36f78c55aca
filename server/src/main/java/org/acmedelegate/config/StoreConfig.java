package org.acmedelegate.config;

import java.nio.file.Path;
import java.util.Objects;

/** Where the SQLite database lives. */
public record StoreConfig(Path sqlitePath) {
    public StoreConfig {
        Objects.requireNonNull(sqlitePath, "sqlitePath");
    }
}
