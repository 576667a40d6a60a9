package org.knlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.knlab.errors.InvalidInputException;
import org.knlab.testing.RealModel;

/** ParaRel facts and prompts, built as the Knowledge Neurons authors did, from the shipped files. */
class ParaRelTest {

    private final ParaRel pararel = ParaRel.load();

    @Test
    void theAuthorsThirtyFourRelationsWithTheirFactAndPromptCounts() {
        assertEquals(34, pararel.relations().size());
        for (String dropped : List.of("P1001", "P276", "P361", "P131", "P17")) {
            assertTrue(pararel.relation(dropped).isEmpty(), dropped + " has ≤ 3 templates");
        }
        // docs/method.md, "Data": ParaRel's trex_lms_vocab on the authors' 34 relations gives 23,749 facts /
        // 215,929 prompts (their 27,738 / 253,448 came from LAMA T-REx files, not shipped).
        List<Fact> facts = pararel.facts();
        assertEquals(23_749, facts.size());
        assertEquals(
                215_929, facts.stream().mapToInt(f -> pararel.prompts(f).size()).sum());
    }

    @Test
    void promptsFillTheSubjectAndMaskTheObject() {
        Fact turing = pararel.facts("P101").get(0);
        assertEquals("Alan Turing", turing.subject());
        assertEquals("logic", turing.object());
        List<String> prompts = pararel.prompts(turing);
        assertEquals(pararel.relation("P101").orElseThrow().templates().size(), prompts.size());
        assertEquals("Alan Turing works in the field of [MASK].", prompts.get(0));
        assertTrue(prompts.stream().allMatch(p -> p.contains("[MASK]") && !p.contains("[X]") && !p.contains("[Y]")));
    }

    @Test
    void selectionBySampleIsSeededAndDropsMultiTokenObjects() {
        FactSelector selector =
                new FactSelector(pararel, RealModel.bertBaseCased().tokenizer());
        SelectedFacts all = selector.select(new FactSelection(List.of(), List.of(), null, false, 0));
        assertEquals(23_749, all.facts().size() + all.droppedNotSingleToken());
        SelectedFacts a = selector.select(new FactSelection(List.of("P36", "P19"), List.of(), 5, true, 42));
        SelectedFacts b = selector.select(new FactSelection(List.of("P36", "P19"), List.of(), 5, true, 42));
        SelectedFacts c = selector.select(new FactSelection(List.of("P36", "P19"), List.of(), 5, true, 43));
        assertEquals(a.facts(), b.facts());
        assertFalse(a.facts().equals(c.facts()));
        assertEquals(10, a.facts().size());
        assertEquals(
                5, a.facts().stream().filter(f -> f.relation().equals("P36")).count());
        assertEquals(a.digest(), b.digest());
    }

    @Test
    void explicitUuidsAndUnknownOnesAreHandled() {
        FactSelector selector =
                new FactSelector(pararel, RealModel.bertBaseCased().tokenizer());
        Fact turing = pararel.facts("P101").get(0);
        assertEquals(
                List.of(turing),
                selector.select(new FactSelection(List.of(), List.of(turing.uuid()), null, false, 0))
                        .facts());
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> selector.select(new FactSelection(List.of(), List.of("no-such-uuid"), null, false, 0)));
        assertEquals("$.facts.uuids", e.field());
        assertThrows(
                InvalidInputException.class,
                () -> selector.select(new FactSelection(List.of("P17"), List.of(), null, false, 0)));
    }
}
