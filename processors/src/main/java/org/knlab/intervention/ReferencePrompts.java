package org.knlab.intervention;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;

/** A seeded sample of ParaRel cloze prompts from all relations: the reference for mean ablation. */
final class ReferencePrompts {

    private ReferencePrompts() {}

    static List<String> draw(ParaRel pararel, int count, long seed) {
        List<Fact> facts = new ArrayList<>(pararel.facts());
        Random rnd = new Random(seed);
        Collections.shuffle(facts, rnd);
        List<String> out = new ArrayList<>();
        for (Fact f : facts) {
            if (out.size() == count) {
                break;
            }
            List<String> prompts = pararel.prompts(f);
            out.add(prompts.get(rnd.nextInt(prompts.size())));
        }
        return out;
    }
}
