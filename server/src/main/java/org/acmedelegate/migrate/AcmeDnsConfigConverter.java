package org.acmedelegate.migrate;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.acmedelegate.account.IpLiteral;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Turns an acme-dns {@code config.cfg} into an acme-delegate TOML configuration with the same zone,
 * nameservers, SOA contact, listen addresses, static records, API listener, TLS files and registration
 * switch. Each output key says which acme-dns setting it came from; every setting without an
 * equivalent is listed at the end as a comment with the reason, none is dropped.
 */
public final class AcmeDnsConfigConverter {
    private static final String ORIGIN = "(?:\\*|https?://[A-Za-z0-9.\\-\\[\\]:]+)";

    private final AcmeDnsConfig cfg;
    private final StringBuilder out = new StringBuilder();
    private final List<String> notes = new ArrayList<>();

    private AcmeDnsConfigConverter(AcmeDnsConfig cfg) {
        this.cfg = cfg;
    }

    /** The acme-delegate TOML for {@code configText}; {@code sourceName} only appears in comments. */
    public static String convert(String configText, String sourceName) {
        AcmeDnsConfigConverter converter = new AcmeDnsConfigConverter(AcmeDnsConfig.parse(configText));
        return converter.run(sourceName);
    }

    private String run(String sourceName) {
        String domain = cfg.text("general.domain")
                .map(String::strip)
                .filter(d -> !d.isEmpty())
                .orElseThrow(() -> new SourceException("general.domain is missing: it is the zone acme-dns serves"));
        Name zone;
        try {
            zone = Name.fromString(domain.toLowerCase(Locale.ROOT), Name.root);
        } catch (TextParseException e) {
            throw new SourceException("general.domain: not a domain name: " + TomlText.string(domain));
        }
        line("# acme-delegate configuration converted from the acme-dns configuration " + sourceName + ".");
        line("# Check it with: acme-delegate check-config --config <this file>. Each key names the acme-dns");
        line("# setting it came from; settings without an equivalent are listed at the end.");
        dns(zone);
        api();
        store();
        txt();
        log();
        cfg.unused().forEach(key -> notes.add(cfg.shown(key) + ": not an acme-dns setting this converter knows"));
        if (!notes.isEmpty()) {
            line("");
            line("# Settings of " + sourceName + " with no equivalent in acme-delegate (not converted):");
            notes.forEach(note -> line("# " + note));
        }
        return out.toString();
    }

    private void dns(Name zone) {
        line("");
        line("[dns]");
        listen();
        line("# " + cfg.shown("general.domain"));
        line("zone = " + TomlText.string(zone.toString(true)));
        cfg.text("general.nsadmin").filter(s -> !s.isBlank()).ifPresent(admin -> {
            line("# " + cfg.shown("general.nsadmin") + " (the SOA contact)");
            line("soa_contact = " + TomlText.string(admin.strip()));
        });
        String nsname = cfg.shown("general.nsname");
        RecordsConversion records = new RecordsConversion(
                zone, cfg.text("general.nsname").filter(s -> !s.isBlank()), cfg.list("general.records"));
        notes.addAll(records.notes());
        line("# general.records = these, without the NS records and the nameservers' addresses (dns.nameservers)");
        if (records.records().isEmpty()) {
            line("records = []");
        } else {
            line("records = [");
            records.records().forEach(r -> line("    " + TomlText.string(r) + ","));
            line("]");
        }
        if (records.nameServers().isEmpty()) {
            line("# TODO: general.records has no NS record and general.nsname is not set; acme-delegate");
            line("# serves ns1." + zone.toString(true) + " at 127.0.0.1 until dns.nameservers lists the real ones.");
        }
        for (RecordsConversion.NameServer ns : records.nameServers()) {
            line("");
            if (ns == records.nameServers().get(0)) {
                line("# " + nsname + " (the SOA's primary) first, then the NS records of general.records");
            }
            line("[[dns.nameservers]]");
            line("name = " + TomlText.string(ns.name()));
            if (ns.addresses().isEmpty() && nameInZone(ns.name(), zone)) {
                line("# TODO: general.records has no A or AAAA record for this nameserver; add its addresses.");
            }
            line("addresses = " + TomlText.list(ns.addresses()));
        }
    }

