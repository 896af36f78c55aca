package org.acmedelegate.hook;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.xbill.DNS.Name;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code check}: whether {@code _acme-challenge.<domain>} is a CNAME to the saved account's fulldomain. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check that _acme-challenge.DOMAIN is a CNAME to the account's fulldomain.")
final class CheckCommand implements Callable<Integer> {
    private final HookContext ctx;

    @Mixin
    Settings settings = new Settings();

    @Option(names = "--domain", required = true, paramLabel = "DOMAIN", description = "Domain to check.")
    String domain;

    CheckCommand(HookContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws HookException {
        DomainKey key = Challenges.key(domain);
        Account account = new Challenges(ctx, settings).locate(key.value()).account();
        DnsServer resolver = settings.resolver(ctx);
        Name expected = DnsQuery.absolute(account.fullDomain());
        String record = key.challengeName() + " CNAME " + expected;
        Optional<Name> actual = new CnameCheck(resolver).target(key);
        if (actual.isEmpty()) {
            throw new HookException(ExitCode.CNAME_MISMATCH, key.challengeName() + " has no CNAME (asked "
                    + resolver + "); create: " + record);
        }
        if (!actual.get().equals(expected)) {
            throw new HookException(ExitCode.CNAME_MISMATCH, key.challengeName() + " points at " + actual.get()
                    + ", not at the account's " + expected + "; change it to: " + record);
        }
        ctx.out().println("OK: " + record);
        return ExitCode.OK.status();
    }
}
