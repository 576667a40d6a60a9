package org.knlab.attribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * From attribution scores to knowledge neurons (docs/method.md, "Refinement"): a coarse set per prompt, then
 * the neurons shared by enough of a fact's prompts, with the authors' per-relation tuning of p.
 */
public final class Refinement {

    /** The authors move p by 0.05 at most 6 times until a relation averages 2–5 neurons per fact. */
    static final double TUNE_STEP = 0.05;

    static final int TUNE_PASSES = 6;
    static final double MIN_AVERAGE = 2;
    static final double MAX_AVERAGE = 5;

    private Refinement() {}

    /** Neurons whose score reaches t × the prompt's maximum over all layers, with their scores. */
    public static Map<Neuron, Float> coarse(float[][] scores, RefinementRule rule) {
        float max = Float.NEGATIVE_INFINITY;
        for (float[] layer : scores) {
            for (float s : layer) {
                max = Math.max(max, s);
            }
        }
        Map<Neuron, Float> out = new TreeMap<>();
        if (!(max > 0)) {
            return out; // nothing positive to threshold against
        }
        double cut = rule.threshold() * max;
        for (int l = 0; l < scores.length; l++) {
            for (int i = 0; i < scores[l].length; i++) {
                if (rule.strict() ? scores[l][i] > cut : scores[l][i] >= cut) {
                    out.put(new Neuron(l, i), scores[l][i]);
                }
            }
        }
        return out;
    }

    /** A fact's knowledge neurons from the coarse sets of its prompts. */
    public static List<KnowledgeNeuron> refine(List<Map<Neuron, Float>> coarseSets, RefinementRule rule) {
        Map<Neuron, int[]> counts = new TreeMap<>();
        Map<Neuron, double[]> sums = new TreeMap<>();
        for (Map<Neuron, Float> coarse : coarseSets) {
            coarse.forEach((n, score) -> {
                counts.computeIfAbsent(n, k -> new int[1])[0]++;
                sums.computeIfAbsent(n, k -> new double[1])[0] += score;
            });
        }
        double needed = rule.promptShare() * coarseSets.size();
        List<KnowledgeNeuron> out = new ArrayList<>();
        counts.forEach((n, c) -> {
            boolean keep = rule.strict() ? c[0] > needed : c[0] >= Math.max(needed, rule.floor());
            if (keep) {
                out.add(new KnowledgeNeuron(n.layer(), n.index(), c[0], sums.get(n)[0] / c[0]));
            }
        });
        return out;
    }

    /**
     * The authors' tuning for one relation: start at the rule's p; while the relation averages
     * fewer than 2 neurons per fact lower p by 0.05, more than 5 raise it, at most 6 passes.
     * Returns the rule with the p to use; a rule without {@code tune} comes back unchanged.
     */
    public static RefinementRule tune(List<List<Map<Neuron, Float>>> factsOfRelation, RefinementRule rule) {
        if (!rule.tune() || factsOfRelation.isEmpty()) {
            return rule;
        }
        double p = rule.promptShare();
        for (int pass = 0; pass < TUNE_PASSES; pass++) {
            double average = averageSize(factsOfRelation, rule.withPromptShare(p));
            if (average < MIN_AVERAGE) {
                p -= TUNE_STEP;
            } else if (average > MAX_AVERAGE) {
                p += TUNE_STEP;
            } else {
                break;
            }
            p = Math.max(0, Math.min(1, Math.round(p * 100) / 100.0));
        }
        return rule.withPromptShare(p);
    }

    private static double averageSize(List<List<Map<Neuron, Float>>> facts, RefinementRule rule) {
        return facts.stream().mapToInt(f -> refine(f, rule).size()).average().orElse(0);
    }
}
