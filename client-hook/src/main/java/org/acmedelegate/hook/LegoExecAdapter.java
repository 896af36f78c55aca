package org.acmedelegate.hook;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * lego's {@code exec} DNS provider ({@code EXEC_PATH}): {@code present|cleanup FQDN VALUE}, where FQDN is
 * {@code _acme-challenge.example.com.} or the CNAME target lego already followed; and, with
 * {@code EXEC_MODE=RAW}, {@code present|cleanup -- DOMAIN TOKEN KEY_AUTH}.
 */
final class LegoExecAdapter implements Callable<Integer> {
    private final HookContext ctx;
    private final boolean cleanup;
    private final Settings settings;
    private final List<String> args;

    LegoExecAdapter(HookContext ctx, boolean cleanup, Arguments arguments) throws UsageException {
        this.ctx = ctx;
        this.cleanup = cleanup;
        settings = Settings.of(arguments);
        // FQDN VALUE, or with EXEC_MODE=RAW: DOMAIN TOKEN KEY_AUTH
        args = arguments.operands(3, "FQDN", "VALUE");
    }

    @Override
    public Integer call() throws HookException {
        String name = args.get(0);
        String value = args.size() == 2
                ? args.get(1)
                : TxtValue.ofKeyAuthorization(args.get(2)).value();
        Challenges challenges = new Challenges(ctx, settings);
        if (cleanup) {
            challenges.remove(name, value);
        } else {
            challenges.present(name, value);
        }
        return ExitCode.OK.status();
    }
}
