package io.github.guardrails4j.testkit.internal;

import java.util.Optional;

/**
 * Extracts the user text and agent response from a rendered NemoGuard content-safety prompt
 * ({@code prompts/content_safety_input.txt} / {@code content_safety_output.txt}).
 *
 * <p>The conversation sits between {@code \nuser: } (first occurrence, after {@code <BEGIN
 * CONVERSATION>}) and the template's fixed suffix {@code \n\n<END CONVERSATION>\n\nProvide your
 * safety assessment...}, found as the last occurrence so that user text containing {@code <END
 * CONVERSATION>} does not end the conversation early. The agent response follows {@code
 * \n\nresponse: agent: }. Because user text may itself contain that marker, the user text is read
 * up to its <em>last</em> occurrence and the response from its <em>first</em>: a keyword can never
 * be hidden from a check by spoofing the marker (it may be counted for both). A multi-turn conversation section
 * ({@code user: ...}, {@code response: agent: ...}, ..., {@code user: ...}) that ends with a user turn is an input
 * check: all of it is the user's side, so the classifier judges the whole conversation; one that ends with a
 * response is an output check whose response starts at the first response marker after the last user turn.
 *
 * @param userText the user text
 * @param agentResponse the agent response, if the output template was used
 */
public record ContentSafetyPrompt(String userText, Optional<String> agentResponse) {

    private static final String CONVERSATION_START = "<BEGIN CONVERSATION>\n\nuser: ";
    private static final String USER_MARKER = "\nuser: ";
    private static final String RESPONSE_MARKER = "\n\nresponse: agent: ";
    /** Starts a later user turn of a multi-turn conversation section. */
    private static final String TURN_MARKER = "\n\nuser: ";
    /** The start of the fixed suffix shared by both templates. */
    private static final String SUFFIX_START =
            "\n\n<END CONVERSATION>\n\nProvide your safety assessment for the above conversation";

    private static final String END_MARKER = "\n\n<END CONVERSATION>";

    /**
     * Parses a rendered prompt; text that is not a rendered template is taken whole as user text.
     *
     * @param prompt the user message content
     * @return the parts
     */
    public static ContentSafetyPrompt parse(String prompt) {
        int start;
        int begin = prompt.indexOf(CONVERSATION_START);
        if (begin >= 0) {
            start = begin + CONVERSATION_START.length();
        } else {
            int user = prompt.indexOf(USER_MARKER);
            start = user >= 0 ? user + USER_MARKER.length() : 0;
        }
        int end = prompt.lastIndexOf(SUFFIX_START);
        if (end < start) {
            end = prompt.lastIndexOf(END_MARKER);
        }
        if (end < start) {
            end = prompt.length();
        }
        String conversation = prompt.substring(start, end);
        int lastResponse = conversation.lastIndexOf(RESPONSE_MARKER);
        int lastUser = conversation.lastIndexOf(TURN_MARKER);
        if (lastResponse < 0 || lastResponse < lastUser) {
            // an input check (a multi-turn one ends with a user turn): the whole conversation is the user's side
            return new ContentSafetyPrompt(conversation, Optional.empty());
        }
        int firstResponse = conversation.indexOf(RESPONSE_MARKER, Math.max(0, lastUser));
        return new ContentSafetyPrompt(
                conversation.substring(0, lastResponse),
                Optional.of(conversation.substring(firstResponse + RESPONSE_MARKER.length())));
    }
}
