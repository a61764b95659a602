package io.github.guardrails4j.testkit.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's deterministic keyword "classifier": a fixed table of lower-case keywords (see
 * {@link KeywordMatcher} for the pattern rules) mapped to NemoGuard categories. It is not a safety
 * model and catches only the words listed in {@link #TABLE}.
 *
 * <p>Immutable and thread safe. Internal to the simulator; not an API.
 */
public final class KeywordClassifier {

    /**
     * The keyword table, in taxonomy order. Includes a few non-English words so multilingual tests
     * work: Spanish {@code matar}, Chinese {@code 杀}, Arabic {@code قتل}, Hindi {@code मार}
     * (all "kill"), French {@code tuer}.
     */
    public static final Map<SafetyCategory, List<String>> TABLE = table();

    /**
     * Combinations: keywords that are harmless one by one and unsafe together, found anywhere in the text judged
     * (for a multi-turn check, the whole conversation the guard was sent). They model the split attack: three user
     * turns that each pass alone and together ask how to make a toxic gas. Each part is a {@link KeywordMatcher}
     * pattern; none of them is in {@link #TABLE}.
     */
    public static final Map<List<String>, SafetyCategory> COMBINATIONS =
            Map.of(List.of("bleach", "ammonia", "closed room"), SafetyCategory.VIOLENCE);

    private static final KeywordClassifier INSTANCE = new KeywordClassifier();

    private final List<Map.Entry<KeywordMatcher, SafetyCategory>> matchers = new ArrayList<>();

    private KeywordClassifier() {
        TABLE.forEach(
                (category, words) -> words.forEach(w -> matchers.add(Map.entry(new KeywordMatcher(w), category))));
    }

    /** {@return the shared classifier} */
    public static KeywordClassifier instance() {
        return INSTANCE;
    }

    /**
     * Classifies one text.
     *
     * @param text any text; null counts as empty
     * @return the detection, {@link Detection#SAFE} when no keyword matched
     */
    public Detection classify(String text) {
        if (text == null || text.isEmpty()) {
            return Detection.SAFE;
        }
        String lower = KeywordMatcher.normalize(text);
        EnumSet<SafetyCategory> found = EnumSet.noneOf(SafetyCategory.class);
        List<String> keywords = new ArrayList<>();
        for (Map.Entry<KeywordMatcher, SafetyCategory> e : matchers) {
            if (e.getKey().matches(lower)) {
                found.add(e.getValue());
                if (!keywords.contains(e.getKey().keyword())) {
                    keywords.add(e.getKey().keyword());
                }
            }
        }
        COMBINATIONS.forEach((parts, category) -> {
            if (parts.stream().allMatch(p -> new KeywordMatcher(p).matches(lower))) {
                found.add(category);
                keywords.add(String.join("+", parts));
            }
        });
        if (found.isEmpty()) {
            return Detection.SAFE;
        }
        return new Detection(Collections.unmodifiableSet(found), List.copyOf(keywords));
    }

    private static Map<SafetyCategory, List<String>> table() {
        Map<SafetyCategory, List<String>> t = new LinkedHashMap<>();
        t.put(
                SafetyCategory.VIOLENCE,
                List.of(
                        "kill*",
                        "murder*",
                        "stab",
                        "stabs",
                        "stabbed",
                        "stabbing",
                        "shoot*",
                        "bomb*",
                        "assault*",
                        "torture*",
                        "behead*",
                        "massacre*",
                        "matar",
                        "tuer",
                        "杀",
                        "قتل",
                        "मार"));
        t.put(SafetyCategory.SEXUAL, List.of("porn*", "nude*", "sex", "sexual*", "explicit sex*"));
        t.put(
                SafetyCategory.CRIMINAL_PLANNING,
                List.of(
                        "steal*",
                        "stole",
                        "stolen",
                        "rob",
                        "robs",
                        "robbed",
                        "robbery",
                        "robbing",
                        "burglar*",
                        "shoplift*",
                        "kidnap*",
                        "launder*"));
        t.put(
                SafetyCategory.GUNS_AND_ILLEGAL_WEAPONS,
                List.of("gun", "guns", "rifle*", "firearm*", "pistol*", "ammunition", "silencer*"));
        t.put(
                SafetyCategory.CONTROLLED_SUBSTANCES,
                List.of("cocaine", "heroin", "meth", "methamphetamine", "fentanyl", "lsd", "crack cocaine"));
        t.put(
                SafetyCategory.SUICIDE_AND_SELF_HARM,
                List.of("suicid*", "self-harm", "self harm", "kill myself", "cut myself"));
        t.put(SafetyCategory.HATE, List.of("racist*", "racial slur*", "ethnic cleansing"));
        t.put(
                SafetyCategory.PII_PRIVACY,
                List.of("social security number*", "ssn", "credit card number*", "home address*"));
        t.put(SafetyCategory.HARASSMENT, List.of("harass*", "bully*", "bullied", "stalk*"));
        t.put(SafetyCategory.THREAT, List.of("threaten*", "i will hurt", "you will regret"));
        t.put(SafetyCategory.PROFANITY, List.of("fuck*", "shit", "shitty", "bitch*"));
        t.put(SafetyCategory.MANIPULATION, List.of("gaslight*", "manipulat*"));
        t.put(SafetyCategory.FRAUD, List.of("scam*", "phishing", "counterfeit*", "forgery", "forged", "fraud*"));
        t.put(
                SafetyCategory.MALWARE,
                List.of(
                        "hack",
                        "hacks",
                        "hacked",
                        "hacking",
                        "malware",
                        "ransomware",
                        "keylogger*",
                        "botnet*",
                        "trojan horse"));
        t.put(SafetyCategory.POLITICAL_MISINFORMATION, List.of("conspiracy", "hoax"));
        t.put(SafetyCategory.COPYRIGHT, List.of("pirated", "plagiari*"));
        t.put(SafetyCategory.ILLEGAL_ACTIVITY, List.of("smuggl*", "black market"));
        return Collections.unmodifiableMap(t);
    }
}
