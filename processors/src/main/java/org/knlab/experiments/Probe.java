package org.knlab.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.fillmask.ClozeScorer;
import org.knlab.nn.Hooks;
import org.knlab.nn.LanguageModel;

/**
 * What the model knows before anyone touches a neuron: per fact, the share of its prompts with the
 * gold object at top-1 and the mean gold probability; per relation and overall, top-1 accuracy and
 * mean gold probability over prompts.
 */
public final class Probe {

    public record FactOutcome(
            String uuid,
            String relation,
            String subject,
            String object,
            int prompts,
            int correct,
            double accuracy,
            double meanGoldProbability) {}

    public record Summary(String relation, int facts, int prompts, double top1Accuracy, double meanGoldProbability) {}

    public record Result(List<Summary> relations, Summary overall, List<FactOutcome> facts) {}

    private final LanguageModel model;
    private final ParaRel pararel;

    public Probe(LanguageModel model, ParaRel pararel) {
        this.model = model;
        this.pararel = pararel;
    }

    public Result run(List<Fact> facts, ProgressListener progress) {
        ClozeScorer scorer = new ClozeScorer(model);
        List<FactOutcome> outcomes = new ArrayList<>();
        for (Fact f : facts) {
            List<ClozeScorer.Score> scores = scorer.score(
                    pararel.prompts(f), model.tokenizer().singleTokenId(f.object(), "object"), Hooks.none());
            int correct =
                    (int) scores.stream().filter(ClozeScorer.Score::top1Correct).count();
            double meanP = scores.stream()
                    .mapToDouble(ClozeScorer.Score::goldProbability)
                    .average()
                    .orElse(0);
            outcomes.add(new FactOutcome(
                    f.uuid(),
                    f.relation(),
                    f.subject(),
                    f.object(),
                    scores.size(),
                    correct,
                    (double) correct / scores.size(),
                    meanP));
            progress.progress(outcomes.size(), facts.size());
        }
        Map<String, List<FactOutcome>> byRelation = new LinkedHashMap<>();
        outcomes.forEach(o ->
                byRelation.computeIfAbsent(o.relation(), k -> new ArrayList<>()).add(o));
        List<Summary> relations = byRelation.entrySet().stream()
                .map(e -> summarise(e.getKey(), e.getValue()))
                .toList();
        return new Result(relations, summarise("all", outcomes), outcomes);
    }

    /** Prompt-weighted accuracy and mean gold probability. */
    private static Summary summarise(String relation, List<FactOutcome> outcomes) {
        int prompts = outcomes.stream().mapToInt(FactOutcome::prompts).sum();
        int correct = outcomes.stream().mapToInt(FactOutcome::correct).sum();
        double pSum = outcomes.stream()
                .mapToDouble(o -> o.meanGoldProbability() * o.prompts())
                .sum();
        return new Summary(
                relation,
                outcomes.size(),
                prompts,
                prompts == 0 ? 0 : (double) correct / prompts,
                prompts == 0 ? 0 : pSum / prompts);
    }
}
