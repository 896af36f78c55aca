package org.acmedelegate.account;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** The networks an account may update from; an empty list allows every address, as in acme-dns. */
public record AllowFrom(List<Cidr> networks) {
    public static final AllowFrom ANY = new AllowFrom(List.of());

    public AllowFrom {
        networks = List.copyOf(networks);
    }

    /** Parses client-supplied CIDR strings, rejecting the whole list with {@code invalid_allowfrom_cidr}. */
    public static AllowFrom parse(List<String> cidrs) {
        List<Cidr> parsed = new ArrayList<>(cidrs.size());
        for (String cidr : cidrs) {
            try {
                parsed.add(Cidr.parse(cidr));
            } catch (IllegalArgumentException e) {
                throw new ApiException(ErrorCode.INVALID_ALLOWFROM_CIDR, "invalid allowfrom CIDR");
            }
        }
        return new AllowFrom(parsed);
    }

    public boolean permits(InetAddress client) {
        return networks.isEmpty() || networks.stream().anyMatch(n -> n.contains(client));
    }

    public List<String> asStrings() {
        return networks.stream().map(Cidr::toString).toList();
    }
}
