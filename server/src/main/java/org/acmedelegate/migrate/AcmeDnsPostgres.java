package org.acmedelegate.migrate;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

/**
 * An acme-dns PostgreSQL database, named by the URL acme-dns was configured with
 * ({@code [database] connection = "postgres://user:password@host:port/db?sslmode=disable"}). The password
 * comes from the URL or, to keep it off the command line, from {@code PGPASSWORD}; it is never shown. The
 * connection is read-only, so the import cannot change the source.
 */
record AcmeDnsPostgres(String host, int port, String database, String user, String password, String query) {
    private static final int DEFAULT_PORT = 5432;

    static AcmeDnsPostgres parse(String url, Map<String, String> env) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new SourceException("not a PostgreSQL URL: " + e.getReason());
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new SourceException(
                    "a PostgreSQL source needs a host and a database: postgres://USER@HOST[:PORT]/DATABASE");
        }
        String user = "";
        String password = env.getOrDefault("PGPASSWORD", "");
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            if (colon >= 0) {
                password = decode(info.substring(colon + 1));
            }
        }
        if (user.isEmpty()) {
            throw new SourceException("a PostgreSQL source needs a user: postgres://USER@HOST[:PORT]/DATABASE");
        }
        return new AcmeDnsPostgres(
                uri.getHost(),
                uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(),
                uri.getPath().substring(1),
                user,
                password,
                uri.getRawQuery());
    }

    Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        // libpq's sslmode (acme-dns' URLs usually carry sslmode=disable) means the same to the JDBC driver.
        properties.setProperty("readOnly", "true");
        String jdbc = "jdbc:postgresql://" + host + ":" + port + "/" + database + (query == null ? "" : "?" + query);
        Connection connection = DriverManager.getConnection(jdbc, properties);
        connection.setReadOnly(true);
        return connection;
    }

    /**
     * The bcrypt hash as text. acme-dns hands its hash to the PostgreSQL driver as bytes; should a database
     * hold it in bytea's hex text form ({@code \x2432...}) it is turned back into {@code $2a$...}.
     */
    static String hashText(String stored) {
        if (stored != null && stored.startsWith("\\x") && stored.length() % 2 == 0) {
            try {
                return new String(HexFormat.of().parseHex(stored.substring(2)), StandardCharsets.US_ASCII);
            } catch (IllegalArgumentException notHex) {
                return stored;
            }
        }
        return stored;
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    /** The source without its password, for reports and errors. */
    @Override
    public String toString() {
        return "postgres://" + user + "@" + host + ":" + port + "/" + database;
    }
}
