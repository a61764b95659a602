package io.github.guardrails4j.prompt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Prints, as ASCII, the JVM's line separator and default locale, then one SHA-256 over the rendered content safety
 * prompts for {@link NemoGuardPromptsTest#variedTexts(int)}. Run in a child JVM by {@link ForeignJvmRenderingTest}.
 */
public final class PromptDigestMain {
    private PromptDigestMain() {}

    /**
     * @param args ignored
     * @throws Exception when SHA-256 is missing
     */
    public static void main(String[] args) throws Exception {
        System.out.println(
                "separator=" + HexFormat.of().formatHex(System.lineSeparator().getBytes(StandardCharsets.US_ASCII)));
        System.out.println("locale=" + Locale.getDefault().toLanguageTag());
        System.out.println("digest=" + digest());
    }

    static String digest() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String text : NemoGuardPromptsTest.variedTexts(300)) {
            sha.update(NemoGuardPrompts.contentSafetyInput()
                    .render(NemoGuardPrompts.USER_INPUT, text)
                    .getBytes(StandardCharsets.UTF_8));
            sha.update(NemoGuardPrompts.contentSafetyOutput()
                    .render(Map.of(NemoGuardPrompts.USER_INPUT, text, NemoGuardPrompts.BOT_RESPONSE, text))
                    .getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
