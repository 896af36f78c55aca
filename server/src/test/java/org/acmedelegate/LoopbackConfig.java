package org.acmedelegate;

import java.nio.file.Path;
import org.acmedelegate.config.ConfigLoader;
import org.acmedelegate.config.ServerConfig;

/** The configuration the server ITs start from: loopback, ports chosen by the OS, a cheap bcrypt cost. */
final class LoopbackConfig {
    private LoopbackConfig() {}

    /**
     * Zone {@code auth.example.org}, DNS and API on 127.0.0.1 port 0, bcrypt cost 4, the database at
     * {@code db}; {@code more} comes right after the {@code [api]} keys, so it may add keys to {@code [api]}
     * or further tables ({@code [admin]}, {@code [limits]}, {@code [dns.rrl]}, ...).
     */
    static ServerConfig with(Path db, String more) {
        return new ConfigLoader().parse(toml(db, more));
    }

    /** The text {@link #with} parses, for tests that also hand the file to the CLI. */
    static String toml(Path db, String more) {
        return toml(db, "", more);
    }

    /** As {@link #toml(Path, String)}, with {@code storeKeys} added to the {@code [store]} table. */
    static String toml(Path db, String storeKeys, String more) {
        return """
                [store]
                sqlite_path = "%s"
                %s
                [dns]
                zone = "auth.example.org"
                listen = ["127.0.0.1:0"]
                [api]
                listen = "127.0.0.1:0"
                bcrypt_cost = 4
                %s
                """.formatted(db.toString().replace("\\", "\\\\"), storeKeys, more);
    }
}