    private void listen() {
        Optional<String> listen = cfg.text("general.listen").map(String::strip);
        String protocol = cfg.text("general.protocol").orElse("both").strip().toLowerCase(Locale.ROOT);
        line("# " + cfg.shown("general.listen") + ", " + cfg.shown("general.protocol")
                + " (acme-delegate answers over UDP and TCP on each address)");
        if (!protocol.startsWith("both")) {
            notes.add(cfg.shown("general.protocol") + ": acme-delegate always serves both UDP and TCP");
        }
        if (listen.isEmpty()) {
            line("# TODO: general.listen is not set; acme-delegate listens on 127.0.0.1:5300 by default.");
            return;
        }
        int colon = listen.get().lastIndexOf(':');
        String host = colon < 0 ? listen.get() : listen.get().substring(0, colon);
        String port = colon < 0 ? "53" : listen.get().substring(colon + 1);
        if (host.isEmpty()) {
            boolean v6 = protocol.endsWith("6");
            host = v6 ? "[::]" : "0.0.0.0";
            if (!v6) {
                line("# acme-dns listened on every address; add an IPv6 address of this host (\"[2001:db8::1]:" + port
                        + "\") to answer over IPv6 as well.");
            }
        } else if (!isIp(host)) {
            line("# TODO: " + TomlText.string(host) + " is not an IP address; acme-delegate listens on addresses.");
        }
        line("listen = " + TomlText.list(List.of(host + ":" + port)));
    }

