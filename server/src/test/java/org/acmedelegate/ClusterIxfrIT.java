package org.acmedelegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.acmedelegate.store.PostgresPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Two nodes on one real PostgreSQL: each stores the changes of its own writes in the shared zone journal at
 * their change sequence, so a secondary that took the zone from one node follows by IXFR from either node,
 * across the writes of both.
 */
class ClusterIxfrIT {
    @RegisterExtension
    static final PostgresPerClass POSTGRES = new PostgresPerClass();

    private static final Name ZONE = Name.fromConstantString("auth.example.org.");

    @TempDir
    Path dir;

    @Test
    void aSecondaryOfEitherNodeFollowsByIxfrAcrossTheWritesOfBothNodes() throws Exception {
        PostgresNodes nodes = new PostgresNodes(POSTGRES.server().newDatabase(), dir);
        String transfer = "[dns.transfer]\nallow = [{ address = \"127.0.0.0/8\" }]\n";
        try (AcmeDelegate one = nodes.start(1, "wait_for = \"all\"", transfer);
                AcmeDelegate two = nodes.start(2, "wait_for = \"all\"", transfer)) {
            List<ApiAndDnsClient> apis = List.of(
                    new ApiAndDnsClient(
                            "127.0.0.1",
                            one::apiPort,
                            () -> one.dnsUdpAddresses().get(0)),
                    new ApiAndDnsClient(
                            "127.0.0.2",
                            two::apiPort,
                            () -> two.dnsUdpAddresses().get(0)));
            List<ApiAndDnsClient.Account> accounts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                accounts.add(apis.get(i % 2).register());
                assertThat(apis.get(i % 2)
                                .update(accounts.get(i), ApiAndDnsClient.value(i))
                                .statusCode())
                        .isEqualTo(200);
            }
            InetSocketAddress dnsOne = one.dnsTcpAddresses().get(0);
            InetSocketAddress dnsTwo = two.dnsTcpAddresses().get(0);
            awaitSameSerial(dnsOne, dnsTwo);
            List<Record> atStart = TransferTexts.axfr(ZONE, dnsTwo, null);
            long serial = ((SOARecord) atStart.get(0)).getSerial();

            for (int i = 0; i < 20; i++) {
                assertThat(apis.get(i % 2)
                                .update(accounts.get(i % accounts.size()), ApiAndDnsClient.value(100 + i))
                                .statusCode())
                        .isEqualTo(200);
            }
            accounts.add(apis.get(1).register());
            assertThat(apis.get(0)
                            .update(accounts.get(4), ApiAndDnsClient.value(200))
                            .statusCode())
                    .isEqualTo(200);
            long now = awaitSameSerial(dnsOne, dnsTwo);
            assertThat(now).isGreaterThan(serial);

            for (InetSocketAddress node : List.of(dnsOne, dnsTwo)) {
                ZoneTransferIn ixfr = ZoneTransferIn.newIXFR(ZONE, serial, false, node, null);
                ixfr.setTimeout(Duration.ofSeconds(10));
                ixfr.run();
                assertThat(ixfr.isIXFR()).as("IXFR from " + node).isTrue();
                TreeSet<String> applied = TransferTexts.txt(atStart);
                for (ZoneTransferIn.Delta delta : ixfr.getIXFR()) {
                    applied.removeAll(TransferTexts.txt(delta.deletes));
                    applied.addAll(TransferTexts.txt(delta.adds));
                }
                assertThat(ixfr.getIXFR().get(ixfr.getIXFR().size() - 1).end).isEqualTo(now);
                assertThat(applied)
                        .as("the zone at " + serial + " and the IXFR of " + node)
                        .isEqualTo(TransferTexts.txt(TransferTexts.axfr(ZONE, node, null)));
                assertThat(applied)
                        .contains(accounts.get(4).fulldomain().toLowerCase() + ". \"" + ApiAndDnsClient.value(200)
                                + "\"");
            }
        }
    }

    private static long awaitSameSerial(InetSocketAddress a, InetSocketAddress b) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            long one = serial(a);
            if (one == serial(b)) {
                return one;
            }
            assertThat(System.nanoTime()).as("both nodes at one serial").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static long serial(InetSocketAddress at) throws IOException {
        Message answer = DnsTestClient.tcp(at, DnsTestClient.query(ZONE, Type.SOA));
        return ((SOARecord) answer.getSection(Section.ANSWER).get(0)).getSerial();
    }
}
