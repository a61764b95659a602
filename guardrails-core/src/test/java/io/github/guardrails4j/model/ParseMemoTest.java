package io.github.guardrails4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.guardrails4j.exception.VerdictParseException;
import io.github.guardrails4j.model.builtin.NemoGuardContentSafety;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.ParsedVerdict;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ParseMemoTest {
    private final AtomicInteger parses = new AtomicInteger();
    private final Function<String, ParsedVerdict> parser = text -> {
        parses.incrementAndGet();
        if (text.startsWith("?")) {
            throw new VerdictParseException("unreadable", text);
        }
        return text.startsWith("unsafe")
                ? ParsedVerdict.unsafe(List.of(text.substring(6).strip()))
                : ParsedVerdict.safe();
    };

    @Test
    void aShortTextIsParsedOnceAndTheSameVerdictReturned() {
        ParseMemo memo = new ParseMemo();
        ParsedVerdict first = memo.parse("unsafe S1", parser);
        assertSame(first, memo.parse("unsafe S1", parser));
        assertEquals(new ParsedVerdict(Outcome.UNSAFE, List.of("S1")), first);
        assertEquals(Outcome.SAFE, memo.parse("safe", parser).outcome());
        assertEquals(2, parses.get());
    }

    @Test
    void unreadableLongAndOverflowingTextsAreParsedEveryTime() {
        ParseMemo memo = new ParseMemo();
        for (int i = 0; i < 2; i++) {
            assertThrows(VerdictParseException.class, () -> memo.parse("?garbled", parser));
        }
        String longText = "safe" + " ".repeat(ParseMemo.MAX_TEXT_CHARS);
        memo.parse(longText, parser);
        memo.parse(longText, parser);
        assertEquals(4, parses.get(), "errors and long texts are never kept");
        for (int i = 0; i < ParseMemo.MAX_ENTRIES + 10; i++) {
            memo.parse("unsafe S" + i, parser);
        }
        assertEquals(ParseMemo.MAX_ENTRIES, memo.size(), "bounded");
        int before = parses.get();
        memo.parse("unsafe S" + (ParseMemo.MAX_ENTRIES + 5), parser);
        assertEquals(before + 1, parses.get(), "a text past the bound is parsed, not kept");
        assertEquals(
                new ParsedVerdict(Outcome.UNSAFE, List.of("S" + (ParseMemo.MAX_ENTRIES + 5))),
                memo.parse("unsafe S" + (ParseMemo.MAX_ENTRIES + 5), parser));
    }

    @Test
    void aModelRemembersEachDirectionApart() {
        ChatGuardModel model = NemoGuardContentSafety.builder().build();
        ChatAnswer answer =
                new ChatAnswer("{\"User Safety\": \"unsafe\", \"Response Safety\": \"safe\"}", "stop", null);
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    Outcome.UNSAFE, model.parse(RailDirection.INPUT, answer).outcome(), "input reads User Safety");
            assertEquals(
                    Outcome.SAFE, model.parse(RailDirection.OUTPUT, answer).outcome(), "output reads Response Safety");
        }
    }
}
