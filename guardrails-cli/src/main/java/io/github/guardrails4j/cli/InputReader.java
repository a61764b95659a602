package io.github.guardrails4j.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.github.guardrails4j.rail.Conversation;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads check inputs from CSV or JSON Lines, in file order. Files are UTF-8 (a leading byte order mark is
 * ignored); malformed UTF-8 is an error.
 *
 * <ul>
 *   <li><b>CSV</b> (RFC 4180; fields may hold quoted commas, quotes and newlines): a header row with a
 *       {@code prompt} column and optionally a {@code completion} or {@code response} column, which adds the output
 *       check. Other columns are ignored. Empty lines between records are not records.</li>
 *   <li><b>JSON Lines</b> ({@code .jsonl} or {@code .ndjson}): one object per line with a string {@code prompt}
 *       (or a {@code messages} array in OpenAI chat format, {@code [{"role": "user", "content": "..."}, ...]},
 *       whose last message is the user turn to check and whose earlier messages are the conversation before it)
 *       and optionally a string (or null) {@code response} or {@code completion}. Blank lines are not records.</li>
 * </ul>
 * Anything else (no {@code prompt} column, a header naming {@code prompt}, {@code response} or {@code completion}
 * twice, a row without a prompt, a line that is not exactly one JSON object, a key repeated at any depth, a prompt
 * that is not a string, an empty file) is an {@link InputFileException} naming the file and line: nothing that
 * would hide an input from the check is read leniently. Stateless and thread safe.
 */
final class InputReader {
    /** The column or field holding the user's message. */
    static final String PROMPT = "prompt";
    /** The JSONL field holding an OpenAI-format conversation instead of {@link #PROMPT}. */
    static final String MESSAGES = "messages";
    /** The names of the column or field holding the LLM's answer. */
    static final List<String> RESPONSE_NAMES = List.of("response", "completion");

    // Strict on purpose: a repeated key (at any depth) would keep only its last value and a second value on a line
    // would be ignored, so the first text would never be checked.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final CsvMapper CSV =
            CsvMapper.builder().enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();

    private InputReader() {}

    /** The {@code --file} value that means standard input. */
    static final String STDIN = "-";

    private static final String EXPECTED = "give a CSV file with a 'prompt' column or a .jsonl file of "
            + "{\"prompt\": ...} objects, or - for standard input";

