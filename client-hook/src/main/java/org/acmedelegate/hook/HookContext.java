package org.acmedelegate.hook;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Everything a command takes from outside the process image: the environment, the output streams, the
 * file locations and the network-facing services, so tests run the CLI without a process.
 *
 * @param root whether the process runs as root (decides the default account file)
 * @param resolvConf where the system resolver is read from when none is configured
 */
public record HookContext(
        Map<String, String> env,
        InputStream in,
        PrintStream out,
        PrintStream err,
        ApiFactory api,
        PropagationFactory propagation,
        Path resolvConf,
        boolean root,
        String userHome) {

    /** Builds the {@link Propagation} for the settings of one run. */
    @FunctionalInterface
    public interface PropagationFactory {
        Propagation create(Settings.DnsSettings settings);
    }

    /** Builds the {@link DelegateApi} that trusts {@code caFile} (null: the system's CAs) for HTTPS. */
    @FunctionalInterface
    public interface ApiFactory {
        DelegateApi create(java.nio.file.Path caFile) throws HookException;
    }

    public HookContext {
        env = Map.copyOf(env);
    }

    /** The real services: HTTP to the server, DNS to port 53 of the discovered nameservers. */
    public static HookContext system(Map<String, String> env, PrintStream out, PrintStream err) {
        return new HookContext(
                env,
                System.in,
                out,
                err,
                AcmeDelegateClient::new,
                s -> new PropagationChecker(
                        s.dnsServers(),
                        s.resolver(),
                        NameserverAddress.DNS_PORT,
                        s.timeout(),
                        Clock.systemUTC(),
                        s.progress() ? err : null),
                Path.of("/etc/resolv.conf"),
                "root".equals(System.getProperty("user.name")),
                System.getProperty("user.home"));
    }

    /** The environment variable's value, or null when unset or blank. */
    public String envValue(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
