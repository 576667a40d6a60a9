package org.knlab.intervention;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knlab.attribution.AttributionMethod;
import org.knlab.attribution.AttributionSettings;
import org.knlab.attribution.KnowledgeNeuronFinder.FactScores;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.experiments.ProgressListener;
import org.knlab.model.ModelStore;
import org.knlab.neurons.NeuronSet;
import org.knlab.nn.BertModel;

/**
 * The replication benchmark (not a test): where one fact's time goes in {@code replicate-kn-figures}
 * — attribution (fast IG, per fact), the interventions with 2 and with 20 matched controls (the
 * difference is the cost of 18 controls), the dropout draws, the joins — on bert-base-cased, per
 * fact, measured in one run. {@code java -cp ... org.knlab.intervention.ReplicationBenchmark [FACTS]}
 * (class path as in deploy/bench-attribution.sh), default 6 facts of P36, P1376 and P37.
 */
public final class ReplicationBenchmark {

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        try (BertModel model = BertModel.load(ModelStore.fromEnvironment().open(ModelStore.DEFAULT_MODEL))) {
            ParaRel pararel = ParaRel.load();
            List<Fact> facts = List.of("P36", "P1376", "P37").stream()
                    .flatMap(r -> pararel.facts(r).stream().limit((n + 2) / 3))
                    .limit(n)
                    .toList();
            AttributionSettings ig =
                    new AttributionSettings(AttributionMethod.IG, AttributionSettings.FAST, null, steps, null);
            ReplicationSettings twenty =
                    new ReplicationSettings(ig, List.of(), null, 20, facts.size(), 5, 1000, null, null, null);
            ReplicationSettings two =
                    new ReplicationSettings(ig, List.of(), null, 2, facts.size(), 5, 1000, null, null, null);
            KnFiguresReplication replication = new KnFiguresReplication(model, pararel);
            long seed = 0;

            long t0 = System.nanoTime();
            List<FactScores> scores = facts.stream()
                    .map(f -> replication.attribute(f, twenty, seed))
                    .toList();
            double attribution = seconds(t0) / n;
            t0 = System.nanoTime();
            KnFiguresReplication.Neurons neurons = replication.neurons(scores, twenty, seed);
            double join1 = seconds(t0);
            List<NeuronSet> sets = neurons.result().facts();
            t0 = System.nanoTime();
            replication.measure(sets, Set.of(), Map.of(), two, seed, ProgressListener.NONE);
            double withTwo = seconds(t0) / n;
            t0 = System.nanoTime();
            List<KnFiguresReplication.FactMeasurement> measured =
                    replication.measure(sets, Set.of(), Map.of(), twenty, seed, ProgressListener.NONE);
            double withTwenty = seconds(t0) / n;
            t0 = System.nanoTime();
            List<KnFiguresReplication.FactMeasurement> dropout = replication.measure(
                    sets, Set.copyOf(neurons.dropoutFacts()), Map.of(), twenty, seed, ProgressListener.NONE);
            double dropoutPerFact = (seconds(t0) / n - withTwenty);
            t0 = System.nanoTime();
            replication.result(neurons, dropout, twenty, seed);
            double join2 = seconds(t0);

            double total = attribution + withTwenty; // dropout runs on 20 facts of the sample only
            System.out.printf(
                    "replication benchmark: bert-base-cased, %d facts (%d prompts), IG %d Gauss-Legendre"
                            + " nodes, CPU threads %d%n",
                    n,
                    facts.stream().mapToInt(f -> pararel.prompts(f).size()).sum(),
                    steps,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(
                    "per fact: attribution %.2f s | interventions + gradient-matched + 2 controls %.2f s"
                            + " | 18 more controls %.2f s | dropout (20 draws, every fact in the sample) %.2f s%n",
                    attribution, withTwo, withTwenty - withTwo, dropoutPerFact);
            System.out.printf(
                    "per fact with 20 controls: %.2f s (attribution %.0f%%, interventions %.0f%%); joins"
                            + " %.2f s + %.2f s for all %d facts%n",
                    total, 100 * attribution / total, 100 * withTwenty / total, join1, join2, measured.size());
            System.out.printf(
                    "34 relations x 30 facts at this rate: %.0f min (+ dropout on 20 facts: %.1f min)%n",
                    1020 * total / 60, 20 * dropoutPerFact / 60);
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
