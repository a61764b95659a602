package io.github.guardrails4j.testkit;

import io.github.guardrails4j.testkit.internal.ChatMessage;
import io.github.guardrails4j.testkit.internal.ContentSafetyPrompt;
import io.github.guardrails4j.testkit.internal.Detection;
import io.github.guardrails4j.testkit.internal.KeywordClassifier;
import io.github.guardrails4j.testkit.internal.KeywordMatcher;
import io.github.guardrails4j.testkit.internal.SafetyCategory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Computes the simulated model's answer text for a chat completion, in the format of the model.
 *
 * <p>Immutable and thread safe. Internal to the simulator; not an API.
 */
final class Answerer {

    private static final String HUMAN_USER = "\n\nHuman user:\n";
    private static final String AI_ASSISTANT = "\n\nAI assistant:\n";
    private static final String REASONING_SUFFIX = "\n\nUse the taxonomy to determine";

    private final KeywordClassifier classifier = KeywordClassifier.instance();
    private final List<KeywordMatcher> offTopic;

    /**
     * Sets offTopicKeywords.
     *
     * @param offTopicKeywords keyword patterns (see {@link KeywordMatcher}) that make a user turn
     *     off-topic
     */
    public Answerer(List<String> offTopicKeywords) {
        this.offTopic = offTopicKeywords.stream().map(KeywordMatcher::new).collect(Collectors.toUnmodifiableList());
    }

    /**
     * Sets format.
     *
     * @param format the model's format; not {@link ModelFormat#JAILBREAK_CLASSIFIER}
     * @param messages the request messages, at least one
     * @return the answer text
     */
    public String answer(ModelFormat format, List<ChatMessage> messages) {
        switch (format) {
            case NEMOGUARD_JSON:
                return nemoGuardJson(messages);
            case LLAMA_GUARD_3:
                return llamaGuard(messages);
            case NEMOTRON_LINES:
                return nemotronLines(messages);
            case NEMOTRON_REASONING:
                return reasoning(messages);
            case TOPIC_CONTROL:
                return topicControl(messages);
            default:
                throw new IllegalArgumentException("format " + format + " does not answer chat completions");
        }
    }

    private String nemoGuardJson(List<ChatMessage> messages) {
        String prompt = lastContent(messages, "user")
                .orElse(messages.get(messages.size() - 1).content());
        ContentSafetyPrompt parts = ContentSafetyPrompt.parse(prompt);
        Detection user = classifier.classify(parts.userText());
        Optional<Detection> response = parts.agentResponse().map(classifier::classify);
        StringBuilder sb =
                new StringBuilder("{\"User Safety\": \"").append(verdict(user)).append('"');
        response.ifPresent(
                r -> sb.append(", \"Response Safety\": \"").append(verdict(r)).append('"'));
        Set<SafetyCategory> categories = union(user, response);
        if (!categories.isEmpty()) {
            sb.append(", \"Safety Categories\": \"").append(names(categories)).append('"');
        }
        return sb.append('}').toString();
    }

    private String llamaGuard(List<ChatMessage> messages) {
        ChatMessage last = lastTurn(messages);
        // an input check judges the user's turn in the context of the whole conversation
        Detection d =
                classifier.classify("assistant".equals(last.role()) ? last.content() : conversationText(messages));
        TreeSet<Integer> codes = new TreeSet<>();
        for (SafetyCategory c : d.categories()) {
            c.llamaGuardCode().ifPresent(code -> codes.add(Integer.parseInt(code.substring(1))));
        }
        if (codes.isEmpty()) {
            return "safe";
        }
        return "unsafe\n" + codes.stream().map(n -> "S" + n).collect(Collectors.joining(","));
    }

    private String nemotronLines(List<ChatMessage> messages) {
        Detection user = classifier.classify(userSide(messages));
        Optional<Detection> response = assistantResponse(messages).map(classifier::classify);
        List<String> lines = new ArrayList<>();
        lines.add("User Safety: " + verdict(user));
        response.ifPresent(r -> lines.add("Response Safety: " + verdict(r)));
        Set<SafetyCategory> categories = union(user, response);
        if (!categories.isEmpty()) {
            lines.add("Safety Categories: " + names(categories));
        }
        return String.join("\n", lines);
    }

