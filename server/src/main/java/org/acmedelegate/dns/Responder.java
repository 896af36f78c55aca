package org.acmedelegate.dns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.acmedelegate.index.ChallengeLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Builds the reply to one query, as a pure function of the query, the {@link ServedZone} and the challenge
 * TXT values. Authoritative for the zone, REFUSED outside it; never throws (SERVFAIL instead).
 *
 * <p>ANY is answered minimally (RFC 8482): one RRset, the TXT values when the name has any, else the
 * first configured RRset at the name (the SOA at the apex), else NODATA. A static TXT RRset takes
 * precedence over challenge values at the same name; a static CNAME over everything.
 */
public final class Responder {
    /** The EDNS UDP payload size we advertise and honour at most (DNS flag day 2020). */
    public static final int EDNS_PAYLOAD = 1232;

    private static final Logger LOG = LoggerFactory.getLogger(Responder.class);
    // Enough for any sane chain inside one zone; also ends CNAME loops in the static config.
    private static final int MAX_CNAME_HOPS = 8;
    private static final int TXT_STRING_MAX = 255;

    private final ServedZone zone;
    private final ChallengeLookup challenges;
    private final long txtTtl;

    public Responder(ServedZone zone, ChallengeLookup challenges, Duration txtTtl) {
        this.zone = zone;
        this.challenges = challenges;
        this.txtTtl = Math.max(0, Math.min(txtTtl.getSeconds(), Integer.MAX_VALUE));
    }

    ServedZone zone() {
        return zone;
    }

    ChallengeLookup challenges() {
        return challenges;
    }

    long txtTtl() {
        return txtTtl;
    }

    /**
     * The reply to {@code query}, or {@code null} when no reply must be sent (the message is itself a
     * response, QR=1). Never throws.
     */
    public Message respond(Message query) {
        Header header = query.getHeader();
        if (header.getFlag(Flags.QR)) {
            return null;
        }
        try {
            return answer(query);
        } catch (RuntimeException e) {
            // One line per failure; the stack only at debug, so a broken dependency cannot flood the log.
            LOG.warn("SERVFAIL for query {}: {}", describe(query), e.toString());
            LOG.debug("SERVFAIL cause", e);
            return servfail(query);
        }
    }

    private Message answer(Message query) {
        Header header = query.getHeader();
        // RFC 8906 3.1.4: the opcode first, before anything that depends on it (even the question count).
        if (header.getOpcode() != Opcode.QUERY) {
            return reply(query, Rcode.NOTIMP, true);
        }
        String malformed = malformation(query);
        if (malformed != null) {
            LOG.debug("FORMERR for query id {}: {}", header.getID(), malformed);
            return reply(query, Rcode.FORMERR, false);
        }
        OPTRecord opt = query.getOPT();
        if (opt != null && opt.getVersion() > 0) {
            return reply(query, Rcode.BADVERS, true);
        }
        Record question = query.getQuestion();
        int qtype = question.getType();
        if (isMetaType(qtype)) {
            return reply(query, Rcode.NOTIMP, true);
        }
        if (question.getDClass() != DClass.IN
                || !zone.contains(question.getName())
                || qtype == Type.AXFR
                || qtype == Type.IXFR) {
            return reply(query, Rcode.REFUSED, true);
        }
        Message response = reply(query, Rcode.NOERROR, true);
        response.getHeader().setFlag(Flags.AA);
        resolve(response, question.getName(), qtype);
        return response;
    }

    /**
     * Why {@code query} is malformed beyond what the parser checks (not exactly one question, an OPT
     * outside the additional section, two OPTs), or null when it is well-formed.
     */
    static String malformation(Message query) {
        if (query.getHeader().getCount(Section.QUESTION) != 1) {
            return query.getHeader().getCount(Section.QUESTION) + " questions";
        }
        if (countOpt(query, Section.ANSWER) + countOpt(query, Section.AUTHORITY) > 0) {
            return "OPT outside the additional section";
        }
        int opts = countOpt(query, Section.ADDITIONAL);
        return opts > 1 ? opts + " OPT records" : null;
    }

    /**
     * Types that are not data and cannot be asked for, answered NOTIMP: 0 (reserved; Knot answers it so), OPT
     * and the meta and query types 128-255 (RFC 6895 section 3.1) except those we answer: ANY, and AXFR/IXFR
     * (refused).
     */
    static boolean isMetaType(int qtype) {
        return qtype == 0
                || qtype == Type.OPT
                || (qtype >= 128 && qtype <= 255 && qtype != Type.ANY && qtype != Type.AXFR && qtype != Type.IXFR);
    }

    private static int countOpt(Message query, int section) {
        int count = 0;
        for (Record r : query.getSection(section)) {
            if (r.getType() == Type.OPT) {
                count++;
            }
        }
        return count;
    }

