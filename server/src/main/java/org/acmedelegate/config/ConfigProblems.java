package org.acmedelegate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects the {@link ConfigException} of each part of the configuration, so that one run names a problem
 * in every section instead of stopping at the first; {@link #throwIfAny} then throws them as one.
 */
final class ConfigProblems {
    private final List<String> messages = new ArrayList<>();

    /** What {@code part} reads, or null when it failed (its problem is kept). */
    <T> T check(Supplier<T> part) {
        try {
            return part.get();
        } catch (ConfigException e) {
            messages.add(e.getMessage());
            return null;
        }
    }

    void throwIfAny() {
        if (!messages.isEmpty()) {
            // the layout of the unknown-keys message: the first on the error line, the others indented below
            throw new ConfigException(String.join("\n  ", messages), (Throwable) null);
        }
    }
}
