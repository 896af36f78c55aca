package org.acmedelegate.hook;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;

/** One DNS question to one server over UDP, retried over TCP when the answer is truncated (dnsjava does that). */
final class DnsQuery {
    private DnsQuery() {}

    /** Sends {@code name}/{@code type} with the recursion-desired bit as given; returns the whole response. */
    static Message ask(NameserverAddress server, Name name, int type, boolean recursionDesired, Duration timeout)
            throws IOException {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        if (!recursionDesired) {
            query.getHeader().unsetFlag(Flags.RD);
        }
        SimpleResolver resolver = new SimpleResolver(server.socketAddress());
        resolver.setTimeout(timeout);
        return resolver.send(query);
    }

    /** The records of {@code type} owned by {@code name} in the answer section of a NOERROR response. */
    static List<Record> answers(Message response, Name name, int type) {
        List<Record> out = new ArrayList<>();
        if (response.getRcode() != Rcode.NOERROR) {
            return out;
        }
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r.getType() == type && r.getName().equals(name)) {
                out.add(r);
            }
        }
        return out;
    }

    static Name absolute(String domain) throws HookException {
        try {
            return Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            throw new HookException(ExitCode.USAGE, "'" + domain + "' is not a DNS name");
        }
    }
}
