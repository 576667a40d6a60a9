package org.knlab.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny byte-level BPE {@code tokenizer.json} (GPT-2's byte-to-unicode alphabet, a dozen merges),
 * written by hand so that its ids for test strings can be worked out by hand. Ids: the 256 byte
 * symbols in byte order, then one id per merge result, then the special tokens.
 */
public final class TinyTokenizerJson {

    /** Merges in rank order; each result is one vocabulary entry. */
    public static final List<String> MERGES = List.of(
            "Ġ P",
            "a r",
            "ĠP ar",
            "i s",
            "ĠPar is",
            "Ġ i",
            "Ġi s",
            "Ġ F",
            "r a",
            "ĠF ra",
            "n c",
            "ĠFra nc",
            "ĠFranc e",
            "Ġ o",
            "Ġo f",
            "T h",
            "Th e");

    public final Map<String, Integer> vocab = new LinkedHashMap<>();
    public final int bos;
    public final int eos;
    public final int mask;

    /** What the post-processor adds: nothing (GPT-2), a begin-of-text token (Llama 3), or RoBERTa's {@code <s> … </s>}. */
    public enum Specials {
        NONE,
        BOS,
        ROBERTA
    }

    public TinyTokenizerJson() {
        for (int b = 0; b < 256; b++) {
            vocab.put(byteSymbol(b), b);
        }
        for (String m : MERGES) {
            vocab.putIfAbsent(m.replace(" ", ""), vocab.size());
        }
        eos = vocab.size();
        bos = eos + 1;
        mask = bos + 1;
    }

    /** Vocabulary size including the special tokens. */
    public int size() {
        return mask + 1;
    }

    public int id(String token) {
        return vocab.get(token);
    }

    /** GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the rest map to 256 + n. */
    public static String byteSymbol(int b) {
        if (b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE && b <= 0xFF) {
            return String.valueOf((char) b);
        }
        int n = 0;
        for (int c = 0; c < b; c++) {
            if (!(c >= '!' && c <= '~' || c >= 0xA1 && c <= 0xAC || c >= 0xAE && c <= 0xFF)) {
                n++;
            }
        }
        return String.valueOf((char) (256 + n));
    }

    /** The JSON, with RoBERTa's {@code <mask>} (absorbing the space before it) among the added tokens. */
    public String json(Specials specials) {
        StringBuilder v = new StringBuilder();
        vocab.forEach((k, id) -> v.append(v.length() == 0 ? "" : ",")
                .append(quote(k))
                .append(':')
                .append(id));
        List<String> merges = new ArrayList<>();
        MERGES.forEach(m -> merges.add(quote(m)));
        String special = "{\"id\":%d,\"content\":\"%s\",\"single_word\":false,\"lstrip\":%s,\"rstrip\":false,"
                + "\"normalized\":false,\"special\":true}";
        String post = specials == Specials.ROBERTA
                ? """
                {"type":"RobertaProcessing","sep":["<|endoftext|>",%d],"cls":["<|bos|>",%d],"trim_offsets":true,
                 "add_prefix_space":false}""".formatted(eos, bos)
                : specials == Specials.BOS
                        ? """
                {"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"<|bos|>","type_id":0}},
                 {"Sequence":{"id":"A","type_id":0}}],"pair":[{"SpecialToken":{"id":"<|bos|>","type_id":0}},
                 {"Sequence":{"id":"A","type_id":0}},{"Sequence":{"id":"B","type_id":1}}],
                 "special_tokens":{"<|bos|>":{"id":"<|bos|>","ids":[%d],"tokens":["<|bos|>"]}}}""".formatted(bos)
                        : "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":false,\"use_regex\":true}";
        return """
                {"version":"1.0","truncation":null,"padding":null,
                 "added_tokens":[%s,%s,%s],
                 "normalizer":null,
                 "pre_tokenizer":{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":true},
                 "post_processor":%s,
                 "decoder":{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":true},
                 "model":{"type":"BPE","dropout":null,"unk_token":null,"continuing_subword_prefix":null,
                  "end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false,"ignore_merges":false,
                  "vocab":{%s},"merges":[%s]}}
                """.formatted(
                        special.formatted(eos, "<|endoftext|>", false),
                        special.formatted(bos, "<|bos|>", false),
                        special.formatted(mask, "<mask>", true),
                        post,
                        v,
                        String.join(",", merges));
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
