package org.acmedelegate.update;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AccountTsigKey;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.ErrorCode;
import org.acmedelegate.account.TxtValue;
import org.acmedelegate.audit.AuditEvent;
import org.acmedelegate.audit.AuditLog;
import org.acmedelegate.metrics.Metrics;
import org.acmedelegate.service.AccountService;
import org.acmedelegate.store.AccountStore;
import org.acmedelegate.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/**
 * Applies an UPDATE whose TSIG signature was verified: the key's account must exist, be enabled and
 * admit the client (allowfrom), the {@link UpdatePlan} must accept it, and then each value goes through
 * {@link AccountService#publish} / {@link AccountService#withdraw} like {@code /update}: stored, served by
 * DNS before the reply, one audit line each. Blocks on the store: call it off the event loop. The reply
 * has no TSIG record yet; the caller signs it.
 */
public final class UpdateProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateProcessor.class);
    private final AccountService service;
    private final AccountStore accounts;
    private final AuditLog audit;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public UpdateProcessor(AccountService service, AccountStore accounts, AuditLog audit, Metrics metrics) {
        this.service = service;
        this.accounts = accounts;
        this.audit = audit;
        metrics.counter("acme_delegate_dns_updates_applied_total", "RFC 2136 UPDATEs applied", applied::get);
        metrics.counter(
                "acme_delegate_dns_updates_refused_total",
                "Signed RFC 2136 UPDATEs refused (zone, prerequisite, policy)",
                refused::get);
    }

    /** The reply to a verified UPDATE signed with {@code key} from {@code client}. Never throws. */
    public Message apply(Message update, AccountTsigKey key, InetAddress client) {
        AuditEvent event =
                AuditEvent.of("update", "ok", client.getHostAddress()).actor("tsig:" + key.nameText());
        try {
            Optional<Account> found = accounts.findByUsername(key.username());
            if (found.isEmpty()) {
                return refused(update, event, Rcode.NOTAUTH, "the key's account is gone");
            }
            Account account = found.get();
            event = event.about(account);
            if (account.disabled()) {
                return refused(update, event, Rcode.REFUSED, "account is disabled");
            }
            if (!account.allowFrom().permits(client)) {
                return refused(update, event, Rcode.REFUSED, "update from outside allowfrom");
            }
            UpdatePlan plan = UpdatePlan.of(
                    update,
                    zoneOf(key),
                    key.name(),
                    challengeApex(account),
                    service.admin().liveValues(account));
            if (!plan.accepted()) {
                return refused(update, event, plan.rcode(), plan.why());
            }
            for (TxtValue gone : plan.deletes()) {
                service.withdraw(account, gone);
                audit.record(new AuditEvent(
                        "withdraw",
                        "ok",
                        event.account(),
                        event.subdomain(),
                        event.domain(),
                        event.client(),
                        event.actor(),
                        "dns update"));
            }
            for (TxtValue value : plan.adds()) {
                service.publish(account, value);
                audit.record(event.detail("dns update"));
            }
            applied.incrementAndGet();
            return reply(update, Rcode.NOERROR);
        } catch (ApiException | StoreException e) {
            boolean busy = e instanceof ApiException api && api.error() == ErrorCode.UNAVAILABLE;
            LOG.warn("dns update by key {} failed: {}", key.nameText(), e.getMessage());
            audit.record(
                    event.withResult("error").detail("dns update: " + (busy ? "store unavailable" : "store failed")));
            return reply(update, Rcode.SERVFAIL);
        } catch (RuntimeException e) {
            LOG.error("dns update by key {} failed", key.nameText(), e);
            return reply(update, Rcode.SERVFAIL);
        }
    }

    private Message refused(Message update, AuditEvent event, int rcode, String why) {
        refused.incrementAndGet();
        audit.record(event.withResult("refused")
                .detail("dns update " + Rcode.string(rcode).toLowerCase(Locale.ROOT) + ": " + why));
        return reply(update, rcode);
    }

    /** The unsigned reply to {@code update}: its id, opcode and zone section, QR set, {@code rcode}. */
    public static Message reply(Message update, int rcode) {
        Message reply = new Message(update.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setOpcode(Opcode.UPDATE);
        reply.getHeader().setRcode(rcode);
        for (Record zone : update.getSectionArray(Section.ZONE)) {
            reply.addRecord(zone, Section.ZONE);
        }
        return reply;
    }

    private static Name zoneOf(AccountTsigKey key) {
        return new Name(key.name(), 1);
    }

    private static Name challengeApex(Account account) {
        if (account.domain().isEmpty()) {
            return null;
        }
        try {
            return Name.fromString("_acme-challenge." + account.domain().get() + ".");
        } catch (TextParseException e) {
            return null;
        }
    }
}