    /**
     * Reads a file, or standard input for {@value #STDIN}. The format comes from the name: {@code .jsonl} and
     * {@code .ndjson} are JSON Lines, {@code .csv} is CSV; anything else (standard input, a pipe such as
     * {@code <(command)}, another extension) is JSON Lines when its first non-blank character is <code>{</code>,
     * else CSV. Regular files and pipes are read; a missing path, a directory or a device is an error that says
     * what the path is.
     *
     * @param file the file, or {@value #STDIN}
     * @param stdin standard input, read (to its end) only for {@value #STDIN}; not closed
     * @return the inputs, in file order; never empty
     * @throws InputFileException when the file is missing, not a file, unreadable or malformed
     */
    static List<CheckInput> read(Path file, InputStream stdin) throws InputFileException {
        if (STDIN.equals(file.toString())) {
            return read(stdin, "standard input", null);
        }
        requireReadableKind(file);
        String name =
                file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        Boolean jsonl = name.endsWith(".jsonl") || name.endsWith(".ndjson")
                ? Boolean.TRUE
                : name.endsWith(".csv") ? Boolean.FALSE : null;
        if (!Files.isReadable(file)) {
            throw new InputFileException(file + ": permission denied; make it readable, or " + EXPECTED);
        }
        // FileInputStream, not Files.newInputStream: a channel's available() seeks, which fails on a pipe
        try (InputStream in = new FileInputStream(file.toFile())) {
            return read(in, file.toString(), jsonl);
        } catch (IOException e) {
            throw new InputFileException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Sets in.
     *
     * @param in the bytes, UTF-8
     * @param source the name for messages
     * @param jsonl true for JSON Lines, false for CSV, null to decide by the first non-blank character
     */
    private static List<CheckInput> read(InputStream in, String source, Boolean jsonl) throws InputFileException {
        String text;
        try {
            text = readAll(utf8(in));
        } catch (CharacterCodingException e) {
            throw new InputFileException(source + ": not valid UTF-8; save the file as UTF-8", e);
        } catch (IOException e) {
            throw new InputFileException(source + ": cannot read: " + e.getMessage(), e);
        }
        boolean asJsonl = jsonl != null ? jsonl : text.stripLeading().startsWith("{");
        try {
            return asJsonl ? readJsonLines(new StringReader(text), source) : readCsv(text, source);
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    /** Says what the path is when it is not something to read: missing, a directory, a device or a socket. */
    private static void requireReadableKind(Path file) throws InputFileException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new InputFileException(file + ": no such file; " + EXPECTED, e);
        } catch (IOException e) {
            throw new InputFileException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (attributes.isDirectory()) {
            throw new InputFileException(file + ": is a directory, not a file; " + EXPECTED);
        }
        if (attributes.isRegularFile()) {
            return;
        }
        String kind = otherKind(file);
        if (!"a pipe".equals(kind)) {
            throw new InputFileException(file + ": is " + kind + ", not a file or a pipe; " + EXPECTED);
        }
    }

    /** {@return "a pipe", "a character device", "a block device", "a socket" or "not a regular file"} */
    private static String otherKind(Path file) {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(file, "unix:mode");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "not a regular file"; // no POSIX file type here: refuse what we cannot name
        }
        return switch (mode & 0170000) {
            case 0010000 -> "a pipe";
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            case 0140000 -> "a socket";
            default -> "not a regular file";
        };
    }

    private static String readAll(Reader reader) throws IOException {
        StringBuilder out = new StringBuilder();
        char[] buffer = new char[8192];
        for (int n; (n = reader.read(buffer)) >= 0; ) {
            out.append(buffer, 0, n);
        }
        return out.toString();
    }

    /**
     * Reads CSV with a header row.
     *
     * @param text the whole file, decoded
     * @param source the file name for messages
     * @return the inputs, in file order; never empty
     * @throws InputFileException when the CSV is empty or malformed, or has no {@code prompt} column or no rows
     * @throws IOException when reading fails
     */
    static List<CheckInput> readCsv(String text, String source) throws InputFileException, IOException {
        if (text.isBlank()) {
            // Jackson reports this as "Empty header line" at an unknown location (line -1): say what it is
            throw new InputFileException(source + ": empty file (expected a header row with a '" + PROMPT
                    + "' column, then one row per input)");
        }
        List<CheckInput> inputs = new ArrayList<>();
        try (MappingIterator<JsonNode> rows = CSV.readerFor(JsonNode.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(text)) {
            CsvParser parser = (CsvParser) rows.getParser();
            // The header has been read: the parser stands at the start of the line after it.
            JsonLocation afterHeader = parser.currentLocation();
            long headerLine = afterHeader.getColumnNr() <= 1 ? afterHeader.getLineNr() - 1 : afterHeader.getLineNr();
            boolean any = rows.hasNextValue();
            List<String> columns = new ArrayList<>();
            parser.getSchema().forEach(c -> columns.add(c.getName()));
            if (columns.isEmpty()) {
                throw new InputFileException(source + ": empty file (expected a header row with a '" + PROMPT
                        + "' column, then one row per input)");
            }
            if (!columns.contains(PROMPT)) {
                throw new InputFileException(source + ": the header has no '" + PROMPT + "' column (found " + columns
                        + "); name the column holding the user's messages '" + PROMPT + "'");
            }
            if (!any) {
                throw new InputFileException(source + ": no data rows after the header; add one row per input");
            }
            for (String name : readColumns()) {
                requireOnce(columns, name, source + ": line " + headerLine);
            }
            String responseColumn = responseName(columns, source);
            while (rows.hasNextValue()) {
                JsonNode row = rows.nextValue();
                long line = parser.currentLocation().getLineNr();
                JsonNode prompt = row.get(PROMPT);
                if (prompt == null || !prompt.isTextual()) {
                    throw new InputFileException(source + ": record " + (inputs.size() + 1) + " (ending at line " + line
                            + ") has no '" + PROMPT + "' field; every row needs one");
                }
                String response = null;
                if (responseColumn != null) {
                    JsonNode r = row.get(responseColumn);
                    if (r == null || !r.isTextual()) {
                        throw new InputFileException(source + ": record " + (inputs.size() + 1)
                                + " (ending at line " + line + ") has no '" + responseColumn
                                + "' field; every row needs one (it may be empty)");
                    }
                    response = r.asText();
                }
                inputs.add(new CheckInput(prompt.asText(), response));
            }
        } catch (JsonProcessingException e) {
            throw new InputFileException(
                    source + ": malformed CSV at line "
                            + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ": "
                            + e.getOriginalMessage(),
                    e);
        }
        return inputs;
    }

    /**
     * Reads JSON Lines.
     *
     * @param in the bytes, UTF-8
     * @param source the file name for messages
     * @return the inputs, in file order; never empty
     * @throws InputFileException when a line is not an object with a string {@code prompt}, or there is none
     * @throws IOException when reading fails
     */
    static List<CheckInput> readJsonLines(InputStream in, String source) throws InputFileException, IOException {
        return readJsonLines(utf8(in), source);
    }

    /**
     * Reads JSON Lines from text.
     *
     * @param in the text
     * @param source the file name for messages
     * @return the inputs, in file order; never empty
     * @throws InputFileException when a line is not an object with a string {@code prompt}, or there is none
     * @throws IOException when reading fails
     */
    static List<CheckInput> readJsonLines(Reader in, String source) throws InputFileException, IOException {
        List<CheckInput> inputs = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(in)) {
            String line;
            int lineNr = 0;
            while ((line = reader.readLine()) != null) {
                lineNr++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (MismatchedInputException e) {
                    // readTree binds any value, so the only mismatch is FAIL_ON_TRAILING_TOKENS: a second value
                    throw new InputFileException(
                            source + ": line " + lineNr + " has more after its JSON object; each line must be exactly "
                                    + "one object like {\"prompt\": \"...\"} (put the next one on its own line)",
                            e);
                } catch (JsonProcessingException e) {
                    throw new InputFileException(
                            source + ": line " + lineNr + " is not valid JSON: " + e.getOriginalMessage()
                                    + " (each line must be one object like {\"prompt\": \"...\"}, each key at most "
                                    + "once)",
                            e);
                }
                if (node == null || !node.isObject()) {
                    throw new InputFileException(source + ": line " + lineNr + " is not a JSON object; each line "
                            + "must be one object like {\"prompt\": \"...\", \"response\": \"...\"}");
                }
                JsonNode prompt = node.get(PROMPT);
                JsonNode messages = node.get(MESSAGES);
                if (messages != null && prompt != null) {
                    throw new InputFileException(source + ": line " + lineNr + " has both \"prompt\" and \"" + MESSAGES
                            + "\"; give one: the last message is the user turn to check");
                }
                Conversation history = Conversation.empty();
                List<String> promptUnchecked = List.of();
                if (messages != null) {
                    Conversation all = conversation(messages, source + ": line " + lineNr);
                    List<Conversation.Turn> turns = all.turns();
                    history = Conversation.of(turns.subList(0, turns.size() - 1));
                    prompt = JSON.getNodeFactory()
                            .textNode(turns.get(turns.size() - 1).text());
                    promptUnchecked = turns.get(turns.size() - 1).unchecked();
                } else if (prompt == null || !prompt.isTextual()) {
                    throw new InputFileException(source + ": line " + lineNr + " has "
                            + (prompt == null ? "no \"prompt\" field" : "a \"prompt\" that is not a string")
                            + "; each line needs a string \"prompt\" or a \"" + MESSAGES + "\" array");
                }
                List<String> present = new ArrayList<>();
                node.fieldNames().forEachRemaining(present::add);
                String responseField = responseName(present, source + ": line " + lineNr);
                String response = null;
                if (responseField != null) {
                    JsonNode r = node.get(responseField);
                    if (!r.isNull() && !r.isTextual()) {
                        throw new InputFileException(source + ": line " + lineNr + " has a \"" + responseField
                                + "\" that is not a string; use a string, null, or leave it out");
                    }
                    response = r.isNull() ? null : r.asText();
                }
                inputs.add(new CheckInput(history, prompt.asText(), response, promptUnchecked));
            }
        }
        if (inputs.isEmpty()) {
            throw new InputFileException(
                    source + ": no inputs (expected one JSON object per line, like " + "{\"prompt\": \"...\"})");
        }
        return inputs;
    }

    /**
     * Reads an OpenAI chat {@code messages} array: objects with a {@code role} ({@code system}, {@code user} or
     * {@code assistant}) and a string {@code content}; the last message must be the user's.
     */
    private static Conversation conversation(JsonNode messages, String where) throws InputFileException {
        if (!messages.isArray() || messages.isEmpty()) {
            throw new InputFileException(where + ": \"" + MESSAGES + "\" must be a non-empty array of "
                    + "{\"role\": \"...\", \"content\": \"...\"} objects");
        }
        Conversation c = Conversation.empty();
        int i = 0;
        for (JsonNode m : messages) {
            JsonNode role = m.get("role");
            if (!m.isObject() || role == null || !role.isTextual()) {
                throw new InputFileException(
                        where + ": message " + i + " must be an object with a string \"role\" " + "and a \"content\"");
            }
            Conversation.Role r = switch (role.textValue()) {
                case "system" -> Conversation.Role.SYSTEM;
                case "user" -> Conversation.Role.USER;
                case "assistant" -> Conversation.Role.ASSISTANT;
                default ->
                    throw new InputFileException(where + ": message " + i + " has role \""
                            + role.textValue() + "\"; use system, user or assistant (tool messages are not "
                            + "read yet)");
            };
            List<String> unchecked = new ArrayList<>();
            String text = content(m.get("content"), unchecked, where + ": message " + i);
            if (m.has("tool_calls")) {
                unchecked.add("tool_call");
            }
            c = c.plus(new Conversation.Turn(r, text, unchecked));
            i++;
        }
        if (c.turns().get(c.turns().size() - 1).role() != Conversation.Role.USER) {
            throw new InputFileException(where + ": the last message must be the user's turn to check (put the "
                    + "LLM's answer in \"response\")");
        }
        return c;
    }

    /**
     * A message's text: a string, or the text parts of an array of content parts joined by a line feed; the other
     * parts (images, audio, ...) are recorded by kind, not dropped silently.
     */
    private static String content(JsonNode content, List<String> unchecked, String where) throws InputFileException {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            throw new InputFileException(where + ": \"content\" must be a string or an array of content parts");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode part : content) {
            JsonNode type = part.get("type");
            if (type == null || !type.isTextual()) {
                throw new InputFileException(where + ": every content part needs a string \"type\"");
            }
            if (type.textValue().equals("text") && part.path("text").isTextual()) {
                texts.add(part.get("text").textValue());
            } else {
                unchecked.add(
                        switch (type.textValue()) {
                            case "image_url", "image" -> "image";
                            case "input_audio" -> "audio";
                            default -> type.textValue();
                        });
            }
        }
        return String.join("\n", texts);
    }

    /** {@return the columns this reader reads: a repeat of one of them would hide all but its last value} */
    private static List<String> readColumns() {
        List<String> names = new ArrayList<>(RESPONSE_NAMES);
        names.add(0, PROMPT);
        return names;
    }

    private static void requireOnce(List<String> columns, String name, String where) throws InputFileException {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equals(name)) {
                at.add(i + 1);
            }
        }
        if (at.size() > 1) {
            String positions =
                    at.subList(0, at.size() - 1).stream().map(String::valueOf).collect(Collectors.joining(", "))
                            + " and " + at.get(at.size() - 1);
            throw new InputFileException(where + ": the header has the column '" + name + "' " + at.size()
                    + " times (columns " + positions + "); keep one, or only the last one's text would be read");
        }
    }

    private static String responseName(List<String> names, String where) throws InputFileException {
        List<String> found = RESPONSE_NAMES.stream().filter(names::contains).toList();
        if (found.size() > 1) {
            throw new InputFileException(where + ": has both '" + found.get(0) + "' and '" + found.get(1)
                    + "'; keep one of them for the LLM's answers");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private static Reader utf8(InputStream in) throws IOException {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in);
        buffered.mark(3);
        byte[] bom = buffered.readNBytes(3);
        if (!(bom.length == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF)) {
            buffered.reset();
        }
        return new InputStreamReader(
                buffered,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
    }
}
