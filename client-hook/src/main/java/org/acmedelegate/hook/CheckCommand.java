package org.acmedelegate.hook;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.commons.cli.Options;
import org.xbill.DNS.Name;

/** {@code check}: whether {@code _acme-challenge.<domain>} is a CNAME to the saved account's fulldomain. */
final class CheckCommand implements Callable<Integer> {
    private final HookContext ctx;
    private final Settings settings;
    private final String domain;

    CheckCommand(HookContext ctx, Arguments args) throws UsageException {
        this.ctx = ctx;
        settings = Settings.of(args);
        domain = args.required("domain");
        args.operands(0);
    }

    /** Adds the options of this command besides the {@link Settings}. */
    static void addOptions(Options options) {
        options.addOption(Arguments.valued("domain", "DOMAIN", "Domain to check."));
    }

    @Override
    public Integer call() throws HookException {
        DomainKey key = Challenges.key(domain);
        Account account = new Challenges(ctx, settings).locate(key.value()).account();
        NameserverAddress resolver = settings.resolver(ctx);
        Name expected = DnsQuery.absolute(account.fullDomain());
        String record = key.challengeName() + " CNAME " + expected;
        Optional<Name> actual = new CnameCheck(resolver).target(key);
        if (actual.isEmpty()) {
            throw new HookException(
                    ExitCode.CNAME_MISMATCH,
                    key.challengeName() + " has no CNAME (asked " + resolver + "); create: " + record);
        }
        if (!actual.get().equals(expected)) {
            throw new HookException(
                    ExitCode.CNAME_MISMATCH,
                    key.challengeName() + " points at " + actual.get() + ", not at the account's " + expected
                            + "; change it to: " + record);
        }
        ctx.out().println("OK: " + record);
        return ExitCode.OK.status();
    }
}
