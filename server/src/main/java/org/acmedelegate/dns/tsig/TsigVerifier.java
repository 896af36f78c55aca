package org.acmedelegate.dns.tsig;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * Checks the TSIG record of a request against the key it names, with dnsjava's {@link TSIG} (RFC 8945):
 * an unknown key or algorithm is BADKEY, a wrong MAC BADSIG, a time signed outside the request's fudge
 * BADTIME. Thread-safe; never throws. Failures are logged at most once per ten seconds (the key name and
 * outcome only), so a misconfigured peer shows up without flooding the log.
 */
public final class TsigVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(TsigVerifier.class);
    private static final long LOG_EVERY_MILLIS = 10_000;

    private final TsigKeyring keys;
    private final Clock clock;
    private final AtomicLong nextLog = new AtomicLong();

    public TsigVerifier(TsigKeyring keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** The verdict on {@code request}, which was parsed from exactly {@code wire}. */
    public TsigVerdict verify(Message request, byte[] wire) {
        TSIGRecord tsig = request.getTSIG();
        if (tsig == null) {
            return TsigVerdict.unsigned();
        }
        Optional<TsigKey> key = keys.find(tsig.getName());
        Optional<TsigAlgorithm> algorithm = TsigAlgorithm.fromWire(tsig.getAlgorithm());
        if (key.isEmpty() || algorithm.isEmpty() || key.get().algorithm() != algorithm.get()) {
            return failure(TsigVerdict.Outcome.BADKEY, tsig, null, null);
        }
        TSIG signer = key.get().tsig(clock);
        int result;
        try {
            result = signer.verify(request, wire, null);
        } catch (RuntimeException e) {
            result = Rcode.BADSIG; // a MAC that dnsjava cannot even compute does not verify
        }
        return switch (result) {
            case Rcode.NOERROR -> TsigVerdict.verified(tsig, key.get(), signer);
            case Rcode.BADTIME -> failure(TsigVerdict.Outcome.BADTIME, tsig, key.get(), signer);
            case Rcode.BADKEY -> failure(TsigVerdict.Outcome.BADKEY, tsig, null, null);
            default -> failure(TsigVerdict.Outcome.BADSIG, tsig, key.get(), signer);
        };
    }

    private TsigVerdict failure(TsigVerdict.Outcome outcome, TSIGRecord tsig, TsigKey key, TSIG signer) {
        long now = clock.millis();
        long next = nextLog.get();
        if (now >= next && nextLog.compareAndSet(next, now + LOG_EVERY_MILLIS)) {
            LOG.info(
                    "TSIG {} for a request signed with key {} (further failures in the next 10 s are not logged)",
                    outcome,
                    tsig.getName());
        }
        return TsigVerdict.failed(outcome, tsig, key, signer, clock.instant());
    }
}
