package org.knlab.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.data.Relation;
import org.knlab.errors.InvalidParameterException;

/** Each prompt kind built as specified, on hand-picked templates and ParaRel facts. */
class EvidencePromptsTest {

    private static final ParaRel PARAREL = ParaRel.load();
    private static final List<PromptKind> ALL = Arrays.asList(PromptKind.values());

    @Test
    void handPickedTemplates() {
        assertEquals(
                List.of("[X]", "'", "s", "capital", ",", "[Y]", "."), EvidencePrompts.tokens("[X]'s capital, [Y]."));
        assertEquals("[X] [Y] .", EvidencePrompts.withoutRelationWords("The capital of [X] is [Y] ."));
        assertEquals("[Y] [X] .", EvidencePrompts.withoutRelationWords("[Y] is the capital of [X]."));
        assertEquals("[X] [Y]", EvidencePrompts.withoutRelationWords("[X] works as [Y]"));
        String shuffled = EvidencePrompts.shuffled("[Y] is the capital of [X].", new Random(1));
        List<String> tokens = EvidencePrompts.tokens(shuffled);
        assertEquals(".", tokens.get(tokens.size() - 1), "the full stop stays last");
        assertNotEquals("[Y] is the capital of [X] .", shuffled);
        assertEquals(sorted(EvidencePrompts.tokens("[Y] is the capital of [X].")), sorted(tokens));
        Fact baku = new Fact("u", "P36", "Azerbaijan", "Baku");
        String written = EvidencePrompts.objectWritten("The capital of [X] is [Y] .", baku, new Random(3));
        assertTrue(written.contains("Azerbaijan") && written.contains("Baku"), written);
        assertEquals(1, written.split("\\[MASK]", -1).length - 1, written);
        List<String> left = Arrays.stream(written.split(" "))
                .filter(w -> !List.of("[MASK]", "Azerbaijan", "Baku", ".").contains(w))
                .toList();
        assertEquals(3, left.size(), "exactly one of the template's 4 words is masked: " + written);
        assertTrue(List.of("The", "capital", "of", "is").containsAll(left), written);
        assertEquals(null, EvidencePrompts.objectWritten("[X] [Y].", baku, new Random(3)), "nothing to mask");
    }

    @Test
    void everyKindOnRealFactsAsSpecified() {
        for (String id : List.of("P36", "P103", "P1412")) {
            Fact fact = PARAREL.facts(id).get(3);
            Relation relation = PARAREL.relation(id).orElseThrow();
            Map<PromptKind, List<String>> prompts = new EvidencePrompts(PARAREL, 5).of(fact, ALL, 7);
            assertEquals(relation.prompts(fact), prompts.get(PromptKind.OWN), "own: every template of the fact");
            for (PromptKind kind : ALL) {
                List<String> p = prompts.get(kind);
                assertFalse(p.isEmpty(), id + " " + kind);
                assertTrue(kind == PromptKind.OWN || p.size() <= 5, kind + " capped");
                assertEquals(p.size(), p.stream().distinct().count(), kind + " has no duplicates");
                p.forEach(s -> assertEquals(1, s.split("\\[MASK]", -1).length - 1, kind + ": one [MASK] in " + s));
            }
            List<String> otherTemplates = PARAREL.relations().values().stream()
                    .filter(r -> !r.id().equals(id))
                    .flatMap(r -> r.templates().stream())
                    .map(t -> t.replace("[X]", fact.subject()).replace("[Y]", "[MASK]"))
                    .toList();
            prompts.get(PromptKind.SUBJECT_ONLY)
                    .forEach(s -> assertTrue(otherTemplates.contains(s), "subject-only: " + s));
            prompts.get(PromptKind.RELATION_ONLY).forEach(s -> {
                assertFalse(s.contains(fact.subject()), "relation-only has another subject: " + s);
                assertTrue(
                        PARAREL.facts(id).stream()
                                .anyMatch(f -> relation.prompts(f).contains(s)),
                        s);
            });
            prompts.get(PromptKind.RELATION_REMOVED).forEach(s -> {
                assertTrue(s.contains(fact.subject()), s);
                assertTrue(
                        s.replace(fact.subject(), "")
                                .replace("[MASK]", "")
                                .replace(".", "")
                                .isBlank(),
                        "only the subject, [MASK] and a full stop: " + s);
            });
            prompts.get(PromptKind.SHUFFLED).forEach(s -> assertTrue(s.contains(fact.subject()), s));
            prompts.get(PromptKind.OBJECT_WRITTEN)
                    .forEach(s -> assertTrue(s.contains(fact.subject()) && s.contains(fact.object()), s));
            assertEquals(prompts, new EvidencePrompts(PARAREL, 5).of(fact, ALL, 7), "seeded per fact");
        }
    }

    @Test
    void unknownKindNamesTheParameter() {
        InvalidParameterException e = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidParameterException.class, () -> PromptKind.parse("subject-ony"));
        assertEquals("kinds", e.field());
        assertTrue(e.getMessage().contains("relation-only"), e.getMessage());
    }

    private static List<String> sorted(List<String> tokens) {
        List<String> s = new ArrayList<>(tokens);
        Collections.sort(s);
        return s;
    }
}
