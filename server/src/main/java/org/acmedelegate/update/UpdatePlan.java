package org.acmedelegate.update;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.TxtValue;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * What one verified UPDATE asks of one account, decided before anything changes (RFC 2136 sections 3.1 to
 * 3.4): the zone must be one the key may use, every prerequisite must hold against the account's live TXT
 * values, and every update must be a TXT add or delete at the key's own name. Any failure refuses the whole
 * message with its rcode and changes nothing; otherwise the plan holds the values to add and to delete.
 *
 * @param rcode NOERROR when the plan may be applied
 * @param why   for the audit line and the log when refused; never holds a secret
 */
public record UpdatePlan(int rcode, List<TxtValue> adds, List<TxtValue> deletes, String why) {
    public UpdatePlan {
        adds = List.copyOf(adds);
        deletes = List.copyOf(deletes);
        Objects.requireNonNull(why, "why");
    }

    static UpdatePlan refuse(int rcode, String why) {
        return new UpdatePlan(rcode, List.of(), List.of(), why);
    }

    public boolean accepted() {
        return rcode == Rcode.NOERROR;
    }

    /**
     * The plan for {@code update}. The key may change {@code ownName} in {@code zone}, or, when the account is
     * bound to a domain, {@code challengeApex} ({@code _acme-challenge.<domain>}) as a zone of its own;
     * {@code live} are the values DNS answers there now.
     */
    public static UpdatePlan of(Message update, Name zone, Name ownName, Name challengeApex, List<String> live) {
        Record[] zones = update.getSectionArray(Section.ZONE);
        if (zones.length != 1 || zones[0].getType() != Type.SOA) {
            return refuse(Rcode.FORMERR, "the zone section must hold one SOA question");
        }
        Name z = zones[0].getName();
        Name own;
        if (z.equals(zone)) {
            own = ownName;
        } else if (z.equals(challengeApex)) {
            own = challengeApex;
        } else {
            return refuse(Rcode.NOTAUTH, "zone " + z + " is not served for this key");
        }
        if (zones[0].getDClass() != DClass.IN) {
            return refuse(Rcode.NOTAUTH, "zone class " + DClass.string(zones[0].getDClass()));
        }
        boolean apex = own.equals(z);
        UpdatePlan refused = prerequisites(update.getSectionArray(Section.PREREQ), z, own, apex, live);
        if (refused != null) {
            return refused;
        }
        return updates(update.getSectionArray(Section.UPDATE), z, own, live);
    }

    private static UpdatePlan prerequisites(Record[] prereqs, Name z, Name own, boolean apex, List<String> live) {
        Set<String> wanted = null;
        for (Record r : prereqs) {
            if (r.getTTL() != 0) {
                return refuse(Rcode.FORMERR, "prerequisite with a TTL");
            }
            if (!r.getName().subdomain(z)) {
                return refuse(Rcode.NOTZONE, "prerequisite name " + r.getName() + " outside zone " + z);
            }
            if (!r.getName().equals(own)) {
                return refuse(Rcode.REFUSED, "prerequisite on " + r.getName() + ", not the key's own name");
            }
            int type = r.getType();
            boolean exists = type == Type.ANY || (type == Type.TXT && !live.isEmpty()) || (type == Type.SOA && apex);
            if (r.getDClass() == DClass.ANY) {
                if (hasData(r)) {
                    return refuse(Rcode.FORMERR, "prerequisite of class ANY with data");
                }
                if (!exists) {
                    return refuse(
                            type == Type.ANY ? Rcode.NXDOMAIN : Rcode.NXRRSET, Type.string(type) + " RRset absent");
                }
            } else if (r.getDClass() == DClass.NONE) {
                if (hasData(r)) {
                    return refuse(Rcode.FORMERR, "prerequisite of class NONE with data");
                }
                if (exists) {
                    return refuse(
                            type == Type.ANY ? Rcode.YXDOMAIN : Rcode.YXRRSET, Type.string(type) + " RRset present");
                }
            } else if (r.getDClass() == DClass.IN) {
                if (!(r instanceof TXTRecord txt)) {
                    return refuse(Rcode.NXRRSET, "no " + Type.string(type) + " RRset with these values");
                }
                if (wanted == null) {
                    wanted = new LinkedHashSet<>();
                }
                wanted.add(String.join("", txt.getStrings()));
            } else {
                return refuse(Rcode.FORMERR, "prerequisite class " + DClass.string(r.getDClass()));
            }
        }
        if (wanted != null && !wanted.equals(new LinkedHashSet<>(live))) {
            return refuse(Rcode.NXRRSET, "the TXT RRset differs from the prerequisite");
        }
        return null;
    }

    // RDLENGTH 0, which dnsjava parses into a record without data (its class is not public).
    private static boolean hasData(Record r) {
        return r.rdataToWireCanonical().length > 0;
    }

    private static UpdatePlan updates(Record[] records, Name z, Name own, List<String> live) {
        // Prescan (RFC 2136 section 3.4.1) of every record before the policy, so a malformed one is FORMERR.
        for (Record r : records) {
            if (!r.getName().subdomain(z)) {
                return refuse(Rcode.NOTZONE, "update of " + r.getName() + " outside zone " + z);
            }
            int type = r.getType();
            boolean meta = type == Type.ANY
                    || type == Type.AXFR
                    || type == Type.IXFR
                    || type == Type.MAILA
                    || type == Type.MAILB
                    || type == Type.OPT;
            if (r.getDClass() == DClass.IN || r.getDClass() == DClass.NONE) {
                if (meta || (r.getDClass() == DClass.NONE && r.getTTL() != 0)) {
                    return refuse(Rcode.FORMERR, "malformed update record " + Type.string(type));
                }
            } else if (r.getDClass() == DClass.ANY) {
                if (r.getTTL() != 0 || hasData(r) || (meta && type != Type.ANY)) {
                    return refuse(Rcode.FORMERR, "malformed delete of " + Type.string(type));
                }
            } else {
                return refuse(Rcode.FORMERR, "update class " + DClass.string(r.getDClass()));
            }
        }
        Set<String> now = new LinkedHashSet<>(live);
        Set<String> added = new LinkedHashSet<>();
        for (Record r : records) {
            if (!r.getName().equals(own)) {
                return refuse(Rcode.REFUSED, "update of " + r.getName() + ", not the key's own name " + own);
            }
            if (r.getDClass() == DClass.ANY) {
                if (r.getType() != Type.TXT && r.getType() != Type.ANY) {
                    return refuse(Rcode.REFUSED, "only TXT records may be changed, not " + Type.string(r.getType()));
                }
                now.clear();
                added.clear();
                continue;
            }
            if (!(r instanceof TXTRecord txt)) {
                return refuse(Rcode.REFUSED, "only TXT records may be changed, not " + Type.string(r.getType()));
            }
            String value = String.join("", txt.getStrings());
            try {
                new TxtValue(value);
            } catch (ApiException e) {
                return refuse(Rcode.REFUSED, "TXT value is not an ACME challenge (43 base64url characters)");
            }
            if (r.getDClass() == DClass.IN) {
                now.add(value);
                added.add(value);
            } else {
                now.remove(value);
                added.remove(value);
            }
        }
        List<TxtValue> deletes = new ArrayList<>();
        for (String v : live) {
            if (!now.contains(v)) {
                deletes.add(new TxtValue(v));
            }
        }
        return new UpdatePlan(Rcode.NOERROR, added.stream().map(TxtValue::new).toList(), deletes, "ok");
    }
}
