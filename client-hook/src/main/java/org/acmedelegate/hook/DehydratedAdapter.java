package org.acmedelegate.hook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * dehydrated's hook ({@code HOOK=}) for {@code CHALLENGETYPE=dns-01}: {@code deploy_challenge} and
 * {@code clean_challenge} with {@code DOMAIN TOKEN_FILENAME TOKEN_VALUE}, repeated per domain when
 * {@code HOOK_CHAIN=yes}. {@link Main} answers every other event with exit 0 and no output.
 */
@Command(mixinStandardHelpOptions = true,
        description = "dehydrated hook: DOMAIN TOKEN_FILENAME TOKEN_VALUE [DOMAIN TOKEN_FILENAME TOKEN_VALUE ...].")
final class DehydratedAdapter implements Callable<Integer> {
    private final HookContext ctx;
    private final boolean cleanup;

    @Mixin
    Settings settings = new Settings();

    @Parameters(paramLabel = "ARG", arity = "3..*", description = "DOMAIN TOKEN_FILENAME TOKEN_VALUE, repeated")
    List<String> args = new ArrayList<>();

    DehydratedAdapter(HookContext ctx, boolean cleanup) {
        this.ctx = ctx;
        this.cleanup = cleanup;
    }

    @Override
    public Integer call() throws HookException {
        if (args.size() % 3 != 0) {
            throw new HookException(ExitCode.USAGE, "dehydrated passes DOMAIN TOKEN_FILENAME TOKEN_VALUE triples, got "
                    + args.size() + " arguments");
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
