package org.acmedelegate.config;

import java.time.Duration;

/**
 * A per-client limit written {@code "N/duration"}: at most {@code count} events per {@code period},
 * refilled evenly; {@link #OFF} never limits.
 */
public record Rate(int count, Duration period) {
    public static final Rate OFF = new Rate(0, Duration.ZERO);

    public boolean enabled() {
        return count > 0;
    }

    static Rate parse(String key, String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        if (s.equals("off") || s.isEmpty()) {
            return OFF;
        }
        int slash = s.indexOf('/');
        if (slash <= 0 || !s.substring(0, slash).strip().matches("\\d{1,9}")) {
            throw new ConfigException(
                    key, "expected \"N/duration\" such as \"10/1h\", or \"off\", got \"" + text + "\"");
        }
        int count = Integer.parseInt(s.substring(0, slash).strip());
        Duration period = Durations.parse(key, s.substring(slash + 1).strip());
        if (count < 1 || period.isZero()) {
            throw new ConfigException(key, "count and duration must be above zero (or write \"off\")");
        }
        return new Rate(count, period);
    }

    @Override
    public String toString() {
        return enabled() ? count + "/" + period : "off";
    }
}
