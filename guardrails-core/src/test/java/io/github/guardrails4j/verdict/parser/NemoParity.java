package io.github.guardrails4j.verdict.parser;

/**
 * Where the NeMo Guardrails parity rows come from: each row marked with {@link VerdictTable#mirrors} names a test of
 * this file ({@code Class::test_name}, with the pytest parameter id in brackets where the test is parametrized).
 */
final class NemoParity {
    /** The NeMo Guardrails commit read for the parity rows. */
    static final String COMMIT = "2e8f9ac9a1226bcebf847ddbae59141c869055f8";

    /** NeMo Guardrails' parser tests, pinned to {@link #COMMIT}. */
    static final String SOURCE =
            "https://github.com/NVIDIA/NeMo-Guardrails/blob/" + COMMIT + "/tests/test_content_safety_output_parsers.py";

    /**
     * NeMo Guardrails' topic control answer tests: {@code TestTopicSafetyParseResponse} in the IORails topic safety
     * action tests ({@code tests/guardrails/}, testing {@code TopicSafetyInputAction._parse_response}); the public
     * index we read holds that file's text without its path and commit, so it is named by class.
     */
    static final String TOPIC_SOURCE =
            "NeMo Guardrails tests/guardrails/: TestTopicSafetyParseResponse (TopicSafetyInputAction._parse_response)";

    /** NeMo Guardrails' Llama Guard rail tests (its {@code parse_llama_guard_response} answers), pinned. */
    static final String LLAMA_GUARD_SOURCE = "https://github.com/NVIDIA/NeMo-Guardrails/blob/"
            + "e7c23d117f04805fc0eb3e4a8fd35a5e3c5b105f/tests/test_llama_guard.py";

    private NemoParity() {}
}
