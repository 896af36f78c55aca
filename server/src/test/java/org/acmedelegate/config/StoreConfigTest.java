package org.acmedelegate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreConfigTest {
    private final ConfigLoader loader = new ConfigLoader();

    @TempDir
    Path dir;

    private String postgres(String storeKeys, String pgKeys, String more) {
        return "[dns]\nzone = \"auth.example.org\"\n[store]\nengine = \"postgresql\"\n" + storeKeys
                + "\n[store.postgresql]\n" + pgKeys + "\n" + more;
    }

    private String credentials() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "s3cret-password\n");
        return "url = \"jdbc:postgresql://db.example:5432/acme\"\nuser = \"acme\"\npassword_file = \"" + file + "\"\n";
    }

    @Test
    void sqliteIsTheDefaultEngineWithOneNodesRoles() {
        ServerConfig config = loader.parse("[dns]\nzone = \"auth.example.org\"\n");
        assertThat(config.store().engine()).isEqualTo(StoreEngine.SQLITE);
        assertThat(config.store().postgresql()).isEmpty();
        assertThat(config.roles()).isEqualTo(RolesConfig.BOTH);
        assertThat(config.cluster()).isEqualTo(ClusterConfig.DEFAULT);
    }

    @Test
    void readsThePostgresqlSettingsAndThePasswordFromItsFileNeverShowingIt() throws Exception {
        ServerConfig config = loader.parse(postgres("", credentials() + "pool_size = 7", ""));
        PostgresConfig pg = config.store().postgresql().orElseThrow();
        assertThat(config.store().engine()).isEqualTo(StoreEngine.POSTGRESQL);
        assertThat(pg.url()).isEqualTo("jdbc:postgresql://db.example:5432/acme");
        assertThat(pg.user()).isEqualTo("acme");
        assertThat(pg.password()).isEqualTo("s3cret-password");
        assertThat(pg.poolSize()).isEqualTo(7);
        assertThat(pg.toString()).doesNotContain("s3cret");
        assertThat(config.store().describe()).isEqualTo("postgresql jdbc:postgresql://db.example:5432/acme");
    }

    @Test
    void namesTheMissingOrWrongPostgresqlKey() throws Exception {
        assertThatThrownBy(() -> loader.parse("[dns]\nzone = \"a.example\"\n[store]\nengine = \"postgresql\"\n"))
                .hasMessageStartingWith("store.postgresql:");
        assertThatThrownBy(() -> loader.parse(postgres("", "user = \"u\"", "")))
                .hasMessageStartingWith("store.postgresql.url: required");
        assertThatThrownBy(() -> loader.parse(postgres("", "url = \"postgres://db/x\"\nuser = \"u\"", "")))
                .hasMessageStartingWith("store.postgresql.url: must be a JDBC URL");
        assertThatThrownBy(() ->
                        loader.parse(postgres("", "url = \"jdbc:postgresql://db/x?password=p\"\nuser = \"u\"", "")))
                .hasMessageStartingWith("store.postgresql.url: must not hold the password");
        assertThatThrownBy(() -> loader.parse(postgres("", "url = \"jdbc:postgresql://db/x\"", "")))
                .hasMessageStartingWith("store.postgresql.user: required");
        assertThatThrownBy(() -> loader.parse(postgres("", "url = \"jdbc:postgresql://db/x\"\nuser = \"u\"", "")))
                .hasMessageStartingWith("store.postgresql.password_file: required");
        assertThatThrownBy(() -> loader.parse(postgres(
                        "",
                        "url = \"jdbc:postgresql://db/x\"\nuser = \"u\"\npassword_file = \"" + dir.resolve("missing")
                                + "\"",
                        "")))
                .hasMessageStartingWith("store.postgresql.password_file: cannot read");
        assertThatThrownBy(() -> loader.parse(postgres("", credentials() + "pool_size = 1", "")))
                .hasMessageStartingWith("store.postgresql.pool_size:");
        assertThatThrownBy(() -> loader.parse(postgres("", credentials() + "password = \"x\"", "")))
                .hasMessageStartingWith("store.postgresql.password: unknown key");
        assertThatThrownBy(() -> loader.parse(postgres("sqlite_path = \"x.db\"", credentials(), "")))
                .hasMessageStartingWith("store.sqlite_path:");
        assertThatThrownBy(() -> loader.parse("[dns]\nzone = \"a.example\"\n[store]\nengine = \"mysql\"\n"))
                .hasMessageStartingWith("store.engine: must be \"sqlite\" or \"postgresql\"");
        assertThatThrownBy(() -> loader.parse(
                        "[dns]\nzone = \"a.example\"\n[store.postgresql]\nurl = \"jdbc:postgresql://db/x\"\n"))
                .hasMessageStartingWith("store.postgresql: is set but store.engine is \"sqlite\"");
    }

    @Test
    void readsTheClusterKeysAndChecksThem() throws Exception {
        ServerConfig config = loader.parse(
                postgres(
                        "",
                        credentials(),
                        "[cluster]\nnode_name = \"ns1\"\nwait_for = \"local\"\n"
                                + "wait_timeout = \"500ms\"\nheartbeat_interval = \"2s\"\nnode_timeout = \"10s\"\npoll_interval = \"1s\"\n"));
        assertThat(config.cluster())
                .isEqualTo(new ClusterConfig(
                        java.util.Optional.of("ns1"),
                        ClusterConfig.WaitFor.LOCAL,
                        Duration.ofMillis(500),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(1)));
        assertThatThrownBy(() -> loader.parse(postgres("", credentials(), "[cluster]\nwait_for = \"some\"\n")))
                .hasMessageStartingWith("cluster.wait_for:");
        assertThatThrownBy(() -> loader.parse(postgres("", credentials(), "[cluster]\nheartbeat_interval = \"3s\"\n")))
                .hasMessageStartingWith("cluster.node_timeout: must be at least twice");
        assertThatThrownBy(() -> loader.parse(postgres("", credentials(), "[cluster]\nnode_name = \"a b\"\n")))
                .hasMessageStartingWith("cluster.node_name:");
        assertThatThrownBy(() -> loader.parse(postgres("", credentials(), "[cluster]\nwait_timeout = \"1m\"\n")))
                .hasMessageStartingWith("cluster.wait_timeout:");
    }

    @Test
    void aNodeRunsTheApiOrDnsOrBothButNotNeither() {
        assertThat(loader.parse("[dns]\nzone = \"a.example\"\nenabled = false\n")
                        .roles())
                .isEqualTo(new RolesConfig(true, false));
        assertThat(loader.parse("[dns]\nzone = \"a.example\"\n[api]\nenabled = false\n")
                        .roles())
                .isEqualTo(new RolesConfig(false, true));
        assertThatThrownBy(() -> loader.parse("[dns]\nzone = \"a.example\"\nenabled = false\n[api]\nenabled = false\n"))
                .hasMessageStartingWith("api.enabled:");
    }

    @Test
    void theSecretsKeyFileLiesBesideTheDatabaseUnlessConfigured() {
        ServerConfig plain = loader.parse("[dns]\nzone = \"a.example\"\n[store]\nsqlite_path = \"/var/lib/x/a.db\"\n");
        assertThat(plain.store().secretsKeyFile()).isEqualTo(Path.of("/var/lib/x/secrets.key"));
        ServerConfig set = loader.parse("[dns]\nzone = \"a.example\"\n[store]\nsecrets_key_file = \"/etc/k/s.key\"\n");
        assertThat(set.store().secretsKeyFile()).isEqualTo(Path.of("/etc/k/s.key"));
        assertThatThrownBy(() -> loader.parse("[dns]\nzone = \"a.example\"\n[store]\nsecrets_key_file = \" \"\n"))
                .hasMessageStartingWith("store.secrets_key_file: must not be empty");
    }
}
