package org.acmedelegate.migrate;

import java.util.ArrayList;
import java.util.List;

/** The converted configuration as it is written: its lines, and the notes on settings not converted. */
final class ConvertedToml {
    private final StringBuilder text = new StringBuilder();
    private final List<String> notes = new ArrayList<>();

    void line(String line) {
        text.append(line).append('\n');
    }

    /** Records a setting that has no equivalent, with the reason; listed at the end of the output. */
    void note(String note) {
        notes.add(note);
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    String text() {
        return text.toString();
    }
}
