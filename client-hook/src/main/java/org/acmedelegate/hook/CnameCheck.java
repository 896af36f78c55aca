package org.acmedelegate.hook;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Looks up {@code _acme-challenge.<domain>} through a resolver and reports where its CNAME points. */
public final class CnameCheck {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int ATTEMPTS = 2;

    private final NameserverAddress resolver;

    public CnameCheck(NameserverAddress resolver) {
        this.resolver = resolver;
    }

    /** The CNAME target of the domain's challenge name, empty when it has none. */
    public Optional<Name> target(DomainKey domain) throws HookException {
        Name name = DnsQuery.absolute(domain.challengeName());
        IOException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                Message response = DnsQuery.ask(resolver, name, Type.CNAME, true, TIMEOUT);
                List<Record> cnames = DnsQuery.answers(response, name, Type.CNAME);
                return cnames.isEmpty() ? Optional.empty() : Optional.of(((CNAMERecord) cnames.get(0)).getTarget());
            } catch (IOException e) {
                last = e;
            }
        }
        throw new HookException(
                ExitCode.DNS_ERROR,
                "resolver " + resolver + " did not answer " + name + " CNAME (" + last.getMessage()
                        + "); set --resolver HOST:PORT or ACME_DELEGATE_RESOLVER",
                last);
    }
}
