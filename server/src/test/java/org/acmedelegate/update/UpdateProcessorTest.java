package org.acmedelegate.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.acmedelegate.account.Account;
import org.acmedelegate.account.AccountTsigKey;
import org.acmedelegate.account.AllowFrom;
import org.acmedelegate.account.NewCredentials;
import org.acmedelegate.audit.AuditLog;
import org.acmedelegate.config.TxtConfig;
import org.acmedelegate.index.ChallengeIndex;
import org.acmedelegate.metrics.Metrics;
import org.acmedelegate.service.AccountService;
import org.acmedelegate.service.TestAccountService;
import org.acmedelegate.store.InMemoryAccountStore;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

class UpdateProcessorTest {
    private static final Name ZONE = Name.fromConstantString("auth.example.org.");
    private static final String A = "3DAOpDAAUYuw8YigjouXbPBmHZinGyY_3sgP6A4XssU";
    private static final String B = "v4i3Ae8rxNaHlcWUwubeLqxP7LV7xbCNglz8w9NVPI8";
    private final Clock clock = Clock.systemUTC();
    private final InMemoryAccountStore store = new InMemoryAccountStore();
    private final ChallengeIndex index = new ChallengeIndex(ZONE, clock, Duration.ZERO, 0);
    private final AccountService service = TestAccountService.create(store, index, TxtConfig.DEFAULT, clock);
    private final List<String> audit = new ArrayList<>();
    private final UpdateProcessor processor =
            new UpdateProcessor(service, store, new AuditLog(clock, audit::add), new Metrics());
    private final InetAddress client = InetAddress.getLoopbackAddress();

    private AccountTsigKey keyOf(Account a) {
        return new AccountTsigKey(index.nameOf(a.subdomain()), a.username(), a.subdomain(), new byte[32]);
    }

    private Account register(Optional<String> domain) {
        NewCredentials c = service.register(AllowFrom.ANY, domain);
        return store.findByUsername(c.username()).orElseThrow();
    }

    private static Message wire(Update u) throws Exception {
        return new Message(u.toWire());
    }

    @Test
    void anAcceptedUpdateIsAnsweredByDnsBeforeTheReplyAndAudited() throws Exception {
        Account a = register(Optional.empty());
        Name own = index.nameOf(a.subdomain());
        Update add = new Update(ZONE);
        add.add(own, Type.TXT, 1, A);
        Message reply = processor.apply(wire(add), keyOf(a), client);
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getHeader().getID()).isEqualTo(add.getHeader().getID());
        assertThat(index.txtValues(own)).containsExactly(A);
        assertThat(audit)
                .anySatisfy(line -> assertThat(line)
                        .contains(
                                "\"action\":\"update\"",
                                "\"result\":\"ok\"",
                                "tsig:" + own.toString().toLowerCase()));

        Update delete = new Update(ZONE);
        delete.delete(own, Type.TXT, A);
        assertThat(processor.apply(wire(delete), keyOf(a), client).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(index.txtValues(own)).isEmpty();
    }

    @Test
    void anUpdateTouchingAnotherAccountChangesNothingAtAll() throws Exception {
        Account a = register(Optional.empty());
        Account b = register(Optional.empty());
        Update mixed = new Update(ZONE);
        mixed.add(index.nameOf(a.subdomain()), Type.TXT, 300, A);
        mixed.add(index.nameOf(b.subdomain()), Type.TXT, 300, B);
        assertThat(processor.apply(wire(mixed), keyOf(a), client).getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(index.txtValues(index.nameOf(a.subdomain()))).isEmpty();
        assertThat(index.txtValues(index.nameOf(b.subdomain()))).isEmpty();
        assertThat(audit).anySatisfy(line -> assertThat(line).contains("\"result\":\"refused\""));
    }

    @Test
    void theChallengeNameOfTheBoundDomainLandsOnTheAccountsOwnName() throws Exception {
        Account a = register(Optional.of("example.test"));
        Name apex = Name.fromConstantString("_acme-challenge.example.test.");
        Update add = new Update(apex);
        add.add(apex, Type.TXT, 120, A);
        assertThat(processor.apply(wire(add), keyOf(a), client).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(index.txtValues(index.nameOf(a.subdomain()))).containsExactly(A);
    }

    @Test
    void aDisabledAccountOrAClientOutsideAllowfromIsRefused() throws Exception {
        Account a = register(Optional.empty());
        Update add = new Update(ZONE);
        add.add(index.nameOf(a.subdomain()), Type.TXT, 300, A);
        service.admin().setDisabled(a, true);
        assertThat(processor.apply(wire(add), keyOf(a), client).getRcode()).isEqualTo(Rcode.REFUSED);
        service.admin().setDisabled(a, false);
        service.admin().setAllowFrom(a, AllowFrom.parse(List.of("192.0.2.0/24")));
        assertThat(processor.apply(wire(add), keyOf(a), client).getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(index.txtValues(index.nameOf(a.subdomain()))).isEmpty();
    }
}
