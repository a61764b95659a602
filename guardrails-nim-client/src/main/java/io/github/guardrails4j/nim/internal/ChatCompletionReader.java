package io.github.guardrails4j.nim.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.github.guardrails4j.exception.GuardProtocolException;
import io.github.guardrails4j.model.ChatAnswer;
import io.github.guardrails4j.verdict.TokenUsage;
import java.io.IOException;
import okhttp3.HttpUrl;

/**
 * Reads a chat completion body in one pass of Jackson's streaming parser, without building a tree: the same checks
 * and the same answers as reading the strict tree ({@link WireFormat#readStrict}) and walking it, at a fraction of
 * the allocation. The parser comes from {@link WireFormat#READER}, so a repeated key at any depth is an error; a
 * token after the one JSON value is an error too. Shape errors are reported only once the whole body has been read
 * (a syntax error anywhere wins), in the order the tree walk reported them. Internal API. Stateless and thread safe.
 */
final class ChatCompletionReader {
    private ChatCompletionReader() {}

    /** What one pass found; every shape error is judged after the last token. */
    private static final class Found {
        boolean object;
        boolean choices;
        boolean message;
        boolean badContent;
        boolean badFinish;
        String content;
        String finish;
        TokenUsage usage;
    }

    /**
     * Decodes a chat completion answer (see {@link WireFormat#decodeChatCompletion}).
     *
     * @param url the URL that answered, for messages
     * @param body the body, not blank
     * @return the completion
     * @throws GuardProtocolException when the body is not exactly one JSON value without repeated keys, or not a
     *     chat completion
     */
    static ChatAnswer read(HttpUrl url, String body) {
        Found f = new Found();
        try (JsonParser p = WireFormat.READER.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                f.object = true;
                root(p, f);
            } else {
                p.skipChildren();
            }
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw new GuardProtocolException(
                        "expected a chat completion (exactly one JSON value, no repeated key) from " + url
                                + " but got: " + NimHttp.excerpt(body) + " (a " + trailing + " token after the value)"
                                + "; check the base URL (a proxy or a web page answers instead)",
                        null);
            }
        } catch (JsonProcessingException e) {
            throw new GuardProtocolException(
                    "expected a chat completion (exactly one JSON value, no repeated key) from " + url + " but got: "
                            + NimHttp.excerpt(body) + " (" + e.getOriginalMessage()
                            + "); check the base URL (a proxy or a web page answers instead)",
                    e);
        } catch (IOException e) {
            throw new IllegalStateException("reading a String cannot fail with I/O", e);
        }
        if (!f.object) {
            throw WireFormat.protocol(url, "a chat completion (a JSON object)", body);
        }
        if (!f.choices) {
            throw WireFormat.protocol(url, "a chat completion with a non-empty \"choices\" array", body);
        }
        if (!f.message) {
            throw WireFormat.protocol(url, "\"choices[0].message\" to be an object", body);
        }
        if (f.badContent) {
            throw WireFormat.protocol(url, "\"choices[0].message.content\" to be a string or null", body);
        }
        if (f.badFinish) {
            throw WireFormat.protocol(url, "\"choices[0].finish_reason\" to be a string or null", body);
        }
        return new ChatAnswer(f.content, f.finish, f.usage);
    }

    /** Reads the root object's fields; the parser is on its START_OBJECT and ends on its END_OBJECT. */
    private static void root(JsonParser p, Found f) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("choices".equals(name) && value == JsonToken.START_ARRAY) {
                choices(p, f);
            } else if ("usage".equals(name) && value == JsonToken.START_OBJECT) {
                f.usage = usage(p);
            } else {
                p.skipChildren();
            }
        }
    }

    /** Reads {@code choices[0]} and skips the rest of the array. */
    private static void choices(JsonParser p, Found f) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_ARRAY) {
            return;
        }
        f.choices = true;
        if (t == JsonToken.START_OBJECT) {
            choice(p, f);
        } else {
            p.skipChildren();
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            p.skipChildren();
        }
    }

    private static void choice(JsonParser p, Found f) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("message".equals(name) && value == JsonToken.START_OBJECT) {
                f.message = true;
                message(p, f);
            } else if ("finish_reason".equals(name)) {
                f.finish = text(p, value);
                f.badFinish = f.finish == null && value != JsonToken.VALUE_NULL;
            } else {
                p.skipChildren();
            }
        }
    }

    private static void message(JsonParser p, Found f) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("content".equals(name)) {
                f.content = text(p, value);
                f.badContent = f.content == null && value != JsonToken.VALUE_NULL;
            } else {
                p.skipChildren();
            }
        }
    }

    /** {@return the string value the parser is on, or null (having skipped it) for anything else} */
    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /**
     * Reads a {@code usage} object as {@link WireFormat#decodeUsage} does: unknown (null) unless both counts are
     * non-negative ints; an absent or malformed cached count is unknown.
     */
    private static TokenUsage usage(JsonParser p) throws IOException {
        int prompt = -1;
        int completion = -1;
        Integer cached = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "prompt_tokens" -> prompt = count(p);
                case "completion_tokens" -> completion = count(p);
                case "prompt_tokens_details" -> cached = cached(p);
                default -> p.skipChildren();
            }
        }
        return prompt < 0 || completion < 0 ? null : TokenUsage.of(prompt, completion, cached);
    }

    private static Integer cached(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        Integer cached = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if ("cached_tokens".equals(name)) {
                int n = count(p);
                cached = n < 0 ? null : n;
            } else {
                p.skipChildren();
            }
        }
        return cached;
    }

    /** {@return the non-negative int the parser is on, or -1 (having skipped the value) for anything else} */
    private static int count(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            return Math.max(-1, p.getIntValue());
        }
        p.skipChildren();
        return -1;
    }
}
