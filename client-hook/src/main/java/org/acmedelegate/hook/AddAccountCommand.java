package org.acmedelegate.hook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.commons.cli.Options;

/**
 * {@code add-account}: saves an account an administrator made on a server with closed or token
 * registration (its import line, from a file or stdin) under the domain, exactly as {@code register}
 * would have, and prints the CNAME record to create.
 */
final class AddAccountCommand implements Callable<Integer> {
    private final HookContext ctx;
    private final Settings settings;
    private final String domain;
    private final String from;
    private final String server;
    private final boolean force;

    AddAccountCommand(HookContext ctx, Arguments args) throws UsageException {
        this.ctx = ctx;
        settings = Settings.of(args);
        domain = args.required("domain");
        from = args.required("from");
        server = args.value("server");
        force = args.flag("force");
        args.operands(0);
    }

    /** Adds the options of this command besides the {@link Settings}. */
    static void addOptions(Options options) {
        options.addOption(Arguments.valued(
                "domain", "DOMAIN", "Domain the account serves (example.com; *.example.com means the same)."));
        options.addOption(Arguments.valued(
                "from",
                "FILE|-",
                "File holding the import line printed by 'acme-delegate accounts create'; - reads stdin."));
        options.addOption(Arguments.valued(
                "server",
                "URL",
                "API base URL to save with the account, instead of the one in the import line "
                        + "(env ACME_DELEGATE_SERVER when the line has none)."));
        options.addOption(Arguments.flag("force", "Replace an existing account for the domain."));
    }

    @Override
    public Integer call() throws HookException {
        DomainKey key = Challenges.key(domain);
        String text;
        if (from.equals("-")) {
            try {
                text = new String(ctx.in().readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new HookException(ExitCode.USAGE, "cannot read the import line from stdin: " + e.getMessage());
            }
            if (text.isEmpty()) {
                throw new HookException(ExitCode.USAGE, "no import line on stdin");
            }
        } else {
            text = SecretFile.read(Path.of(from), "import file");
        }
        Account account = ImportLine.parse(text);
        String url = server != null
                ? server
                : account.serverUrl() != null ? account.serverUrl() : ctx.envValue("ACME_DELEGATE_SERVER");
        if (url == null) {
            throw new HookException(
                    ExitCode.USAGE,
                    "the import line names no server: pass --server URL or set " + "ACME_DELEGATE_SERVER");
        }
        AcmeDelegateClient.endpoint(url, "update");
        AccountFile file = settings.accountFile(ctx);
        file.requireNone(key, force, "add --force to replace it");
        file.save(key, account.withServerUrl(trimSlash(url)));
        ctx.out().println(key.challengeName() + " CNAME " + account.fullDomain() + ".");
        ctx.err()
                .println("Saved the account for " + key + " (server " + trimSlash(url) + ") in " + file.path()
                        + ". Create the record above in the zone of " + key + " if it is not there yet, then run: "
                        + Main.NAME + " check --domain " + key);
        return ExitCode.OK.status();
    }

    private static String trimSlash(String url) {
        String s = url.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
