package org.acmedelegate.hook;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * uacme's hook ({@code -h}): {@code begin|done|failed TYPE IDENT TOKEN KEY_AUTH}. Only {@code dns-01} is
 * handled; any other type exits 1 so that uacme tries the next challenge type. The TXT value is
 * base64url(SHA-256(key authorization)), which uacme already computes for dns-01 and passes as KEY_AUTH;
 * a raw key authorization is hashed here.
 */
final class UacmeAdapter implements Callable<Integer> {
    static final String DNS_01 = "dns-01";

    /** The hook methods uacme calls. */
    enum Method {
        BEGIN,
        DONE,
        FAILED
    }

    private final HookContext ctx;
    private final Method method;
    private final Settings settings;
    private final String type;
    private final String ident;
    private final String keyAuthorization;

    UacmeAdapter(HookContext ctx, Method method, Arguments args) throws UsageException {
        this.ctx = ctx;
        this.method = method;
        settings = Settings.of(args);
        // the third operand, TOKEN, is only needed for http-01
        List<String> operands = args.operands(4, "TYPE", "IDENT", "TOKEN", "KEY_AUTH");
        type = operands.get(0);
        ident = operands.get(1);
        keyAuthorization = operands.get(3);
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
