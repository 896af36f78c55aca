package org.acmedelegate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.acmedelegate.config.ConfigLoader;
import org.acmedelegate.config.PostgresConfig;

/**
 * Server configurations for nodes on one test PostgreSQL database: node {@code n} listens for DNS and
 * the API on 127.0.0.{@code n}, port 0, and is named {@code node-n}; all share one secrets key file, as the
 * nodes of a cluster must.
 */
final class PostgresNodes {
    private final PostgresConfig database;
    private final Path dir;

    PostgresNodes(PostgresConfig database, Path dir) throws Exception {
        this.database = database;
        this.dir = dir;
        Files.writeString(dir.resolve("db-password"), database.password() + "\n");
    }

    /** The TOML of node {@code n}; {@code more} is appended (it may add tables, not keys of [store] or [cluster]). */
    String toml(int n, String clusterKeys, String more) {
        return """
                [store]
                engine = "postgresql"
                check_interval = "200ms"
                secrets_key_file = "%s"
                [store.postgresql]
                url = "%s"
                user = "%s"
                password_file = "%s"
                pool_size = 6
                [cluster]
                node_name = "node-%d"
                heartbeat_interval = "200ms"
                node_timeout = "1s"
                poll_interval = "500ms"
                %s
                [dns]
                zone = "auth.example.org"
                listen = ["127.0.0.%d:0"]
                [api]
                listen = "127.0.0.%d:0"
                bcrypt_cost = 4
                [audit]
                path = "%s"
                %s
                """.formatted(
                        secretsKeyFile(),
                        database.url(),
                        database.user(),
                        dir.resolve("db-password"),
                        n,
                        clusterKeys,
                        n,
                        n,
                        dir.resolve("audit-" + n + ".log"),
                        more);
    }

    /** The secrets key file every node uses (made by the first node to start). */
    Path secretsKeyFile() {
        return dir.resolve("secrets.key");
    }

    AcmeDelegate start(int n, String clusterKeys) {
        return start(n, clusterKeys, "");
    }

    AcmeDelegate start(int n, String clusterKeys, String more) {
        return AcmeDelegate.start(new ConfigLoader().parse(toml(n, clusterKeys, more)), Clock.systemUTC(), true);
    }
}
