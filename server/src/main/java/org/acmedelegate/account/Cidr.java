package org.acmedelegate.account;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network in CIDR notation. Host bits are cleared, as Go's {@code net.ParseCIDR}
 * (used by acme-dns) does, so {@code 192.0.2.7/24} means {@code 192.0.2.0/24}.
 */
public record Cidr(InetAddress network, int prefix) {

    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix out of range: /" + prefix);
        }
        network = mask(network, prefix);
    }

    /** Parses {@code address/prefix}; throws {@link IllegalArgumentException} on anything else. */
    public static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("CIDR missing");
        }
        int slash = text.indexOf('/');
        if (slash < 0 || slash != text.lastIndexOf('/')) {
            throw new IllegalArgumentException("not CIDR notation: " + text);
        }
        InetAddress address = IpLiteral.parse(text.substring(0, slash));
        String bits = text.substring(slash + 1).strip();
        if (!bits.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("bad prefix length: " + text);
        }
        return new Cidr(address, Integer.parseInt(bits));
    }

    /** Whether the address lies in this network; IPv4 and IPv6 never match each other. */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.getAddress().length) {
            return false;
        }
        return mask(address, prefix).equals(network);
    }

    private static InetAddress mask(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        // Netty writes IPv6 in the RFC 5952 short form (2001:db8::/32), as acme-dns echoes it.
        return NetUtil.toAddressString(network) + "/" + prefix;
    }
}
