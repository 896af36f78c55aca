package org.acmedelegate.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.acmedelegate.account.IpLiteral;

/** Reads {@code host:port} listen addresses, with IPv6 hosts in brackets ({@code [::1]:53}). */
final class Addresses {
    private Addresses() {}

    static InetSocketAddress parse(String key, String text) {
        String s = text.strip();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || (s.indexOf(':') != colon && !s.startsWith("["))) {
            throw new ConfigException(key, "expected host:port (IPv6 as [addr]:port), got \"" + text + "\"");
        }
        String host = s.substring(0, colon);
        String port = s.substring(colon + 1);
        if (s.startsWith("[") && !host.endsWith("]")) {
            throw new ConfigException(key, "expected [IPv6]:port, got \"" + text + "\"");
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new ConfigException(key, "bad port in \"" + text + "\"");
        }
        return new InetSocketAddress(ip(key, host), Integer.parseInt(port));
    }

    static InetAddress ip(String key, String text) {
        try {
            return IpLiteral.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "not an IP address: \"" + text + "\"");
        }
    }
}