    private String reasoning(List<ChatMessage> messages) {
        String prompt = lastContent(messages, "user").orElse("");
        Detection user;
        Optional<Detection> response;
        int human = prompt.indexOf(HUMAN_USER);
        int ai = prompt.lastIndexOf(AI_ASSISTANT);
        int end = prompt.lastIndexOf(REASONING_SUFFIX);
        if (human >= 0 && ai > human && end > ai) {
            // the taxonomy prompt: judge the texts between its markers, never the taxonomy itself
            user = classifier.classify(prompt.substring(human + HUMAN_USER.length(), ai));
            String answer = prompt.substring(ai + AI_ASSISTANT.length(), end);
            // the input prompt holds the literal None where the answer goes
            response = answer.equals("None") ? Optional.empty() : Optional.of(classifier.classify(answer));
        } else {
            user = classifier.classify(prompt);
            response = assistantResponse(messages).map(classifier::classify);
        }
        StringBuilder think = new StringBuilder("<think>\n").append(explain("The user's message", user));
        response.ifPresent(r -> think.append(' ').append(explain("The assistant's response", r)));
        think.append("\n</think>\n\nPrompt harm: ").append(user.unsafe() ? "harmful" : "unharmful");
        response.ifPresent(r -> think.append("\nResponse Harm: ").append(r.unsafe() ? "harmful" : "unharmful"));
        return think.toString();
    }

    private static String explain(String subject, Detection d) {
        if (!d.unsafe()) {
            return subject + " contains no harmful content.";
        }
        String words = d.keywords().stream().map(k -> "\"" + k + "\"").collect(Collectors.joining(", "));
        return subject + " mentions " + words + ", which falls under " + names(d.categories()) + ".";
    }

    private String topicControl(List<ChatMessage> messages) {
        String user = KeywordMatcher.normalize(lastContent(messages, "user").orElse(""));
        return offTopic.stream().anyMatch(m -> m.matches(user)) ? "off-topic" : "on-topic";
    }

    private static String verdict(Detection d) {
        return d.unsafe() ? "unsafe" : "safe";
    }

    private static Set<SafetyCategory> union(Detection user, Optional<Detection> response) {
        TreeSet<SafetyCategory> all = new TreeSet<>(user.categories());
        response.ifPresent(r -> all.addAll(r.categories()));
        return new LinkedHashSet<>(all);
    }

    private static String names(Set<SafetyCategory> categories) {
        return categories.stream().map(SafetyCategory::nemoGuardName).collect(Collectors.joining(", "));
    }

    private static Optional<String> lastContent(List<ChatMessage> messages, String role) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (role.equals(messages.get(i).role())) {
                return Optional.of(messages.get(i).content());
            }
        }
        return Optional.empty();
    }

    /** Every user and assistant turn but a final answer, joined: what an input check judges in context. */
    private static String userSide(List<ChatMessage> messages) {
        List<ChatMessage> turns = new ArrayList<>(messages);
        if (!turns.isEmpty() && "assistant".equals(turns.get(turns.size() - 1).role())) {
            turns.remove(turns.size() - 1);
        }
        return conversationText(turns);
    }

    private static String conversationText(List<ChatMessage> messages) {
        return messages.stream()
                .filter(m -> !"system".equals(m.role()))
                .map(ChatMessage::content)
                .collect(Collectors.joining("\n\n"));
    }

    private static Optional<String> assistantResponse(List<ChatMessage> messages) {
        ChatMessage last = messages.get(messages.size() - 1);
        return "assistant".equals(last.role()) ? Optional.of(last.content()) : Optional.empty();
    }

    private static ChatMessage lastTurn(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (!"system".equals(messages.get(i).role())) {
                return messages.get(i);
            }
        }
        return messages.get(messages.size() - 1);
    }
}
