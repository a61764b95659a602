package io.github.guardrails4j.verdict.parser;

import static io.github.guardrails4j.verdict.parser.NemoDeviation.TOPIC_TRAILING_PERIOD;
import static io.github.guardrails4j.verdict.parser.NemoDeviation.TOPIC_UNCLEAR_FAILS_CLOSED;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table for {@link TopicControlParser}; see docs/verdicts.md, "Topic control". The parity rows mirror
 * {@code TestTopicSafetyParseResponse} ({@link NemoParity#TOPIC_SOURCE}).
 */
class TopicControlParserTest {
    static List<VerdictRow> table() {
        String rule = "exactly 'on-topic' or 'off-topic'";
        List<VerdictRow> ours = new VerdictTable()
                .parser("topic-control", TopicControlParser.create())
                .safe("on-topic")
                .safe("On-Topic")
                .safe(" on-topic \n")
                .safe("on-topic.")
                .unsafe("off-topic", "off-topic")
                .unsafe("OFF-TOPIC\n", "off-topic")
                .unsafe("Off-topic.", "off-topic")
                .nemo(TOPIC_TRAILING_PERIOD)
                .unsafe("\toff-topic.\r\n", "off-topic")
                .nemo(TOPIC_TRAILING_PERIOD)
                .error("off-topic because the user asked about politics", rule)
                .nemo(TOPIC_UNCLEAR_FAILS_CLOSED)
                .error("", "no text")
                .nemo(TOPIC_UNCLEAR_FAILS_CLOSED)
                .error(" \n\t", "no text")
                .nemo(TOPIC_UNCLEAR_FAILS_CLOSED)
                .error("on topic", rule)
                .error("on-topic off-topic", rule)
                .error("on-topic\noff-topic", rule)
                .error("off-topic..", rule)
                .nemo(TOPIC_UNCLEAR_FAILS_CLOSED)
                .error("off-topic .", rule)
                .nemo(TOPIC_UNCLEAR_FAILS_CLOSED)
                .error("off topic", rule)
                .nemo(TOPIC_UNCLEAR_FAILS_CLOSED)
                .error("offtopic", rule)
                .nemo(TOPIC_UNCLEAR_FAILS_CLOSED)
                .error("\"off-topic\"", rule)
                .nemo(TOPIC_UNCLEAR_FAILS_CLOSED)
                .error(".", rule)
                .error("I cannot help with that.", rule)
                .rows();
        String t = "TestTopicSafetyParseResponse::";
        List<VerdictRow> nemo = new VerdictTable()
                .parser("topic-control", TopicControlParser.create())
                .safe("on-topic")
                .mirrors(t + "test_on_topic")
                .unsafe("off-topic", "off-topic")
                .mirrors(t + "test_off_topic")
                .unsafe("Off-Topic", "off-topic")
                .mirrors(t + "test_off_topic_variants[Off-Topic]")
                .unsafe("  off-topic  \n", "off-topic")
                .mirrors(t + "test_off_topic_variants[  off-topic  \\n]")
                .unsafe("OFF-TOPIC", "off-topic")
                .mirrors(t + "test_off_topic_variants[OFF-TOPIC]")
                .safe("on-topic")
                .mirrors(t + "test_non_off_topic_is_safe[on-topic]")
                .error("something else", rule)
                .mirrors(t + "test_non_off_topic_is_safe[something else]")
                .nemo(TOPIC_UNCLEAR_FAILS_CLOSED)
                .error("", "no text")
                .mirrors(t + "test_non_off_topic_is_safe[]")
                .nemo(TOPIC_UNCLEAR_FAILS_CLOSED)
                .rows();
        return Stream.concat(ours.stream(), nemo.stream()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void readsEachAnswerAsDocumented(VerdictRow row) {
        row.check();
    }
}
