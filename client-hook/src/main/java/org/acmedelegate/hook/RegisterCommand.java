package org.acmedelegate.hook;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.cli.Options;

/**
 * {@code register}: creates an account on the server, saves it under the domain, and prints on stdout
 * exactly the CNAME record the zone owner must create.
 */
final class RegisterCommand implements Callable<Integer> {
    private final HookContext ctx;
    private final Settings settings;
    private final String server;
    private final String domain;
    private final List<String> allowFrom;
    private final boolean force;
    private final java.nio.file.Path tokenFile;
    private final boolean tsig;

    RegisterCommand(HookContext ctx, Arguments args) throws UsageException {
        this.ctx = ctx;
        settings = Settings.of(args);
        server = args.value("server");
        domain = args.required("domain");
        allowFrom = args.values("allow-from");
        force = args.flag("force");
        tokenFile = args.path("token-file");
        tsig = args.flag("tsig");
        args.operands(0);
    }

    /** Adds the options of this command besides the {@link Settings}. */
    static void addOptions(Options options) {
        options.addOption(Arguments.valued(
                "server",
                "URL",
                "acme-delegate API base URL, e.g. https://auth.example.org (env ACME_DELEGATE_SERVER)."));
        options.addOption(Arguments.valued(
                "domain", "DOMAIN", "Domain the certificates are for (example.com; *.example.com means the same)."));
        options.addOption(Arguments.valued(
                "allow-from", "CIDR", "Only accept updates from this network (repeatable), e.g. 192.0.2.0/24."));
        options.addOption(Arguments.flag("force", "Replace an existing account for the domain."));
        options.addOption(Arguments.valued(
                "token-file",
                "FILE",
                "File holding the registration token of a server in token mode, sent as "
                        + "'Authorization: Bearer' (env ACME_DELEGATE_REGISTRATION_TOKEN holds the token itself)."));
        options.addOption(Arguments.flag(
                "tsig",
                "Also get a TSIG key for RFC 2136 updates (certbot"
                        + " --dns-rfc2136, lego rfc2136, nsupdate); saved as certbot's credentials file beside the account"
                        + " file (mode 0600) and printed after the CNAME line."));
    }

    @Override
    public Integer call() throws HookException {
        DomainKey key = Challenges.key(domain);
        String url = server != null ? server : ctx.envValue("ACME_DELEGATE_SERVER");
        if (url == null) {
            throw new HookException(ExitCode.USAGE, "no server URL: pass --server URL or set ACME_DELEGATE_SERVER");
        }
        AccountFile file = settings.accountFile(ctx);
        file.requireNone(key, force, "add --force to replace it, then change that CNAME to the new target");
        String token = tokenFile != null
                ? SecretFile.read(tokenFile, "token file")
                : ctx.envValue("ACME_DELEGATE_REGISTRATION_TOKEN");
        Account account;
        String ini = null;
        if (tsig) {
            DelegateApi.TsigRegistration registered =
                    settings.api(ctx).registerWithTsig(url, allowFrom, key.value(), token);
            account = registered.account();
            ini = registered.certbotIni();
        } else {
            account = settings.api(ctx).register(url, allowFrom, key.value(), token);
        }
        file.save(key, account);
        ctx.out().println(key.challengeName() + " CNAME " + account.fullDomain() + ".");
        if (ini != null) {
            java.nio.file.Path iniFile = TsigKeyFile.pathFor(file.path(), key);
            TsigKeyFile.save(iniFile, ini);
            ctx.out().print(ini);
            ctx.err()
                    .println("Saved the TSIG key for " + key + " as certbot's credentials file " + iniFile
                            + " (certbot certonly --dns-rfc2136 --dns-rfc2136-credentials " + iniFile + " -d " + key
                            + ").");
        }
        ctx.err()
                .println("Saved the account for " + key + " in " + file.path() + ". Create the record above in the "
                        + "zone of " + key + ", then run: " + Main.NAME + " check --domain " + key);
        return ExitCode.OK.status();
    }
}
