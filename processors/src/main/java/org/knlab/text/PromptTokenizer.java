package org.knlab.text;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.knlab.errors.InvalidInputException;

/**
 * What every study needs of a model's tokenizer: a prompt as ids with its answer position, and
 * answers as single vocabulary tokens. For a cloze model the answer position is the prompt's one
 * mask token and an answer is a whole word; for a next-token model it is the prompt's last token
 * and an answer is the first token of the word as it continues a sentence (with its leading space).
 */
public interface PromptTokenizer {

    PromptStyle style();

    /**
     * The prompt as the model reads it.
     *
     * @throws InvalidInputException naming {@code field} when the prompt does not fit
     *     the style (no or several mask tokens for a cloze model, a mask token for a next-token model)
     */
    EncodedPrompt encode(String prompt, String field);

    /** The whole text with the model's special tokens, a mask token kept whole ({@code field} names it in errors). */
    EncodedText encodeText(String text, String field);

    /** Tokens of the text (no special tokens added), for messages and tests. */
    List<String> tokenize(String text);

    /** The id of an answer that is one token of the vocabulary, or empty. */
    OptionalInt singleToken(String word);

    /** The id of a single-token answer; an error naming {@code field} (and the pieces) otherwise. */
    default int singleTokenId(String word, String field) {
        if (word == null || word.isBlank()) {
            throw new InvalidInputException(field, field + " is empty");
        }
        return singleToken(word)
                .orElseThrow(() -> new InvalidInputException(
                        field,
                        field + " '"
                                + word + "' is not a single token of the vocabulary: it becomes " + answerPieces(word)
                                + " (multi-token answers are not supported yet)"));
    }

    /** The pieces an answer becomes, for messages. */
    List<String> answerPieces(String word);

    OptionalInt id(String token);

    /** The word an answer token stands for ("Paris" for GPT-2's "ĠParis"), as ParaRel writes objects. */
    String answerWord(int id);

    String token(int id);

    int vocabularySize();

    /** The mask token of a cloze model ({@code [MASK]}, {@code <mask>}); empty for a next-token model. */
    Optional<String> maskToken();

    /** The unknown-word token's id, where the vocabulary has one (GPT-2's byte-level BPE has none). */
    OptionalInt unknownTokenId();
}
