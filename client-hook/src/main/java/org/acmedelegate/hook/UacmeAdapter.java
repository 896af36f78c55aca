package org.acmedelegate.hook;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * uacme's hook ({@code -h}): {@code begin|done|failed TYPE IDENT TOKEN KEY_AUTH}. Only {@code dns-01} is
 * handled; any other type exits 1 so that uacme tries the next challenge type. The TXT value is
 * base64url(SHA-256(key authorization)), which uacme already computes for dns-01 and passes as KEY_AUTH;
 * a raw key authorization is hashed here.
 */
@Command(mixinStandardHelpOptions = true, description = "uacme hook: TYPE IDENT TOKEN KEY_AUTH.")
final class UacmeAdapter implements Callable<Integer> {
    static final String DNS_01 = "dns-01";

    /** The hook methods uacme calls. */
    enum Method { BEGIN, DONE, FAILED }

    private final HookContext ctx;
    private final Method method;

    @Mixin
    Settings settings = new Settings();

    @Parameters(index = "0", paramLabel = "TYPE")
    String type;

    @Parameters(index = "1", paramLabel = "IDENT")
    String ident;

    @Parameters(index = "2", paramLabel = "TOKEN")
    String token;

    @Parameters(index = "3", paramLabel = "KEY_AUTH")
    String keyAuthorization;

    UacmeAdapter(HookContext ctx, Method method) {
        this.ctx = ctx;
        this.method = method;
    }

    @Override
    public Integer call() throws HookException {
        if (!DNS_01.equals(type)) {
            return ExitCode.UNSUPPORTED_CHALLENGE.status();
        }
        String value = TxtValue.ofDigestOrKeyAuthorization(keyAuthorization).value();
        Challenges challenges = new Challenges(ctx, settings);
        if (method == Method.BEGIN) {
            challenges.present(ident, value);
        } else {
            challenges.remove(ident, value);
        }
        return ExitCode.OK.status();
    }
}
