package io.github.guardrails4j.testkit.internal;

import java.util.Optional;

/**
 * The NemoGuard content-safety taxonomy (S1..S23 of {@code prompts/content_safety_input.txt}) in
 * template order, each with the Llama Guard 3 code (S1..S14 of {@code
 * prompts/llama_guard_3_input.txt}) the simulator reports for it, if any.
 *
 * <p>Internal to the simulator; not an API.
 */
public enum SafetyCategory {
    VIOLENCE("Violence", "S1"),
    SEXUAL("Sexual", "S12"),
    CRIMINAL_PLANNING("Criminal Planning/Confessions", "S2"),
    GUNS_AND_ILLEGAL_WEAPONS("Guns and Illegal Weapons", "S2"),
    CONTROLLED_SUBSTANCES("Controlled/Regulated Substances", "S2"),
    SUICIDE_AND_SELF_HARM("Suicide and Self Harm", "S11"),
    SEXUAL_MINOR("Sexual (minor)", "S4"),
    HATE("Hate/Identity Hate", "S10"),
    PII_PRIVACY("PII/Privacy", "S7"),
    HARASSMENT("Harassment", "S10"),
    THREAT("Threat", "S1"),
    PROFANITY("Profanity", null),
    NEEDS_CAUTION("Needs Caution", null),
    OTHER("Other", null),
    MANIPULATION("Manipulation", null),
    FRAUD("Fraud/Deception", "S2"),
    MALWARE("Malware", "S2"),
    HIGH_RISK_GOV("High Risk Gov Decision Making", null),
    POLITICAL_MISINFORMATION("Political/Misinformation/Conspiracy", null),
    COPYRIGHT("Copyright/Trademark/Plagiarism", "S8"),
    UNAUTHORIZED_ADVICE("Unauthorized Advice", "S6"),
    ILLEGAL_ACTIVITY("Illegal Activity", "S2"),
    IMMORAL_UNETHICAL("Immoral/Unethical", null);

    private final String nemoGuardName;
    private final String llamaGuardCode;

    SafetyCategory(String nemoGuardName, String llamaGuardCode) {
        this.nemoGuardName = nemoGuardName;
        this.llamaGuardCode = llamaGuardCode;
    }

    /** {@return the category name as NemoGuard writes it, e.g. {@code Violence}} */
    public String nemoGuardName() {
        return nemoGuardName;
    }

    /** {@return the Llama Guard 3 code such as {@code S1}, or empty when Llama Guard 3 has none} */
    public Optional<String> llamaGuardCode() {
        return Optional.ofNullable(llamaGuardCode);
    }
}
