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

    static StoreConfig store(ConfigFile.Store given, ConfigProblems problems) {
        ConfigFile.Store store = given != null ? given : new ConfigFile.Store(null, null, null, null, null);
        ConfigProblems.Section s = problems.section();
        String path = s.read("store.sqlite_path", () -> {
            String p = store.sqlitePath() == null ? "data/acme-delegate.db" : store.sqlitePath();
            if (p.isBlank()) {
                throw new ConfigException("store.sqlite_path", "must not be empty");
            }
            return p;
        });
        Duration check = s.read("store.check_interval", () -> {
            Duration d = store.checkInterval() == null
                    ? StoreConfig.DEFAULT_CHECK_INTERVAL
                    : Durations.parse("store.check_interval", store.checkInterval());
            if (d.compareTo(Duration.ofMillis(100)) < 0 || d.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new ConfigException("store.check_interval", "must be between 100ms and 10m, got " + d);
            }
            return d;
        });
        StoreEngine engine = s.read("store.engine", () -> engine(store.engine()));
        Path secrets = s.read("store.secrets_key_file", () -> {
            if (store.secretsKeyFile() == null) {
                return path == null ? null : StoreConfig.defaultSecretsKeyFile(Path.of(path));
            }
            if (store.secretsKeyFile().isBlank()) {
                throw new ConfigException("store.secrets_key_file", "must not be empty");
            }
            return Path.of(store.secretsKeyFile());
        });
        ConfigFile.Postgresql pg = store.postgresql();
        s.check(
                () -> {
                    if (engine == StoreEngine.SQLITE && pg != null) {
                        throw new ConfigException(
                                "store.postgresql",
                                "is set but store.engine is \"sqlite\";"
                                        + " set engine = \"postgresql\" to use it, or remove the section");
                    }
                    if (engine == StoreEngine.POSTGRESQL && store.sqlitePath() != null) {
                        throw new ConfigException(
                                "store.sqlite_path", "is set but store.engine is \"postgresql\"; remove it");
                    }
                },
                engine);
        PostgresConfig postgres = engine == StoreEngine.POSTGRESQL ? postgresql(pg, s) : null;
        return s.build(() -> new StoreConfig(engine, Path.of(path), Optional.ofNullable(postgres), check, secrets));
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

    private static PostgresConfig postgresql(ConfigFile.Postgresql pg, ConfigProblems.Section s) {
        if (pg == null) {
            return s.read("store.postgresql", () -> {
                throw new ConfigException(
                        "store.postgresql",
                        "engine = \"postgresql\" needs a [store.postgresql] section"
                                + " with url, user and password_file");
            });
        }
        String url = s.read("store.postgresql.url", () -> url(pg.url()));
        String user = s.read("store.postgresql.user", () -> {
            if (pg.user() == null || pg.user().isBlank()) {
                throw new ConfigException("store.postgresql.user", "required");
            }
            return pg.user().strip();
        });
        String password = s.read("store.postgresql.password_file", () -> password(pg.passwordFile()));
        Integer pool = s.read(
                "store.postgresql.pool_size",
                () -> ConfigLoader.between(
                        "store.postgresql.pool_size", pg.poolSize(), PostgresConfig.DEFAULT_POOL_SIZE, 2, 200));
        return s.build(() -> new PostgresConfig(url, user, password, pool));
    }

    private static String url(String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigException(
                    "store.postgresql.url", "required, e.g. \"jdbc:postgresql://db.example:5432/acme_delegate\"");
        }
        String url = text.strip();
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new ConfigException(
                    "store.postgresql.url", "must be a JDBC URL starting with jdbc:postgresql://, got \"" + url + "\"");
        }
        if (url.contains("password=")) {
            throw new ConfigException("store.postgresql.url", "must not hold the password; put it in password_file");
        }
        return url;
    }

    private static String password(String file) {
        if (file == null || file.isBlank()) {
            throw new ConfigException("store.postgresql.password_file", "required (a file holding only the password)");
        }
        String password;
        try {
            password = Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            throw new ConfigException(
                    "store.postgresql.password_file", "cannot read " + file + ": " + Unreadable.why(Path.of(file), e));
        }
        if (password.isEmpty()) {
            throw new ConfigException("store.postgresql.password_file", file + " is empty");
        }
        return password;
    }

    static ClusterConfig cluster(ConfigFile.Cluster given, ConfigProblems problems) {
        ConfigFile.Cluster c = given != null ? given : new ConfigFile.Cluster(null, null, null, null, null, null);
        ClusterConfig d = ClusterConfig.DEFAULT;
        ConfigProblems.Section s = problems.section();
        Optional<String> name = s.read("cluster.node_name", () -> {
            if (c.nodeName() != null && !c.nodeName().matches("[A-Za-z0-9._:-]{1,64}")) {
                throw new ConfigException("cluster.node_name", "1 to 64 letters, digits, '.', '_', ':' or '-'");
            }
            return Optional.ofNullable(c.nodeName());
        });
        ClusterConfig.WaitFor waitFor = s.read("cluster.wait_for", () -> {
            if (c.waitFor() == null) {
                return d.waitFor();
            }
            return switch (c.waitFor().strip().toLowerCase(Locale.ROOT)) {
                case "local" -> ClusterConfig.WaitFor.LOCAL;
                case "all" -> ClusterConfig.WaitFor.ALL;
                default ->
                    throw new ConfigException(
                            "cluster.wait_for", "must be \"local\" or \"all\", got \"" + c.waitFor() + "\"");
            };
        });
        Duration wait = duration(
                s,
                "cluster.wait_timeout",
                c.waitTimeout(),
                d.waitTimeout(),
                Duration.ofMillis(10),
                Duration.ofSeconds(30));
        Duration heartbeat = duration(
                s,
                "cluster.heartbeat_interval",
                c.heartbeatInterval(),
                d.heartbeatInterval(),
                Duration.ofMillis(100),
                Duration.ofMinutes(1));
        Duration nodeTimeout = duration(
                s,
                "cluster.node_timeout",
                c.nodeTimeout(),
                d.nodeTimeout(),
                Duration.ofMillis(500),
                Duration.ofMinutes(10));
        s.check(
                () -> {
                    if (nodeTimeout.compareTo(heartbeat.multipliedBy(2)) < 0) {
                        throw new ConfigException(
                                "cluster.node_timeout",
                                "must be at least twice cluster.heartbeat_interval (" + heartbeat.multipliedBy(2)
                                        + ")");
                    }
                },
                heartbeat,
                nodeTimeout);
        Duration poll = duration(
                s,
                "cluster.poll_interval",
                c.pollInterval(),
                d.pollInterval(),
                Duration.ofMillis(50),
                Duration.ofMinutes(5));
        return s.build(() -> new ClusterConfig(name, waitFor, wait, heartbeat, nodeTimeout, poll));
    }

    private static Duration duration(
            ConfigProblems.Section s, String key, Object value, Duration fallback, Duration min, Duration max) {
        return s.read(key, () -> {
            Duration d = value == null ? fallback : Durations.parse(key, value);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + d);
            }
            return d;
        });
    }
}
