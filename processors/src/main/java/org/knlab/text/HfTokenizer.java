package org.knlab.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.knlab.errors.CheckpointException;
import org.knlab.errors.InvalidInputException;

/**
 * A checkpoint's own tokenizer from its {@code tokenizer.json}, run by Hugging Face's tokenizers
 * library (DJL's binding; its native library ships inside the jar, so it works offline). Used for
 * RoBERTa (cloze, {@code <mask>}), GPT-2 and Llama (next token).
 *
 * <p>An answer is the token that continues a sentence with the word, leading space included (GPT-2's
 * "ĠParis", SentencePiece's "▁Paris"): the ids of {@code ". " + word} after those of {@code "."}.
 */
public final class HfTokenizer implements PromptTokenizer, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What an answer is appended to, to tokenise it as a continuation. */
    private static final String CONTEXT = ".";

    private static final String CLOZE_MASK = "[MASK]";

    private final HuggingFaceTokenizer tokenizer;
    private final PromptStyle style;
    private final String[] tokens;
    private final Map<String, Integer> ids;
    private final Optional<String> mask;
    private final OptionalInt unknown;
    private final int[] context;

    private HfTokenizer(
            HuggingFaceTokenizer tokenizer,
            PromptStyle style,
            String[] tokens,
            Optional<String> mask,
            Optional<String> unknownToken) {
        this.tokenizer = tokenizer;
        this.style = style;
        this.tokens = tokens;
        this.ids = new HashMap<>();
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] != null) {
                ids.putIfAbsent(tokens[i], i);
            }
        }
        this.mask = mask;
        this.unknown = unknownToken.map(this::id).orElse(OptionalInt.empty());
        this.context = plain(CONTEXT);
    }

    /**
     * The tokenizer of a checkpoint directory. A cloze model names its mask token ({@code <mask>});
     * the vocabulary may not exceed the model's.
     */
    public static HfTokenizer open(Path dir, PromptStyle style, Optional<String> maskToken, int vocabSize) {
        Path file = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(dir.getFileName() + " has no tokenizer.json (the tokenizer is read from"
                    + " the checkpoint's tokenizer.json; save it with the model's tokenizer.save_pretrained)");
        }
        JsonNode json;
        try {
            json = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CheckpointException(
                    "cannot parse tokenizer.json of " + dir.getFileName() + ": " + e.getMessage(), e);
        }
        String[] tokens = vocabulary(json, vocabSize, dir);
        Map<String, String> options = Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false");
        HuggingFaceTokenizer tok;
        try {
            tok = HuggingFaceTokenizer.newInstance(file, options);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(
                    "tokenizer.json of " + dir.getFileName() + " cannot be loaded: " + e.getMessage(), e);
        }
        JsonNode unk = json.path("model").path("unk_token");
        HfTokenizer out = new HfTokenizer(
                tok, style, tokens, maskToken, unk.isTextual() ? Optional.of(unk.asText()) : Optional.empty());
        if (maskToken.isPresent() && out.id(maskToken.get()).isEmpty()) {
            out.close();
            throw new CheckpointException(
                    "tokenizer.json of " + dir.getFileName() + " has no mask token " + maskToken.get());
        }
        return out;
    }

    /** Token strings by id: the model's vocabulary (BPE/WordPiece map or Unigram list) and added tokens. */
    private static String[] vocabulary(JsonNode json, int vocabSize, Path dir) {
        String[] tokens = new String[vocabSize];
        JsonNode vocab = json.path("model").path("vocab");
        if (vocab.isObject()) {
            vocab.fields().forEachRemaining(e -> put(tokens, e.getValue().asInt(-1), e.getKey(), dir));
        } else if (vocab.isArray()) {
            for (int i = 0; i < vocab.size(); i++) {
                put(tokens, i, vocab.get(i).path(0).asText(), dir);
            }
        } else {
            throw new CheckpointException("tokenizer.json of " + dir.getFileName() + " has no model.vocab");
        }
        json.path("added_tokens")
                .forEach(t ->
                        put(tokens, t.path("id").asInt(-1), t.path("content").asText(), dir));
        return tokens;
    }

    private static void put(String[] tokens, int id, String token, Path dir) {
        if (id < 0 || id >= tokens.length) {
            throw new CheckpointException("tokenizer.json of " + dir.getFileName() + ": token '" + token + "' has id "
                    + id + ", outside the model's vocabulary of " + tokens.length);
        }
        tokens[id] = token;
    }

    @Override
    public PromptStyle style() {
        return style;
    }

    @Override
    public EncodedPrompt encode(String prompt, String field) {
        EncodedText text = encodeText(prompt, field);
        if (style == PromptStyle.CLOZE) {
            // By id: a mask that absorbs the space before it (RoBERTa's lstrip) shows as " <mask>".
            int maskId = id(mask.orElseThrow()).orElseThrow();
            int[] at = IntStream.range(0, text.ids().length)
                    .filter(i -> text.ids()[i] == maskId)
                    .toArray();
            if (at.length != 1) {
                throw new InvalidInputException(
                        field, "a cloze prompt needs exactly one " + CLOZE_MASK + ": '" + prompt + "'");
            }
            return new EncodedPrompt(text.ids(), at[0]);
        }
        if (prompt.contains(CLOZE_MASK)) {
            throw new InvalidInputException(
                    field,
                    "this is a next-token model: give the text before the answer," + " without " + CLOZE_MASK + ": '"
                            + prompt + "'");
        }
        int last = text.ids().length - 1;
        while (last > 0 && text.special()[last]) {
            last--; // an end-of-sequence token a post-processor appends is not part of the prompt
        }
        if (text.special()[last]) {
            throw new InvalidInputException(field, field + " has no tokens: '" + prompt + "'");
        }
        return new EncodedPrompt(Arrays.copyOf(text.ids(), last + 1), last);
    }

    @Override
    public EncodedText encodeText(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(field, field + " is empty");
        }
        String input = style == PromptStyle.CLOZE ? text.replace(CLOZE_MASK, mask.orElseThrow()) : text;
        Encoding e = tokenizer.encode(input, true, false);
        long[] special = e.getSpecialTokenMask();
        boolean[] flags = new boolean[special.length];
        for (int i = 0; i < flags.length; i++) {
            flags[i] = special[i] != 0;
        }
        return new EncodedText(Arrays.asList(e.getTokens()), toInts(e.getIds()), flags);
    }

    @Override
    public List<String> tokenize(String text) {
        return Arrays.asList(tokenizer.encode(text, false, false).getTokens());
    }

    /** Ids of a text without special tokens. */
    private int[] plain(String text) {
        return toInts(tokenizer.encode(text, false, false).getIds());
    }

    @Override
    public OptionalInt singleToken(String word) {
        int[] pieces = answerIds(word);
        return pieces.length == 1 && (unknown.isEmpty() || pieces[0] != unknown.getAsInt())
                ? OptionalInt.of(pieces[0])
                : OptionalInt.empty();
    }

    @Override
    public List<String> answerPieces(String word) {
        return Arrays.stream(answerIds(word)).mapToObj(this::token).toList();
    }

    /** The ids that continue {@link #CONTEXT} with " word", or an empty array if the context's ids change. */
    private int[] answerIds(String word) {
        int[] all = plain(CONTEXT + " " + word.strip());
        if (all.length <= context.length || !Arrays.equals(Arrays.copyOf(all, context.length), context)) {
            return new int[0];
        }
        return Arrays.copyOfRange(all, context.length, all.length);
    }

    @Override
    public OptionalInt id(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public String answerWord(int id) {
        return tokenizer.decode(new long[] {id}, false).strip();
    }

    @Override
    public String token(int id) {
        return id >= 0 && id < tokens.length && tokens[id] != null ? tokens[id] : "<" + id + ">";
    }

    @Override
    public int vocabularySize() {
        return tokens.length;
    }

    @Override
    public Optional<String> maskToken() {
        return mask;
    }

    @Override
    public OptionalInt unknownTokenId() {
        return unknown;
    }

    private static int[] toInts(long[] ids) {
        return Arrays.stream(ids).mapToInt(Math::toIntExact).toArray();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
