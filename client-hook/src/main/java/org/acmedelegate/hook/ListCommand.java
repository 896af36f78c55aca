package org.acmedelegate.hook;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code list}: the saved accounts, one per line, without username or password. */
final class ListCommand implements Callable<Integer> {
    private final HookContext ctx;
    private final Settings settings;

    ListCommand(HookContext ctx, Arguments args) throws UsageException {
        this.ctx = ctx;
        settings = Settings.of(args);
        args.operands(0);
    }

    @Override
    public Integer call() throws HookException {
        AccountFile file = settings.accountFile(ctx);
        Map<DomainKey, Account> accounts = file.readAll();
        if (accounts.isEmpty()) {
            ctx.err().println("No accounts in " + file.path() + ".");
            return ExitCode.OK.status();
        }
        ctx.out().println("DOMAIN\tCNAME TARGET\tSERVER\tALLOWFROM");
        accounts.forEach((key, a) -> ctx.out()
                .println(key + "\t" + a.fullDomain() + ".\t"
                        + (a.serverUrl() == null ? "-" : a.serverUrl()) + "\t"
                        + (a.allowFrom().isEmpty() ? "-" : String.join(",", a.allowFrom()))));
        return ExitCode.OK.status();
    }
}
