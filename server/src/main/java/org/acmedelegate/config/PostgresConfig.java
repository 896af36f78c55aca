package org.acmedelegate.config;

import java.util.Objects;

/**
 * How to reach the shared PostgreSQL database: a JDBC URL, the user, the password (read from
 * {@code password_file}, never written in the TOML) and the size of the connection pool.
 */
public record PostgresConfig(String url, String user, String password, int poolSize) {
    public static final int DEFAULT_POOL_SIZE = 10;

    public PostgresConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1");
        }
    }

    @Override
    public String toString() {
        return "PostgresConfig[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
