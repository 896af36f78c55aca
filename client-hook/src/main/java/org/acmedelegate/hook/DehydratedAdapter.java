package org.acmedelegate.hook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * dehydrated's hook ({@code HOOK=}) for {@code CHALLENGETYPE=dns-01}: {@code deploy_challenge} and
 * {@code clean_challenge} with {@code DOMAIN TOKEN_FILENAME TOKEN_VALUE}, repeated per domain when
 * {@code HOOK_CHAIN=yes}. {@link Main} answers every other event with exit 0 and no output.
 */
final class DehydratedAdapter implements Callable<Integer> {
    private final HookContext ctx;
    private final boolean cleanup;
    private final Settings settings;
    private final List<String> args;

    DehydratedAdapter(HookContext ctx, boolean cleanup, Arguments arguments) throws UsageException {
        this.ctx = ctx;
        this.cleanup = cleanup;
        settings = Settings.of(arguments);
        args = arguments.operands(Integer.MAX_VALUE, "DOMAIN", "TOKEN_FILENAME", "VALUE");
    }

    @Override
    public Integer call() throws HookException {
        if (args.size() % 3 != 0) {
            throw new HookException(
                    ExitCode.USAGE,
                    "dehydrated passes DOMAIN TOKEN_FILENAME TOKEN_VALUE triples, got " + args.size() + " arguments");
        }
        Challenges challenges = new Challenges(ctx, settings);
        List<Map.Entry<String, String>> triples = new ArrayList<>();
        for (int i = 0; i < args.size(); i += 3) {
            // args.get(i + 1) is the token file name, which only HTTP-01 needs.
            triples.add(Map.entry(args.get(i), args.get(i + 2)));
        }
        if (cleanup) {
            for (Map.Entry<String, String> t : triples) {
                challenges.remove(t.getKey(), t.getValue());
            }
        } else {
            challenges.presentAll(triples);
        }
        return ExitCode.OK.status();
    }
}
