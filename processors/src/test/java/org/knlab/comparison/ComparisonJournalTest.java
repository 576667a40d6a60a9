package org.knlab.comparison;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.attribution.KnowledgeNeuronFinder.FactPrompts;
import org.knlab.data.ParaRel;
import org.knlab.errors.InvalidParameterException;
import org.knlab.experiments.ProgressListener;
import org.knlab.nn.BertModel;
import org.knlab.settings.StepParams;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/** A comparison killed mid-way and resumed from its journal gives the study an uninterrupted run gives. */
class ComparisonJournalTest {

    @TempDir
    Path tmp;

    @Test
    void aResumedRunSkipsTheJournalledFactsAndEqualsAnUninterruptedOne() throws IOException {
        try (BertModel model = TinyModels.load(new TinyBert(31), tmp)) {
            resumeAfterAKill(model);
        }
    }

    private void resumeAfterAKill(BertModel model) throws IOException {
        ParaRel pararel = ParaRel.load();
        // Facts whose answer the tiny vocabulary spells in one token (the rest of each prompt is mostly [UNK]).
        List<FactPrompts> facts = pararel.facts().stream()
                .filter(f -> model.tokenizer().singleToken(f.object()).isPresent()
                        && pararel.prompts(f).size() > 3)
                .limit(2)
                .map(f -> FactPrompts.of(f, pararel))
                .toList();
        CompareMethodsSettings settings =
                StepParams.read(new ObjectMapper().readTree("""
                {"ks": [1, 2], "candidates": 6, "shortlist": 3, "controls": 3, "bootstrap": 20, "rule": "eleuther"}"""), CompareMethodsSettings.class);
        ObjectNode identity = new ObjectMapper().createObjectNode().put("run", "test");
        Path file = tmp.resolve("journal.jsonl");
        MethodComparison comparison = new MethodComparison(model, pararel, settings, 7);
        MethodComparison.Study whole;
        try (ComparisonJournal journal = ComparisonJournal.open(file, identity)) {
            whole = comparison.run(facts, ProgressListener.NONE, journal);
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), "the identity, then one line per fact");

        // Killed after the first fact, in the middle of writing the second.
        Files.write(
                file,
                List.of(
                        lines.get(0),
                        lines.get(1),
                        lines.get(2).substring(0, lines.get(2).length() / 2)));
        MethodComparison.Study resumed;
        try (ComparisonJournal journal = ComparisonJournal.open(file, identity)) {
            resumed = comparison.run(facts, ProgressListener.NONE, journal);
        }
        assertEquals(2, whole.facts().size(), "both facts compared, none skipped");
        assertEquals(whole.skippedFacts(), resumed.skippedFacts());
        assertEquals(whole.facts().size(), resumed.facts().size());
        for (int i = 0; i < whole.facts().size(); i++) {
            MethodComparison.FactResult a = whole.facts().get(i);
            MethodComparison.FactResult b = resumed.facts().get(i);
            assertEquals(a.sets(), b.sets(), a.uuid() + ": same sets and outcomes");
            assertEquals(a.gradientCheck(), b.gradientCheck());
        }
        assertEquals(
                whole.facts().get(0),
                resumed.facts().get(0),
                "the journalled fact is read back, not rerun" + " (its seconds would differ)");
        assertEquals(whole.tables().methods().size(), resumed.tables().methods().size());

        InvalidParameterException other = assertThrows(
                InvalidParameterException.class,
                () -> ComparisonJournal.open(
                        file, new ObjectMapper().createObjectNode().put("run", "another")));
        assertEquals("journal", other.field());
    }
}
