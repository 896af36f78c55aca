package org.acmedelegate.hook;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * lego's {@code exec} DNS provider ({@code EXEC_PATH}): {@code present|cleanup FQDN VALUE}, where FQDN is
 * {@code _acme-challenge.example.com.} or the CNAME target lego already followed; and, with
 * {@code EXEC_MODE=RAW}, {@code present|cleanup -- DOMAIN TOKEN KEY_AUTH}.
 */
@Command(mixinStandardHelpOptions = true,
        description = "lego exec provider: FQDN VALUE, or (EXEC_MODE=RAW) -- DOMAIN TOKEN KEY_AUTH.")
final class LegoExecAdapter implements Callable<Integer> {
    private final HookContext ctx;
    private final boolean cleanup;

    @Mixin
    Settings settings = new Settings();

    @Parameters(paramLabel = "ARG", arity = "2..3", description = "FQDN VALUE, or DOMAIN TOKEN KEY_AUTH")
    List<String> args = new ArrayList<>();

    LegoExecAdapter(HookContext ctx, boolean cleanup) {
        this.ctx = ctx;
        this.cleanup = cleanup;
    }

    @Override
    public Integer call() throws HookException {
        String name = args.get(0);
        String value = args.size() == 2 ? args.get(1) : TxtValue.ofKeyAuthorization(args.get(2)).value();
        Challenges challenges = new Challenges(ctx, settings);
        if (cleanup) {
            challenges.remove(name, value);
        } else {
            challenges.present(name, value);
        }
        return ExitCode.OK.status();
    }
}
