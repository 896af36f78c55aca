package org.acmedelegate.hook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.Options;

/**
 * Options every sub-command accepts, each with an environment variable for hooks whose command line is
 * fixed by the ACME client. A flag wins over its variable.
 */
public final class Settings {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final Path accounts;
    private final List<String> dnsServers;
    private final String resolver;
    private final Integer timeoutSeconds;
    private final Path caFile;

    Settings(Path accounts, List<String> dnsServers, String resolver, Integer timeoutSeconds, Path caFile) {
        this.accounts = accounts;
        this.caFile = caFile;
        this.dnsServers = List.copyOf(dnsServers);
        this.resolver = resolver;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Adds the options behind these settings to a sub-command's options. */
    static void addOptions(Options options) {
        options.addOption(Arguments.valued(
                "accounts",
                "FILE",
                "Account file (default: $ACME_DELEGATE_ACCOUNTS, $ACME_DNS_STORAGE_PATH, "
                        + "/etc/acme-delegate/accounts.json for root, else ~/.config/acme-delegate/accounts.json)."));
        options.addOption(Arguments.valued(
                "dns-server",
                "HOST:PORT",
                "Authoritative DNS server to poll after an update (repeatable; skips the NS lookup; "
                        + "env ACME_DELEGATE_DNS_SERVERS, comma-separated)."));
        options.addOption(Arguments.valued(
                "resolver",
                "HOST:PORT",
                "Recursive resolver for NS and CNAME lookups (env ACME_DELEGATE_RESOLVER; default: "
                        + "first nameserver in /etc/resolv.conf)."));
        options.addOption(Arguments.valued(
                "timeout",
                "SECONDS",
                "Give up waiting for DNS propagation after this many seconds (env ACME_DELEGATE_TIMEOUT; "
                        + "default 120)."));
        options.addOption(Arguments.valued(
                "ca-file",
                "FILE",
                "PEM file of the CA(s) to trust for the server's HTTPS certificate instead of the system's "
                        + "(env ACME_DELEGATE_CA_FILE)."));
    }

    /** The settings given on a sub-command's command line. */
    static Settings of(Arguments args) throws UsageException {
        return new Settings(
                args.path("accounts"),
                args.values("dns-server"),
                args.value("resolver"),
                args.integer("timeout"),
                args.path("ca-file"));
    }

    /** The server API, trusting the {@code --ca-file} / {@code ACME_DELEGATE_CA_FILE} CAs when given. */
    DelegateApi api(HookContext ctx) throws HookException {
        Path ca = caFile;
        String fromEnv = ctx.envValue("ACME_DELEGATE_CA_FILE");
        if (ca == null && fromEnv != null) {
            ca = Path.of(fromEnv);
        }
        return ctx.api().create(ca);
    }

    /** What propagation checks need, resolved from flags and environment. */
    public record DnsSettings(
            List<NameserverAddress> dnsServers, NameserverAddress resolver, Duration timeout, boolean progress) {}

    AccountFile accountFile(HookContext ctx) {
        Path path = accounts != null ? accounts : AccountFile.defaultPath(ctx.env(), ctx.root(), ctx.userHome());
        return new AccountFile(path);
    }

    DnsSettings dnsSettings(HookContext ctx) throws HookException {
        return dnsSettings(ctx, true);
    }

    /**
     * As {@link #dnsSettings(HookContext)}; {@code progressByDefault} says whether the wait reports its progress
     * on stderr unless {@code ACME_DELEGATE_PROGRESS} is {@code 0} or {@code 1}.
     */
    DnsSettings dnsSettings(HookContext ctx, boolean progressByDefault) throws HookException {
        List<NameserverAddress> servers = new ArrayList<>();
        List<String> given = new ArrayList<>(dnsServers);
        String fromEnv = ctx.envValue("ACME_DELEGATE_DNS_SERVERS");
        if (given.isEmpty() && fromEnv != null) {
            given.addAll(List.of(fromEnv.split("[,\\s]+")));
        }
        for (String s : given) {
            if (!s.isBlank()) {
                servers.add(parse(s, "--dns-server / ACME_DELEGATE_DNS_SERVERS"));
            }
        }
        // The resolver is only needed when the servers must be discovered, so its absence is no error here.
        NameserverAddress res = servers.isEmpty() ? resolver(ctx) : resolverOrNull(ctx);
        String progress = ctx.envValue("ACME_DELEGATE_PROGRESS");
        if (progress != null && !progress.equals("0") && !progress.equals("1")) {
            throw new HookException(ExitCode.USAGE, "ACME_DELEGATE_PROGRESS must be 0 or 1, got '" + progress + "'");
        }
        return new DnsSettings(servers, res, timeout(ctx), progress == null ? progressByDefault : progress.equals("1"));
    }

    NameserverAddress resolver(HookContext ctx) throws HookException {
        NameserverAddress res = resolverOrNull(ctx);
        if (res == null) {
            throw new HookException(
                    ExitCode.DNS_ERROR,
                    "no DNS resolver: " + ctx.resolvConf()
                            + " names none; pass --resolver HOST:PORT or set ACME_DELEGATE_RESOLVER");
        }
        return res;
    }

    private NameserverAddress resolverOrNull(HookContext ctx) throws HookException {
        String text = resolver != null ? resolver : ctx.envValue("ACME_DELEGATE_RESOLVER");
        if (text != null) {
            return parse(text, "--resolver / ACME_DELEGATE_RESOLVER");
        }
        return SystemResolver.firstNameserver(ctx.resolvConf()).orElse(null);
    }

    Duration timeout(HookContext ctx) throws HookException {
        Integer seconds = timeoutSeconds;
        String fromEnv = ctx.envValue("ACME_DELEGATE_TIMEOUT");
        if (seconds == null && fromEnv != null) {
            try {
                seconds = Integer.valueOf(fromEnv);
            } catch (NumberFormatException e) {
                throw new HookException(
                        ExitCode.USAGE, "ACME_DELEGATE_TIMEOUT must be a number of seconds, got '" + fromEnv + "'");
            }
        }
        if (seconds == null) {
            return DEFAULT_TIMEOUT;
        }
        if (seconds <= 0) {
            throw new HookException(ExitCode.USAGE, "the propagation timeout must be at least 1 second");
        }
        return Duration.ofSeconds(seconds);
    }

    private static NameserverAddress parse(String text, String where) throws HookException {
        try {
            return NameserverAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new HookException(ExitCode.USAGE, where + ": " + e.getMessage());
        }
    }
}
