package org.acmedelegate.migrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An acme-dns {@code config.cfg} (TOML) as read, remembering which settings the converter has used, so
 * that every other one can be listed instead of being dropped silently.
 */
final class AcmeDnsConfig {
    private final Map<String, JsonNode> settings = new LinkedHashMap<>();
    private final Map<String, Boolean> used = new LinkedHashMap<>();

    private AcmeDnsConfig(JsonNode root) {
        flatten("", root);
    }

    static AcmeDnsConfig parse(String toml) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(toml);
        } catch (JsonProcessingException e) {
            throw new SourceException("not valid TOML: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SourceException("not an acme-dns configuration: no settings found");
        }
        return new AcmeDnsConfig(root);
    }

    private void flatten(String prefix, JsonNode node) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            if (field.getValue().isObject()) {
                flatten(key, field.getValue());
            } else {
                settings.put(key, field.getValue());
                used.put(key, false);
            }
        }
    }

    boolean has(String key) {
        return settings.containsKey(key);
    }

    /** The setting as text (numbers and booleans too); marks it used. */
    Optional<String> text(String key) {
        JsonNode node = node(key);
        return node == null || node.isNull() || node.isContainerNode() ? Optional.empty() : Optional.of(node.asText());
    }

    boolean flag(String key) {
        JsonNode node = node(key);
        return node != null && (node.asBoolean() || node.asText().equalsIgnoreCase("true"));
    }

    /** A list of strings; a single string counts as a list of one. Marks it used. */
    List<String> list(String key) {
        JsonNode node = node(key);
        List<String> items = new ArrayList<>();
        if (node == null) {
            return items;
        }
        if (node.isArray()) {
            node.forEach(item -> items.add(item.asText()));
        } else {
            items.add(node.asText());
        }
        return items;
    }

    /** The setting as written, for a comment: {@code key = value}. Marks it used. */
    String shown(String key) {
        JsonNode node = node(key);
        return key + " = " + (node == null ? "(not set)" : TomlText.value(node));
    }

    /** The settings no one has read, in file order. */
    List<String> unused() {
        return used.entrySet().stream()
                .filter(e -> !e.getValue())
                .map(Map.Entry::getKey)
                .toList();
    }

    private JsonNode node(String key) {
        if (settings.containsKey(key)) {
            used.put(key, true);
        }
        return settings.get(key);
    }
}
