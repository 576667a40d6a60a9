package org.knlab.intervention;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.nn.TokenBatch;
import org.knlab.text.WordPieceTokenizer;

/**
 * Held-out sentences for collateral damage: true statements made from ParaRel facts not involved
 * in the experiment (a relation's first template with subject and object filled in). Each word
 * piece is masked in turn, one row per piece, with the piece as gold: exp(mean −log p) over the
 * rows is the sentences' pseudo-perplexity (Salazar et al., 2020).
 */
public record PerplexitySentences(List<String> sentences, ClozeBatch rows, int[] gold) {

    public static PerplexitySentences draw(ParaRel pararel, WordPieceTokenizer tokenizer, int count,
            Set<String> excludedFacts, long seed) {
        List<Fact> pool = new ArrayList<>(pararel.facts());
        Collections.shuffle(pool, new Random(seed));
        List<String> sentences = new ArrayList<>();
        for (Fact f : pool) {
            if (sentences.size() == count) {
                break;
            }
            if (!excludedFacts.contains(f.uuid())) {
                String template = pararel.relation(f.relation()).orElseThrow().templates().get(0);
                sentences.add(template.replace("[X]", f.subject()).replace("[Y]", f.object()));
            }
        }
        return of(tokenizer, sentences);
    }

    public static PerplexitySentences of(WordPieceTokenizer tokenizer, List<String> sentences) {
        List<int[]> rows = new ArrayList<>();
        List<Integer> masks = new ArrayList<>();
        List<Integer> gold = new ArrayList<>();
        int maskId = tokenizer.id(WordPieceTokenizer.MASK).orElseThrow();
        for (String s : sentences) {
            int[] ids = tokenizer.ids(tokenizer.encodeTokens(s));
            for (int i = 1; i < ids.length - 1; i++) {
                int[] masked = ids.clone();
                masked[i] = maskId;
                rows.add(masked);
                masks.add(i);
                gold.add(ids[i]);
            }
        }
        int[] rowIndex = new int[rows.size()];
        for (int r = 0; r < rowIndex.length; r++) {
            rowIndex[r] = r;
        }
        ClozeBatch batch = new ClozeBatch(new TokenBatch(rows.toArray(new int[0][])), rowIndex,
                masks.stream().mapToInt(Integer::intValue).toArray());
        return new PerplexitySentences(List.copyOf(sentences), batch, gold.stream().mapToInt(Integer::intValue).toArray());
    }
}
