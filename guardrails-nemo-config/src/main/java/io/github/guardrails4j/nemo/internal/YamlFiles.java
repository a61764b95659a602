package io.github.guardrails4j.nemo.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.github.guardrails4j.exception.ConfigurationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads one YAML file of a NeMo Guardrails configuration into a JSON tree, defensively: a size limit before
 * anything is parsed, SnakeYAML's loader limits (code points, nesting depth, aliases), Jackson's nesting limit, no
 * duplicate keys, and no aliases at all ({@code *name}: Jackson would read them as plain strings, and a NeMo
 * configuration needs none). Every failure is a {@link ConfigurationException} naming the file and, for syntax
 * errors, the line and column. Stateless and thread safe.
 */
public final class YamlFiles {
    /** The largest file read, in bytes: {@value} (NeMo's example configurations are below 20 KB). */
    public static final int MAX_FILE_BYTES = 1 << 20;
    /** The deepest nesting of mappings and lists accepted: {@value}. */
    public static final int MAX_NESTING_DEPTH = 32;

    private static final ObjectMapper MAPPER = new ObjectMapper(factory());

    private YamlFiles() {}

    private static YAMLFactory factory() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_FILE_BYTES);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setMaxAliasesForCollections(0);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        return YAMLFactory.builder()
                .loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /**
     * Reads a YAML file.
     *
     * @param file the file
     * @param shownAs how messages name the file, for example {@code nemoguards/config.yml}
     * @return the document's root node; an empty document is an empty object node
     * @throws ConfigurationException when the file cannot be read, is too large, is not UTF-8, is not valid YAML
     *     (the message names the line and column), holds an alias, or nests too deeply
     */
    public static JsonNode read(Path file, String shownAs) {
        String text = text(file, shownAs);
        try (JsonParser p = MAPPER.createParser(text)) {
            try {
                while (p.nextToken() != null) {
                    if (p instanceof YAMLParser && ((YAMLParser) p).isCurrentAlias()) {
                        throw new ConfigurationException(shownAs + " line "
                                + p.currentLocation().getLineNr()
                                + ": YAML aliases (*" + p.getText() + ") are not accepted: they are how YAML bombs "
                                + "(billion laughs) are built, and a NeMo configuration needs none; write the value "
                                + "out");
                    }
                }
            } catch (StreamConstraintsException e) {
                throw new ConfigurationException(
                        shownAs + " line " + p.currentLocation().getLineNr() + ": mappings and lists nest deeper than "
                                + MAX_NESTING_DEPTH + " levels, which is not accepted (a NeMo configuration nests a "
                                + "few levels); flatten it",
                        e);
            }
        } catch (JsonProcessingException e) {
            throw syntax(shownAs, e);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read " + shownAs + ": " + e.getMessage(), e);
        }
        try {
            JsonNode root = MAPPER.readTree(text);
            return root == null || root.isMissingNode() || root.isNull() ? MAPPER.createObjectNode() : root;
        } catch (JsonProcessingException e) {
            throw syntax(shownAs, e);
        }
    }

    private static String text(Path file, String shownAs) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ConfigurationException(shownAs + " is " + size + " bytes, more than the " + MAX_FILE_BYTES
                        + " accepted; a NeMo configuration file is a few kilobytes");
            }
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigurationException(shownAs + " is not UTF-8 text; save it as UTF-8", e);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read " + shownAs + ": " + e, e);
        }
    }

    private static ConfigurationException syntax(String shownAs, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where =
                at != null && at.getLineNr() > 0 ? " line " + at.getLineNr() + " column " + at.getColumnNr() : "";
        // SnakeYAML's problem and context lines start at column 0; the quoted excerpt and its marks are indented
        StringBuilder reason = new StringBuilder();
        for (String line : e.getOriginalMessage().split("\n")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                reason.append(reason.length() == 0 ? "" : ", ").append(line.strip());
            }
        }
        return new ConfigurationException(
                shownAs + where + ": not valid YAML (" + reason + "); fix the file's syntax", e);
    }
}
