package org.acmedelegate.dns.tsig;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * What {@link TsigVerifier} found in one request, and how its answer must be signed: unsigned requests get
 * unsigned answers; verified ones answers signed with the same key; failures (RFC 8945 section 5.2) an
 * answer with RCODE NOTAUTH and the TSIG error, unsigned for BADKEY and BADSIG, signed for BADTIME.
 */
public final class TsigVerdict {
    /** The outcomes; {@link #error()} is the TSIG error code an answer carries. */
    public enum Outcome {
        UNSIGNED(Rcode.NOERROR),
        VERIFIED(Rcode.NOERROR),
        BADKEY(Rcode.BADKEY),
        BADSIG(Rcode.BADSIG),
        BADTIME(Rcode.BADTIME);

        private final int error;

        Outcome(int error) {
            this.error = error;
        }

        public int error() {
            return error;
        }
    }

    private static final TsigVerdict UNSIGNED = new TsigVerdict(Outcome.UNSIGNED, null, null, null, null);

    private final Outcome outcome;
    private final TSIGRecord request;
    private final TsigKey key;
    private final TSIG signer;
    private final Instant checkedAt;

    private TsigVerdict(Outcome outcome, TSIGRecord request, TsigKey key, TSIG signer, Instant checkedAt) {
        this.outcome = outcome;
        this.request = request;
        this.key = key;
        this.signer = signer;
        this.checkedAt = checkedAt;
    }

    static TsigVerdict unsigned() {
        return UNSIGNED;
    }

    static TsigVerdict verified(TSIGRecord request, TsigKey key, TSIG signer) {
        return new TsigVerdict(Outcome.VERIFIED, request, key, signer, null);
    }

    static TsigVerdict failed(Outcome outcome, TSIGRecord request, TsigKey key, TSIG signer, Instant checkedAt) {
        if (outcome == Outcome.UNSIGNED || outcome == Outcome.VERIFIED) {
            throw new IllegalArgumentException("not a failure: " + outcome);
        }
        Objects.requireNonNull(request, "request");
        return new TsigVerdict(outcome, request, key, signer, checkedAt);
    }

    public Outcome outcome() {
        return outcome;
    }

    /** True when the request was signed and the signature holds. */
    public boolean verified() {
        return outcome == Outcome.VERIFIED;
    }

    /** True when the request was signed and the signature does not hold (or its key is unknown). */
    public boolean failed() {
        return outcome != Outcome.UNSIGNED && outcome != Outcome.VERIFIED;
    }

    /** The key that verified the request; empty unless {@link #verified()}. */
    public Optional<TsigKey> key() {
        return verified() ? Optional.of(key) : Optional.empty();
    }

    /** The key name the request's TSIG record gave, verified or not; empty for an unsigned request. */
    public Optional<org.xbill.DNS.Name> keyName() {
        return request == null ? Optional.empty() : Optional.of(request.getName());
    }

    /**
     * Signs {@code response} as this verdict says: call it last, when nothing more is added, and render the
     * response with {@code toWire(int)} (which computes a verified request's MAC). On a failure the response
     * must hold no answers: it gets RCODE NOTAUTH and the TSIG error.
     */
    public void applyTo(Message response) {
        switch (outcome) {
            case UNSIGNED -> {}
            case VERIFIED -> response.setTSIG(signer, Rcode.NOERROR, request);
            case BADSIG -> {
                response.getHeader().setRcode(Rcode.NOTAUTH);
                response.setTSIG(signer, Rcode.BADSIG, request); // dnsjava leaves the MAC empty for BADSIG
            }
            case BADTIME -> {
                response.getHeader().setRcode(Rcode.NOTAUTH);
                // dnsjava 3.6 puts the server's time in Other Data but leaves it out of the MAC, which a peer
                // then rejects as BADSIG; without Other Data (RFC 8945 allows it empty) the MAC holds.
                TSIGRecord signed = signer.generate(response, response.toWire(), Rcode.BADTIME, request);
                response.addRecord(
                        new TSIGRecord(
                                signed.getName(),
                                DClass.ANY,
                                0,
                                signed.getAlgorithm(),
                                signed.getTimeSigned(),
                                signed.getFudge(),
                                signed.getSignature(),
                                signed.getOriginalID(),
                                Rcode.BADTIME,
                                null),
                        Section.ADDITIONAL);
            }
            case BADKEY -> {
                response.getHeader().setRcode(Rcode.NOTAUTH);
                // No key to sign with: the request's own key name and algorithm, an empty MAC (RFC 8945 5.3.2).
                response.addRecord(
                        new TSIGRecord(
                                request.getName(),
                                DClass.ANY,
                                0,
                                request.getAlgorithm(),
                                checkedAt,
                                TSIG.FUDGE,
                                new byte[0],
                                response.getHeader().getID(),
                                Rcode.BADKEY,
                                null),
                        Section.ADDITIONAL);
            }
            default -> throw new IllegalStateException(outcome.toString());
        }
    }

    /** A signer for an answer of several messages (a zone transfer); only for a verified request. */
    public TsigStream stream() {
        if (!verified()) {
            throw new IllegalStateException("only a verified request's answer is signed as a stream");
        }
        return new TsigStream(signer, request);
    }

    @Override
    public String toString() {
        return request == null ? outcome.toString() : outcome + " (key " + request.getName() + ")";
    }
}
