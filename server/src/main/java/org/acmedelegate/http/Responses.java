package org.acmedelegate.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.Map;

/** Writes the API's JSON replies: one compact line, keys in insertion order, {@code application/json}. */
final class Responses {
    static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Responses() {}

    static void json(Context ctx, int status, Map<String, ?> body) {
        ctx.status(status).contentType(JSON).result(compact(body));
    }

    static String compact(Map<String, ?> body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a reply of strings as JSON", e);
        }
    }

    static String error(String code) {
        return compact(Map.of("error", code));
    }
}
