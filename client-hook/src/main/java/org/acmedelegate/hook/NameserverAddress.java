package org.acmedelegate.hook;

import java.net.InetSocketAddress;

/**
 * A DNS server address given as {@code HOST}, {@code HOST:PORT}, {@code [IPV6]:PORT} or a bare IPv6
 * address; the port defaults to 53.
 */
public record NameserverAddress(String host, int port) {
    public static final int DNS_PORT = 53;

    public NameserverAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("DNS server address has no host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("DNS server port out of range: " + port);
        }
    }

    /** Parses {@code HOST[:PORT]}; see the type's description. */
    public static NameserverAddress parse(String text) {
        String s = text == null ? "" : text.trim();
        try {
            if (s.startsWith("[")) {
                int close = s.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("missing ']' in DNS server address '" + text + "'");
                }
                String rest = s.substring(close + 1);
                int port = rest.isEmpty() ? DNS_PORT : Integer.parseInt(rest.substring(rest.indexOf(':') + 1));
                return new NameserverAddress(s.substring(1, close), port);
            }
            int colon = s.indexOf(':');
            if (colon >= 0 && colon == s.lastIndexOf(':')) {
                return new NameserverAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
            }
            return new NameserverAddress(s, DNS_PORT);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in DNS server address '" + text + "'", e);
        }
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
