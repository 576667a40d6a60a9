package org.knlab.text;

/**
 * Where a model reads its answer. An encoder (BERT, RoBERTa) fills a mask token anywhere in the
 * prompt; a decoder (GPT-2, Llama) predicts the token after the prompt, so only templates whose
 * answer ends the sentence can be asked, with the text before the answer as the prompt.
 */
public enum PromptStyle {
    /** A cloze prompt with exactly one mask token; the answer is read there. */
    CLOZE,
    /** The prompt is the text before the answer; the answer is the next token after its last one. */
    NEXT_TOKEN
}
