package org.acmedelegate.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Collects every problem of one configuration, so that one run names every bad key (wrong types, unknown
 * keys, bad values, in every section) instead of stopping at the first. Readers read each key through a
 * {@link Section}; {@link #throwIfAny} then throws them as one {@link ConfigException}, in file order.
 */
final class ConfigProblems {
    /** One problem; {@code inFile} when the mapper found it, so the value at {@code key} was left out. */
    private record Problem(String key, String message, int line, boolean inFile) {}

    private final String toml;
    private final List<Problem> problems = new ArrayList<>();

    ConfigProblems(String toml) {
        this.toml = toml;
    }

    /** Keeps a problem the mapper found ({@code message} starts with {@code key}). */
    void add(String key, String message) {
        problems.add(new Problem(key, message, TomlReader.line(toml, key), true));
    }

    private void add(ConfigException e) {
        String key = e.key().orElse("");
        problems.add(new Problem(key, e.getMessage(), TomlReader.line(toml, key), false));
    }

    /**
     * Whether {@code key} or a key inside it already has a problem, or a table around it was left out by the
     * mapper (a wrong type): its keys are then not read again.
     */
    boolean failed(String key) {
        return problems.stream().anyMatch(p -> inside(p.key(), key) || (p.inFile() && inside(key, p.key())));
    }

    private static boolean inside(String key, String table) {
        return key.equals(table) || key.startsWith(table + ".") || key.startsWith(table + "[");
    }

    /** A new scope for the keys of one section, which knows whether any of them failed. */
    Section section() {
        return new Section();
    }

    void throwIfAny() {
        if (problems.isEmpty()) {
            return;
        }
        List<String> messages = problems.stream()
                .sorted(Comparator.comparingInt(Problem::line))
                .map(Problem::message)
                .toList();
        // the first on the error line, the others indented below
        throw new ConfigException(String.join("\n  ", messages), (Throwable) null);
    }

    /** The keys one reader reads: each on its own, so a bad one does not hide the next. */
    final class Section {
        private boolean failed;

        private Section() {}

        /**
         * What {@code reader} makes of {@code key}, or null when it fails (its problem is kept) or when the key
         * already failed while being mapped.
         */
        <T> T read(String key, Supplier<T> reader) {
            if (ConfigProblems.this.failed(key)) {
                failed = true;
                return null;
            }
            return attempt(reader);
        }

        /**
         * Each item of the list at {@code key} read on its own as {@code key[i]}, so every bad item is named;
         * null when {@code items} is null or any item failed.
         */
        <E, T> List<T> list(String key, List<E> items, BiFunction<String, E, T> reader) {
            if (items == null) {
                return null;
            }
            List<T> values = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                String itemKey = key + "[" + i + "]";
                E item = items.get(i);
                values.add(read(itemKey, () -> reader.apply(itemKey, item)));
            }
            return values.contains(null) ? null : values;
        }

        /** Runs a check that spans keys, only when every value it needs was read (none is null). */
        void check(Runnable check, Object... needed) {
            for (Object value : needed) {
                if (value == null) {
                    return;
                }
            }
            attempt(() -> {
                check.run();
                return Boolean.TRUE;
            });
        }

        /** The section's record, or null without running {@code make} when any of its keys failed. */
        <T> T build(Supplier<T> make) {
            return failed ? null : attempt(make);
        }

        /** Whether any key of this section failed so far. */
        boolean failed() {
            return failed;
        }

        private <T> T attempt(Supplier<T> reader) {
            try {
                return reader.get();
            } catch (ConfigException e) {
                failed = true;
                add(e);
                return null;
            }
        }
    }
}
