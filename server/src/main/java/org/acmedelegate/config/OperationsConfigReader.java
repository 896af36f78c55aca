package org.acmedelegate.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Reads {@code [admin]}, {@code [audit]}, {@code [limits]} and {@code [cname_check]}, for {@link ConfigLoader}. */
final class OperationsConfigReader {
    private OperationsConfigReader() {}

    static AdminConfig admin(ConfigFile.Admin given, ConfigProblems problems) {
        ConfigFile.Admin a = given != null ? given : new ConfigFile.Admin(null, null, null);
        ConfigProblems.Section s = problems.section();
        InetSocketAddress listen = s.read(
                "admin.listen",
                () -> Addresses.parse(
                        "admin.listen", a.listen() == null ? ConfigLoader.DEFAULT_ADMIN_LISTEN : a.listen()));
        boolean inline = a.token() != null && !a.token().isEmpty();
        boolean fromFile = a.tokenFile() != null && !a.tokenFile().isBlank();
        Optional<String> token = s.read(fromFile ? "admin.token_file" : "admin.token", () -> {
            if (inline && fromFile) {
                throw new ConfigException("admin.token_file", "give admin.token or admin.token_file, not both");
            }
            Optional<String> t =
                    inline ? Optional.of(a.token()) : fromFile ? Optional.of(tokenFile(a)) : Optional.empty();
            if (t.isPresent() && t.get().length() < 24) {
                throw new ConfigException(
                        inline ? "admin.token" : "admin.token_file",
                        "the admin token must be at least 24 characters (e.g. openssl rand -hex 24)");
            }
            return t;
        });
        return s.build(() -> new AdminConfig(listen, token));
    }

    private static String tokenFile(ConfigFile.Admin a) {
        try {
            return Files.readString(Path.of(a.tokenFile())).strip();
        } catch (IOException e) {
            throw new ConfigException(
                    "admin.token_file",
                    "cannot read " + a.tokenFile() + ": " + Unreadable.why(Path.of(a.tokenFile()), e));
        }
    }

    /** The audit log's default place is beside the database: without a usable store there is none to check. */
    static AuditConfig audit(ConfigFile.Audit audit, StoreConfig store, ConfigProblems problems) {
        ConfigProblems.Section s = problems.section();
        Boolean require = s.read("audit.require", () -> audit != null && Boolean.TRUE.equals(audit.require()));
        Optional<Path> path = s.read("audit.path", () -> {
            if (audit == null || audit.path() == null) {
                if (store == null) {
                    return null;
                }
                Path dir = store.sqlitePath().getParent();
                return Optional.of(dir == null ? Path.of("audit.log") : dir.resolve("audit.log"));
            }
            if (audit.path().equals("-")) {
                return Optional.empty();
            }
            if (audit.path().isBlank()) {
                throw new ConfigException("audit.path", "must not be empty (\"-\" writes to standard output)");
            }
            return Optional.of(Path.of(audit.path()));
        });
        return path == null ? null : s.build(() -> new AuditConfig(path, require));
    }

    static LimitsConfig limits(ConfigFile.Limits given, ConfigProblems problems) {
        LimitsConfig d = LimitsConfig.DEFAULT;
        ConfigFile.Limits limits = given != null ? given : new ConfigFile.Limits(null, null, null);
        ConfigProblems.Section s = problems.section();
        Rate register = s.read(
                "limits.register",
                () -> limits.register() == null ? d.register() : Rate.parse("limits.register", limits.register()));
        Rate failures = s.read(
                "limits.auth_failures",
                () -> limits.authFailures() == null
                        ? d.authFailures()
                        : Rate.parse("limits.auth_failures", limits.authFailures()));
        Integer bcrypt = s.read(
                "limits.max_concurrent_bcrypt",
                () -> ConfigLoader.between(
                        "limits.max_concurrent_bcrypt",
                        limits.maxConcurrentBcrypt(),
                        d.maxConcurrentBcrypt(),
                        1,
                        1024));
        return s.build(() -> new LimitsConfig(register, failures, bcrypt));
    }

    static CnameCheckConfig cnameCheck(ConfigFile.CnameCheck given, ConfigProblems problems) {
        ConfigFile.CnameCheck check = given != null ? given : new ConfigFile.CnameCheck(null, null);
        ConfigProblems.Section s = problems.section();
        Duration interval = s.read("cname_check.interval", () -> {
            Duration d = check.interval() == null
                    ? Duration.ofHours(1)
                    : Durations.parse("cname_check.interval", check.interval());
            if (d.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new ConfigException("cname_check.interval", "must be at least 1m");
            }
            return d;
        });
        Optional<InetSocketAddress> resolver = s.read("cname_check.resolver", () -> resolver(check.resolver()));
        return s.build(() -> new CnameCheckConfig(resolver, interval));
    }

    private static Optional<InetSocketAddress> resolver(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String r = text.strip();
        // A bare address means port 53.
        String withPort = r.matches(".*:\\d+$") && (r.startsWith("[") || r.indexOf(':') == r.lastIndexOf(':'))
                ? r
                : (r.contains(":") && !r.startsWith("[") ? "[" + r + "]:53" : r + ":53");
        return Optional.of(Addresses.parse("cname_check.resolver", withPort));
    }
}