    private void resolve(Message response, Name qname, int qtype) {
        Name name = qname;
        for (int hop = 0; hop < MAX_CNAME_HOPS; hop++) {
            if (!zone.contains(name)) {
                return; // CNAME leads out of the zone; the resolver chases it from here
            }
            List<String> txt = challenges.txtValues(name);
            if (!zone.exists(name) && txt == null) {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
                response.addRecord(zone.negativeSoa(), Section.AUTHORITY);
                return;
            }
            List<Record> cname = zone.rrset(name, Type.CNAME);
            if (!cname.isEmpty() && qtype != Type.CNAME) {
                response.addRecord(cname.get(0).withName(name), Section.ANSWER);
                if (qtype == Type.ANY) {
                    return;
                }
                name = ((CNAMERecord) cname.get(0)).getTarget();
                continue;
            }
            List<Record> data = data(name, qtype, txt);
            if (data.isEmpty()) {
                response.addRecord(zone.negativeSoa(), Section.AUTHORITY);
                return;
            }
            for (Record r : data) {
                response.addRecord(r.getName() == name ? r : r.withName(name), Section.ANSWER);
            }
            if (qtype == Type.NS) {
                addGlue(response, data);
            }
            return;
        }
    }

    private List<Record> data(Name name, int qtype, List<String> txt) {
        if (qtype == Type.TXT || qtype == Type.ANY) {
            List<Record> staticTxt = zone.rrset(name, Type.TXT);
            if (!staticTxt.isEmpty()) {
                return staticTxt;
            }
            if (txt != null && !txt.isEmpty()) {
                return txtRecords(name, txt);
            }
        }
        if (qtype == Type.ANY) {
            List<List<Record>> all = zone.rrsets(name);
            return all.isEmpty() ? List.of() : all.get(0);
        }
        return zone.rrset(name, qtype);
    }

    /** The TXT records that answer {@code values} at {@code owner} (long values split into strings). */
    public List<Record> txtRecords(Name owner, List<String> values) {
        List<Record> records = new ArrayList<>(values.size());
        for (String value : values) {
            records.add(new TXTRecord(owner, DClass.IN, txtTtl, chunks(value)));
        }
        return records;
    }

    // A TXT character-string holds at most 255 bytes; challenge values are 43, but never fail on longer.
    private static List<String> chunks(String value) {
        if (value.length() <= TXT_STRING_MAX) {
            return List.of(value);
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < value.length(); i += TXT_STRING_MAX) {
            parts.add(value.substring(i, Math.min(value.length(), i + TXT_STRING_MAX)));
        }
        return parts;
    }

    private void addGlue(Message response, List<Record> nsRecords) {
        for (Record r : nsRecords) {
            Name target = ((NSRecord) r).getTarget();
            if (zone.contains(target)) {
                zone.rrset(target, Type.A).forEach(a -> response.addRecord(a, Section.ADDITIONAL));
                zone.rrset(target, Type.AAAA).forEach(a -> response.addRecord(a, Section.ADDITIONAL));
            }
        }
    }

    /**
     * A reply header for {@code query}: same id and opcode, QR set, RD and CD copied, and (RFC 6891 section 7)
     * an OPT of ours whenever the query carried one, even a broken or duplicated one, with its DO bit.
     */
    static Message reply(Message query, int rcode, boolean withQuestion) {
        Header in = query.getHeader();
        Message response = new Message(in.getID());
        Header out = response.getHeader();
        out.setFlag(Flags.QR);
        out.setOpcode(in.getOpcode());
        copyFlag(in, out, Flags.RD);
        copyFlag(in, out, Flags.CD);
        out.setRcode(rcode & 0xF);
        if (withQuestion && in.getCount(Section.QUESTION) == 1) {
            response.addRecord(query.getQuestion(), Section.QUESTION);
        }
        OPTRecord opt = query.getOPT();
        if (opt != null) {
            // RFC 3225 section 3: DO is copied (the zone is unsigned, so no signatures follow); RFC 6891: other
            // flags we do not know are cleared.
            response.addRecord(
                    new OPTRecord(EDNS_PAYLOAD, rcode >>> 4, 0, opt.getFlags() & ExtendedFlags.DO), Section.ADDITIONAL);
        }
        return response;
    }

    private static Message servfail(Message query) {
        try {
            return reply(query, Rcode.SERVFAIL, true);
        } catch (RuntimeException e) {
            Message response = new Message(query.getHeader().getID());
            response.getHeader().setFlag(Flags.QR);
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response;
        }
    }

    private static void copyFlag(Header in, Header out, int flag) {
        if (in.getFlag(flag)) {
            out.setFlag(flag);
        }
    }

    private static String describe(Message query) {
        Record q = query.getQuestion();
        return q == null
                ? "id " + query.getHeader().getID()
                : q.getName() + " " + Type.string(q.getType()) + " " + DClass.string(q.getDClass());
    }
}
