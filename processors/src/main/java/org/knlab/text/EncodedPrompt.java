package org.knlab.text;

/** A prompt's token ids (special tokens included) and the position whose output holds its answer. */
public record EncodedPrompt(int[] ids, int answerPosition) {

    public EncodedPrompt {
        ids = ids.clone();
        if (answerPosition < 0 || answerPosition >= ids.length) {
            throw new IllegalArgumentException(
                    "answer position " + answerPosition + " outside " + ids.length + " tokens");
        }
    }
}
