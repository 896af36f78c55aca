package org.acmedelegate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The SQL of {@link TsigKeyStore}, the same on SQLite and PostgreSQL (both know ON CONFLICT). */
final class TsigKeyRows {
    private TsigKeyRows() {}

    static void put(Connection c, StoredTsigKey key) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement(
                "INSERT INTO tsig_keys (username, key_name, algorithm, sealed_secret, created_at) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (username) DO UPDATE SET key_name = excluded.key_name,"
                        + " algorithm = excluded.algorithm, sealed_secret = excluded.sealed_secret,"
                        + " created_at = excluded.created_at")) {
            upsert.setString(1, key.username().toString());
            upsert.setString(2, key.keyName());
            upsert.setString(3, key.algorithm());
            upsert.setBytes(4, key.sealedSecret());
            upsert.setLong(5, key.createdAt().toEpochMilli());
            upsert.executeUpdate();
        }
    }

    static boolean delete(Connection c, UUID username) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM tsig_keys WHERE username = ?")) {
            delete.setString(1, username.toString());
            return delete.executeUpdate() == 1;
        }
    }

    static List<StoredTsigKey> all(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                        "SELECT username, key_name, algorithm, sealed_secret, created_at FROM tsig_keys ORDER BY key_name");
                ResultSet rs = select.executeQuery()) {
            List<StoredTsigKey> keys = new ArrayList<>();
            while (rs.next()) {
                keys.add(new StoredTsigKey(
                        UUID.fromString(rs.getString(1)),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getBytes(4),
                        Instant.ofEpochMilli(rs.getLong(5))));
            }
            return List.copyOf(keys);
        }
    }
}
