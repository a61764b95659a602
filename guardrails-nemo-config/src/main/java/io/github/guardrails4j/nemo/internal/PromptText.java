package io.github.guardrails4j.nemo.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Jinja that NeMo Guardrails' NemoGuard prompts use, and nothing more: {@code {{ name }}} placeholders
 * (left in the text for {@code PromptTemplate}, which inserts values verbatim, as NeMo does) and the one load-time
 * conditional of the Nemotron Content Safety Reasoning prompt, {@code {% if NAME %}A{% else %}B{% endif %}} with a
 * boolean configuration flag (for example {@code reasoning_enabled}), replaced by {@code A} or {@code B} at load time.
 * Anything else ({@code {# #}}, filters, attribute access, other tags, whitespace control {@code -}) is refused by
 * name. As Jinja's default ({@code keep_trailing_newline=False}, which NeMo uses), one trailing line feed is dropped.
 * Stateless and thread safe.
 */
public final class PromptText {
    private static final Pattern CONSTRUCT = Pattern.compile("\\{\\{.*?\\}\\}|\\{%.*?%\\}|\\{#.*?#\\}", Pattern.DOTALL);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\}\\}");
    private static final Pattern IF = Pattern.compile("\\{%\\s*if\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*%\\}");
    private static final Pattern ELSE = Pattern.compile("\\{%\\s*else\\s*%\\}");
    private static final Pattern ENDIF = Pattern.compile("\\{%\\s*endif\\s*%\\}");

    private PromptText() {}

    /**
     * Resolves the load-time conditionals, checks the placeholders and drops one trailing line feed.
     *
     * @param text the prompt text as written in the YAML file
     * @param placeholders the placeholder names this prompt may use
     * @param flags the boolean flags a conditional may test, by name
     * @return the text ready for {@code PromptTemplate.of}
     * @throws IllegalArgumentException naming the first unsupported construct and its line in the prompt
     */
    public static String resolve(String text, Set<String> placeholders, Map<String, Boolean> flags) {
        StringBuilder out = new StringBuilder(text.length());
        Matcher m = CONSTRUCT.matcher(text);
        int last = 0;
        while (m.find(last)) {
            String construct = m.group();
            out.append(text, last, m.start());
            Matcher ph = PLACEHOLDER.matcher(construct);
            Matcher cond = IF.matcher(construct);
            if (ph.matches()) {
                if (!placeholders.contains(ph.group(1))) {
                    throw unsupported(
                            text,
                            m.start(),
                            construct,
                            "unknown variable; this prompt may use " + sorted(placeholders));
                }
                out.append(construct);
                last = m.end();
            } else if (cond.matches() && flags.containsKey(cond.group(1))) {
                Matcher otherwise = ELSE.matcher(text);
                Matcher end = ENDIF.matcher(text);
                if (!end.find(m.end())) {
                    throw unsupported(text, m.start(), construct, "no {% endif %} follows");
                }
                boolean hasElse = otherwise.find(m.end()) && otherwise.start() < end.start();
                String then = text.substring(m.end(), hasElse ? otherwise.start() : end.start());
                String orElse = hasElse ? text.substring(otherwise.end(), end.start()) : "";
                for (String branch : List.of(then, orElse)) {
                    Matcher inner = CONSTRUCT.matcher(branch);
                    if (inner.find()) {
                        throw unsupported(text, m.start(), inner.group(), "only plain text inside {% if %}");
                    }
                }
                out.append(flags.get(cond.group(1)) ? then : orElse);
                last = end.end();
            } else {
                throw unsupported(
                        text,
                        m.start(),
                        construct,
                        "only {{ variable }} and {% if " + String.join("/", sorted(flags.keySet()))
                                + " %}...{% else %}...{% endif %} are supported");
            }
        }
        out.append(text.substring(last));
        int n = out.length();
        return n > 0 && out.charAt(n - 1) == '\n' ? out.substring(0, n - 1) : out.toString();
    }

    /**
     * The placeholder names a resolved text uses, in order of first use.
     *
     * @param resolved a text returned by {@link #resolve}
     * @return the names
     */
    public static List<String> placeholders(String resolved) {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(resolved);
        while (m.find()) {
            if (!names.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /**
     * The fixed text after the last placeholder of a resolved text.
     *
     * @param resolved a text returned by {@link #resolve}
     * @return the text after the last placeholder; the whole text when it has none
     */
    public static String afterLastPlaceholder(String resolved) {
        Matcher m = PLACEHOLDER.matcher(resolved);
        int end = 0;
        while (m.find()) {
            end = m.end();
        }
        return resolved.substring(end);
    }

    private static List<String> sorted(Set<String> names) {
        List<String> list = new ArrayList<>(names);
        list.sort(null);
        return list;
    }

    private static IllegalArgumentException unsupported(String text, int at, String construct, String rule) {
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        String shown = construct.length() > 60 ? construct.substring(0, 57) + "..." : construct;
        return new IllegalArgumentException("unsupported Jinja construct " + shown.replace("\n", " ") + " (line " + line
                + " of the prompt): " + rule);
    }
}
