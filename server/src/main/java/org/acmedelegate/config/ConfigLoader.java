package org.acmedelegate.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
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
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            // a number or true/false where a string is wanted is a mistake (zone = 5), not the string "5"
            .withCoercionConfig(
                    LogicalType.Textual,
                    text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    public ServerConfig load(Path file) {
        return parse(TomlReader.text(file));
    }

    public ServerConfig parse(String toml) {
        ConfigProblems problems = new ConfigProblems(toml);
        ConfigFile read = TomlReader.read(mapper, toml, problems);
        ConfigFile file =
                read != null ? read : new ConfigFile(null, null, null, null, null, null, null, null, null, null);
        DnsConfig dns = DnsConfigReader.read(file.dns(), problems);
        ApiConfig api = ApiConfigReader.read(file.api(), problems);
        StoreConfig store = StoreConfigReader.store(file.store(), problems);
        TxtConfig txt = txt(file.txt(), problems);
        ConfigProblems.Section log = problems.section();
        ConfigFile.Log l = file.log() != null ? file.log() : new ConfigFile.Log(null, null, null);
        String logLevel = log.read("log.level", () -> logLevel(l.level()));
        Boolean dnsQueries = log.read("log.dns_queries", () -> Boolean.TRUE.equals(l.dnsQueries()));
        Boolean jsonLog = log.read("log.format", () -> jsonLog(l.format()));
        AdminConfig admin = OperationsConfigReader.admin(file.admin(), problems);
        AuditConfig audit = OperationsConfigReader.audit(file.audit(), store, problems);
        LimitsConfig limits = OperationsConfigReader.limits(file.limits(), problems);
        CnameCheckConfig cnameCheck = OperationsConfigReader.cnameCheck(file.cnameCheck(), problems);
        RrlConfig rrl = rrl(file.dns() == null ? null : file.dns().rrl(), problems);
        ClusterConfig cluster = StoreConfigReader.cluster(file.cluster(), problems);
        RolesConfig roles = roles(file, problems);
        PrimaryConfig primary = PrimaryConfigReader.read(file.dns(), problems);
        Optional<AcmeConfig> acme = AcmeConfigReader.read(file.api(), dns, store, problems);
        problems.throwIfAny();
        return new ServerConfig(
                dns,
                api,
                store,
                txt,
                logLevel,
                dnsQueries,
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

    private static boolean jsonLog(String given) {
        String format = given == null ? "text" : given.strip().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new ConfigException("log.format", "must be \"text\" or \"json\", got \"" + given + "\"");
        }
        return format.equals("json");
    }

    private static RrlConfig rrl(ConfigFile.Rrl given, ConfigProblems problems) {
        RrlConfig d = RrlConfig.DEFAULT;
        ConfigFile.Rrl rrl = given != null ? given : new ConfigFile.Rrl(null, null, null, null, null, null, null);
        ConfigProblems.Section s = problems.section();
        Boolean enabled = s.read("dns.rrl.enabled", () -> Boolean.TRUE.equals(rrl.enabled()));
        Integer rps = s.read(
                "dns.rrl.responses_per_second",
                () -> between(
                        "dns.rrl.responses_per_second",
                        rrl.responsesPerSecond(),
                        d.responsesPerSecond(),
                        1,
                        1_000_000));
        Integer eps = s.read(
                "dns.rrl.errors_per_second",
                () -> between("dns.rrl.errors_per_second", rrl.errorsPerSecond(), d.errorsPerSecond(), 1, 1_000_000));
        Integer slip = s.read("dns.rrl.slip", () -> between("dns.rrl.slip", rrl.slip(), d.slip(), 0, 10));
        Integer window = s.read("dns.rrl.window", () -> between("dns.rrl.window", rrl.window(), d.window(), 1, 3600));
        Integer v4 = s.read(
                "dns.rrl.ipv4_prefix_length",
                () -> between("dns.rrl.ipv4_prefix_length", rrl.ipv4PrefixLength(), d.ipv4PrefixLength(), 8, 32));
        Integer v6 = s.read(
                "dns.rrl.ipv6_prefix_length",
                () -> between("dns.rrl.ipv6_prefix_length", rrl.ipv6PrefixLength(), d.ipv6PrefixLength(), 16, 128));
        return s.build(() -> new RrlConfig(enabled, rps, eps, slip, window, v4, v6));
    }

    /** {@code value}, or {@code fallback} when not given, checked to lie within {@code min..max}. */
    static int between(String key, Integer value, int fallback, int min, int max) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    private static RolesConfig roles(ConfigFile file, ConfigProblems problems) {
        ConfigProblems.Section s = problems.section();
        Boolean api = s.read(
                "api.enabled",
                () -> file.api() == null
                        || file.api().enabled() == null
                        || file.api().enabled());
        Boolean dns = s.read(
                "dns.enabled",
                () -> file.dns() == null
                        || file.dns().enabled() == null
                        || file.dns().enabled());
        s.check(
                () -> {
                    if (!api && !dns) {
                        throw new ConfigException(
                                "api.enabled", "api.enabled and dns.enabled are both false: the node would do nothing");
                    }
                },
                api,
                dns);
        return s.build(() -> new RolesConfig(api, dns));
    }

    private static TxtConfig txt(ConfigFile.Txt given, ConfigProblems problems) {
        ConfigFile.Txt txt = given != null ? given : new ConfigFile.Txt(null, null);
        ConfigProblems.Section s = problems.section();
        Integer max = s.read(
                "txt.max_values",
                () -> between("txt.max_values", txt.maxValues(), TxtConfig.DEFAULT.maxValues(), 1, 100));
        Duration lifetime = s.read(
                "txt.lifetime",
                () -> txt.lifetime() == null
                        ? TxtConfig.DEFAULT.lifetime()
                        : Durations.parse("txt.lifetime", txt.lifetime()));
        return s.build(() -> new TxtConfig(max, lifetime));
    }

    private static String logLevel(String given) {
        String level = given == null ? "info" : given.toLowerCase(Locale.ROOT);
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
