package org.knlab.editing;

import java.util.List;
import org.knlab.attribution.AttributionSettings;
import org.knlab.attribution.KnowledgeNeuronFinder;
import org.knlab.attribution.KnowledgeNeuronsSettings;
import org.knlab.data.ParaRel;
import org.knlab.experiments.ProgressListener;
import org.knlab.model.ModelStore;
import org.knlab.neurons.NeuronSets;
import org.knlab.nn.BertModel;
import org.knlab.settings.SampleSize;

/**
 * The editing benchmark (not a test): seconds per fact to find the neurons (fast IG), and edits per
 * minute with all controls (the defaults) and without any, on bert-base-cased. Run with
 * {@code java -cp ... org.knlab.editing.EditBenchmark [FACTS]} (see deploy/bench-attribution.sh for the
 * class path), default 6 facts of P103 and P36.
 */
public final class EditBenchmark {

    public static void main(String[] args) {
        int facts = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        try (BertModel model = BertModel.load(ModelStore.fromEnvironment().open(ModelStore.DEFAULT_MODEL))) {
            ParaRel pararel = ParaRel.load();
            List<KnowledgeNeuronFinder.FactPrompts> sample = List.of("P103", "P36").stream()
                    .flatMap(r -> pararel.facts(r).stream().limit(facts / 2))
                    .map(f -> KnowledgeNeuronFinder.FactPrompts.of(f, pararel))
                    .toList();
            long t0 = System.nanoTime();
            NeuronSets sets = new KnowledgeNeuronFinder(model)
                    .run(
                            sample,
                            new KnowledgeNeuronsSettings(
                                    new AttributionSettings(null, AttributionSettings.FAST, null, null, null),
                                    null,
                                    null,
                                    null,
                                    null),
                            0,
                            ProgressListener.NONE)
                    .sets();
            double find = (System.nanoTime() - t0) / 1e9 / sample.size();
            // no filter: with a handful of facts every neuron is in more than 10% of them
            EditFactSettings settings = new EditFactSettings(
                    null,
                    facts,
                    null,
                    null,
                    null,
                    null,
                    1.0,
                    SampleSize.ALL,
                    null,
                    null,
                    null,
                    null,
                    0,
                    null,
                    null,
                    null);
            double with = editsPerMinute(model, pararel, sets, settings, true);
            double without = editsPerMinute(model, pararel, sets, settings, false);
            System.out.printf(
                    "edit benchmark: bert-base-cased, %d facts, CPU threads %d%n",
                    sample.size(), Runtime.getRuntime().availableProcessors());
            System.out.printf("knowledge neurons (fast IG): %.1f s/fact%n", find);
            System.out.printf(
                    "edits per minute with all controls (%d random + most-activated + gradient-matched +"
                            + " residual stream): %.2f%n",
                    settings.controls(), with);
            System.out.printf("edits per minute without controls: %.2f%n", without);
        }
    }

    private static double editsPerMinute(
            BertModel model, ParaRel pararel, NeuronSets sets, EditFactSettings settings, boolean controls) {
        long t0 = System.nanoTime();
        EditStudy study = EditStudy.run(model, pararel, sets, settings, 0, controls, ProgressListener.NONE);
        return study.records().size() / ((System.nanoTime() - t0) / 60e9);
    }
}
