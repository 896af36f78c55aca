package org.acmedelegate.account;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parses IP address literals only: never a host name, so parsing never triggers a DNS lookup. */
public final class IpLiteral {
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpLiteral() {}

    /** Returns the address, or throws {@link IllegalArgumentException} if the text is not a literal. */
    public static InetAddress parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("address missing");
        }
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        boolean literal = IPV4.matcher(s).matches()
                || (s.indexOf(':') >= 0 && IPV6_CHARS.matcher(s).matches());
        if (!literal) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
    }
}
