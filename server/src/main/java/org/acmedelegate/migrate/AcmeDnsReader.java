package org.acmedelegate.migrate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.sqlite.SQLiteConfig;

/**
 * Reads an acme-dns database: an SQLite file, or a PostgreSQL database given by the URL acme-dns itself was
 * configured with, opened read-only (the source is never changed) and checked to be acme-dns schema
 * version 1 before a row is read.
 */
public final class AcmeDnsReader {
    /** The schema version acme-dns v1.x keeps in {@code acmedns.db_version}. */
    public static final String SUPPORTED_VERSION = "1";

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final Map<String, List<String>> COLUMNS = Map.of(
            "acmedns", List.of("name", "value"),
            "records", List.of("username", "password", "subdomain", "allowfrom"),
            "txt", List.of("subdomain", "value", "lastupdate"));

    private AcmeDnsReader() {}

    /** How the two engines acme-dns runs on differ for what is read here. */
    private enum Dialect {
        SQLITE("SELECT name FROM sqlite_master WHERE type = 'table'", "rowid", "rowid"),
        POSTGRES(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()",
                // acme-dns gives records no row number on PostgreSQL; number them in username order.
                "row_number() OVER (ORDER BY Username)",
                "Username");

        final String tables;
        final String recordRow;
        final String recordOrder;

        Dialect(String tables, String recordRow, String recordOrder) {
            this.tables = tables;
            this.recordRow = recordRow;
            this.recordOrder = recordOrder;
        }
    }

    /** {@link #read(String, Map)} with this process's environment. */
    public static AcmeDnsDatabase read(String from) {
        return read(from, System.getenv());
    }

    /**
     * Reads {@code from}, an SQLite file path or a {@code postgres://} URL (the password from the URL or
     * {@code PGPASSWORD} in {@code env}); throws {@link SourceException} saying what was found instead.
     */
    public static AcmeDnsDatabase read(String from, Map<String, String> env) {
        String lower = from.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("postgres://") || lower.startsWith("postgresql://")) {
            AcmeDnsPostgres source = AcmeDnsPostgres.parse(from.strip(), env);
            try (Connection db = source.connect()) {
                return read(db, source.toString(), Dialect.POSTGRES);
            } catch (SQLException e) {
                throw new SourceException("cannot read the acme-dns database " + source + ": " + e.getMessage(), e);
            }
        }
        if (lower.matches("[a-z][a-z0-9+.-]*://.*")) {
            throw new SourceException("unsupported source " + from + ": give the path of an acme-dns SQLite database"
                    + " or a postgres:// URL");
        }
        Path file = Path.of(from);
        checkSqliteFile(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection db = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            return read(db, file.toString(), Dialect.SQLITE);
        } catch (SQLException e) {
            throw new SourceException("cannot read " + file + " as an SQLite database: " + e.getMessage(), e);
        }
    }

    private static AcmeDnsDatabase read(Connection db, String source, Dialect dialect) throws SQLException {
        checkSchema(db, source, dialect);
        String version = version(db, source);
        return new AcmeDnsDatabase(source, version, records(db, dialect), txt(db));
    }

    private static void checkSqliteFile(Path file) {
        if (!Files.exists(file)) {
            throw new SourceException("source " + file + " does not exist");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new SourceException("source " + file + " is not a readable file");
        }
        byte[] head = new byte[SQLITE_HEADER.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new SourceException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (read < head.length || !Arrays.equals(head, SQLITE_HEADER)) {
            throw new SourceException(file + " is not an SQLite database (it does not start with the SQLite header)");
        }
    }

    private static void checkSchema(Connection db, String file, Dialect dialect) throws SQLException {
        Map<String, String> tables = new TreeMap<>();
        try (PreparedStatement select = db.prepareStatement(dialect.tables);
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                tables.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(1));
            }
        }
        List<String> missing = COLUMNS.keySet().stream()
                .sorted()
                .filter(t -> !tables.containsKey(t))
                .toList();
        if (!missing.isEmpty()) {
            throw new SourceException(file + " is not an acme-dns database: no table " + String.join(", ", missing)
                    + "; found " + (tables.isEmpty() ? "no tables" : "tables " + String.join(", ", tables.values())));
        }
        for (Map.Entry<String, List<String>> table : new TreeMap<>(COLUMNS).entrySet()) {
            TreeSet<String> columns = new TreeSet<>();
            try (ResultSet rs = db.getMetaData().getColumns(null, null, tables.get(table.getKey()), null)) {
                while (rs.next()) {
                    columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            List<String> absent =
                    table.getValue().stream().filter(c -> !columns.contains(c)).toList();
            if (!absent.isEmpty()) {
                throw new SourceException(
                        file + " is not an acme-dns database: table " + table.getKey() + " has no column "
                                + String.join(", ", absent) + "; found columns " + String.join(", ", columns));
            }
        }
    }

    private static String version(Connection db, String file) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (PreparedStatement select = db.prepareStatement("SELECT Value FROM acmedns WHERE Name = 'db_version'");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                versions.add(String.valueOf(rs.getString(1)).strip());
            }
        }
        if (versions.isEmpty()) {
            throw new SourceException(file + " is not a complete acme-dns database: table acmedns has no db_version"
                    + " (an older acme-dns wrote it; starting acme-dns v1.x on it once upgrades it)");
        }
        if (versions.size() > 1 || !versions.get(0).equals(SUPPORTED_VERSION)) {
            throw new SourceException(file + " is acme-dns database version " + String.join(", ", versions)
                    + "; this importer reads version " + SUPPORTED_VERSION + " (acme-dns v1.x)");
        }
        return versions.get(0);
    }

    private static List<AcmeDnsRecord> records(Connection db, Dialect dialect) throws SQLException {
        List<AcmeDnsRecord> rows = new ArrayList<>();
        try (PreparedStatement select = db.prepareStatement("SELECT " + dialect.recordRow
                        + ", Username, Password, Subdomain, AllowFrom FROM records ORDER BY " + dialect.recordOrder);
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                rows.add(new AcmeDnsRecord(
                        rs.getLong(1),
                        rs.getString(2),
                        AcmeDnsPostgres.hashText(rs.getString(3)),
                        rs.getString(4),
                        rs.getString(5)));
            }
        }
        return rows;
    }

    private static List<AcmeDnsTxt> txt(Connection db) throws SQLException {
        List<AcmeDnsTxt> rows = new ArrayList<>();
        try (PreparedStatement select =
                        db.prepareStatement("SELECT rowid, Subdomain, Value, LastUpdate FROM txt ORDER BY rowid");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                rows.add(new AcmeDnsTxt(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
            }
        }
        return rows;
    }
}
