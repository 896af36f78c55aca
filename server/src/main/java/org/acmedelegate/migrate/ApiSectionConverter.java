package org.acmedelegate.migrate;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.acmedelegate.account.IpLiteral;

/**
 * The {@code [api]} section of {@link AcmeDnsConfigConverter}: listen address, TLS files, registration
 * switch, CORS origins and the proxy header, from acme-dns' {@code [api]} settings.
 */
final class ApiSectionConverter {
    private static final String ORIGIN = "(?:\\*|https?://[A-Za-z0-9.\\-\\[\\]:]+)";

    private final AcmeDnsConfig cfg;
    private final ConvertedToml out;

    ApiSectionConverter(AcmeDnsConfig cfg, ConvertedToml out) {
        this.cfg = cfg;
        this.out = out;
    }

    void convert() {
        out.line("");
        out.line("[api]");
        String ip = cfg.text("api.ip").map(String::strip).orElse("");
        Optional<String> port = cfg.text("api.port").map(String::strip).filter(p -> !p.isEmpty());
        String host = ip.isEmpty() ? "0.0.0.0" : (ip.contains(":") && !ip.startsWith("[") ? "[" + ip + "]" : ip);
        out.line("# " + cfg.shown("api.ip") + ", " + cfg.shown("api.port"));
        if (port.isPresent()) {
            out.line("listen = " + TomlText.string(host + ":" + port.get()));
        } else {
            out.line("# TODO: api.port is not set; acme-delegate listens on 127.0.0.1:8053 by default.");
        }
        String tls = cfg.text("api.tls").orElse("none").strip().toLowerCase(Locale.ROOT);
        out.line("# " + cfg.shown("api.tls"));
        boolean unusedCert = true;
        switch (tls) {
            case "cert" -> {
                unusedCert = false;
                out.line(
                        "# api.tls_cert_fullchain and api.tls_cert_privkey (an unencrypted PKCS#8, SEC1 or PKCS#1 key):");
                out.line("tls_cert = "
                        + TomlText.string(cfg.text("api.tls_cert_fullchain").orElse("")));
                out.line("tls_key = "
                        + TomlText.string(cfg.text("api.tls_cert_privkey").orElse("")));
            }
            case "letsencrypt", "letsencryptstaging" -> {
                out.line("# TODO: acme-dns obtained its own certificate from Let's Encrypt; acme-delegate does not.");
                out.line("# Get one (certbot, lego, ...) and set tls_cert and tls_key; until then check-config");
                out.line("# refuses plain HTTP on an address other than loopback.");
                out.line("tls_cert = \"\"");
                out.line("tls_key = \"\"");
                out.note(cfg.shown("api.acme_cache_dir") + ": acme-delegate does not obtain its own certificate");
                out.note(cfg.shown("api.notification_email") + ": acme-delegate does not obtain its own certificate");
            }
            default -> {
                out.line("tls_cert = \"\"");
                out.line("tls_key = \"\"");
                if (!isLoopback(ip)) {
                    out.line("# acme-dns served plain HTTP on " + host + ": keys cross the network in clear. Prefer");
                    out.line("# tls_cert and tls_key, or a TLS proxy in front, then remove this line.");
                    out.line("plain_http = true");
                }
            }
        }
        if (unusedCert) {
            for (String key : List.of("api.tls_cert_fullchain", "api.tls_cert_privkey")) {
                if (cfg.has(key)) {
                    out.note(cfg.shown(key) + ": acme-dns used it only with api.tls = \"cert\"");
                }
            }
        }
        if (!tls.startsWith("letsencrypt")) {
            for (String key : List.of("api.acme_cache_dir", "api.notification_email")) {
                if (cfg.has(key)) {
                    out.note(cfg.shown(key) + ": acme-dns used it only with api.tls = \"letsencrypt\"");
                }
            }
        }
        out.line("# " + cfg.shown("api.disable_registration"));
        out.line("disable_registration = " + cfg.flag("api.disable_registration"));
        corsOrigins();
        proxyHeader();
    }

    private void corsOrigins() {
        List<String> origins = new ArrayList<>();
        String shown = cfg.shown("api.corsorigins");
        for (String origin : cfg.list("api.corsorigins")) {
            if (origin.strip().matches(ORIGIN)) {
                origins.add(origin.strip());
            } else {
                out.note("api.corsorigins entry " + TomlText.string(origin)
                        + ": not \"*\" or an origin such as \"https://panel.example.com\"");
            }
        }
        out.line("# " + shown);
        out.line("cors_origins = " + TomlText.list(origins));
    }

    private void proxyHeader() {
        boolean useHeader = cfg.flag("api.use_header");
        String header = cfg.text("api.header_name").orElse("X-Forwarded-For").strip();
        String shown = cfg.shown("api.use_header") + ", " + cfg.shown("api.header_name");
        if (!useHeader) {
            out.line("# " + shown + ": the client address is the connection's, as here without trusted_proxies");
            out.line("trusted_proxies = []");
            return;
        }
        out.line("# TODO: " + shown + ": acme-dns believed that header from every client (anyone could");
        out.line("# claim any address). acme-delegate believes X-Forwarded-For only from the proxies listed here:");
        out.line("# add the address of your reverse proxy (\"192.0.2.10/32\").");
        out.line("trusted_proxies = []");
        if (!header.equalsIgnoreCase("X-Forwarded-For")) {
            out.note("api.header_name = " + TomlText.string(header)
                    + ": acme-delegate reads only X-Forwarded-For; make the proxy send that header");
        }
    }

    private static boolean isLoopback(String ip) {
        try {
            InetAddress address = IpLiteral.parse(ip);
            return address.isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
