package org.acmedelegate.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.acmedelegate.config.ConfigException;
import org.acmedelegate.config.PostgresConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/**
 * The connections to the shared PostgreSQL database: a pool for requests and single connections for
 * listeners. {@link #open} checks that the database can be reached with the configured credentials
 * (a failure names the config key), migrates the schema, and refuses a schema newer than this code.
 */
public final class PostgresDatabase implements AutoCloseable {
    static final String MIGRATIONS = "classpath:db/migration/postgresql";
    private static final int CONNECT_TIMEOUT_SECONDS = 3;
    private static final long POOL_WAIT_MILLIS = 3000;

    private final PostgresConfig config;
    private final HikariDataSource pool;

    private PostgresDatabase(PostgresConfig config, HikariDataSource pool) {
        this.config = config;
        this.pool = pool;
    }

    /** Connects, migrates and opens the pool; see {@link #check(PostgresConfig)} for what it refuses. */
    public static PostgresDatabase open(PostgresConfig config) {
        check(config);
        try {
            Flyway.configure()
                    .dataSource(config.url(), config.user(), config.password())
                    .locations(MIGRATIONS)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException(
                    "cannot migrate the database at " + config.url() + ": " + SqliteRows.rootMessage(e), e);
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("acme-delegate-pg");
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setDataSourceProperties(properties());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(Math.min(2, config.poolSize()));
        // A request waits at most this long for a connection while the database is away, then gets a 503.
        hikari.setConnectionTimeout(POOL_WAIT_MILLIS);
        hikari.setValidationTimeout(1000);
        // Reachability was checked above; a database that goes away now is an outage, not a start failure.
        hikari.setInitializationFailTimeout(-1);
        return new PostgresDatabase(config, new HikariDataSource(hikari));
    }

    /**
     * Connects once and reads the schema version without changing anything: a wrong URL, user or password
     * or an unreachable server is a {@link ConfigException} naming the key; a schema newer than this code
     * a {@link StoreException}.
     */
    public static void check(PostgresConfig config) {
        try (Connection c = connect(config)) {
            c.isValid(CONNECT_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            throw configFailure(config, e);
        }
        refuseNewerSchema(config);
    }

    private static void refuseNewerSchema(PostgresConfig config) {
        MigrationInfo[] applied;
        try {
            applied = Flyway.configure()
                    .dataSource(config.url(), config.user(), config.password())
                    .locations(MIGRATIONS)
                    .load()
                    .info()
                    .applied();
        } catch (FlywayException e) {
            throw new StoreException(
                    "cannot read the schema version of " + config.url() + ": " + SqliteRows.rootMessage(e), e);
        }
        Optional<MigrationInfo> future = Arrays.stream(applied)
                .filter(m ->
                        m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
                .reduce((a, b) -> b);
        if (future.isPresent()) {
            throw new StoreException("the database at " + config.url() + " has schema version "
                    + future.get().getVersion() + ", newer than this acme-delegate knows (it was upgraded by a newer"
                    + " release); run that release or newer, never an older one, against it");
        }
    }

    private static ConfigException configFailure(PostgresConfig config, SQLException e) {
        String state = PostgresErrors.state(e);
        String cause = SqliteRows.rootMessage(e);
        return switch (state) {
            case "28P01" ->
                new ConfigException(
                        "store.postgresql.password_file",
                        "the database refused the password of user \"" + config.user() + "\" (" + cause + ")");
            case "28000" ->
                new ConfigException(
                        "store.postgresql.user",
                        "the database does not let user \"" + config.user() + "\" in (" + cause + ")");
            case "3D000" -> new ConfigException("store.postgresql.url", "no such database (" + cause + ")");
            default ->
                new ConfigException("store.postgresql.url", "cannot connect to " + config.url() + " (" + cause + ")");
        };
    }

    static Connection connect(PostgresConfig config) throws SQLException {
        Properties props = properties();
        props.setProperty("user", config.user());
        props.setProperty("password", config.password());
        return DriverManager.getConnection(config.url(), props);
    }

    private static Properties properties() {
        Properties props = new Properties();
        props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        // A server that vanished without closing the socket must not hold a request forever.
        props.setProperty("socketTimeout", "30");
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", "acme-delegate");
        return props;
    }

    /** The pool that requests borrow connections from. */
    public DataSource pool() {
        return pool;
    }

    /** A connection of its own, outside the pool (for LISTEN); the caller closes it. */
    public Connection dedicatedConnection() throws SQLException {
        return connect(config);
    }

    public String url() {
        return config.url();
    }

    @Override
    public void close() {
        pool.close();
    }
}
