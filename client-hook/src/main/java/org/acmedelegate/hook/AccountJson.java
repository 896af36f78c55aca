package org.acmedelegate.hook;

import com.google.gson.FormattingStyle;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON the hook reads and writes, with Gson's streaming API: {@link Account}s in the layout of goacmedns,
 * lego and acme-dns-client, and the {@code error} of the API's answers. Reading accepts strict JSON only,
 * skips unknown fields, takes numbers and booleans as text and lets the last of repeated fields win, as the
 * Jackson binding it replaces did.
 */
final class AccountJson {
    // Jackson's default depth limit; Gson's own (255) would reject files Jackson read.
    private static final int NESTING_LIMIT = 1000;
    private static final Pattern LINE = Pattern.compile(" at line (\\d+) ");

    /** Text that holds no account (map): malformed JSON, JSON of another shape, or an incomplete account. */
    static final class InvalidJson extends Exception {
        private final String line;

        InvalidJson(String line, Throwable cause) {
            super("invalid JSON" + (line == null ? "" : " at line " + line), cause);
            this.line = line;
        }

        /** Where the reader stopped, when known. */
        String line() {
            return line;
        }
    }

    private AccountJson() {}

    /** The account file's map in file order; an entry whose value is JSON null maps to null. */
    static Map<String, Account> readMap(String text) throws InvalidJson {
        JsonReader in = reader(text);
        try {
            Map<String, Account> accounts = new LinkedHashMap<>();
            in.beginObject();
            while (in.hasNext()) {
                String key = in.nextName();
                if (in.peek() == JsonToken.NULL) {
                    in.nextNull();
                    accounts.put(key, null);
                } else {
                    accounts.put(key, read(in));
                }
            }
            in.endObject();
            return accounts;
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            // IllegalStateException is Gson's "expected X but was Y"; IllegalArgumentException an incomplete account
            throw new InvalidJson(line(in), e);
        }
    }

    /** One account object, such as the server's {@code /register} answer. */
    static Account readAccount(String text) throws InvalidJson {
        JsonReader in = reader(text);
        try {
            return read(in);
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw new InvalidJson(line(in), e);
        }
    }

    /** The string member {@code name} of a JSON object (the last one when repeated), or null. */
    static String stringMember(String text, String name) throws InvalidJson {
        JsonReader in = reader(text);
        try {
            if (in.peek() != JsonToken.BEGIN_OBJECT) {
                return null;
            }
            String value = null;
            in.beginObject();
            while (in.hasNext()) {
                if (!in.nextName().equals(name)) {
                    in.skipValue();
                } else if (in.peek() == JsonToken.STRING) {
                    value = in.nextString();
                } else {
                    value = null;
                    in.skipValue();
                }
            }
            in.endObject();
            return value;
        } catch (IOException | IllegalStateException e) {
            throw new InvalidJson(line(in), e);
        }
    }

    /** A strict reader: no comments, single quotes, unquoted names, trailing commas (RFC 8259). */
    private static JsonReader reader(String text) throws InvalidJson {
        if (text.startsWith("\uFEFF")) {
            // Gson would skip a byte order mark; Jackson rejected it, as Go's encoding/json (lego, goacmedns) does.
            throw new InvalidJson("1", null);
        }
        JsonReader in = new JsonReader(new StringReader(text));
        in.setStrictness(Strictness.STRICT);
        in.setNestingLimit(NESTING_LIMIT);
        return in;
    }

    /** The line {@code in} stopped at, or null: Gson tells its position only in its description. */
    private static String line(JsonReader in) {
        Matcher m = LINE.matcher(in.toString());
        return m.find() ? m.group(1) : null;
    }

    private static Account read(JsonReader in) throws IOException {
        String username = null;
        String password = null;
        String fullDomain = null;
        String subdomain = null;
        List<String> allowFrom = null;
        String serverUrl = null;
        in.beginObject();
        while (in.hasNext()) {
            switch (in.nextName()) {
                case "username" -> username = text(in);
                case "password" -> password = text(in);
                case "fulldomain" -> fullDomain = text(in);
                case "subdomain" -> subdomain = text(in);
                case "allowfrom" -> allowFrom = texts(in);
                case "server_url" -> serverUrl = text(in);
                default -> in.skipValue();
            }
        }
        in.endObject();
        if (allowFrom != null && allowFrom.contains(null)) {
            throw new IllegalArgumentException("allowfrom holds a null");
        }
        return new Account(username, password, fullDomain, subdomain, allowFrom, serverUrl);
    }

    /** The account file's text: the map indented, entries in the given order, no {@code server_url} when unset. */
    static String write(Map<String, Account> accounts) {
        StringWriter text = new StringWriter();
        try (JsonWriter out = new JsonWriter(text)) {
            out.setFormattingStyle(FormattingStyle.PRETTY);
            out.beginObject();
            for (Map.Entry<String, Account> e : accounts.entrySet()) {
                out.name(e.getKey());
                write(out, e.getValue());
            }
            out.endObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string failed", e);
        }
        return text.toString();
    }

    private static void write(JsonWriter out, Account account) throws IOException {
        out.beginObject();
        out.name("username").value(account.username());
        out.name("password").value(account.password());
        out.name("fulldomain").value(account.fullDomain());
        out.name("subdomain").value(account.subdomain());
        out.name("allowfrom").beginArray();
        for (String cidr : account.allowFrom()) {
            out.value(cidr);
        }
        out.endArray();
        if (account.serverUrl() != null) {
            out.name("server_url").value(account.serverUrl());
        }
        out.endObject();
    }

    private static String text(JsonReader in) throws IOException {
        return switch (in.peek()) {
            case STRING, NUMBER -> in.nextString();
            case BOOLEAN -> String.valueOf(in.nextBoolean());
            case NULL -> {
                in.nextNull();
                yield null;
            }
            default -> throw new IllegalStateException("expected a string but was " + in.peek());
        };
    }

    private static List<String> texts(JsonReader in) throws IOException {
        if (in.peek() == JsonToken.NULL) {
            in.nextNull();
            return null;
        }
        List<String> values = new ArrayList<>();
        in.beginArray();
        while (in.hasNext()) {
            values.add(text(in));
        }
        in.endArray();
        return values;
    }
}
