package org.acmedelegate.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.acmedelegate.account.Cidr;

/**
 * Reads the TOML configuration, fills in defaults and checks every value, so that a server never
 * starts on a configuration it would misread. Errors name the key, e.g. {@code dns.txt_ttl: ...}.
 */
public final class ConfigLoader {
    public static final String DEFAULT_DNS_LISTEN = "127.0.0.1:5300";
    public static final String DEFAULT_API_LISTEN = "127.0.0.1:8053";
    private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error");

    private final TomlMapper mapper = TomlMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    public ServerConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + file, e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return parse(text);
    }

    public ServerConfig parse(String toml) {
        ConfigFile file;
        try {
            file = mapper.readValue(toml, ConfigFile.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(keyOf(e), "unknown key");
        } catch (JsonMappingException e) {
            throw new ConfigException(keyOf(e), "wrong type of value (" + e.getOriginalMessage().split("\n")[0] + ")");
        } catch (JsonProcessingException e) {
            throw new ConfigException("config is not valid TOML: " + e.getOriginalMessage(), e);
        }
        if (file == null) {
            throw new ConfigException("dns.zone", "required");
        }
        return new ServerConfig(
                DnsConfigReader.read(file.dns()),
                api(file.api()),
                store(file.store()),
                txt(file.txt()),
                logLevel(file.log()));
    }

    private static ApiConfig api(ConfigFile.Api api) {
        ConfigFile.Api a = api != null ? api : new ConfigFile.Api(null, null, null, null, null, null, null);
        Optional<Path> cert = optionalPath(a.tlsCert());
        Optional<Path> key = optionalPath(a.tlsKey());
        if (cert.isPresent() != key.isPresent()) {
            throw new ConfigException(cert.isPresent() ? "api.tls_key" : "api.tls_cert",
                    "tls_cert and tls_key must be given together");
        }
        List<String> proxies = a.trustedProxies() == null ? List.of() : a.trustedProxies();
        List<Cidr> trusted = new java.util.ArrayList<>();
        for (int i = 0; i < proxies.size(); i++) {
            try {
                trusted.add(Cidr.parse(proxies.get(i)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("api.trusted_proxies[" + i + "]", e.getMessage());
            }
        }
        int cost = a.bcryptCost() == null ? 10 : a.bcryptCost();
        if (cost < 4 || cost > 16) {
            throw new ConfigException("api.bcrypt_cost", "must be between 4 and 16, got " + cost);
        }
        int maxBody = a.maxBodyBytes() == null ? 4096 : a.maxBodyBytes();
        if (maxBody < 256 || maxBody > 1 << 20) {
            throw new ConfigException("api.max_body_bytes", "must be between 256 and 1048576, got " + maxBody);
        }
        return new ApiConfig(
                Addresses.parse("api.listen", a.listen() == null ? DEFAULT_API_LISTEN : a.listen()),
                cert, key, trusted,
                a.disableRegistration() != null && a.disableRegistration(),
                cost, maxBody);
    }

    private static StoreConfig store(ConfigFile.Store store) {
        String path = store == null || store.sqlitePath() == null ? "data/acme-delegate.db" : store.sqlitePath();
        if (path.isBlank()) {
            throw new ConfigException("store.sqlite_path", "must not be empty");
        }
        return new StoreConfig(Path.of(path));
    }

    private static TxtConfig txt(ConfigFile.Txt txt) {
        if (txt == null) {
            return TxtConfig.DEFAULT;
        }
        int max = txt.maxValues() == null ? TxtConfig.DEFAULT.maxValues() : txt.maxValues();
        if (max < 1 || max > 100) {
            throw new ConfigException("txt.max_values", "must be between 1 and 100, got " + max);
        }
        Duration lifetime = txt.lifetime() == null
                ? TxtConfig.DEFAULT.lifetime() : Durations.parse("txt.lifetime", txt.lifetime());
        return new TxtConfig(max, lifetime);
    }

    private static String logLevel(ConfigFile.Log log) {
        String level = log == null || log.level() == null ? "info" : log.level().toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            throw new ConfigException("log.level", "must be one of " + LOG_LEVELS.stream().sorted().toList());
        }
        return level;
    }

    private static Optional<Path> optionalPath(String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(Path.of(text));
    }

    /** Turns Jackson's path (dns -> nameservers -> [0] -> name) into {@code dns.nameservers[0].name}. */
    private static String keyOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getIndex() >= 0 ? "[" + ref.getIndex() + "]" : "." + snake(ref.getFieldName()))
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    private static String snake(String name) {
        return name == null ? "?" : name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
