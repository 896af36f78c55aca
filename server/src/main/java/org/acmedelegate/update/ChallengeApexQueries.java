package org.acmedelegate.update;

import java.time.Clock;
import java.util.Optional;
import org.acmedelegate.account.AccountTsigKey;
import org.acmedelegate.dns.Responder;
import org.acmedelegate.dns.ServedZone;
import org.acmedelegate.dns.tsig.TsigVerdict;
import org.acmedelegate.dns.tsig.TsigVerifier;
import org.acmedelegate.service.TsigKeys;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Queries signed with a registration's TSIG key. For {@code _acme-challenge.<domain>} of the key's account
 * (bound to {@code <domain>}) the answer is that of a zone apex there, an SOA with AA set, so a client that
 * looks for the closest SOA with its key (certbot's dns-rfc2136) sends its UPDATE to that zone; any other
 * name gets the usual answer, signed. Unsigned and other keys' queries never come here, so public answers
 * do not change. Memory only and one HMAC: it runs on the event loop.
 */
public final class ChallengeApexQueries {
    private final TsigKeys keys;
    private final TsigVerifier verifier;
    private final Responder responder;
    private final ServedZone zone;

    public ChallengeApexQueries(TsigKeys keys, Responder responder, ServedZone zone, Clock clock) {
        this.keys = keys;
        this.verifier = new TsigVerifier(keys.inMemory(), clock);
        this.responder = responder;
        this.zone = zone;
    }

    /** The signed answer, or null when the query's key is no registration's (the general path answers it). */
    public Message answer(Message query, byte[] wire) {
        if (query.getTSIG() == null || keys.known(query.getTSIG().getName()).isEmpty()) {
            return null;
        }
        TsigVerdict verdict = verifier.verify(query, wire);
        Message reply;
        if (verdict.failed()) {
            reply = header(query, Rcode.NOTAUTH);
        } else {
            reply = apexAnswer(query, verdict).orElseGet(() -> responder.respond(query));
            if (reply == null) {
                return null;
            }
        }
        verdict.applyTo(reply);
        return reply;
    }

    private Optional<Message> apexAnswer(Message query, TsigVerdict verdict) {
        Record question = query.getQuestion();
        if (query.getHeader().getOpcode() != Opcode.QUERY || question == null || question.getDClass() != DClass.IN) {
            return Optional.empty();
        }
        Optional<AccountTsigKey> key = keys.known(verdict.key().orElseThrow().name());
        Optional<Name> apex = key.flatMap(k -> keys.challengeApex(k.username()));
        if (apex.isEmpty() || !question.getName().equals(apex.get())) {
            return Optional.empty();
        }
        Message reply = header(query, Rcode.NOERROR);
        reply.getHeader().setFlag(Flags.AA);
        SOARecord soa = zone.soa();
        SOARecord here = new SOARecord(
                apex.get(),
                DClass.IN,
                soa.getTTL(),
                soa.getHost(),
                soa.getAdmin(),
                soa.getSerial(),
                soa.getRefresh(),
                soa.getRetry(),
                soa.getExpire(),
                soa.getMinimum());
        if (question.getType() == Type.SOA || question.getType() == Type.ANY) {
            reply.addRecord(here, Section.ANSWER);
        } else {
            reply.addRecord(here, Section.AUTHORITY);
        }
        return Optional.of(reply);
    }

    private static Message header(Message query, int rcode) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setOpcode(query.getHeader().getOpcode());
        reply.getHeader().setRcode(rcode);
        if (query.getQuestion() != null) {
            reply.addRecord(query.getQuestion(), Section.QUESTION);
        }
        return reply;
    }
}
