package org.acmedelegate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.acmedelegate.config.ConfigException;

/**
 * Where the administrator's commands find the configuration when {@code --config} is not given: the
 * packaged location, then the one of a source checkout.
 */
final class DefaultConfig {
    static final List<Path> CANDIDATES =
            List.of(Path.of("/etc/acme-delegate/acme-delegate.toml"), Path.of("conf/acme-delegate.toml"));

    private DefaultConfig() {}

    /** {@code given} when not null, else the first candidate that exists. */
    static Path resolve(Path given) {
        return resolve(given, CANDIDATES);
    }

    static Path resolve(Path given, List<Path> candidates) {
        if (given != null) {
            return given;
        }
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new ConfigException(
                "no configuration file: none of " + candidates + " exists; pass --config FILE", (Throwable) null);
    }
}
