package org.acmedelegate.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.acmedelegate.audit.AuditLog;
import org.acmedelegate.dns.tsig.TsigVerdict;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class TsigFailureAuditTest {
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final TsigFailureAudit audit = TsigFailureAudit.manual(new AuditLog(Clock.systemUTC(), lines::add));
    private final Name key = Name.fromConstantString("a.auth.example.org.");

    private static long counted(List<String> lines) {
        long n = 0;
        for (String l : lines) {
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("(\\d+) failed TSIG").matcher(l);
            if (m.find()) {
                n += Long.parseLong(m.group(1));
            }
        }
        return n;
    }

    @Test
    void noFailureIsLostWhileTheLinesAreWrittenConcurrently() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        for (int t = 0; t < 2; t++) {
            InetAddress from = t == 0 ? a : b;
            threads.execute(() -> {
                for (int i = 0; i < 50_000; i++) {
                    audit.failed(from, TsigVerdict.Outcome.BADSIG, key);
                }
            });
        }
        threads.execute(() -> {
            for (int i = 0; i < 200; i++) {
                audit.flush();
            }
        });
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        audit.close();
        assertThat(counted(lines)).isEqualTo(100_000);
    }

    @Test
    void sourcesBeyondTheLimitShareOneLineSoSpoofedAddressesCannotGrowMemory() throws Exception {
        for (int i = 0; i < TsigFailureAudit.MAX_SOURCES + 500; i++) {
            audit.failed(
                    InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}),
                    TsigVerdict.Outcome.BADKEY,
                    key);
        }
        audit.flush();
        assertThat(lines).hasSize(TsigFailureAudit.MAX_SOURCES + 1);
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("other addresses", "500 failed TSIG"));
        assertThat(counted(lines)).isEqualTo(TsigFailureAudit.MAX_SOURCES + 500);
    }
}
