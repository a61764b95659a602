package io.github.guardrails4j.verdict;

import io.github.guardrails4j.exception.ConfigurationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An ordered list of {@link SafetyCategory safety categories}, and the mapping from a category as a model
 * wrote it ({@code S1}, {@code Violence}, {@code S1: Violence}, {@code s1}) to its entry.
 *
 * <p>Built-ins: {@link #NEMOGUARD} (S1..S23, the Aegis 2.0 taxonomy in the content safety prompt of
 * NVIDIA-NeMo/Guardrails {@code examples/configs/content_safety/prompts.yml} at commit
 * 13739de09bdd7593c72b2f7b47bc8f03da649503, bundled as the resource {@code content_safety_input.txt}) and
 * {@link #LLAMA_GUARD_3} (S1..S14, Meta's Llama Guard 3 model card,
 * <a href="https://huggingface.co/meta-llama/Llama-Guard-3-8B">meta-llama/Llama-Guard-3-8B</a>). Immutable and
 * thread safe.
 */
public final class Taxonomy {
    /** The 23 categories of the NemoGuard content safety prompt (Aegis 2.0), in prompt order. */
    public static final Taxonomy NEMOGUARD = of(
            "Violence",
            "Sexual",
            "Criminal Planning/Confessions",
            "Guns and Illegal Weapons",
            "Controlled/Regulated Substances",
            "Suicide and Self Harm",
            "Sexual (minor)",
            "Hate/Identity Hate",
            "PII/Privacy",
            "Harassment",
            "Threat",
            "Profanity",
            "Needs Caution",
            "Other",
            "Manipulation",
            "Fraud/Deception",
            "Malware",
            "High Risk Gov Decision Making",
            "Political/Misinformation/Conspiracy",
            "Copyright/Trademark/Plagiarism",
            "Unauthorized Advice",
            "Illegal Activity",
            "Immoral/Unethical");

    /** The 14 categories of Meta Llama Guard 3 (model card, MLCommons hazard taxonomy), in card order. */
    public static final Taxonomy LLAMA_GUARD_3 = of(
            "Violent Crimes",
            "Non-Violent Crimes",
            "Sex Crimes",
            "Child Exploitation",
            "Defamation",
            "Specialized Advice",
            "Privacy",
            "Intellectual Property",
            "Indiscriminate Weapons",
            "Hate",
            "Self-Harm",
            "Sexual Content",
            "Elections",
            "Code Interpreter Abuse");

    private final List<SafetyCategory> categories;
    private final Map<String, SafetyCategory> byKey;

    private Taxonomy(List<SafetyCategory> categories) {
        this.categories = List.copyOf(categories);
        Map<String, SafetyCategory> keys = new HashMap<>();
        for (SafetyCategory c : this.categories) {
            keys.put(key(c.code()), c);
            keys.put(key(c.name()), c);
            keys.put(key(c.code() + ": " + c.name()), c);
        }
        this.byKey = Collections.unmodifiableMap(keys);
    }

    /**
     * Creates a taxonomy whose codes are {@code S1}, {@code S2}, ... in the given order.
     *
     * @param names the category names, in order; at least one, none blank
     * @return the taxonomy
     * @throws ConfigurationException when names is empty or a name is blank
     */
    public static Taxonomy of(String... names) {
        List<SafetyCategory> list = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            list.add(new SafetyCategory("S" + (i + 1), names[i]));
        }
        return of(list);
    }

    /**
     * Creates a taxonomy from explicit entries.
     *
     * @param categories the entries, in order; at least one
     * @return the taxonomy
     * @throws ConfigurationException when the list is empty or a code repeats
     */
    public static Taxonomy of(List<SafetyCategory> categories) {
        if (categories.isEmpty()) {
            throw new ConfigurationException("a taxonomy needs at least one category");
        }
        if (categories.stream().map(c -> key(c.code())).distinct().count() != categories.size()) {
            throw new ConfigurationException("taxonomy codes must be unique, got " + categories);
        }
        return new Taxonomy(categories);
    }

    /** {@return the categories in order; unmodifiable} */
    public List<SafetyCategory> categories() {
        return categories;
    }

    /**
     * Maps a category as a model wrote it to an entry. Matches the code ({@code S1}), the name
     * ({@code Violence}) or both ({@code S1: Violence}), ignoring case, surrounding white space and a trailing
     * period.
     *
     * @param text the category text from the model
     * @return the entry, or empty when nothing matches
     */
    public Optional<SafetyCategory> match(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byKey.get(key(text)));
    }

    private static String key(String text) {
        String t = text.strip();
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1).strip();
        }
        return t.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "Taxonomy" + categories;
    }
}
