package org.acmedelegate.hook;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Finds the authoritative servers of the zone that holds a delegated name: the NS set of its parent zone
 * (walking up while a level has none) and each server's addresses, all asked of one recursive resolver.
 */
final class Nameservers {
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(3);
    private static final int ATTEMPTS = 3;

    private final NameserverAddress resolver;
    private final int authoritativePort;

    Nameservers(NameserverAddress resolver, int authoritativePort) {
        this.resolver = resolver;
        this.authoritativePort = authoritativePort;
    }

    /** The servers to poll for {@code fullDomain}, labelled {@code ns1.example.org (192.0.2.1)}. */
    List<PropagationChecker.Target> discover(Name fullDomain) throws HookException {
        Name zone = fullDomain;
        while (zone.labels() > 2) {
            zone = new Name(zone, 1);
            Message response = ask(zone, Type.NS);
            List<Record> ns = DnsQuery.answers(response, zone, Type.NS);
            if (!ns.isEmpty()) {
                return targets(zone, ns, response);
            }
        }
        throw new HookException(
                ExitCode.DNS_ERROR,
                "resolver " + resolver + " knows no NS records for any zone above "
                        + fullDomain + "; pass --dns-server HOST:PORT (or set ACME_DELEGATE_DNS_SERVERS) to name the "
                        + "acme-delegate DNS servers directly");
    }

    private List<PropagationChecker.Target> targets(Name zone, List<Record> nsRecords, Message response)
            throws HookException {
        List<PropagationChecker.Target> targets = new ArrayList<>();
        for (Record r : nsRecords) {
            Name host = ((NSRecord) r).getTarget();
            Set<InetAddress> addresses = new LinkedHashSet<>(glue(response, host));
            if (addresses.isEmpty()) {
                addresses.addAll(addresses(ask(host, Type.A), host, Type.A));
                addresses.addAll(addresses(ask(host, Type.AAAA), host, Type.AAAA));
            }
            for (InetAddress a : addresses) {
                NameserverAddress server = new NameserverAddress(a.getHostAddress(), authoritativePort);
                targets.add(new PropagationChecker.Target(host.toString(true) + " (" + server + ")", server, true));
            }
        }
        if (targets.isEmpty()) {
            throw new HookException(
                    ExitCode.DNS_ERROR,
                    "resolver " + resolver + " found no address for the " + "nameservers of " + zone
                            + "; pass --dns-server HOST:PORT to name them directly");
        }
        return targets;
    }

    private static List<InetAddress> glue(Message response, Name host) {
        List<InetAddress> out = new ArrayList<>();
        for (Record r : response.getSection(Section.ADDITIONAL)) {
            if (r.getName().equals(host) && r instanceof ARecord a) {
                out.add(a.getAddress());
            } else if (r.getName().equals(host) && r instanceof AAAARecord a) {
                out.add(a.getAddress());
            }
        }
        return out;
    }

    private static List<InetAddress> addresses(Message response, Name host, int type) {
        List<InetAddress> out = new ArrayList<>();
        for (Record r : DnsQuery.answers(response, host, type)) {
            out.add(r instanceof ARecord a ? a.getAddress() : ((AAAARecord) r).getAddress());
        }
        return out;
    }

    private Message ask(Name name, int type) throws HookException {
        IOException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                return DnsQuery.ask(resolver, name, type, true, QUERY_TIMEOUT);
            } catch (IOException e) {
                last = e;
            }
        }
        throw new HookException(
                ExitCode.DNS_ERROR,
                "resolver " + resolver + " did not answer " + name + " " + Type.string(type) + " (" + last.getMessage()
                        + "); set --resolver HOST:PORT or ACME_DELEGATE_RESOLVER",
                last);
    }
}
