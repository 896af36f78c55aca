package org.acmedelegate.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.acmedelegate.account.Cidr;
import org.acmedelegate.account.DomainName;

/** Checks the {@code [api]} table and builds {@link ApiConfig} from it: listener, TLS, proxies, registration. */
final class ApiConfigReader {
    private ApiConfigReader() {}

    static ApiConfig read(ConfigFile.Api api, ConfigProblems problems) {
        ConfigFile.Api a = api != null
                ? api
                : new ConfigFile.Api(
                        null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        ConfigProblems.Section s = problems.section();
        Optional<Path> cert = s.read("api.tls_cert", () -> ConfigLoader.optionalPath(a.tlsCert()));
        Optional<Path> key = s.read("api.tls_key", () -> ConfigLoader.optionalPath(a.tlsKey()));
        s.check(
                () -> {
                    if (cert.isPresent() != key.isPresent()) {
                        throw new ConfigException(
                                cert.isPresent() ? "api.tls_key" : "api.tls_cert",
                                "tls_cert and tls_key must be given together");
                    }
                },
                cert,
                key);
        List<Cidr> trusted = s.list(
                "api.trusted_proxies", a.trustedProxies() == null ? List.of() : a.trustedProxies(), (k, text) -> {
                    try {
                        return Cidr.parse(text);
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(k, e.getMessage());
                    }
                });
        Integer cost =
                s.read("api.bcrypt_cost", () -> ConfigLoader.between("api.bcrypt_cost", a.bcryptCost(), 10, 4, 16));
        Integer maxBody = s.read(
                "api.max_body_bytes",
                () -> ConfigLoader.between("api.max_body_bytes", a.maxBodyBytes(), 4096, 256, 1 << 20));
        Boolean disabled = s.read("api.disable_registration", () -> Boolean.TRUE.equals(a.disableRegistration()));
        Optional<RegistrationMode> written = s.read("api.registration", () -> registration(a.registration()));
        s.check(
                () -> {
                    if (disabled && written.isPresent() && written.get() != RegistrationMode.CLOSED) {
                        throw new ConfigException(
                                "api.registration",
                                "is " + a.registration() + " but api.disable_registration = true; remove one of them");
                    }
                },
                disabled,
                written);
        RegistrationMode mode = written != null && written.isPresent()
                ? written.get()
                : written == null || disabled == null
                        ? null
                        : disabled ? RegistrationMode.CLOSED : RegistrationMode.OPEN;
        List<RegistrationToken> tokens = registrationTokens(a, mode, s);
        List<String> cors = s.list(
                "api.cors_origins", a.corsOrigins() == null ? List.of() : a.corsOrigins(), ApiConfigReader::corsOrigin);
        Duration reload = s.read("api.tls_reload_interval", () -> {
            Duration d = a.tlsReloadInterval() == null
                    ? ApiConfig.DEFAULT_TLS_RELOAD
                    : Durations.parse("api.tls_reload_interval", a.tlsReloadInterval());
            if (d.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new ConfigException("api.tls_reload_interval", "must be at least 1s");
            }
            return d;
        });
        InetSocketAddress listen = s.read(
                "api.listen",
                () -> Addresses.parse("api.listen", a.listen() == null ? ConfigLoader.DEFAULT_API_LISTEN : a.listen()));
        Boolean plainHttp = s.read("api.plain_http", () -> Boolean.TRUE.equals(a.plainHttp()));
        // Keys cross the network in headers: plain HTTP beyond loopback must be asked for (a TLS proxy in front).
        s.check(
                () -> {
                    if (cert.isEmpty()
                            && a.acme() == null
                            && !listen.getAddress().isLoopbackAddress()
                            && !plainHttp) {
                        throw new ConfigException(
                                "api.plain_http",
                                "the API listens on " + listen.getAddress().getHostAddress()
                                        + " without TLS; set api.tls_cert and api.tls_key or [api.acme], or plain_http = true if a TLS proxy is in front");
                    }
                },
                cert,
                listen,
                plainHttp);
        return s.build(
                () -> new ApiConfig(listen, cert, key, trusted, disabled, cost, maxBody, mode, tokens, cors, reload));
    }

    private static Optional<RegistrationMode> registration(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(RegistrationMode.valueOf(text.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("api.registration", "must be open, token or closed, got \"" + text + "\"");
        }
    }

    private static List<RegistrationToken> registrationTokens(
            ConfigFile.Api a, RegistrationMode mode, ConfigProblems.Section s) {
        // mode is null when api.registration is wrong: the tokens are still checked
        List<ConfigFile.RegistrationTokenEntry> entries =
                a.registrationTokens() == null ? List.of() : a.registrationTokens();
        if (mode == RegistrationMode.TOKEN && entries.isEmpty()) {
            return s.read("api.registration_tokens", () -> {
                throw new ConfigException(
                        "api.registration_tokens", "registration = \"token\" needs at least one token");
            });
        }
        Set<String> seen = new HashSet<>();
        return s.list("api.registration_tokens", entries, (key, e) -> {
            String name = s.read(key + ".name", () -> {
                if (e.name() == null || e.name().isBlank()) {
                    throw new ConfigException(key + ".name", "required");
                }
                return e.name().strip();
            });
            String token = s.read(key + ".token", () -> {
                if (e.token() == null || e.token().length() < 16) {
                    throw new ConfigException(key + ".token", "required, at least 16 characters");
                }
                if (!seen.add(e.token())) {
                    throw new ConfigException(key + ".token", "the same token is listed twice");
                }
                return e.token();
            });
            List<String> domains =
                    s.list(key + ".domains", e.domains() == null ? List.of() : e.domains(), (k, domain) -> {
                        try {
                            return DomainName.normalize(domain);
                        } catch (RuntimeException bad) {
                            throw new ConfigException(k, "not a domain name: \"" + domain + "\"");
                        }
                    });
            return name == null || token == null || domains == null
                    ? null
                    : new RegistrationToken(name, token, domains);
        });
    }

    private static String corsOrigin(String key, String origin) {
        if (!origin.equals("*") && !origin.matches("https?://[A-Za-z0-9.\\-\\[\\]:]+")) {
            throw new ConfigException(
                    key, "expected \"*\" or an origin such as \"https://panel.example.com\", got \"" + origin + "\"");
        }
        return origin;
    }
}
