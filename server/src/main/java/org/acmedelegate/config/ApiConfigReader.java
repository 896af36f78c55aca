package org.acmedelegate.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.acmedelegate.account.Cidr;

/** Checks the {@code [api]} table and builds {@link ApiConfig} from it: listener, TLS, proxies, registration. */
final class ApiConfigReader {
    private ApiConfigReader() {}

    static ApiConfig read(ConfigFile.Api api) {
        ConfigFile.Api a = api != null
                ? api
                : new ConfigFile.Api(
                        null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        Optional<Path> cert = ConfigLoader.optionalPath(a.tlsCert());
        Optional<Path> key = ConfigLoader.optionalPath(a.tlsKey());
        if (cert.isPresent() != key.isPresent()) {
            throw new ConfigException(
                    cert.isPresent() ? "api.tls_key" : "api.tls_cert", "tls_cert and tls_key must be given together");
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
        RegistrationMode mode = registration(a);
        Duration reload = a.tlsReloadInterval() == null
                ? ApiConfig.DEFAULT_TLS_RELOAD
                : Durations.parse("api.tls_reload_interval", a.tlsReloadInterval());
        if (reload.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException("api.tls_reload_interval", "must be at least 1s");
        }
        InetSocketAddress listen =
                Addresses.parse("api.listen", a.listen() == null ? ConfigLoader.DEFAULT_API_LISTEN : a.listen());
        // Keys cross the network in headers: plain HTTP beyond loopback must be asked for (a TLS proxy in front).
        if (cert.isEmpty()
                && a.acme() == null
                && !listen.getAddress().isLoopbackAddress()
                && !Boolean.TRUE.equals(a.plainHttp())) {
            throw new ConfigException(
                    "api.plain_http",
                    "the API listens on " + listen.getAddress().getHostAddress()
                            + " without TLS; set api.tls_cert and api.tls_key or [api.acme], or plain_http = true if a TLS proxy is in front");
        }
        return new ApiConfig(
                listen,
                cert,
                key,
                trusted,
                a.disableRegistration() != null && a.disableRegistration(),
                cost,
                maxBody,
                mode,
                registrationTokens(a, mode),
                corsOrigins(a),
                reload);
    }

    private static RegistrationMode registration(ConfigFile.Api a) {
        boolean disabled = a.disableRegistration() != null && a.disableRegistration();
        if (a.registration() == null) {
            return disabled ? RegistrationMode.CLOSED : RegistrationMode.OPEN;
        }
        RegistrationMode mode;
        try {
            mode = RegistrationMode.valueOf(a.registration().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "api.registration", "must be open, token or closed, got \"" + a.registration() + "\"");
        }
        if (disabled && mode != RegistrationMode.CLOSED) {
            throw new ConfigException(
                    "api.registration",
                    "is " + a.registration() + " but api.disable_registration = true; remove one of them");
        }
        return mode;
    }

    private static List<RegistrationToken> registrationTokens(ConfigFile.Api a, RegistrationMode mode) {
        List<ConfigFile.RegistrationTokenEntry> entries =
                a.registrationTokens() == null ? List.of() : a.registrationTokens();
        if (mode == RegistrationMode.TOKEN && entries.isEmpty()) {
            throw new ConfigException("api.registration_tokens", "registration = \"token\" needs at least one token");
        }
        List<RegistrationToken> tokens = new java.util.ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            ConfigFile.RegistrationTokenEntry e = entries.get(i);
            String key = "api.registration_tokens[" + i + "]";
            if (e.name() == null || e.name().isBlank()) {
                throw new ConfigException(key + ".name", "required");
            }
            if (e.token() == null || e.token().length() < 16) {
                throw new ConfigException(key + ".token", "required, at least 16 characters");
            }
            if (!seen.add(e.token())) {
                throw new ConfigException(key + ".token", "the same token is listed twice");
            }
            List<String> domains = new java.util.ArrayList<>();
            List<String> raw = e.domains() == null ? List.of() : e.domains();
            for (int j = 0; j < raw.size(); j++) {
                try {
                    domains.add(org.acmedelegate.account.DomainName.normalize(raw.get(j)));
                } catch (RuntimeException bad) {
                    throw new ConfigException(key + ".domains[" + j + "]", "not a domain name: \"" + raw.get(j) + "\"");
                }
            }
            tokens.add(new RegistrationToken(e.name().strip(), e.token(), domains));
        }
        return tokens;
    }

    private static List<String> corsOrigins(ConfigFile.Api a) {
        List<String> origins = a.corsOrigins() == null ? List.of() : a.corsOrigins();
        for (int i = 0; i < origins.size(); i++) {
            String o = origins.get(i);
            if (!o.equals("*") && !o.matches("https?://[A-Za-z0-9.\\-\\[\\]:]+")) {
                throw new ConfigException(
                        "api.cors_origins[" + i + "]",
                        "expected \"*\" or an origin such as \"https://panel.example.com\", got \"" + o + "\"");
            }
        }
        return origins;
    }
}
