package org.acmedelegate.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations as written in the config: {@code 30} (seconds), {@code 500ms}, {@code 10s}, {@code 5m}, {@code 24h}, {@code 7d}. */
final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");

    private Durations() {}

    static Duration parse(String key, Object value) {
        if (value instanceof Integer || value instanceof Long) {
            long seconds = ((Number) value).longValue();
            if (seconds < 0) {
                throw new ConfigException(key, "must not be negative");
            }
            return Duration.ofSeconds(seconds);
        }
        if (!(value instanceof String text)) {
            throw new ConfigException(key, "expected seconds or a string such as \"30s\", got " + value);
        }
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new ConfigException(key, "not a duration: \"" + text + "\" (use e.g. 30s, 5m, 24h)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
