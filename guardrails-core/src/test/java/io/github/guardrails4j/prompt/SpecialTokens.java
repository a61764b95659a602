package io.github.guardrails4j.prompt;

import java.util.ArrayList;
import java.util.List;

/**
 * The control-token strings of the guard models' tokenizers, for tests. Llama 3.1: the 256 special tokens of
 * meta-llama/Llama-3.1-8B-Instruct's {@code tokenizer_config.json} (ids 128000..128255). Gemma 3: the control tokens
 * of google/gemma-3-4b-it's tokenizer ({@code <bos>}, {@code <start_of_turn>}, ..., {@code <unused0>}..).
 */
public final class SpecialTokens {
    private SpecialTokens() {}

    /** {@return every Llama 3.1 special token string} */
    public static List<String> llama3() {
        List<String> named = List.of(
                "begin_of_text",
                "end_of_text",
                "finetune_right_pad_id",
                "start_header_id",
                "end_header_id",
                "eom_id",
                "eot_id",
                "python_tag");
        List<String> out = new ArrayList<>();
        for (String n : named) {
            out.add("<|" + n + "|>");
        }
        for (int i = 0; i <= 247; i++) {
            out.add("<|reserved_special_token_" + i + "|>");
        }
        return out;
    }

    /** {@return every Gemma 3 control token string handled (and their closing forms for the turn markers)} */
    public static List<String> gemma3() {
        List<String> out = new ArrayList<>();
        for (String n : TokenNeutralizer.GEMMA_3_TOKENS) {
            out.add("<" + n + ">");
        }
        out.add("</start_of_turn>");
        for (int i = 0; i <= 98; i++) {
            out.add("<unused" + i + ">");
        }
        return out;
    }
}
