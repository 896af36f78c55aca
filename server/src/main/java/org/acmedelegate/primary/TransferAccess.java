package org.acmedelegate.primary;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.acmedelegate.config.TransferRule;
import org.acmedelegate.dns.tsig.TsigKey;
import org.acmedelegate.dns.tsig.TsigVerdict;

/** Who may transfer the zone: a request matches when any {@code [dns.transfer] allow} rule allows it. */
public final class TransferAccess {
    private final List<TransferRule> rules;

    public TransferAccess(List<TransferRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Whether a request from {@code sender} with {@code verdict} (verified or unsigned) may transfer. */
    public boolean allows(SocketAddress sender, TsigVerdict verdict) {
        InetAddress source = sender instanceof InetSocketAddress s ? s.getAddress() : null;
        var key = verdict.key().map(TsigKey::name);
        return rules.stream().anyMatch(rule -> rule.allows(source, key));
    }
}
