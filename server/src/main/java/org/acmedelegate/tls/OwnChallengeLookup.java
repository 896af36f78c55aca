package org.acmedelegate.tls;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.acmedelegate.account.Subdomain;
import org.acmedelegate.index.ChallengeLookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.TextParseException;

/**
 * The DNS view with the server's own DNS-01 answers: {@code _acme-challenge.<name>} for any name of the
 * zone answers the TXT values of the reserved registration {@link Subdomain#API_CERTIFICATE}, which only the server's
 * own certificate orders write. Until that registration exists (no order ever ran on any node) such
 * names answer as before. Every node answers the same, since the values come through the store.
 */
public final class OwnChallengeLookup implements ChallengeLookup {
    private static final String PREFIX = "_acme-challenge";
    private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HOLDER_BYTES = Subdomain.API_CERTIFICATE.value().getBytes(StandardCharsets.US_ASCII);

    private final ChallengeLookup index;
    private final Name zone;
    private final Name holder;

    public OwnChallengeLookup(ChallengeLookup index, Name zone) {
        this.index = index;
        this.zone = zone;
        try {
            this.holder = Name.concatenate(Name.fromString(Subdomain.API_CERTIFICATE.value()), zone);
        } catch (TextParseException | NameTooLongException e) {
            throw new IllegalArgumentException("zone too long for " + Subdomain.API_CERTIFICATE + ": " + zone, e);
        }
    }

    @Override
    public List<String> txtValues(Name name) {
        if (name.labels() > zone.labels() && name.getLabelString(0).equalsIgnoreCase(PREFIX) && name.subdomain(zone)) {
            return index.txtValues(holder);
        }
        return index.txtValues(name);
    }

    @Override
    public byte[] packedValues(byte[] wire, int from, int length, Name zone) {
        if (length == PREFIX_BYTES.length && zone.equals(this.zone) && isPrefix(wire, from)) {
            return index.packedValues(HOLDER_BYTES, 0, HOLDER_BYTES.length, zone);
        }
        return index.packedValues(wire, from, length, zone);
    }

    @Override
    public long oldestLiveMillis() {
        return index.oldestLiveMillis();
    }

    private static boolean isPrefix(byte[] wire, int from) {
        for (int i = 0; i < PREFIX_BYTES.length; i++) {
            if (Character.toLowerCase(wire[from + i]) != PREFIX_BYTES[i]) {
                return false;
            }
        }
        return true;
    }
}
