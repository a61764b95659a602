package io.github.guardrails4j.nemo.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Typed reads of YAML nodes that record a problem (naming where) instead of throwing. Stateless and thread safe.
 */
final class Nodes {
    private Nodes() {}

    /** Reports every key of an object not in {@code known} as unsupported, by name. */
    static void onlyKnownKeys(JsonNode node, String where, Set<String> known, Problems problems, String why) {
        if (node == null || !node.isObject()) {
            return;
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                unknown.add(key);
            }
        }
        for (String key : unknown) {
            problems.unsupported(where + key + ": " + why);
        }
    }

    /** {@return the text value of a key, null when absent or null; records an error when it is not a scalar} */
    static String text(JsonNode node, String key, String where, Problems problems) {
        JsonNode v = node == null ? null : node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            problems.error(where + key + " must be a single value, got a " + kind(v));
            return null;
        }
        return v.asText();
    }

    /** {@return the boolean value of a key, or the default; records an error when it is not a boolean} */
    static boolean bool(JsonNode node, String key, boolean dflt, String where, Problems problems) {
        JsonNode v = node == null ? null : node.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            problems.error(where + key + " must be true or false, got " + describe(v));
            return dflt;
        }
        return v.booleanValue();
    }

    /** {@return the integer value of a key, or null; records an error when it is not a positive integer} */
    static Integer positiveInt(JsonNode node, String key, String where, Problems problems) {
        JsonNode v = node == null ? null : node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 1) {
            problems.error(where + key + " must be a whole number >= 1, got " + describe(v));
            return null;
        }
        return v.intValue();
    }

    /** {@return the object at a key, or null when absent; records an error when it is not a mapping} */
    static JsonNode object(JsonNode node, String key, String where, Problems problems) {
        JsonNode v = node == null ? null : node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            problems.error(where + key + " must be a mapping (key: value lines), got a " + kind(v));
            return null;
        }
        return v;
    }

    /** {@return the list at a key, empty when absent; records an error when it is not a list} */
    static List<JsonNode> list(JsonNode node, String key, String where, Problems problems) {
        JsonNode v = node == null ? null : node.get(key);
        List<JsonNode> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            problems.error(where + key + " must be a list (lines starting with '- '), got a " + kind(v));
            return out;
        }
        v.forEach(out::add);
        return out;
    }

    static String kind(JsonNode v) {
        return v.isObject() ? "mapping" : v.isArray() ? "list" : v.isTextual() ? "string" : "value";
    }

    /** A scalar shown in a message: short values only (configuration values, never secrets). */
    static String describe(JsonNode v) {
        String s = v.isValueNode() ? v.asText() : kind(v);
        return s.length() > 40 ? "'" + s.substring(0, 37) + "...'" : "'" + s + "'";
    }
}