    private void api() {
        line("");
        line("[api]");
        String ip = cfg.text("api.ip").map(String::strip).orElse("");
        Optional<String> port = cfg.text("api.port").map(String::strip).filter(p -> !p.isEmpty());
        String host = ip.isEmpty() ? "0.0.0.0" : (ip.contains(":") && !ip.startsWith("[") ? "[" + ip + "]" : ip);
        line("# " + cfg.shown("api.ip") + ", " + cfg.shown("api.port"));
        if (port.isPresent()) {
            line("listen = " + TomlText.string(host + ":" + port.get()));
        } else {
            line("# TODO: api.port is not set; acme-delegate listens on 127.0.0.1:8053 by default.");
        }
        String tls = cfg.text("api.tls").orElse("none").strip().toLowerCase(Locale.ROOT);
        line("# " + cfg.shown("api.tls"));
        boolean unusedCert = true;
        switch (tls) {
            case "cert" -> {
                unusedCert = false;
                line("# api.tls_cert_fullchain and api.tls_cert_privkey (an unencrypted PKCS#8, SEC1 or PKCS#1 key):");
                line("tls_cert = "
                        + TomlText.string(cfg.text("api.tls_cert_fullchain").orElse("")));
                line("tls_key = "
                        + TomlText.string(cfg.text("api.tls_cert_privkey").orElse("")));
            }
            case "letsencrypt", "letsencryptstaging" -> {
                line("# TODO: acme-dns obtained its own certificate from Let's Encrypt; acme-delegate does not.");
                line("# Get one (certbot, lego, ...) and set tls_cert and tls_key; until then check-config");
                line("# refuses plain HTTP on an address other than loopback.");
                line("tls_cert = \"\"");
                line("tls_key = \"\"");
                notes.add(cfg.shown("api.acme_cache_dir") + ": acme-delegate does not obtain its own certificate");
                notes.add(cfg.shown("api.notification_email") + ": acme-delegate does not obtain its own certificate");
            }
            default -> {
                line("tls_cert = \"\"");
                line("tls_key = \"\"");
                if (!isLoopback(ip)) {
                    line("# acme-dns served plain HTTP on " + host + ": keys cross the network in clear. Prefer");
                    line("# tls_cert and tls_key, or a TLS proxy in front, then remove this line.");
                    line("plain_http = true");
                }
            }
        }
        if (unusedCert) {
            for (String key : List.of("api.tls_cert_fullchain", "api.tls_cert_privkey")) {
                if (cfg.has(key)) {
                    notes.add(cfg.shown(key) + ": acme-dns used it only with api.tls = \"cert\"");
                }
            }
        }
        if (!tls.startsWith("letsencrypt")) {
            for (String key : List.of("api.acme_cache_dir", "api.notification_email")) {
                if (cfg.has(key)) {
                    notes.add(cfg.shown(key) + ": acme-dns used it only with api.tls = \"letsencrypt\"");
                }
            }
        }
        line("# " + cfg.shown("api.disable_registration"));
        line("disable_registration = " + cfg.flag("api.disable_registration"));
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
                notes.add("api.corsorigins entry " + TomlText.string(origin)
                        + ": not \"*\" or an origin such as \"https://panel.example.com\"");
            }
        }
        line("# " + shown);
        line("cors_origins = " + TomlText.list(origins));
    }

    private void proxyHeader() {
        boolean useHeader = cfg.flag("api.use_header");
        String header = cfg.text("api.header_name").orElse("X-Forwarded-For").strip();
        String shown = cfg.shown("api.use_header") + ", " + cfg.shown("api.header_name");
        if (!useHeader) {
            line("# " + shown + ": the client address is the connection's, as here without trusted_proxies");
            line("trusted_proxies = []");
            return;
        }
        line("# TODO: " + shown + ": acme-dns believed that header from every client (anyone could");
        line("# claim any address). acme-delegate believes X-Forwarded-For only from the proxies listed here:");
        line("# add the address of your reverse proxy (\"192.0.2.10/32\").");
        line("trusted_proxies = []");
        if (!header.equalsIgnoreCase("X-Forwarded-For")) {
            notes.add("api.header_name = " + TomlText.string(header)
                    + ": acme-delegate reads only X-Forwarded-For; make the proxy send that header");
        }
    }

    private void store() {
        line("");
        line("[store]");
        String engine = cfg.text("database.engine").orElse("").strip();
        cfg.text("database.connection");
        if (engine.equalsIgnoreCase("sqlite3")) {
            line("# " + cfg.shown("database.engine") + ", " + cfg.shown("database.connection") + ": import it with");
            line("#   acme-delegate import-acme-dns --config <this file> --from "
                    + cfg.text("database.connection").orElse("acme-dns.db"));
        } else {
            // A PostgreSQL connection string may hold a password: it is never copied.
            line("# database.engine = " + TomlText.string(engine) + " (connection not shown): acme-delegate keeps its");
            line("# data in SQLite and cannot import from PostgreSQL yet.");
        }
        line("sqlite_path = \"data/acme-delegate.db\"");
    }

    private void txt() {
        line("");
        line("[txt]");
        line("# acme-dns keeps the last 2 values of each name and serves them until replaced; acme-delegate keeps");
        line("# max_values and drops a value lifetime after its update. For acme-dns' behaviour: 2 and \"0\".");
        line("max_values = 4");
        line("lifetime = \"24h\"");
    }

    private void log() {
        line("");
        line("[log]");
        String level = cfg.text("logconfig.loglevel").orElse("info").strip().toLowerCase(Locale.ROOT);
        level = switch (level) {
            case "warning" -> "warn";
            case "trace", "debug", "info", "warn", "error" -> level;
            default -> "info";
        };
        if (cfg.flag("general.debug")) {
            level = "debug";
        }
        line("# " + cfg.shown("logconfig.loglevel") + ", " + cfg.shown("general.debug"));
        line("level = " + TomlText.string(level));
        for (String key : List.of("logconfig.logtype", "logconfig.logformat")) {
            if (cfg.has(key)) {
                notes.add(cfg.shown(key) + ": acme-delegate logs text lines to standard error");
            }
        }
    }

    private void line(String text) {
        out.append(text).append('\n');
    }

    private static boolean nameInZone(String name, Name zone) {
        try {
            return Name.fromString(name, Name.root).subdomain(zone);
        } catch (TextParseException e) {
            return false;
        }
    }

    private static boolean isIp(String host) {
        try {
            IpLiteral.parse(host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
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
