package io.github.guardrails4j.prompt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A guard model prompt with {@code {{ name }}} placeholders (Jinja-style; white space inside the braces is
 * optional), rendered by verbatim substitution.
 *
 * <p><b>Determinism.</b> Rendering depends only on the template text and the values: no escaping, no trimming,
 * no locale, time zone, clock, line separator or map iteration order. Values are inserted in a single pass, so a
 * value that itself contains {@code {{ user_input }}} is inserted as-is and never expanded.
 *
 * <p><b>KV cache reuse.</b> {@link #fixedPrefix()} is the text before the first placeholder; it is the same bytes
 * on every render, so a NIM with prefix caching ({@code NIM_ENABLE_KV_CACHE_REUSE=1}) recomputes only what
 * follows. {@link #prefixFingerprint()} is its SHA-256, for logs, dashboards and replica affinity.
 *
 * <p>Immutable and thread safe.
 */
public final class PromptTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\}\\}");

    private final String text;
    /** Literal parts; literals.get(i) comes before placeholders.get(i); one more literal than placeholders. */
    private final List<String> literals;

    private final List<String> placeholders;
    private final Set<String> names;
    private final int literalLength;
    private final String prefixFingerprint;

    private PromptTemplate(String text) {
        this.text = text;
        List<String> lits = new ArrayList<>();
        List<String> holes = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int last = 0;
        while (m.find()) {
            lits.add(text.substring(last, m.start()));
            holes.add(m.group(1));
            last = m.end();
        }
        lits.add(text.substring(last));
        this.literals = List.copyOf(lits);
        this.placeholders = List.copyOf(holes);
        this.names = Set.copyOf(new LinkedHashSet<>(holes));
        this.literalLength = lits.stream().mapToInt(String::length).sum();
        this.prefixFingerprint = sha256Hex(literals.get(0));
    }

    /**
     * Parses a template.
     *
     * @param text the template text, used exactly as given (line endings included)
     * @return the template
     * @throws NullPointerException when text is null
     */
    public static PromptTemplate of(String text) {
        return new PromptTemplate(Objects.requireNonNull(text, "template text"));
    }

    /** {@return the template text exactly as given} */
    public String text() {
        return text;
    }

    /** {@return the placeholder names in order of appearance, repeats included; unmodifiable} */
    public List<String> placeholders() {
        return placeholders;
    }

    /**
     * Returns true when the template has that placeholder.
     *
     * @param name a placeholder name such as {@code user_input}
     * @return true when the template has that placeholder
     */
    public boolean hasPlaceholder(String name) {
        return names.contains(name);
    }

    /** {@return the text before the first placeholder (the whole text when there is none)} */
    public String fixedPrefix() {
        return literals.get(0);
    }

    /** {@return the SHA-256 of {@link #fixedPrefix()} encoded as UTF-8, as 64 lower-case hex digits} */
    public String prefixFingerprint() {
        return prefixFingerprint;
    }

    /**
     * Renders the template, inserting each value verbatim.
     *
     * @param values a value for every placeholder; extra keys are ignored; iteration order is irrelevant
     * @return the rendered text
     * @throws IllegalArgumentException when a placeholder has no value (the message names it)
     * @throws NullPointerException when values is null
     */
    public String render(Map<String, String> values) {
        Objects.requireNonNull(values, "values");
        int size = literalLength;
        for (String name : placeholders) {
            String v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException("no value for placeholder {{ " + name + " }}; the template needs "
                        + names + ", got " + values.keySet());
            }
            size += v.length();
        }
        StringBuilder out = new StringBuilder(size);
        for (int i = 0; i < placeholders.size(); i++) {
            out.append(literals.get(i)).append(values.get(placeholders.get(i)));
        }
        return out.append(literals.get(literals.size() - 1)).toString();
    }

    /**
     * Renders a template that has exactly one placeholder name, possibly repeated.
     *
     * @param name the placeholder name, for example {@code user_input}
     * @param value its value, inserted verbatim
     * @return the rendered text
     * @throws IllegalArgumentException when the template's placeholders are not exactly {@code name}
     */
    public String render(String name, String value) {
        if (!names.equals(Set.of(name))) {
            throw new IllegalArgumentException("template placeholders are " + names + ", not just " + name);
        }
        return render(Map.of(name, Objects.requireNonNull(value, name)));
    }

    /**
     * Returns this template without one trailing line feed, as Jinja renders it by default
     * ({@code keep_trailing_newline=False}, which NeMo Guardrails uses). Templates that do not end with
     * {@code \n} are returned unchanged.
     *
     * @return the template without one trailing {@code \n}
     */
    public PromptTemplate withoutTrailingNewline() {
        return text.endsWith("\n") ? of(text.substring(0, text.length() - 1)) : this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PromptTemplate && ((PromptTemplate) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return "PromptTemplate{placeholders=" + placeholders + ", prefixBytes="
                + literals.get(0).getBytes(StandardCharsets.UTF_8).length + ", prefixSha256=" + prefixFingerprint + '}';
    }

    /**
     * The SHA-256 of a text's UTF-8 bytes, the form every prefix fingerprint takes.
     *
     * @param s the text
     * @return 64 lower-case hex digits
     */
    public static String sha256Hex(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
