package io.github.guardrails4j.benchmarks;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the {@code prompt} column of a CSV with a header row (for example XSTest's), with Jackson's CSV parser. */
final class PromptsCsv {
    private static final CsvMapper CSV =
            CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

    private PromptsCsv() {}

    /**
     * @param csv a UTF-8 CSV file whose header names a {@code prompt} column; quoted fields may span lines
     * @return the non-blank prompts, in file order
     * @throws IllegalArgumentException when the file has no {@code prompt} column
     * @throws UncheckedIOException when the file cannot be read or parsed
     */
    static List<String> read(Path csv) {
        List<String> prompts = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(csv.toFile())) {
            while (rows.hasNextValue()) {
                Map<String, String> row = rows.nextValue();
                if (!row.containsKey("prompt")) {
                    throw new IllegalArgumentException(csv + " has no \"prompt\" column; header: " + row.keySet());
                }
                String prompt = row.get("prompt");
                if (prompt != null && !prompt.isBlank()) {
                    prompts.add(prompt);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        return prompts;
    }
}
