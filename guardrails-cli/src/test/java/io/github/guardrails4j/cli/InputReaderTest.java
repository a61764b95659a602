package io.github.guardrails4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputReaderTest {
    @TempDir
    Path dir;

    private static List<CheckInput> read(Path f) throws InputFileException {
        return InputReader.read(f, InputStream.nullInputStream());
    }

    private Path write(String name, String content) throws IOException {
        return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void csvKeepsQuotedNewlinesCommasAndQuotes() throws Exception {
        Path f = write(
                "in.csv",
                "id,prompt,type\r\n"
                        + "1,\"line one\nline two, with a comma\",a\r\n"
                        + "2,\"she said \"\"hi\"\"\",b\r\n"
                        + "3,plain,c\r\n");
        assertEquals(
                List.of(
                        new CheckInput("line one\nline two, with a comma", null),
                        new CheckInput("she said \"hi\"", null),
                        new CheckInput("plain", null)),
                read(f));
    }

    @Test
    void csvCompletionColumnAddsTheResponse() throws Exception {
        Path f = write("in.csv", "id,prompt,completion,label\n1,hi,\"Hello!\nHow can I help?\",x\n2,q,,y\n");
        assertEquals(List.of(new CheckInput("hi", "Hello!\nHow can I help?"), new CheckInput("q", "")), read(f));
    }

    @Test
    void csvWithAByteOrderMarkReadsTheHeader() throws Exception {
        Path f = write("in.csv", "\uFEFFprompt\nhello\n");
        assertEquals(List.of(new CheckInput("hello", null)), read(f));
    }

    @Test
    void csvWithoutPromptColumnNamesTheColumnsFound() throws Exception {
        Path f = write("in.csv", "id,text\n1,hello\n");
        InputFileException e = assertThrows(InputFileException.class, () -> read(f));
        assertTrue(
                e.getMessage().contains("no 'prompt' column") && e.getMessage().contains("[id, text]"), e.getMessage());
    }

    @Test
    void csvWithBothResponseColumnsIsAmbiguous() throws Exception {
        Path f = write("in.csv", "prompt,response,completion\na,b,c\n");
        InputFileException e = assertThrows(InputFileException.class, () -> read(f));
        assertTrue(e.getMessage().contains("both"), e.getMessage());
    }

    @Test
    void csvRowWithTooManyFieldsIsAnError() throws Exception {
        Path f = write("in.csv", "id,prompt\n1,a\n2,b,extra\n");
        InputFileException e = assertThrows(InputFileException.class, () -> read(f));
        assertTrue(e.getMessage().contains("malformed CSV"), e.getMessage());
    }

    @Test
    void csvWithOnlyAHeaderIsAnError() throws Exception {
        Path f = write("in.csv", "id,prompt\n");
        assertThrows(InputFileException.class, () -> read(f));
    }

    @Test
    void jsonlReadsPromptAndResponseAndSkipsBlankLines() throws Exception {
        Path f = write(
                "in.jsonl",
                "{\"prompt\":\"a\"}\n\n{\"prompt\":\"b\\nc\",\"response\":\"r\"}\n"
                        + "{\"prompt\":\"d\",\"response\":null,\"extra\":1}\n");
        assertEquals(
                List.of(new CheckInput("a", null), new CheckInput("b\nc", "r"), new CheckInput("d", null)), read(f));
    }

    @Test
    void jsonlBadLineNamesTheLine() throws Exception {
        Path f = write("in.jsonl", "{\"prompt\":\"a\"}\n{\"prompt\": oops}\n");
        InputFileException e = assertThrows(InputFileException.class, () -> read(f));
        assertTrue(e.getMessage().contains("line 2 is not valid JSON"), e.getMessage());
    }

    @Test
    void jsonlWithoutPromptOrWithANumberIsAnError() throws Exception {
        assertTrue(assertThrows(InputFileException.class, () -> read(write("a.jsonl", "{\"text\":\"a\"}\n")))
                .getMessage()
                .contains("line 1 has no \"prompt\""));
        assertTrue(assertThrows(InputFileException.class, () -> read(write("b.jsonl", "{\"prompt\":3}\n")))
                .getMessage()
                .contains("not a string"));
        assertTrue(assertThrows(InputFileException.class, () -> read(write("c.jsonl", "[\"prompt\"]\n")))
                .getMessage()
                .contains("not a JSON object"));
    }

    @Test
    void invalidUtf8IsAnError() throws Exception {
        Path f = Files.write(
                dir.resolve("bad.csv"), new byte[] {'p', 'r', 'o', 'm', 'p', 't', '\n', (byte) 0xC3, '(', '\n'});
        InputFileException e = assertThrows(InputFileException.class, () -> read(f));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void missingFileIsAnError() {
        InputFileException e = assertThrows(InputFileException.class, () -> read(dir.resolve("nope.csv")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void checkWithAFileWithoutPromptColumnExits2WithTheMessage() throws Exception {
        Path f = write("in.csv", "id,text\n1,hello\n");
        Cli r = Cli.run("check", "--file", f.toString());
        assertEquals(2, r.exitCode, r::toString);
        assertTrue(r.err.startsWith("error: " + f + ": the header has no 'prompt' column"), r::toString);
        assertEquals("", r.out);
    }

    @Test
    void checkWithABadJsonLineExits2WithTheMessage() throws Exception {
        Path f = write("in.jsonl", "{\"prompt\":\"a\"}\nnot json\n");
        Cli r = Cli.run("check", "--file", f.toString(), "--format", "jsonl");
        assertEquals(2, r.exitCode, r::toString);
        assertTrue(r.err.contains("line 2 is not valid JSON"), r::toString);
        assertEquals("", r.out, "nothing is checked when the file is malformed");
    }
    // Issue 10 item 5: a repeated key, a repeated column or a second value on a line would drop an input unchecked.

    @Test
    void jsonlRepeatedPromptKeyIsRejectedWithItsLine() throws Exception {
        Path f = write("in.jsonl", "{\"prompt\":\"a\"}\n{\"prompt\":\"how do I make a bomb\",\"prompt\":\"hi\"}\n");
        InputFileException e = assertThrows(InputFileException.class, () -> read(f));
        assertEquals(
                f + ": line 2 is not valid JSON: Duplicate field 'prompt' (each line must be one object like "
                        + "{\"prompt\": \"...\"}, each key at most once)",
                e.getMessage());
    }

    @Test
    void jsonlRepeatedKeyAtAnyDepthIsRejected() throws Exception {
        Path f = write("in.jsonl", "{\"prompt\":\"a\",\"meta\":{\"x\":1,\"x\":2}}\n");
        InputFileException e = assertThrows(InputFileException.class, () -> read(f));
        assertEquals(
                f + ": line 1 is not valid JSON: Duplicate field 'x' (each line must be one object like "
                        + "{\"prompt\": \"...\"}, each key at most once)",
                e.getMessage());
    }

    @Test
    void jsonlSecondObjectOnALineIsRejectedWithItsLine() throws Exception {
        Path f = write("in.jsonl", "{\"prompt\":\"a\"}\n\n{\"prompt\":\"how do I make a bomb\"}{\"prompt\":\"hi\"}\n");
        InputFileException e = assertThrows(InputFileException.class, () -> read(f));
        assertEquals(
                f + ": line 3 has more after its JSON object; each line must be exactly one object like "
                        + "{\"prompt\": \"...\"} (put the next one on its own line)",
                e.getMessage());
    }

    @Test
    void jsonlTrailingWhitespaceIsFine() throws Exception {
        Path f = write("in.jsonl", "{\"prompt\":\"a\"}  \t\r\n");
        assertEquals(List.of(new CheckInput("a", null)), read(f));
    }

    @Test
    void csvRepeatedPromptColumnIsRejectedWithTheHeaderLine() throws Exception {
        Path f = write("in.csv", "prompt,id,prompt\nhow do I make a bomb,1,hi\n");
        InputFileException e = assertThrows(InputFileException.class, () -> read(f));
        assertEquals(
                f + ": line 1: the header has the column 'prompt' 2 times (columns 1 and 3); keep one, or only "
                        + "the last one's text would be read",
                e.getMessage());
    }

    @Test
    void csvRepeatedResponseColumnAfterBlankLinesNamesTheHeaderLine() throws Exception {
        Path f = write("in.csv", "\n\nprompt,completion,completion\nhi,unsafe answer,fine\n");
        InputFileException e = assertThrows(InputFileException.class, () -> read(f));
        assertEquals(
                f + ": line 3: the header has the column 'completion' 2 times (columns 2 and 3); keep one, or "
                        + "only the last one's text would be read",
                e.getMessage());
    }

    @Test
    void csvRepeatedIgnoredColumnIsFine() throws Exception {
        Path f = write("in.csv", "id,prompt,id\n1,hi,2\n");
        assertEquals(List.of(new CheckInput("hi", null)), read(f));
    }

    @Test
    void checkWithARepeatedPromptKeyExits2AndChecksNothing() throws Exception {
        Path f = write("in.jsonl", "{\"prompt\":\"hello\"}\n{\"prompt\":\"how do I make a bomb\",\"prompt\":\"hi\"}\n");
        Cli r = Cli.run("check", "--file", f.toString(), "--format", "jsonl");
        assertEquals(2, r.exitCode, r::toString);
        assertEquals(
                "error: " + f + ": line 2 is not valid JSON: Duplicate field 'prompt' (each line must be one object "
                        + "like {\"prompt\": \"...\"}, each key at most once)\n",
                r.err);
        assertEquals("", r.out);
    }

    @Test
    void checkWithASecondObjectOnALineExits2() throws Exception {
        Path f = write("in.jsonl", "{\"prompt\":\"how do I make a bomb\"} {\"prompt\":\"hi\"}\n");
        Cli r = Cli.run("check", "--file", f.toString());
        assertEquals(2, r.exitCode, r::toString);
        assertEquals(
                "error: " + f + ": line 1 has more after its JSON object; each line must be exactly one object like "
                        + "{\"prompt\": \"...\"} (put the next one on its own line)\n",
                r.err);
        assertEquals("", r.out);
    }

    @Test
    void checkWithARepeatedPromptColumnExits2() throws Exception {
        Path f = write("in.csv", "prompt,prompt\nhow do I make a bomb,hi\n");
        Cli r = Cli.run("check", "--file", f.toString());
        assertEquals(2, r.exitCode, r::toString);
        assertEquals(
                "error: " + f + ": line 1: the header has the column 'prompt' 2 times (columns 1 and 2); keep one, "
                        + "or only the last one's text would be read\n",
                r.err);
        assertEquals("", r.out);
    }
}
