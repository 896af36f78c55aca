package org.acmedelegate.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the TOML configuration, fills in defaults and checks every value, so that a server never
 * starts on a configuration it would misread. Errors name the key, e.g. {@code dns.txt_ttl: ...}.
 */
public final class ConfigLoader {
    public static final String DEFAULT_DNS_LISTEN = "127.0.0.1:5300";
    public static final String DEFAULT_API_LISTEN = "127.0.0.1:8053";
    public static final String DEFAULT_ADMIN_LISTEN = "127.0.0.1:8054";
    private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error");

    private final TomlMapper mapper = TomlMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    public ServerConfig load(Path file) {
        return parse(TomlReader.text(file));
    }

    public ServerConfig parse(String toml) {
        ConfigFile file = TomlReader.read(mapper, toml);
        if (file == null) {
            throw new ConfigException("dns.zone", "required");
        }
        ConfigProblems problems = new ConfigProblems();
        DnsConfig dns = problems.check(() -> DnsConfigReader.read(file.dns()));
        ApiConfig api = problems.check(() -> ApiConfigReader.read(file.api()));
        StoreConfig store = problems.check(() -> StoreConfigReader.store(file.store()));
        TxtConfig txt = problems.check(() -> txt(file.txt()));
        String logLevel = problems.check(() -> logLevel(file.log()));
        AdminConfig admin = problems.check(() -> admin(file.admin()));
        // without a usable store the audit log's default place is unknown: its own problems wait for that fix
        AuditConfig audit = store == null ? null : problems.check(() -> audit(file.audit(), store));
        LimitsConfig limits = problems.check(() -> limits(file.limits()));
        CnameCheckConfig cnameCheck = problems.check(() -> cnameCheck(file.cnameCheck()));
        RrlConfig rrl =
                problems.check(() -> rrl(file.dns() == null ? null : file.dns().rrl()));
        ClusterConfig cluster = problems.check(() -> StoreConfigReader.cluster(file.cluster()));
        RolesConfig roles = problems.check(() -> roles(file));
        Boolean jsonLog = problems.check(() -> jsonLog(file.log()));
        PrimaryConfig primary = problems.check(() -> PrimaryConfigReader.read(file.dns()));
        Optional<AcmeConfig> acme = problems.check(() -> AcmeConfigReader.read(file.api(), dns, store));
        problems.throwIfAny();
        return new ServerConfig(
                dns,
                api,
                store,
                txt,
                logLevel,
                file.log() != null && Boolean.TRUE.equals(file.log().dnsQueries()),
                admin,
                audit,
                limits,
                cnameCheck,
                rrl,
                cluster,
                roles,
                jsonLog,
                primary,
                acme);
    }

