package org.acmedelegate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The human-readable output of {@code accounts ...}: a table for a list, one aligned line per field for one account. */
final class AccountTable {
    private static final String[] COLUMNS = {
        "USERNAME", "DOMAIN", "SUBDOMAIN", "ALLOWFROM", "VALUES", "LAST UPDATE", "CNAME", "STATE"
    };

    private AccountTable() {}

    /** One row per account under a header; "(no accounts)" when the list is empty. */
    static String list(List<JsonNode> accounts) {
        if (accounts.isEmpty()) {
            return "(no accounts)\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(COLUMNS);
        for (JsonNode a : accounts) {
            rows.add(new String[] {
                text(a.get("username")),
                text(a.get("domain")),
                text(a.get("subdomain")),
                text(a.get("allowfrom")),
                String.valueOf(a.path("txt").size()),
                text(a.get("last_update")),
                text(a.path("cname").get("status")),
                state(a)
            });
        }
        int[] widths = new int[COLUMNS.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String state(JsonNode account) {
        if (account.path("reserved").asBoolean()) {
            return "reserved";
        }
        return account.path("disabled").asBoolean() ? "disabled" : "enabled";
    }

    /** Every field of one object as {@code name  value}, nested objects as {@code name.field}. */
    static String one(JsonNode object) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        flatten("", object, fields);
        int width = fields.stream().mapToInt(f -> f.getKey().length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> f : fields) {
            out.append(f.getKey())
                    .append(" ".repeat(width - f.getKey().length() + 2))
                    .append(f.getValue())
                    .append('\n');
        }
        return out.toString();
    }

    private static void flatten(String prefix, JsonNode node, List<Map.Entry<String, String>> into) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject()) {
                flatten(prefix + e.getKey() + ".", e.getValue(), into);
            } else {
                into.add(Map.entry(prefix + e.getKey(), text(e.getValue())));
            }
        }
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "-";
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(n -> items.add(n.asText()));
            return items.isEmpty() ? "-" : String.join(",", items);
        }
        return node.asText();
    }
}
