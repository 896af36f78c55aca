package org.acmedelegate.hook;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code register}: creates an account on the server, saves it under the domain, and prints on stdout
 * exactly the CNAME record the zone owner must create.
 */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Register an account for a domain and print the CNAME record to create.")
final class RegisterCommand implements Callable<Integer> {
    private final HookContext ctx;

    @Mixin
    Settings settings = new Settings();

    @Option(names = "--server", paramLabel = "URL",
            description = "acme-delegate API base URL, e.g. https://auth.example.org (env ACME_DELEGATE_SERVER).")
    String server;

    @Option(names = "--domain", required = true, paramLabel = "DOMAIN",
            description = "Domain the certificates are for (example.com; *.example.com means the same).")
    String domain;

    @Option(names = "--allow-from", paramLabel = "CIDR",
            description = "Only accept updates from this network (repeatable), e.g. 192.0.2.0/24.")
    List<String> allowFrom = new ArrayList<>();

    @Option(names = "--force", description = "Replace an existing account for the domain.")
    boolean force;

    RegisterCommand(HookContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws HookException {
        DomainKey key = Challenges.key(domain);
        String url = server != null ? server : ctx.envValue("ACME_DELEGATE_SERVER");
        if (url == null) {
            throw new HookException(ExitCode.USAGE, "no server URL: pass --server URL or set ACME_DELEGATE_SERVER");
        }
        AccountFile file = settings.accountFile(ctx);
        Optional<Account> existing = file.find(key);
        if (existing.isPresent() && !force) {
            throw new HookException(ExitCode.ACCOUNT_EXISTS, "an account for " + key + " already exists in "
                    + file.path() + " (" + key.challengeName() + " CNAME " + existing.get().fullDomain()
                    + ".); add --force to replace it, then change that CNAME to the new target");
        }
        Account account = ctx.api().register(url, allowFrom);
        file.save(key, account);
        ctx.out().println(key.challengeName() + " CNAME " + account.fullDomain() + ".");
        ctx.err().println("Saved the account for " + key + " in " + file.path() + ". Create the record above in the "
                + "zone of " + key + ", then run: " + Main.NAME + " check --domain " + key);
        return ExitCode.OK.status();
    }
}
