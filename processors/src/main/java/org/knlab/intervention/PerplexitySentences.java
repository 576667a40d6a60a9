package org.knlab.intervention;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.nn.TokenBatch;
import org.knlab.text.EncodedText;
import org.knlab.text.PromptTokenizer;

/**
 * Held-out sentences for collateral damage: true statements made from ParaRel facts not involved
 * in the experiment (a relation's first template with subject and object filled in). Each word
 * piece is masked in turn, one row per piece, with the piece as gold: exp(mean −log p) over the
 * rows is the sentences' pseudo-perplexity (Salazar et al., 2020).
 */
public record PerplexitySentences(List<String> sentences, ClozeBatch rows, int[] gold) {

    public static PerplexitySentences draw(
            ParaRel pararel, PromptTokenizer tokenizer, int count, Set<String> excludedFacts, long seed) {
        List<Fact> pool = new ArrayList<>(pararel.facts());
        Collections.shuffle(pool, new Random(seed));
        List<String> sentences = new ArrayList<>();
        for (Fact f : pool) {
            if (sentences.size() == count) {
                break;
            }
            if (!excludedFacts.contains(f.uuid())) {
                // The whole statement, whatever the prompts' style: the cloze dataset keeps every template whole.
                String template = ParaRel.load()
                        .relation(f.relation())
                        .orElseThrow()
                        .templates()
                        .get(0);
                sentences.add(template.replace("[X]", f.subject()).replace("[Y]", f.object()));
            }
        }
        return of(tokenizer, sentences);
    }

    /**
     * A cloze model's rows mask each non-special token in turn (pseudo-perplexity); a next-token model's
     * rows are the sentence's prefixes, each read at its last token with the next token as gold (perplexity).
     */
    public static PerplexitySentences of(PromptTokenizer tokenizer, List<String> sentences) {
        List<int[]> rows = new ArrayList<>();
        List<Integer> masks = new ArrayList<>();
        List<Integer> gold = new ArrayList<>();
        Optional<String> mask = tokenizer.maskToken();
        for (String s : sentences) {
            EncodedText text = tokenizer.encodeText(s, "sentence");
            int[] ids = text.ids();
            for (int i = 0; i < ids.length; i++) {
                if (text.special()[i]) {
                    continue;
                }
                if (mask.isPresent()) {
                    int[] masked = ids.clone();
                    masked[i] = tokenizer.id(mask.get()).orElseThrow();
                    rows.add(masked);
                    masks.add(i);
                } else if (i > 0) {
                    rows.add(Arrays.copyOf(ids, i));
                    masks.add(i - 1);
                } else {
                    continue; // a decoder without a start token cannot predict the first token
                }
                gold.add(ids[i]);
            }
        }
        int[] rowIndex = new int[rows.size()];
        for (int r = 0; r < rowIndex.length; r++) {
            rowIndex[r] = r;
        }
        ClozeBatch batch = new ClozeBatch(
                new TokenBatch(rows.toArray(new int[0][])),
                rowIndex,
                masks.stream().mapToInt(Integer::intValue).toArray());
        return new PerplexitySentences(
                List.copyOf(sentences),
                batch,
                gold.stream().mapToInt(Integer::intValue).toArray());
    }
}
