package org.acmedelegate.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.acmedelegate.account.Cidr;
import org.acmedelegate.dns.tsig.TsigAlgorithm;
import org.acmedelegate.dns.tsig.TsigKey;
import org.acmedelegate.dns.tsig.TsigKeyFile;
import org.xbill.DNS.Name;

/**
 * Checks {@code [[dns.tsig_keys]]}, {@code [dns.transfer]}, {@code [[dns.notify]]} and {@code [dns.journal]}
 * and builds {@link PrimaryConfig}. Key files are read here, so a missing or malformed secret stops the
 * start (and {@code check-config}) with the key's config path; a secret is never shown.
 */
final class PrimaryConfigReader {
    private PrimaryConfigReader() {}

    static PrimaryConfig read(ConfigFile.Dns dns, ConfigProblems problems) {
        if (dns == null) {
            return PrimaryConfig.NONE;
        }
        ConfigProblems.Section s = problems.section();
        Map<Name, TsigKey> keys = tsigKeys(dns.tsigKeys(), s);
        List<TransferRule> transfer = transfer(dns.transfer(), keys, s);
        List<NotifyTarget> notify = notify(dns.notifyTargets(), keys, s);
        PrimaryConfig.JournalLimits journal = journal(dns.journal(), s);
        return s.build(() -> new PrimaryConfig(List.copyOf(keys.values()), transfer, notify, journal));
    }

    /** The keys by name; null when one of them is wrong (the checks that name a key then wait for that fix). */
    private static Map<Name, TsigKey> tsigKeys(List<ConfigFile.TsigKeyEntry> entries, ConfigProblems.Section s) {
        Map<Name, TsigKey> keys = new LinkedHashMap<>();
        List<TsigKey> read = s.list("dns.tsig_keys", entries == null ? List.of() : entries, (key, e) -> {
            Name name = s.read(key + ".name", () -> {
                if (e.name() == null || e.name().isBlank()) {
                    throw new ConfigException(
                            key + ".name", "required (the key name both sides use, e.g. \"xfr-key\")");
                }
                return DnsConfigReader.name(key + ".name", e.name(), Name.root);
            });
            Optional<TsigAlgorithm> algorithm = s.read(key + ".algorithm", () -> {
                try {
                    return Optional.ofNullable(e.algorithm()).map(TsigAlgorithm::parse);
                } catch (IllegalArgumentException bad) {
                    throw new ConfigException(key + ".algorithm", bad.getMessage());
                }
            });
            String file = s.read(key + ".secret_file", () -> {
                if (e.secretFile() == null || e.secretFile().isBlank()) {
                    throw new ConfigException(
                            key + ".secret_file",
                            "required (a file with the base64 secret, as tsig-keygen or keymgr -t write it;"
                                    + " the secret is never written in the config)");
                }
                return e.secretFile();
            });
            if (name == null || algorithm == null || file == null) {
                return null;
            }
            TsigKey tsigKey = s.read(key + ".secret_file", () -> {
                try {
                    return TsigKeyFile.read(Path.of(file), name, algorithm);
                } catch (IllegalArgumentException bad) {
                    throw new ConfigException(key + ".secret_file", bad.getMessage());
                }
            });
            return tsigKey == null
                    ? null
                    : s.read(key + ".name", () -> {
                        if (keys.putIfAbsent(name, tsigKey) != null) {
                            throw new ConfigException(key + ".name", "another key is also called " + name);
                        }
                        return tsigKey;
                    });
        });
        return read == null ? null : keys;
    }

    private static List<TransferRule> transfer(
            ConfigFile.Transfer transfer, Map<Name, TsigKey> keys, ConfigProblems.Section s) {
        if (transfer == null || transfer.allow() == null) {
            return List.of();
        }
        return s.list("dns.transfer.allow", transfer.allow(), (key, e) -> {
            if (e.address() == null && e.tsigKey() == null) {
                throw new ConfigException(key, "give an address, a tsig_key or both, e.g. { tsig_key = \"xfr-key\" }");
            }
            Optional<Cidr> network = s.read(key + ".address", () -> network(key + ".address", e.address()));
            Optional<Name> tsigKey = keys == null
                    ? null
                    : s.read(
                            key + ".tsig_key",
                            () -> Optional.ofNullable(e.tsigKey())
                                    .map(k ->
                                            keyName(key + ".tsig_key", k, keys).name()));
            return network == null || tsigKey == null ? null : new TransferRule(network, tsigKey);
        });
    }

    private static Optional<Cidr> network(String key, String address) {
        if (address == null) {
            return Optional.empty();
        }
        String text = address.strip();
        try {
            return Optional.of(
                    text.contains("/")
                            ? Cidr.parse(text)
                            : new Cidr(Addresses.ip(key, text), text.contains(":") ? 128 : 32));
        } catch (IllegalArgumentException bad) {
            throw new ConfigException(key, "not an address or network: \"" + address + "\"");
        }
    }

    private static List<NotifyTarget> notify(
            List<ConfigFile.NotifyEntry> entries, Map<Name, TsigKey> keys, ConfigProblems.Section s) {
        return s.list("dns.notify", entries == null ? List.of() : entries, (key, e) -> {
            InetSocketAddress address = s.read(key + ".address", () -> {
                if (e.address() == null || e.address().isBlank()) {
                    throw new ConfigException(
                            key + ".address",
                            "required (the secondary's address, e.g. \"192.0.2.53\" or \"192.0.2.53:5353\")");
                }
                return address(key + ".address", e.address().strip());
            });
            Optional<TsigKey> tsigKey = keys == null
                    ? null
                    : s.read(
                            key + ".tsig_key",
                            () -> Optional.ofNullable(e.tsigKey()).map(k -> keyName(key + ".tsig_key", k, keys)));
            return address == null || tsigKey == null ? null : new NotifyTarget(address, tsigKey);
        });
    }

    // A bare address means port 53.
    private static InetSocketAddress address(String key, String text) {
        boolean hasPort = text.startsWith("[") || (text.indexOf(':') > 0 && text.indexOf(':') == text.lastIndexOf(':'));
        if (hasPort) {
            return Addresses.parse(key, text);
        }
        InetAddress ip = Addresses.ip(key, text);
        return new InetSocketAddress(ip, 53);
    }

    private static TsigKey keyName(String key, String text, Map<Name, TsigKey> keys) {
        TsigKey found = keys.get(DnsConfigReader.name(key, text, Name.root));
        if (found == null) {
            throw new ConfigException(key, "no [[dns.tsig_keys]] entry is called \"" + text + "\"");
        }
        return found;
    }

    private static PrimaryConfig.JournalLimits journal(ConfigFile.Journal given, ConfigProblems.Section s) {
        PrimaryConfig.JournalLimits d = PrimaryConfig.JournalLimits.DEFAULT;
        ConfigFile.Journal journal = given != null ? given : new ConfigFile.Journal(null, null);
        Duration maxAge = s.read("dns.journal.max_age", () -> {
            Duration age =
                    journal.maxAge() == null ? d.maxAge() : Durations.parse("dns.journal.max_age", journal.maxAge());
            if (age.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new ConfigException("dns.journal.max_age", "must be at least 1m");
            }
            return age;
        });
        Integer maxChanges = s.read(
                "dns.journal.max_changes",
                () -> ConfigLoader.between(
                        "dns.journal.max_changes", journal.maxChanges(), d.maxChanges(), 1, 10_000_000));
        return maxAge == null || maxChanges == null ? null : new PrimaryConfig.JournalLimits(maxAge, maxChanges);
    }
}
