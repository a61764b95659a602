package io.github.guardrails4j.examples.spring;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;

@Service
class Assistant {
    private final ChatClient chat;

    Assistant(ChatClient.Builder builder) { // Spring AI's builder: the starter added NemoGuardAdvisor to it
        this.chat = builder.build();
    }

    String answer(String question) { // a blocked question or answer comes back as the refusal
        return chat.prompt().user(question).call().content();
    }

    Flux<String> stream(String question) { // checked chunk by chunk while it streams
        return chat.prompt().user(question).stream().content();
    }
}
