package org.acmedelegate.http;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.acmedelegate.account.Cidr;
import org.acmedelegate.account.IpLiteral;

/**
 * Finds the address an update really comes from, for the allowfrom check. The TCP peer is believed
 * unless it is a trusted proxy; then {@code X-Forwarded-For} is walked from the right, skipping
 * trusted proxies, and the first untrusted address is the client. An entry that is not a bare IP
 * literal ends the walk: the last address we could vouch for (a trusted proxy) is returned, so a
 * garbled header can only make the check stricter, never admit an address nobody vouched for.
 */
final class ClientAddress {
    private final List<Cidr> trustedProxies;

    ClientAddress(List<Cidr> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /**
     * @param peer the address of the TCP peer
     * @param forwardedFor every {@code X-Forwarded-For} header value in the order received (may be empty)
     */
    InetAddress resolve(InetAddress peer, List<String> forwardedFor) {
        InetAddress current = peer;
        if (!trusted(current)) {
            return current;
        }
        List<String> hops = hops(forwardedFor);
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop;
            try {
                hop = IpLiteral.parse(hops.get(i));
            } catch (IllegalArgumentException e) {
                return current;
            }
            current = hop;
            if (!trusted(current)) {
                return current;
            }
        }
        return current;
    }

    /** The client of a request: its peer, or what trusted proxies say in {@code X-Forwarded-For}. */
    InetAddress of(io.javalin.http.Context ctx) {
        InetAddress peer = IpLiteral.parse(ctx.req().getRemoteAddr());
        return resolve(peer, java.util.Collections.list(ctx.req().getHeaders("X-Forwarded-For")));
    }

    private boolean trusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(cidr -> cidr.contains(address));
    }

    // Several X-Forwarded-For headers are one list joined in order (RFC 9110, section 5.3).
    private static List<String> hops(List<String> headers) {
        List<String> hops = new ArrayList<>();
        for (String header : headers) {
            for (String part : header.split(",", -1)) {
                hops.add(part.strip());
            }
        }
        return hops;
    }
}
