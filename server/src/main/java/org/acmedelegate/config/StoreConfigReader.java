package org.acmedelegate.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Reads {@code [store]}, {@code [store.postgresql]} and {@code [cluster]}, for {@link ConfigLoader}. */
final class StoreConfigReader {
    private StoreConfigReader() {}

    static StoreConfig store(ConfigFile.Store store) {
        String path = store == null || store.sqlitePath() == null ? "data/acme-delegate.db" : store.sqlitePath();
        if (path.isBlank()) {
            throw new ConfigException("store.sqlite_path", "must not be empty");
        }
        Duration check = store == null || store.checkInterval() == null
                ? StoreConfig.DEFAULT_CHECK_INTERVAL
                : Durations.parse("store.check_interval", store.checkInterval());
        if (check.compareTo(Duration.ofMillis(100)) < 0 || check.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new ConfigException("store.check_interval", "must be between 100ms and 10m, got " + check);
        }
        StoreEngine engine = engine(store == null ? null : store.engine());
        Path secrets = StoreConfig.defaultSecretsKeyFile(Path.of(path));
        if (store != null && store.secretsKeyFile() != null) {
            if (store.secretsKeyFile().isBlank()) {
                throw new ConfigException("store.secrets_key_file", "must not be empty");
            }
            secrets = Path.of(store.secretsKeyFile());
        }
        ConfigFile.Postgresql pg = store == null ? null : store.postgresql();
        if (engine == StoreEngine.SQLITE) {
            if (pg != null) {
                throw new ConfigException(
                        "store.postgresql",
                        "is set but store.engine is \"sqlite\";"
                                + " set engine = \"postgresql\" to use it, or remove the section");
            }
            return new StoreConfig(StoreEngine.SQLITE, Path.of(path), Optional.empty(), check, secrets);
        }
        if (store.sqlitePath() != null) {
            throw new ConfigException("store.sqlite_path", "is set but store.engine is \"postgresql\"; remove it");
        }
        return new StoreConfig(engine, Path.of(path), Optional.of(postgresql(pg)), check, secrets);
    }

    private static StoreEngine engine(String text) {
        if (text == null) {
            return StoreEngine.SQLITE;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "sqlite" -> StoreEngine.SQLITE;
            case "postgresql" -> StoreEngine.POSTGRESQL;
            default ->
                throw new ConfigException("store.engine", "must be \"sqlite\" or \"postgresql\", got \"" + text + "\"");
        };
    }

    private static PostgresConfig postgresql(ConfigFile.Postgresql pg) {
        if (pg == null) {
            throw new ConfigException(
                    "store.postgresql",
                    "engine = \"postgresql\" needs a [store.postgresql] section" + " with url, user and password_file");
        }
        if (pg.url() == null || pg.url().isBlank()) {
            throw new ConfigException(
                    "store.postgresql.url", "required, e.g. \"jdbc:postgresql://db.example:5432/acme_delegate\"");
        }
        String url = pg.url().strip();
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new ConfigException(
                    "store.postgresql.url", "must be a JDBC URL starting with jdbc:postgresql://, got \"" + url + "\"");
        }
        if (url.contains("password=")) {
            throw new ConfigException("store.postgresql.url", "must not hold the password; put it in password_file");
        }
        if (pg.user() == null || pg.user().isBlank()) {
            throw new ConfigException("store.postgresql.user", "required");
        }
        if (pg.passwordFile() == null || pg.passwordFile().isBlank()) {
            throw new ConfigException("store.postgresql.password_file", "required (a file holding only the password)");
        }
        String password;
        try {
            password = Files.readString(Path.of(pg.passwordFile())).strip();
        } catch (IOException e) {
            throw new ConfigException(
                    "store.postgresql.password_file",
                    "cannot read " + pg.passwordFile() + ": " + e.getClass().getSimpleName());
        }
        if (password.isEmpty()) {
            throw new ConfigException("store.postgresql.password_file", pg.passwordFile() + " is empty");
        }
        int pool = pg.poolSize() == null ? PostgresConfig.DEFAULT_POOL_SIZE : pg.poolSize();
        if (pool < 2 || pool > 200) {
            throw new ConfigException("store.postgresql.pool_size", "must be between 2 and 200, got " + pool);
        }
        return new PostgresConfig(url, pg.user().strip(), password, pool);
    }

    static ClusterConfig cluster(ConfigFile.Cluster c) {
        if (c == null) {
            return ClusterConfig.DEFAULT;
        }
        ClusterConfig d = ClusterConfig.DEFAULT;
        Optional<String> name = Optional.empty();
        if (c.nodeName() != null) {
            if (!c.nodeName().matches("[A-Za-z0-9._:-]{1,64}")) {
                throw new ConfigException("cluster.node_name", "1 to 64 letters, digits, '.', '_', ':' or '-'");
            }
            name = Optional.of(c.nodeName());
        }
        ClusterConfig.WaitFor waitFor = d.waitFor();
        if (c.waitFor() != null) {
            waitFor = switch (c.waitFor().strip().toLowerCase(Locale.ROOT)) {
                case "local" -> ClusterConfig.WaitFor.LOCAL;
                case "all" -> ClusterConfig.WaitFor.ALL;
                default ->
                    throw new ConfigException(
                            "cluster.wait_for", "must be \"local\" or \"all\", got \"" + c.waitFor() + "\"");
            };
        }
        Duration wait = duration(
                "cluster.wait_timeout",
                c.waitTimeout(),
                d.waitTimeout(),
                Duration.ofMillis(10),
                Duration.ofSeconds(30));
        Duration heartbeat = duration(
                "cluster.heartbeat_interval",
                c.heartbeatInterval(),
                d.heartbeatInterval(),
                Duration.ofMillis(100),
                Duration.ofMinutes(1));
        Duration nodeTimeout = duration(
                "cluster.node_timeout",
                c.nodeTimeout(),
                d.nodeTimeout(),
                Duration.ofMillis(500),
                Duration.ofMinutes(10));
        if (nodeTimeout.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new ConfigException(
                    "cluster.node_timeout",
                    "must be at least twice cluster.heartbeat_interval (" + heartbeat.multipliedBy(2) + ")");
        }
        Duration poll = duration(
                "cluster.poll_interval",
                c.pollInterval(),
                d.pollInterval(),
                Duration.ofMillis(50),
                Duration.ofMinutes(5));
        return new ClusterConfig(name, waitFor, wait, heartbeat, nodeTimeout, poll);
    }

    private static Duration duration(String key, Object value, Duration fallback, Duration min, Duration max) {
        Duration d = value == null ? fallback : Durations.parse(key, value);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + d);
        }
        return d;
    }
}
