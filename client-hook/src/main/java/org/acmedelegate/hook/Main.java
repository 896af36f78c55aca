package org.acmedelegate.hook;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code acme-delegate-hook} command line: registration, account checks, and the hook entry points of
 * Certbot, lego (exec), dehydrated and uacme. {@link #run} returns the exit status instead of exiting.
 */
@Command(name = Main.NAME, mixinStandardHelpOptions = true, version = "acme-delegate-hook 0.1.0",
        description = "Sets DNS-01 TXT values through an acme-delegate (acme-dns) server for ACME clients.")
public final class Main implements Callable<Integer> {
    static final String NAME = "acme-delegate-hook";
    private static final Set<String> DEHYDRATED_CHALLENGE_EVENTS = Set.of("deploy_challenge", "clean_challenge");
    // dehydrated names every event in snake_case and asks hooks to ignore the ones they do not know; none of
    // this tool's own sub-commands has an underscore, so a typo of one is never silently accepted.
    private static final Pattern DEHYDRATED_EVENT = Pattern.compile("[a-z]+(_+[a-z]+)+");

    private final HookContext ctx;

    @Spec
    CommandSpec spec;

    public Main(HookContext ctx) {
        this.ctx = ctx;
    }

    public static void main(String[] args) {
        System.exit(new Main(HookContext.system(System.getenv(), System.out, System.err)).run(args));
    }

    /** Runs one command and returns its exit status; messages go to the context's streams. */
    public int run(String... args) {
        if (args.length > 0 && DEHYDRATED_EVENT.matcher(args[0]).matches()
                && !DEHYDRATED_CHALLENGE_EVENTS.contains(args[0])) {
            return ExitCode.OK.status();
        }
        CommandLine cli = new CommandLine(this)
                .addSubcommand("register", new RegisterCommand(ctx))
                .addSubcommand("check", new CheckCommand(ctx))
                .addSubcommand("list", new ListCommand(ctx));
        hook(cli, "certbot-auth", new CertbotAdapter(ctx, false), "",
                "Certbot --manual-auth-hook: sets CERTBOT_VALIDATION for CERTBOT_DOMAIN and waits until it is served.");
        hook(cli, "certbot-cleanup", new CertbotAdapter(ctx, true), "",
                "Certbot --manual-cleanup-hook: removes CERTBOT_VALIDATION for CERTBOT_DOMAIN.");
        hook(cli, "present", new LegoExecAdapter(ctx, false), "FQDN VALUE | -- DOMAIN TOKEN KEY_AUTH",
                "lego exec provider: sets the value and waits until it is served.");
        hook(cli, "cleanup", new LegoExecAdapter(ctx, true), "FQDN VALUE | -- DOMAIN TOKEN KEY_AUTH",
                "lego exec provider: removes the value.");
        hook(cli, "deploy_challenge", new DehydratedAdapter(ctx, false), "DOMAIN TOKEN_FILENAME VALUE...",
                "dehydrated hook: sets each value and waits until it is served.");
        hook(cli, "clean_challenge", new DehydratedAdapter(ctx, true), "DOMAIN TOKEN_FILENAME VALUE...",
                "dehydrated hook: removes each value.");
        hook(cli, "begin", new UacmeAdapter(ctx, UacmeAdapter.Method.BEGIN), "TYPE IDENT TOKEN KEY_AUTH",
                "uacme hook: sets base64url(SHA-256(KEY_AUTH)) and waits until it is served (dns-01 only).");
        hook(cli, "done", new UacmeAdapter(ctx, UacmeAdapter.Method.DONE), "TYPE IDENT TOKEN KEY_AUTH",
                "uacme hook: removes the value.");
        hook(cli, "failed", new UacmeAdapter(ctx, UacmeAdapter.Method.FAILED), "TYPE IDENT TOKEN KEY_AUTH",
                "uacme hook: removes the value.");
        // Hook arguments (TXT values, tokens) may start with '-': after the first positional nothing is an option.
        cli.setStopAtPositional(true);
        cli.setPosixClusteredShortOptionsAllowed(false);
        cli.setOut(new PrintWriter(ctx.out(), true));
        cli.setErr(new PrintWriter(ctx.err(), true));
        cli.setParameterExceptionHandler((e, a) -> {
            ctx.err().println("Error: " + e.getMessage());
            ctx.err().println("Usage: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help");
            return ExitCode.USAGE.status();
        });
        cli.setExecutionExceptionHandler((e, c, p) -> fail(ctx.err(), e));
        cli.setExitCodeExceptionMapper(e -> ExitCode.INTERNAL.status());
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        ctx.err().println("Error: no sub-command given");
        spec.commandLine().usage(ctx.err());
        return ExitCode.USAGE.status();
    }

    /** Adds one adapter instance under {@code name}; the same adapter class serves both of its verbs. */
    private static void hook(CommandLine cli, String name, Object adapter, String arguments, String description) {
        CommandLine sub = new CommandLine(adapter);
        sub.getCommandSpec().usageMessage().description(description)
                .customSynopsis(NAME + " " + name + " [OPTIONS]" + (arguments.isEmpty() ? "" : " " + arguments));
        cli.addSubcommand(name, sub);
    }

    private static int fail(PrintStream err, Exception e) {
        if (e instanceof HookException h) {
            err.println("Error: " + h.getMessage());
            return h.exitCode().status();
        }
        if (e instanceof IllegalArgumentException) {
            err.println("Error: " + e.getMessage());
            return ExitCode.USAGE.status();
        }
        err.println("Error: unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        return ExitCode.INTERNAL.status();
    }
}
