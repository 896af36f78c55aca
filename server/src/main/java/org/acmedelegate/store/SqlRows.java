package org.acmedelegate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.CnameCheck;
import org.acmedelegate.account.Subdomain;

/** The rows and statements the SQLite and PostgreSQL stores share: same schema shape, same SQL. */
final class SqlRows {
    private SqlRows() {}

    /**
     * {@code account} with its last update and CNAME check, read from columns 8 to 11 (last update, CNAME
     * status, target, checked at) of the row that held it.
     */
    static AccountRecord record(Account account, ResultSet rs) throws SQLException {
        long last = rs.getLong(8);
        Optional<Instant> lastUpdate = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(last));
        Optional<CnameCheck> cname = Optional.empty();
        if (rs.getString(9) != null) {
            cname = Optional.of(new CnameCheck(
                    CnameCheck.Status.valueOf(rs.getString(9)),
                    Optional.ofNullable(rs.getString(10)),
                    Instant.ofEpochMilli(rs.getLong(11))));
        }
        return new AccountRecord(account, lastUpdate, cname);
    }

    /** Deletes all but the {@code keep} newest values of {@code subdomain}. */
    static void keepNewest(Connection c, Subdomain subdomain, int keep) throws SQLException {
        try (PreparedStatement trim = c.prepareStatement("DELETE FROM txt_values WHERE subdomain = ? AND seq NOT IN "
                + "(SELECT seq FROM txt_values WHERE subdomain = ? ORDER BY seq DESC LIMIT ?)")) {
            trim.setString(1, subdomain.value());
            trim.setString(2, subdomain.value());
            trim.setInt(3, keep);
            trim.executeUpdate();
        }
    }
}
