package org.acmedelegate.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/** Writes TOML values: basic strings with escapes, and lists of them. */
final class TomlText {
    private TomlText() {}

    static String string(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String list(List<String> items) {
        return items.stream().map(TomlText::string).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A value as read from a TOML file, written back on one line (for comments). */
    static String value(JsonNode node) {
        if (node.isTextual()) {
            return string(node.asText());
        }
        if (node.isArray()) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(value(node.get(i)));
            }
            return out.append(']').toString();
        }
        return node.toString();
    }
}
