package org.acmedelegate.hook;

import java.util.concurrent.Callable;

/**
 * Certbot's {@code --manual-auth-hook} ({@code certbot-auth}) and {@code --manual-cleanup-hook}
 * ({@code certbot-cleanup}). The values come from {@code CERTBOT_DOMAIN} and {@code CERTBOT_VALIDATION};
 * which of the two runs is decided by the sub-command, never by {@code CERTBOT_AUTH_OUTPUT}, because
 * {@code certbot renew} leaks that variable from one lineage into the next.
 */
final class CertbotAdapter implements Callable<Integer> {
    private final HookContext ctx;
    private final boolean cleanup;
    private final Settings settings;

    CertbotAdapter(HookContext ctx, boolean cleanup, Arguments args) throws UsageException {
        this.ctx = ctx;
        this.cleanup = cleanup;
        settings = Settings.of(args);
        args.operands(0);
    }

    @Override
    public Integer call() throws HookException {
        String domain = required("CERTBOT_DOMAIN");
        String validation = required("CERTBOT_VALIDATION");
        // Certbot logs every line a hook writes on stderr as an error, so its wait is quiet unless asked.
        Challenges challenges = new Challenges(ctx, settings, false);
        if (cleanup) {
            challenges.remove(domain, validation);
        } else {
            // Certbot does not wait for DNS itself, so this returns only once the value is served.
            challenges.present(domain, validation);
            ctx.out().println("TXT value for " + DomainKey.of(domain) + " is served by every authoritative server");
        }
        return ExitCode.OK.status();
    }

    private String required(String variable) throws HookException {
        String value = ctx.envValue(variable);
        if (value == null) {
            throw new HookException(
                    ExitCode.USAGE,
                    variable + " is not set; run this as certbot's "
                            + (cleanup
                                    ? "--manual-cleanup-hook '" + Main.NAME + " certbot-cleanup'"
                                    : "--manual-auth-hook '" + Main.NAME + " certbot-auth'"));
        }
        return value;
    }
}
