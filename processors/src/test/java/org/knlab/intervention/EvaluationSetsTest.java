package org.knlab.intervention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.neurons.NeuronSet;
import org.knlab.testing.RealModel;
import org.knlab.text.PromptTokenizer;

/** Each evaluation set draws what it says, reproducibly from the seed. */
class EvaluationSetsTest {

    private final ParaRel pararel = ParaRel.load();
    private final PromptTokenizer tokenizer = RealModel.bertBaseCased().tokenizer();

    @Test
    void setsDrawTheFactsTheyName() {
        EvaluationSets sets = new EvaluationSets(pararel, tokenizer, 1);
        for (Fact self : pararel.facts("P36").subList(0, 20)) {
            NeuronSet f = new NeuronSet(
                    self.uuid(), self.relation(), self.object(), List.of(), List.of(0, 2, 3), List.of(1, 4), 0.7);
            List<String> prompts = pararel.prompts(self);
            assertEquals(
                    List.of(prompts.get(0), prompts.get(2), prompts.get(3)),
                    sets.of(f, EvaluationSet.OWN).prompts());
            assertEquals(
                    List.of(prompts.get(1), prompts.get(4)),
                    sets.of(f, EvaluationSet.HELD_OUT).prompts());
            Fact same = source(sets.of(f, EvaluationSet.SAME_RELATION));
            assertEquals(self.relation(), same.relation());
            assertNotEquals(self.object(), same.object());
            Fact other = source(sets.of(f, EvaluationSet.OTHER_RELATION));
            assertNotEquals(self.relation(), other.relation());
            EvaluationSets.Prompts gold = sets.of(f, EvaluationSet.SAME_GOLD);
            if (!gold.isEmpty()) {
                Fact g = source(gold);
                assertEquals(self.object(), g.object());
                assertNotEquals(self.subject(), g.subject());
                assertTrue(
                        Arrays.stream(gold.gold()).allMatch(id -> id == tokenizer.singleTokenId(self.object(), "o")));
            }
            assertEquals(
                    sets.of(f, EvaluationSet.OTHER_RELATION).sourceFacts(),
                    new EvaluationSets(pararel, tokenizer, 1)
                            .of(f, EvaluationSet.OTHER_RELATION)
                            .sourceFacts());
        }
    }

    @Test
    void otherRelationsAreDrawnFromManyRelations() {
        EvaluationSets sets = new EvaluationSets(pararel, tokenizer, 2);
        long relations = pararel.facts("P103").subList(0, 200).stream()
                .map(self -> source(sets.of(
                                new NeuronSet(
                                        self.uuid(),
                                        self.relation(),
                                        self.object(),
                                        List.of(),
                                        List.of(0),
                                        List.of(),
                                        0.7),
                                EvaluationSet.OTHER_RELATION))
                        .relation())
                .distinct()
                .count();
        assertTrue(relations > 25, "distinct relations drawn: " + relations);
    }

    private Fact source(EvaluationSets.Prompts p) {
        assertEquals(1, p.sourceFacts().size());
        Fact f = pararel.fact(p.sourceFacts().get(0)).orElseThrow();
        assertEquals(pararel.prompts(f), p.prompts());
        return f;
    }
}
