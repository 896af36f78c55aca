package org.acmedelegate.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    static PrimaryConfig read(ConfigFile.Dns dns) {
        if (dns == null) {
            return PrimaryConfig.NONE;
        }
        Map<Name, TsigKey> keys = tsigKeys(dns.tsigKeys());
        return new PrimaryConfig(
                List.copyOf(keys.values()),
                transfer(dns.transfer(), keys),
                notify(dns.notifyTargets(), keys),
                journal(dns.journal()));
    }

    private static Map<Name, TsigKey> tsigKeys(List<ConfigFile.TsigKeyEntry> entries) {
        Map<Name, TsigKey> keys = new LinkedHashMap<>();
        List<ConfigFile.TsigKeyEntry> list = entries == null ? List.of() : entries;
        for (int i = 0; i < list.size(); i++) {
            String key = "dns.tsig_keys[" + i + "]";
            ConfigFile.TsigKeyEntry e = list.get(i);
            if (e.name() == null || e.name().isBlank()) {
                throw new ConfigException(key + ".name", "required (the key name both sides use, e.g. \"xfr-key\")");
            }
            Name name = DnsConfigReader.name(key + ".name", e.name(), Name.root);
            Optional<TsigAlgorithm> algorithm = Optional.empty();
            if (e.algorithm() != null) {
                try {
                    algorithm = Optional.of(TsigAlgorithm.parse(e.algorithm()));
                } catch (IllegalArgumentException bad) {
                    throw new ConfigException(key + ".algorithm", bad.getMessage());
                }
            }
            if (e.secretFile() == null || e.secretFile().isBlank()) {
                throw new ConfigException(
                        key + ".secret_file",
                        "required (a file with the base64 secret, as "
                                + "tsig-keygen or keymgr -t write it; the secret is never written in the config)");
            }
            TsigKey tsigKey;
            try {
                tsigKey = TsigKeyFile.read(Path.of(e.secretFile()), name, algorithm);
            } catch (IllegalArgumentException bad) {
                throw new ConfigException(key + ".secret_file", bad.getMessage());
            }
            if (keys.putIfAbsent(name, tsigKey) != null) {
                throw new ConfigException(key + ".name", "another key is also called " + name);
            }
        }
        return keys;
    }

    private static List<TransferRule> transfer(ConfigFile.Transfer transfer, Map<Name, TsigKey> keys) {
        List<TransferRule> rules = new ArrayList<>();
        if (transfer == null || transfer.allow() == null) {
            return rules;
        }
        for (int i = 0; i < transfer.allow().size(); i++) {
            String key = "dns.transfer.allow[" + i + "]";
            ConfigFile.TransferAllowEntry e = transfer.allow().get(i);
            if (e.address() == null && e.tsigKey() == null) {
                throw new ConfigException(key, "give an address, a tsig_key or both, e.g. { tsig_key = \"xfr-key\" }");
            }
            Optional<Cidr> network = Optional.empty();
            if (e.address() != null) {
                String text = e.address().strip();
                try {
                    network = Optional.of(
                            text.contains("/")
                                    ? Cidr.parse(text)
                                    : new Cidr(Addresses.ip(key + ".address", text), text.contains(":") ? 128 : 32));
                } catch (IllegalArgumentException bad) {
                    throw new ConfigException(key + ".address", "not an address or network: \"" + e.address() + "\"");
                }
            }
            Optional<Name> tsigKey = Optional.ofNullable(e.tsigKey())
                    .map(k -> keyName(key + ".tsig_key", k, keys).name());
            rules.add(new TransferRule(network, tsigKey));
        }
        return rules;
    }

    private static List<NotifyTarget> notify(List<ConfigFile.NotifyEntry> entries, Map<Name, TsigKey> keys) {
        List<NotifyTarget> targets = new ArrayList<>();
        List<ConfigFile.NotifyEntry> list = entries == null ? List.of() : entries;
        for (int i = 0; i < list.size(); i++) {
            String key = "dns.notify[" + i + "]";
            ConfigFile.NotifyEntry e = list.get(i);
            if (e.address() == null || e.address().isBlank()) {
                throw new ConfigException(
                        key + ".address",
                        "required (the secondary's address, e.g. \"192.0.2.53\" " + "or \"192.0.2.53:5353\")");
            }
            Optional<TsigKey> tsigKey = Optional.ofNullable(e.tsigKey()).map(k -> keyName(key + ".tsig_key", k, keys));
            targets.add(new NotifyTarget(address(key + ".address", e.address().strip()), tsigKey));
        }
        return targets;
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

    private static PrimaryConfig.JournalLimits journal(ConfigFile.Journal journal) {
        PrimaryConfig.JournalLimits d = PrimaryConfig.JournalLimits.DEFAULT;
        if (journal == null) {
            return d;
        }
        Duration maxAge =
                journal.maxAge() == null ? d.maxAge() : Durations.parse("dns.journal.max_age", journal.maxAge());
        if (maxAge.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new ConfigException("dns.journal.max_age", "must be at least 1m");
        }
        int maxChanges = journal.maxChanges() == null ? d.maxChanges() : journal.maxChanges();
        if (maxChanges < 1 || maxChanges > 10_000_000) {
            throw new ConfigException("dns.journal.max_changes", "must be between 1 and 10000000, got " + maxChanges);
        }
        return new PrimaryConfig.JournalLimits(maxAge, maxChanges);
    }
}
