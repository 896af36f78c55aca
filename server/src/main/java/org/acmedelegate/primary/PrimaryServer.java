package org.acmedelegate.primary;

import java.net.InetAddress;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.acmedelegate.config.PrimaryConfig;
import org.acmedelegate.dns.OpcodeDispatch;
import org.acmedelegate.dns.Responder;
import org.acmedelegate.dns.ServedZone;
import org.acmedelegate.dns.WireResponder;
import org.acmedelegate.dns.tsig.TsigKeyring;
import org.acmedelegate.dns.tsig.TsigVerifier;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.metrics.Metrics;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;

/**
 * Wires the primary's parts into the DNS path: TSIG for every request through the {@link OpcodeDispatch},
 * zone transfers on TCP, NOTIFY after each journal change, the journal's hourly pruning, and their metrics. Incoming NOTIFY is answered
 * NOTAUTH (this server is the primary: nobody notifies it) and UPDATE REFUSED.
 */
public final class PrimaryServer implements AutoCloseable {
    private final ZoneTransfer transfer;
    private final Notifier notifier;
    private final ScheduledExecutorService pruning;

    private PrimaryServer(ZoneTransfer transfer, Notifier notifier, ScheduledExecutorService pruning) {
        this.transfer = transfer;
        this.notifier = notifier;
        this.pruning = pruning;
    }

    /** Extends {@code wire} (before the DNS server starts) and starts NOTIFY; {@code source}: NOTIFY's address. */
    public static PrimaryServer start(
            PrimaryConfig config,
            ServedZone zone,
            Responder responder,
            ChallengeIndex index,
            ZoneJournal journal,
            WireResponder wire,
            InetAddress source,
            Clock clock,
            Metrics metrics) {
        TsigVerifier verifier = new TsigVerifier(TsigKeyring.of(config.tsigKeys()), clock);
        OpcodeDispatch dispatch = new OpcodeDispatch(responder, verifier)
                .handle(Opcode.NOTIFY, (request, verdict, sender) -> OpcodeDispatch.refusal(request, Rcode.NOTAUTH))
                .handle(Opcode.UPDATE, (request, verdict, sender) -> OpcodeDispatch.refusal(request, Rcode.REFUSED));
        ZoneTransfer transfer =
                new ZoneTransfer(zone, responder, index, journal, verifier, new TransferAccess(config.transferAllow()));
        wire.extend(dispatch, transfer);
        metrics.counter(
                "acme_delegate_zone_transfers_full_total",
                "AXFR, and IXFR answered with the full zone",
                transfer.full::get);
        metrics.counter(
                "acme_delegate_zone_transfers_incremental_total",
                "IXFR answered from the journal",
                transfer.incremental::get);
        metrics.counter(
                "acme_delegate_zone_transfers_refused_total",
                "Transfer requests refused (access or TSIG)",
                transfer.refused::get);
        metrics.gauge("acme_delegate_zone_serial", "The SOA serial now", journal::serial);
        Notifier notifier = null;
        if (!config.notifyTargets().isEmpty()) {
            notifier = new Notifier(config.notifyTargets(), zone, source, clock);
            journal.onChange(notifier::changed);
            Notifier n = notifier;
            metrics.counter("acme_delegate_notify_sent_total", "NOTIFY messages sent (retries included)", n::sent);
            metrics.counter(
                    "acme_delegate_notify_unanswered_total", "NOTIFYs no attempt got an answer to", n::unanswered);
        }
        ScheduledExecutorService pruning = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "journal-prune");
            t.setDaemon(true);
            return t;
        });
        pruning.scheduleWithFixedDelay(journal::prune, 1, 60, TimeUnit.MINUTES);
        return new PrimaryServer(transfer, notifier, pruning);
    }

    @Override
    public void close() {
        pruning.shutdownNow();
        transfer.close();
        if (notifier != null) {
            notifier.close();
        }
    }
}
