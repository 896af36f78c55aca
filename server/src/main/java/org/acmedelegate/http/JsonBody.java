package org.acmedelegate.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.acmedelegate.account.ApiException;
import org.acmedelegate.account.ErrorCode;

/**
 * A request body read the way acme-dns (Go's {@code encoding/json}) reads it: a JSON object whose keys
 * match case-insensitively, unknown keys ignored, and a value of the wrong JSON type rejected rather
 * than coerced. An absent, blank or {@code null} body is an empty object. When a key appears twice,
 * in any case, the last one wins, as in Go. Anything else fails with {@code malformed_json_payload}.
 */
final class JsonBody {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private final Map<String, JsonNode> fields;

    private JsonBody(Map<String, JsonNode> fields) {
        this.fields = fields;
    }

    /** Parses UTF-8 bytes; throws {@link ApiException} with {@code malformed_json_payload}. */
    static JsonBody parse(byte[] body) {
        if (body == null || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return new JsonBody(Map.of());
        }
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken first = parser.nextToken();
            Map<String, JsonNode> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            if (first == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    // Removing first makes the last spelling of a key win, not just the last value.
                    fields.remove(key);
                    fields.put(key, MAPPER.readTree(parser));
                }
            } else if (first != JsonToken.VALUE_NULL) {
                throw malformed("body is not a JSON object");
            }
            if (parser.nextToken() != null) {
                throw malformed("trailing data after the JSON value");
            }
            return new JsonBody(fields);
        } catch (JsonProcessingException e) {
            throw malformed("body is not valid JSON");
        } catch (IOException e) {
            throw malformed("body could not be read as JSON");
        }
    }

    /** The string at {@code key}; empty when absent or {@code null}; a non-string is malformed. */
    Optional<String> string(String key) {
        JsonNode node = fields.get(key);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw malformed("\"" + key + "\" is not a string");
        }
        return Optional.of(node.textValue());
    }

    /** The array of strings at {@code key}; empty when absent or {@code null}; anything else is malformed. */
    Optional<List<String>> strings(String key) {
        JsonNode node = fields.get(key);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isArray()) {
            throw malformed("\"" + key + "\" is not an array");
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw malformed("\"" + key + "\" holds a value that is not a string");
            }
            values.add(element.textValue());
        }
        return Optional.of(values);
    }

    /** The boolean at {@code key}; false when absent or {@code null}; a non-boolean is malformed. */
    boolean flag(String key) {
        JsonNode node = fields.get(key);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw malformed("\"" + key + "\" is not true or false");
        }
        return node.booleanValue();
    }

    private static ApiException malformed(String message) {
        return new ApiException(ErrorCode.MALFORMED_JSON, message);
    }
}
