package org.acmedelegate.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the configuration file into {@link ConfigFile} and turns every reading problem into words an
 * operator can act on: a syntax error names its line and column, every unknown key is listed (with its
 * line), a wrong type says what the key wants, and a file that cannot be read says why. No message shows
 * the TOML or mapping library's internals.
 */
final class TomlReader {
    private static final int MAX_WRONG_TYPES = 1000;

    private TomlReader() {}

    /** The file's text; a {@link ConfigException} says whether it is missing, unreadable or a directory. */
    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            String why = Unreadable.why(file, e);
            throw new ConfigException(
                    "config file not found: " + file + why.substring("it does not exist".length()), e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + Unreadable.why(file, e), e);
        }
    }

    /**
     * The file as written, with every unknown key and every value of the wrong type added to {@code problems}
     * (such a value is left out, so the keys after it are still read); a syntax error is thrown at once.
     */
    static ConfigFile read(TomlMapper mapper, String toml, ConfigProblems problems) {
        JsonNode tree;
        try {
            tree = mapper.readTree(toml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String position = at == null || at.getLineNr() < 1
                    ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException("config is not valid TOML" + position + ": " + e.getOriginalMessage(), e);
        }
        if (!(tree instanceof ObjectNode root)) {
            return null;
        }
        // the mapper stops at the first value of a wrong type: note it, drop it and map again
        for (int tries = 0; tries < MAX_WRONG_TYPES; tries++) {
            List<String> unknown = new ArrayList<>();
            try {
                ConfigFile file = mapper.readerFor(ConfigFile.class)
                        .withHandler(unknownKeys(toml, unknown))
                        .readValue(root);
                unknown.forEach(u -> problems.add(u.substring(0, u.indexOf(": ")), u));
                return file;
            } catch (JsonMappingException e) {
                String key = keyOf(e);
                problems.add(key, key + ": " + wrongType(e) + where(toml, key));
                if (!drop(root, e.getPath())) {
                    return null;
                }
            } catch (IOException e) {
                problems.add("", "config cannot be read: " + e.getMessage());
                return null;
            }
        }
        return null;
    }

    private static DeserializationProblemHandler unknownKeys(String toml, List<String> unknown) {
        return new DeserializationProblemHandler() {
            @Override
            public boolean handleUnknownProperty(
                    DeserializationContext ctxt,
                    JsonParser p,
                    JsonDeserializer<?> deserializer,
                    Object beanOrClass,
                    String propertyName)
                    throws IOException {
                JsonStreamContext at = p.getParsingContext();
                if (p.currentToken() != null && p.currentToken().isStructStart()) {
                    // the parser already entered the value: its context is the value's, not the key's
                    at = at.getParent();
                }
                String parent = path(at.getParent());
                String key = parent.isEmpty() ? propertyName : parent + "." + propertyName;
                unknown.add(key + ": unknown key" + where(toml, key));
                p.skipChildren();
                return true;
            }
        };
    }

    /**
     * Removes the value at {@code path} from {@code root}; a wrong element of a list removes the whole list,
     * so the indexes of the other problems stay as written. False when the path leads nowhere.
     */
    private static boolean drop(ObjectNode root, List<JsonMappingException.Reference> path) {
        JsonNode node = root;
        ObjectNode owner = null;
        String field = null;
        for (JsonMappingException.Reference ref : path) {
            if (ref.getIndex() >= 0) {
                if (!(node instanceof ArrayNode)) {
                    return false;
                }
                break;
            }
            if (!(node instanceof ObjectNode object)) {
                return false;
            }
            owner = object;
            field = snake(ref.getFieldName());
            node = object.get(field);
            if (node == null) {
                return false;
            }
        }
        return owner != null && owner.remove(field) != null;
    }

    private static String wrongType(JsonMappingException e) {
        if (e.getCause() instanceof InputCoercionException) {
            return "the number is too large: it must be a whole number up to " + Integer.MAX_VALUE;
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "wrong type of value: it must be " + describe(m.getTargetType());
        }
        return "wrong type of value";
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string in quotes";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list in brackets, such as [\"...\"]";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a table";
        }
        return "of another type";
    }

    private static String keyOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getIndex() >= 0 ? "[" + ref.getIndex() + "]" : "." + snake(ref.getFieldName()))
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    /** The key path of the value {@code context} is in: the names and indexes of its enclosing contexts. */
    private static String path(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.add(0, "." + c.getCurrentName());
            }
        }
        return String.join("", parts).replaceFirst("^\\.", "");
    }

    private static String snake(String name) {
        return name == null
                ? "?"
                : name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** " (line N)" for {@code key} in {@code toml}, or "" when not found; see {@link #line}. */
    static String where(String toml, String key) {
        int line = keyLine(toml, key);
        return line < 0 ? "" : " (line " + line + ")";
    }

    /**
     * The line of {@code key} in {@code toml}, for listing problems in file order. A key that is not written
     * (a required one, or one checked against another) takes the last line of the nearest table around it
     * that is written, so it comes after the keys written there; with no such table it comes last.
     */
    static int line(String toml, String key) {
        int written = keyLine(toml, key);
        if (written > 0) {
            return written;
        }
        String[] lines = toml.split("\n", -1);
        for (String k = key; k.contains(".") || k.contains("["); ) {
            k = k.substring(0, Math.max(k.lastIndexOf('.'), k.lastIndexOf('[')));
            int at = keyLine(toml, k);
            if (at > 0) {
                if (!lines[at - 1].strip().startsWith("[")) {
                    return at;
                }
                int end = at;
                while (end < lines.length && !lines[end].strip().startsWith("[")) {
                    end++;
                }
                return end;
            }
        }
        return Integer.MAX_VALUE;
    }

    /**
     * The 1-based line of {@code key} in {@code toml}, or -1: the mapper works on a tree and keeps no
     * positions, so the key's line is looked up in the text (its table's header, then the key).
     */
    private static int keyLine(String toml, String key) {
        String plain = key.replaceAll("\\[\\d+]", "");
        int dot = plain.lastIndexOf('.');
        String table = dot < 0 ? "" : plain.substring(0, dot);
        String last = plain.substring(dot + 1);
        String[] lines = toml.split("\n", -1);
        Pattern header = Pattern.compile("^\\s*\\[\\[?\\s*" + Pattern.quote(table) + "\\s*]]?\\s*(#.*)?$");
        Pattern anyHeader = Pattern.compile("^\\s*\\[.*");
        Pattern assignment = Pattern.compile("^\\s*" + Pattern.quote(last) + "\\s*=.*");
        Pattern tableHeader = Pattern.compile("^\\s*\\[\\[?\\s*" + Pattern.quote(plain) + "\\s*[].].*");
        boolean inTable = table.isEmpty();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (tableHeader.matcher(line).matches()) {
                return i + 1;
            }
            if (anyHeader.matcher(line).matches()) {
                inTable = !table.isEmpty() && header.matcher(line).matches();
                continue;
            }
            if (inTable && assignment.matcher(line).matches()) {
                return i + 1;
            }
        }
        return -1;
    }
}