    private static boolean jsonLog(ConfigFile.Log log) {
        String format = log == null || log.format() == null
                ? "text"
                : log.format().strip().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new ConfigException("log.format", "must be \"text\" or \"json\", got \"" + log.format() + "\"");
        }
        return format.equals("json");
    }

    private static AdminConfig admin(ConfigFile.Admin admin) {
        ConfigFile.Admin a = admin != null ? admin : new ConfigFile.Admin(null, null, null);
        InetSocketAddress listen =
                Addresses.parse("admin.listen", a.listen() == null ? DEFAULT_ADMIN_LISTEN : a.listen());
        boolean inline = a.token() != null && !a.token().isEmpty();
        boolean fromFile = a.tokenFile() != null && !a.tokenFile().isBlank();
        if (inline && fromFile) {
            throw new ConfigException("admin.token_file", "give admin.token or admin.token_file, not both");
        }
        Optional<String> token = Optional.empty();
        String key = "admin.token";
        if (inline) {
            token = Optional.of(a.token());
        } else if (fromFile) {
            key = "admin.token_file";
            try {
                token = Optional.of(Files.readString(Path.of(a.tokenFile())).strip());
            } catch (IOException e) {
                throw new ConfigException(key, "cannot read " + a.tokenFile() + ": " + e.getMessage());
            }
        }
        if (token.isPresent() && token.get().length() < 24) {
            throw new ConfigException(
                    key, "the admin token must be at least 24 characters (e.g. openssl rand -hex 24)");
        }
        return new AdminConfig(listen, token);
    }

    private static AuditConfig audit(ConfigFile.Audit audit, StoreConfig store) {
        boolean require = audit != null && Boolean.TRUE.equals(audit.require());
        if (audit == null || audit.path() == null) {
            Path dir = store.sqlitePath().getParent();
            return new AuditConfig(Optional.of(dir == null ? Path.of("audit.log") : dir.resolve("audit.log")), require);
        }
        if (audit.path().equals("-")) {
            return new AuditConfig(Optional.empty(), require);
        }
        if (audit.path().isBlank()) {
            throw new ConfigException("audit.path", "must not be empty (\"-\" writes to standard output)");
        }
        return new AuditConfig(Optional.of(Path.of(audit.path())), require);
    }

    private static LimitsConfig limits(ConfigFile.Limits limits) {
        if (limits == null) {
            return LimitsConfig.DEFAULT;
        }
        Rate register = Rate.parse("limits.register", limits.register());
        Rate failures = Rate.parse("limits.auth_failures", limits.authFailures());
        int bcrypt = limits.maxConcurrentBcrypt() == null
                ? LimitsConfig.DEFAULT.maxConcurrentBcrypt()
                : limits.maxConcurrentBcrypt();
        if (bcrypt < 1 || bcrypt > 1024) {
            throw new ConfigException("limits.max_concurrent_bcrypt", "must be between 1 and 1024, got " + bcrypt);
        }
        return new LimitsConfig(
                register == null ? LimitsConfig.DEFAULT.register() : register,
                failures == null ? LimitsConfig.DEFAULT.authFailures() : failures,
                bcrypt);
    }

    private static CnameCheckConfig cnameCheck(ConfigFile.CnameCheck check) {
        Duration interval = check == null || check.interval() == null
                ? Duration.ofHours(1)
                : Durations.parse("cname_check.interval", check.interval());
        if (interval.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new ConfigException("cname_check.interval", "must be at least 1m");
        }
        if (check == null || check.resolver() == null || check.resolver().isBlank()) {
            return new CnameCheckConfig(Optional.empty(), interval);
        }
        String r = check.resolver().strip();
        // A bare address means port 53.
        String withPort = r.matches(".*:\\d+$") && (r.startsWith("[") || r.indexOf(':') == r.lastIndexOf(':'))
                ? r
                : (r.contains(":") && !r.startsWith("[") ? "[" + r + "]:53" : r + ":53");
        return new CnameCheckConfig(Optional.of(Addresses.parse("cname_check.resolver", withPort)), interval);
    }

    private static RrlConfig rrl(ConfigFile.Rrl rrl) {
        if (rrl == null) {
            return RrlConfig.DEFAULT;
        }
        RrlConfig d = RrlConfig.DEFAULT;
        int rps = orDefault(
                rrl.responsesPerSecond(), d.responsesPerSecond(), "dns.rrl.responses_per_second", 1, 1_000_000);
        int eps = orDefault(rrl.errorsPerSecond(), d.errorsPerSecond(), "dns.rrl.errors_per_second", 1, 1_000_000);
        int slip = orDefault(rrl.slip(), d.slip(), "dns.rrl.slip", 0, 10);
        int window = orDefault(rrl.window(), d.window(), "dns.rrl.window", 1, 3600);
        int v4 = orDefault(rrl.ipv4PrefixLength(), d.ipv4PrefixLength(), "dns.rrl.ipv4_prefix_length", 8, 32);
        int v6 = orDefault(rrl.ipv6PrefixLength(), d.ipv6PrefixLength(), "dns.rrl.ipv6_prefix_length", 16, 128);
        return new RrlConfig(Boolean.TRUE.equals(rrl.enabled()), rps, eps, slip, window, v4, v6);
    }

    private static int orDefault(Integer value, int fallback, String key, int min, int max) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    private static RolesConfig roles(ConfigFile file) {
        boolean api =
                file.api() == null || file.api().enabled() == null || file.api().enabled();
        boolean dns =
                file.dns() == null || file.dns().enabled() == null || file.dns().enabled();
        if (!api && !dns) {
            throw new ConfigException(
                    "api.enabled", "api.enabled and dns.enabled are both false: the node would do nothing");
        }
        return new RolesConfig(api, dns);
    }

    private static TxtConfig txt(ConfigFile.Txt txt) {
        if (txt == null) {
            return TxtConfig.DEFAULT;
        }
        int max = txt.maxValues() == null ? TxtConfig.DEFAULT.maxValues() : txt.maxValues();
        if (max < 1 || max > 100) {
            throw new ConfigException("txt.max_values", "must be between 1 and 100, got " + max);
        }
        Duration lifetime =
                txt.lifetime() == null ? TxtConfig.DEFAULT.lifetime() : Durations.parse("txt.lifetime", txt.lifetime());
        return new TxtConfig(max, lifetime);
    }

    private static String logLevel(ConfigFile.Log log) {
        String level = log == null || log.level() == null ? "info" : log.level().toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            throw new ConfigException(
                    "log.level",
                    "must be one of " + LOG_LEVELS.stream().sorted().toList());
        }
        return level;
    }

    static Optional<Path> optionalPath(String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(Path.of(text));
    }
}
