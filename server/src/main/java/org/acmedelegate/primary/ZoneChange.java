package org.acmedelegate.primary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One journal entry: at {@code position} the TXT values of one registered name lost {@code removed} and
 * gained {@code added}. Stored as text: the label on the first line, then one {@code -value} or
 * {@code +value} line each (values are printable ASCII without newlines).
 */
public record ZoneChange(long position, Instant at, String label, List<String> removed, List<String> added) {
    public ZoneChange {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(label, "label");
        removed = List.copyOf(removed);
        added = List.copyOf(added);
    }

    /** The difference between {@code before} and {@code after}, or null when they hold the same values. */
    static ZoneChange between(long position, Instant at, String label, List<String> before, List<String> after) {
        List<String> removed = new ArrayList<>(before);
        removed.removeAll(after);
        List<String> added = new ArrayList<>(after);
        added.removeAll(before);
        return removed.isEmpty() && added.isEmpty() ? null : new ZoneChange(position, at, label, removed, added);
    }

    String encode() {
        StringBuilder text = new StringBuilder(label).append('\n');
        removed.forEach(v -> text.append('-').append(v).append('\n'));
        added.forEach(v -> text.append('+').append(v).append('\n'));
        return text.toString();
    }

    static ZoneChange decode(long position, Instant at, String text) {
        String[] lines = text.split("\n");
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].startsWith("-")) {
                removed.add(lines[i].substring(1));
            } else if (lines[i].startsWith("+")) {
                added.add(lines[i].substring(1));
            } else {
                throw new IllegalArgumentException("journal entry " + position + ": unreadable line " + i);
            }
        }
        return new ZoneChange(position, at, lines[0], removed, added);
    }
}
