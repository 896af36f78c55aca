package org.acmedelegate.service;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.acmedelegate.account.CnameCheck;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks a configured resolver whether {@code _acme-challenge.<domain>} is a CNAME to an account's
 * fulldomain. Blocking (one UDP exchange, TCP on truncation): call it off the DNS event loops.
 */
public final class CnameVerifier {
    private final InetSocketAddress resolver;
    private final Clock clock;

    public CnameVerifier(InetSocketAddress resolver, Clock clock) {
        this.resolver = resolver;
        this.clock = clock;
    }

    /** Looks up the CNAME of {@code _acme-challenge.<domain>} and compares it with {@code expected}. */
    public CnameCheck check(String domain, Name expected) {
        try {
            Name owner = Name.fromString("_acme-challenge." + domain + ".");
            SimpleResolver dns = new SimpleResolver(resolver);
            dns.setTimeout(Duration.ofSeconds(5));
            Message reply = dns.send(Message.newQuery(Record.newRecord(owner, Type.CNAME, DClass.IN)));
            int rcode = reply.getRcode();
            if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
                return result(CnameCheck.Status.ERROR, Optional.of("rcode " + Rcode.string(rcode)));
            }
            for (Record r : reply.getSection(Section.ANSWER)) {
                if (r instanceof CNAMERecord cname && cname.getName().equals(owner)) {
                    Name target = cname.getTarget();
                    return target.equals(expected)
                            ? result(CnameCheck.Status.OK, Optional.of(target.toString()))
                            : result(CnameCheck.Status.ELSEWHERE, Optional.of(target.toString()));
                }
            }
            return result(CnameCheck.Status.MISSING, Optional.empty());
        } catch (TextParseException e) {
            return result(CnameCheck.Status.ERROR, Optional.of("bad name"));
        } catch (IOException e) {
            return result(CnameCheck.Status.ERROR, Optional.of("no answer from resolver"));
        }
    }

    private CnameCheck result(CnameCheck.Status status, Optional<String> target) {
        return new CnameCheck(status, target, clock.instant());
    }
}
