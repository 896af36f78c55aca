package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.acmedelegate.account.KeyHasher;
import org.acmedelegate.config.ConfigLoader;
import org.acmedelegate.store.SqliteAccountStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

/**
 * A full zone transfer is the zone at the serial of its SOA even when names change while it streams: a client
 * that reads the first message and then stops (so the server waits on the connection) sees none of the
 * updates made meanwhile, and an IXFR from that serial then brings exactly them.
 */
class ConsistentTransferIT {
    private static final Name ZONE = Name.fromConstantString("auth.example.org.");
    private static final int NAMES = 100_000;
    private static final String KEY = "k".repeat(40);

    @Test
    void anAxfrHoldsTheZoneAtItsSerialWhileUpdatesArriveAndAnIxfrFromThereBringsThem(@TempDir Path dir)
            throws Exception {
        List<ApiAndDnsClient.Account> accounts = fill(dir.resolve("db.sqlite"));
        String net = "127." + ThreadLocalRandom.current().nextInt(100, 250) + "."
                + ThreadLocalRandom.current().nextInt(1, 250);
        InetSocketAddress dns = new InetSocketAddress(net + ".1", 5300);
        String toml = """
                [store]
                sqlite_path = "%1$s/db.sqlite"
                [audit]
                path = "%1$s/audit.log"
                [dns]
                zone = "auth.example.org"
                listen = ["%2$s.1:5300"]
                [[dns.nameservers]]
                name = "ns1.auth.example.org"
                addresses = ["%2$s.1"]
                [dns.transfer]
                allow = [{ address = "%2$s.0/24" }]
                [api]
                listen = "%2$s.1:0"
                bcrypt_cost = 4
                """.formatted(dir, net);
        try (AcmeDelegate server = AcmeDelegate.start(new ConfigLoader().parse(toml), Clock.systemUTC(), false)) {
            ApiAndDnsClient api = new ApiAndDnsClient(net + ".1", server::apiPort, () -> dns);
            InetSocketAddress client = new InetSocketAddress(net + ".2", 0);
            TreeSet<String> before = TransferTexts.txt(TransferTexts.axfr(ZONE, dns, client));
            assertThat(before).hasSize(NAMES);

            List<Record> streamed = new ArrayList<>();
            long serial;
            try (Socket socket = new Socket()) {
                socket.setReceiveBufferSize(4096); // the server's writes stall after a few messages
                socket.bind(client);
                socket.connect(dns);
                Message query = Message.newQuery(Record.newRecord(ZONE, Type.AXFR, 1));
                socket.getOutputStream().write(DnsTestClient.frame(query.toWire()));
                DataInputStream in = new DataInputStream(socket.getInputStream());
                Message first = DnsTestClient.readFrame(in);
                streamed.addAll(first.getSection(Section.ANSWER));
                serial = ((SOARecord) streamed.get(0)).getSerial();
                for (int i = 0; i < NAMES; i += NAMES / 40) {
                    assertThat(api.update(accounts.get(i), ApiAndDnsClient.value(i))
                                    .statusCode())
                            .isEqualTo(200);
                }
                while (streamed.size() < 2 || streamed.get(streamed.size() - 1).getType() != Type.SOA) {
                    streamed.addAll(DnsTestClient.readFrame(in).getSection(Section.ANSWER));
                }
            }
            assertThat(serialNow(dns)).as("40 changes since the transfer began").isEqualTo(serial + 40);
            assertThat(((SOARecord) streamed.get(streamed.size() - 1)).getSerial())
                    .isEqualTo(serial);
            TreeSet<String> sent = TransferTexts.txt(streamed);
            assertThat(difference(sent, before))
                    .as("sent, not in the zone at serial " + serial)
                    .isEmpty();
            assertThat(difference(before, sent))
                    .as("in the zone at serial " + serial + ", not sent")
                    .isEmpty();

            ZoneTransferIn ixfr = ZoneTransferIn.newIXFR(ZONE, serial, false, dns, null);
            ixfr.setLocalAddress(client);
            ixfr.setTimeout(Duration.ofSeconds(10));
            ixfr.run();
            assertThat(ixfr.isIXFR()).isTrue();
            TreeSet<String> applied = new TreeSet<>(before);
            for (ZoneTransferIn.Delta delta : ixfr.getIXFR()) {
                applied.removeAll(TransferTexts.txt(delta.deletes));
                applied.addAll(TransferTexts.txt(delta.adds));
            }
            assertThat(ixfr.getIXFR()).hasSize(40);
            TreeSet<String> now = TransferTexts.txt(TransferTexts.axfr(ZONE, dns, client));
            assertThat(difference(applied, now)).isEmpty();
            assertThat(difference(now, applied)).isEmpty();
            assertThat(difference(now, before)).hasSize(40);
        }
    }

    /** NAMES registrations with one value each, written to the database in one transaction before the start. */
    private static List<ApiAndDnsClient.Account> fill(Path db) throws SQLException {
        SqliteAccountStore.open(db, true).close(); // creates the schema
        String hash = new KeyHasher(4).hash(KEY);
        List<ApiAndDnsClient.Account> accounts = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                PreparedStatement account = c.prepareStatement(
                        "INSERT INTO accounts (username, key_hash, subdomain, created_at) VALUES (?, ?, ?, 0)");
                PreparedStatement value = c.prepareStatement(
                        "INSERT INTO txt_values (subdomain, value, seq, updated_at) VALUES (?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < NAMES; i++) {
                String user = UUID.randomUUID().toString();
                String subdomain = UUID.randomUUID().toString();
                account.setString(1, user);
                account.setString(2, hash);
                account.setString(3, subdomain);
                account.addBatch();
                value.setString(1, subdomain);
                value.setString(2, ApiAndDnsClient.value(NAMES + i));
                value.setLong(3, i + 1);
                value.setLong(4, System.currentTimeMillis());
                value.addBatch();
                accounts.add(new ApiAndDnsClient.Account(user, KEY, subdomain, subdomain + ".auth.example.org"));
            }
            account.executeBatch();
            value.executeBatch();
            try (PreparedStatement sequence = c.prepareStatement("UPDATE txt_sequence SET value = ?")) {
                sequence.setLong(1, NAMES);
                sequence.executeUpdate();
            }
            c.commit();
        }
        return accounts;
    }

    private static long serialNow(InetSocketAddress dns) throws IOException {
        Message answer = DnsTestClient.udp(dns, DnsTestClient.query(ZONE, Type.SOA));
        return ((SOARecord) answer.getSection(Section.ANSWER).get(0)).getSerial();
    }

    private static TreeSet<String> difference(TreeSet<String> a, TreeSet<String> b) {
        TreeSet<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
