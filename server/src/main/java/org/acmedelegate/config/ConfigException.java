package org.acmedelegate.config;

/** A configuration that cannot be used; the message starts with the offending key. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
