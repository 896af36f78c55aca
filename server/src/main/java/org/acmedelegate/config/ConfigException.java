package org.acmedelegate.config;

import java.util.Optional;

/** A configuration that cannot be used; the message starts with the offending key. */
public final class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.key = null;
    }

    /** The key the problem is about, when the message names one. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
