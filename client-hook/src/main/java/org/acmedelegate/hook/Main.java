package org.acmedelegate.hook;

import java.io.PrintStream;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.cli.Options;

/**
 * The {@code acme-delegate-hook} command line: registration, account checks, and the hook entry points of
 * Certbot, lego (exec), dehydrated and uacme. {@link #run} returns the exit status instead of exiting.
 */
public final class Main {
    static final String NAME = "acme-delegate-hook";
    static final String VERSION = NAME + " 0.1.0";
    private static final Set<String> DEHYDRATED_CHALLENGE_EVENTS = Set.of("deploy_challenge", "clean_challenge");
    // dehydrated names every event in snake_case and asks hooks to ignore the ones they do not know; none of
    // this tool's own sub-commands has an underscore, so a typo of one is never silently accepted.
    private static final Pattern DEHYDRATED_EVENT = Pattern.compile("[a-z]+(_+[a-z]+)+");

    private final HookContext ctx;

    public Main(HookContext ctx) {
        this.ctx = ctx;
    }

    public static void main(String[] args) {
        System.exit(new Main(HookContext.system(System.getenv(), System.out, System.err)).run(args));
    }

    /** Runs one command and returns its exit status; messages go to the context's streams. */
    public int run(String... args) {
        if (args.length > 0
                && DEHYDRATED_EVENT.matcher(args[0]).matches()
                && !DEHYDRATED_CHALLENGE_EVENTS.contains(args[0])) {
            return ExitCode.OK.status();
        }
        if (args.length == 0) {
            ctx.err().println("Error: no sub-command given");
            Help.commands(ctx.err());
            return ExitCode.USAGE.status();
        }
        switch (args[0]) {
            case "-h", "--help" -> {
                Help.commands(ctx.out());
                return ExitCode.OK.status();
            }
            case "-V", "--version" -> {
                ctx.out().println(VERSION);
                return ExitCode.OK.status();
            }
            default -> {
                // a sub-command
            }
        }
        SubCommand sub = SubCommand.named(args[0]);
        if (sub == null) {
            return usageError(
                    NAME,
                    args[0].startsWith("-") && args[0].length() > 1
                            ? new UsageException("Unknown option: '" + args[0] + "'")
                            : UsageException.unmatched(args, 0));
        }
        try {
            Options options = sub.options();
            Arguments arguments = Arguments.parse(options, args, 1);
            if (arguments.has("help")) {
                Help.command(ctx.out(), sub, options);
                return ExitCode.OK.status();
            }
            if (arguments.has("version")) {
                ctx.out().println(VERSION);
                return ExitCode.OK.status();
            }
            arguments.rejectUnknownOptions();
            return sub.command(ctx, arguments).call();
        } catch (UsageException e) {
            return usageError(NAME + " " + sub.word, e);
        } catch (Exception e) {
            return fail(ctx.err(), e);
        }
    }

    private int usageError(String command, UsageException e) {
        ctx.err().println("Error: " + e.getMessage());
        ctx.err().println("Usage: " + command + " --help");
        return ExitCode.USAGE.status();
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
