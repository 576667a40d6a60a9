package org.knlab.text;

import java.util.List;

/** A text as the model reads it: its tokens and ids, special tokens ([CLS], BOS, ...) included and flagged. */
public record EncodedText(List<String> tokens, int[] ids, boolean[] special) {

    public EncodedText {
        tokens = List.copyOf(tokens);
        ids = ids.clone();
        special = special.clone();
        if (tokens.size() != ids.length || ids.length != special.length) {
            throw new IllegalArgumentException("tokens, ids and special flags differ in length");
        }
    }
}
