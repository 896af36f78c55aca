package org.acmedelegate.migrate;

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
    private final AcmeDnsConfig cfg;
    private final ConvertedToml out = new ConvertedToml();

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
        new ApiSectionConverter(cfg, out).convert();
        store();
        txt();
        log();
        cfg.unused().forEach(key -> out.note(cfg.shown(key) + ": not an acme-dns setting this converter knows"));
        if (!out.notes().isEmpty()) {
            line("");
            line("# Settings of " + sourceName + " with no equivalent in acme-delegate (not converted):");
            out.notes().forEach(note -> line("# " + note));
        }
        return out.text();
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
        records.notes().forEach(out::note);
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
            out.note(cfg.shown("general.protocol") + ": acme-delegate always serves both UDP and TCP");
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
                out.note(cfg.shown(key) + ": acme-delegate logs text lines to standard error");
            }
        }
    }

    private void line(String text) {
        out.line(text);
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
}
