package org.knlab.text;

import ai.djl.modality.nlp.Vocabulary;
import ai.djl.modality.nlp.bert.BertFullTokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knlab.errors.InvalidInputException;

/**
 * BERT's tokenizer: special tokens such as {@code [MASK]} are kept whole (as Hugging Face does
 * for added tokens); the text between them goes through DJL's {@link BertFullTokenizer} (basic
 * tokenisation, optional lower-casing and accent stripping, then WordPiece).
 */
public final class WordPieceTokenizer implements PromptTokenizer {

    public static final String CLS = "[CLS]";
    public static final String SEP = "[SEP]";
    public static final String MASK = "[MASK]";
    public static final String UNK = "[UNK]";
    public static final String PAD = "[PAD]";
    private static final Pattern SPECIAL = Pattern.compile("\\[(MASK|CLS|SEP|UNK|PAD)]");

    private final List<String> tokens;
    private final Map<String, Integer> ids;
    private final BertFullTokenizer wordPiece;
    private final boolean lowerCase;

    public WordPieceTokenizer(List<String> vocabulary, boolean lowerCase) {
        this.tokens = List.copyOf(vocabulary);
        this.ids = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            ids.putIfAbsent(tokens.get(i), i);
        }
        for (String special : List.of(CLS, SEP, MASK, UNK)) {
            if (!ids.containsKey(special)) {
                throw new IllegalArgumentException("the vocabulary lacks " + special);
            }
        }
        this.lowerCase = lowerCase;
        this.wordPiece = new BertFullTokenizer(new MapVocabulary(), lowerCase);
    }

    /** Word pieces of the text, special tokens kept whole; no [CLS]/[SEP] added. */
    @Override
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = SPECIAL.matcher(text);
        int start = 0;
        while (m.find()) {
            out.addAll(wordPiece.tokenize(text.substring(start, m.start())));
            out.add(m.group());
            start = m.end();
        }
        out.addAll(wordPiece.tokenize(text.substring(start)));
        return out;
    }

    /** {@code [CLS] text [SEP]} as token strings. */
    public List<String> encodeTokens(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("text", "text is empty");
        }
        List<String> pieces = new ArrayList<>();
        pieces.add(CLS);
        pieces.addAll(tokenize(text));
        pieces.add(SEP);
        return pieces;
    }

    public int[] ids(List<String> pieces) {
        int[] out = new int[pieces.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.getOrDefault(pieces.get(i), ids.get(UNK));
        }
        return out;
    }

    @Override
    public OptionalInt id(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public List<String> answerPieces(String word) {
        return tokenize(word.strip());
    }

    @Override
    public PromptStyle style() {
        return PromptStyle.CLOZE;
    }

    /** {@code [CLS] prompt [SEP]} with the answer at its one [MASK]. */
    @Override
    public EncodedPrompt encode(String prompt, String field) {
        List<String> tokens = encodeTokens(prompt);
        int mask = tokens.indexOf(MASK);
        if (mask < 0 || tokens.lastIndexOf(MASK) != mask) {
            throw new InvalidInputException(field, "a cloze prompt needs exactly one " + MASK + ": '" + prompt + "'");
        }
        return new EncodedPrompt(ids(tokens), mask);
    }

    @Override
    public EncodedText encodeText(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(field, field + " is empty");
        }
        List<String> tokens = encodeTokens(text);
        boolean[] special = new boolean[tokens.size()];
        special[0] = true;
        special[special.length - 1] = true;
        return new EncodedText(tokens, ids(tokens), special);
    }

    @Override
    public Optional<String> maskToken() {
        return Optional.of(MASK);
    }

    @Override
    public OptionalInt unknownTokenId() {
        return id(UNK);
    }

    /** The id of a word that is one known word piece (not [UNK]), or empty. */
    @Override
    public OptionalInt singleToken(String word) {
        List<String> pieces = tokenize(word.strip());
        if (pieces.size() != 1 || pieces.get(0).equals(UNK)) {
            return OptionalInt.empty();
        }
        return id(pieces.get(0));
    }

    @Override
    public String answerWord(int id) {
        return token(id);
    }

    @Override
    public String token(int id) {
        return tokens.get(id);
    }

    @Override
    public int vocabularySize() {
        return tokens.size();
    }

    public boolean lowerCase() {
        return lowerCase;
    }

    /** DJL's {@link Vocabulary} over the checkpoint's token list, ids = line numbers. */
    private final class MapVocabulary implements Vocabulary {
        @Override
        public String getToken(long index) {
            return tokens.get((int) index);
        }

        @Override
        public boolean contains(String token) {
            return ids.containsKey(token);
        }

        @Override
        public long getIndex(String token) {
            return ids.getOrDefault(token, ids.get(UNK));
        }

        @Override
        public long size() {
            return tokens.size();
        }
    }
}
