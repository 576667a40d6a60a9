package org.knlab.editing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.knlab.attribution.KnowledgeNeuron;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.errors.InvalidInputException;
import org.knlab.experiments.ProgressListener;
import org.knlab.fillmask.ClozeScorer;
import org.knlab.intervention.EvaluationSets;
import org.knlab.neurons.NeuronSet;
import org.knlab.neurons.NeuronSets;
import org.knlab.neurons.Provenance;
import org.knlab.nn.BertModel;
import org.knlab.nn.Hooks;
import org.knlab.testing.RealModel;

/** Explicit edits on bert-base-cased: bad targets are clear errors; a P36 edit runs every control and the symmetry test. */
class RealModelEditTest {

    private final BertModel model = RealModel.bertBaseCased();
    private final ParaRel pararel = ParaRel.load();

    /** The first P36 fact whose subject is one token ("the capital of X is Y"), with a hand-picked neuron set. */
    private NeuronSets sets() {
        Fact f = pararel.facts("P36").stream()
                .filter(x -> model.tokenizer().singleToken(x.subject()).isPresent()
                        && model.tokenizer().singleToken(x.object()).isPresent())
                .findFirst()
                .orElseThrow();
        NeuronSet set = new NeuronSet(
                f.uuid(),
                "P36",
                f.object(),
                List.of(KnowledgeNeuron.at(10, 100), KnowledgeNeuron.at(11, 200)),
                null,
                null,
                null);
        return new NeuronSets(new Provenance(Provenance.INLINE, null, null, null, null, null), List.of(set), List.of());
    }

    /** One explicit edit; filter share 1 keeps the neurons of a one-fact pool. */
    private EditFactSettings explicit(String target) {
        return explicit(target, 1.0);
    }

    private EditFactSettings explicit(String target, double filterShare) {
        return new EditFactSettings(
                null,
                null,
                null,
                null,
                null,
                null,
                filterShare,
                null,
                2,
                1,
                1,
                20,
                0,
                List.of(new EditFactSettings.Target(sets().sets().get(0).uuid(), target)),
                null,
                null);
    }

    @Test
    void aTargetThatIsNotOneTokenOrIsTheModelsAnswerIsAnErrorNamingIt() {
        EditPlanner planner = new EditPlanner(model, pararel, new EvaluationSets(pararel, model.tokenizer(), 0));
        InvalidInputException notOne = assertThrows(
                InvalidInputException.class, () -> planner.plan(sets().sets(), explicit("Xyzzyplughtown"), 0));
        assertEquals("edits[0].target", notOne.field());
        InvalidInputException same = assertThrows(
                InvalidInputException.class, () -> planner.plan(sets().sets(), explicit(modelsAnswer()), 0));
        assertEquals("edits[0].target", same.field());
        InvalidInputException unknown = assertThrows(
                InvalidInputException.class,
                () -> planner.plan(
                        sets().sets(),
                        new EditFactSettings(
                                List.of("P36", "P9999"),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                0,
                                null,
                                null,
                                null),
                        0));
        assertEquals("relations[1]", unknown.field());
    }

    @Test
    void aFactWithNoNeuronLeftAfterTheFilterIsSkippedAndCounted() {
        EditPlanner planner = new EditPlanner(model, pararel, new EvaluationSets(pararel, model.tokenizer(), 0));
        EditPlanner.Plan plan =
                planner.plan(sets().sets(), explicit("Paris".equals(modelsAnswer()) ? "London" : "Paris", 0.1), 0);
        assertTrue(plan.edits().isEmpty());
        assertEquals(
                1,
                plan.skippedNoNeuron().get("P36").values().stream()
                        .mapToInt(Integer::intValue)
                        .sum());
    }

    /** t: the model's top-1 on the prompt the planner picks (seeded by the fact, seed 0). */
    private String modelsAnswer() {
        Fact f = pararel.fact(sets().sets().get(0).uuid()).orElseThrow();
        List<String> prompts = pararel.prompts(f);
        String prompt = prompts.get(new Random(f.uuid().hashCode()).nextInt(prompts.size()));
        int gold = model.tokenizer().singleTokenId(f.object(), "object");
        return model.tokenizer()
                .token(new ClozeScorer(model)
                        .score(List.of(prompt), gold, Hooks.none())
                        .get(0)
                        .top1TokenId());
    }

    @Test
    void anExplicitCapitalEditRunsEveryControlAndTheSymmetryTest() {
        EditStudy study = EditStudy.run(
                model,
                pararel,
                sets(),
                explicit("Paris".equals(modelsAnswer()) ? "London" : "Paris"),
                0,
                true,
                ProgressListener.NONE);
        assertEquals(1, study.records().size());
        EditExperiment.EditRecord r = study.records().get(0);
        assertEquals(2, r.random().size());
        assertEquals(12, r.residualByLayer().size());
        assertTrue(!r.knowledgeNeurons().get("inverse.top1After").isNaN(), "one-token subject: symmetry applies");
        assertTrue(r.knowledgeNeurons().get("fluency.pplBefore") > 1);
        assertEquals(
                List.of(study.records().get(0).edit().fact().uuid()),
                r.evaluatedFacts().get("efficacy"));
        // hub-aware sets of a one-fact population: both neurons are hubs (share 1), so nothing of their
        // band is left to match and the hub-free edit is no edit at all
        assertEquals(1, study.hubs().factsWithHub());
        assertTrue(r.hubMatched().isEmpty());
        assertEquals(r.random().get(0).keySet(), r.hubFree().keySet());
        assertEquals(0.0, r.hubFree().get("efficacy.changed"), "a zero edit changes no answer");
    }
}
