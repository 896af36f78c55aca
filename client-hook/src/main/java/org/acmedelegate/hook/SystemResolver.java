package org.acmedelegate.hook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The first {@code nameserver} of a resolv.conf file, the resolver used when none is configured. */
final class SystemResolver {
    private SystemResolver() {}

    static Optional<NameserverAddress> firstNameserver(Path resolvConf) {
        try {
            for (String line : Files.readAllLines(resolvConf)) {
                String[] words = line.trim().split("\\s+");
                if (words.length >= 2 && words[0].equals("nameserver")) {
                    // a scoped IPv6 address (fe80::1%eth0) keeps its scope; the port is always 53
                    return Optional.of(new NameserverAddress(words[1], NameserverAddress.DNS_PORT));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // no usable system resolver: the caller reports how to configure one
        }
        return Optional.empty();
    }
}
