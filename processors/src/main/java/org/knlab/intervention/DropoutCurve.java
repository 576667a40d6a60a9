package org.knlab.intervention;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.knlab.attribution.Neuron;
import org.knlab.data.ParaRel;
import org.knlab.data.Seeds;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.neurons.NeuronSet;
import org.knlab.nn.LanguageModel;

/**
 * The reference a "−0.4% after removing 0.02% of the neurons" claim must be read against: random
 * fractions of all FFN neurons (every layer) zeroed at [MASK], repeated with fresh draws, and the
 * change in gold probability (both aggregations) and accuracy.
 *
 * <p>Every fact draws its own random sets from the seed and its id ({@link #ofFact}), so a fact's
 * outcomes do not depend on which other facts run, in which order or on which worker; the curve is
 * the join of the facts' outcomes ({@link #of}): for each fraction and repeat r, the effect over
 * all facts of their r-th draw.
 */
public record DropoutCurve(List<Point> points) {

    public static final List<Double> DEFAULT_FRACTIONS = List.of(0.0002, 0.001, 0.01, 0.1);

    private static final long SALT = 0x6A09E667F3BCC909L; // keeps these draws apart from the fact's other seeded ones

    /** One fraction: neurons zeroed, and each metric's mean and sd over the repeats. */
    public record Point(
            double fraction,
            int neurons,
            int repeats,
            double ratioOfMeans,
            double ratioOfMeansSd,
            double meanOfRatios,
            double meanOfRatiosSd,
            double accuracyBefore,
            double accuracyAfter,
            double accuracyAfterSd,
            double meanKl) {}

    /** One fact's prompt outcomes under each of its random sets, fraction-major: {@code bySet[i·repeats + r]}. */
    public record FactDropout(String uuid, List<List<PromptOutcome>> bySet) {}

    /** The curve on the facts' own prompts (those their neurons were chosen on). */
    public static DropoutCurve run(
            LanguageModel model,
            ParaRel pararel,
            List<NeuronSet> facts,
            List<Double> fractions,
            int repeats,
            long seed,
            int maxRows) {
        EvaluationSets own = new EvaluationSets(pararel, model.tokenizer(), seed);
        List<FactDropout> outcomes = facts.stream()
                .map(f -> ofFact(model, own.of(f, EvaluationSet.OWN), f.uuid(), fractions, repeats, seed, maxRows))
                .toList();
        return of(
                outcomes,
                fractions,
                repeats,
                model.config().numLayers() * model.config().intermediateSize());
    }

    /** The n facts the curve runs on: those with the lowest seeded key, whatever the order or sharding of the facts. */
    public static List<NeuronSet> sample(List<NeuronSet> facts, int n, long seed) {
        return facts.stream()
                .sorted(Comparator.comparingLong(f -> new Random(Seeds.of(seed, f.uuid(), SALT)).nextLong()))
                .limit(n)
                .toList();
    }

    /** One fact's outcomes under its own seeded draws. */
    public static FactDropout ofFact(
            LanguageModel model,
            EvaluationSets.Prompts prompts,
            String uuid,
            List<Double> fractions,
            int repeats,
            long seed,
            int maxRows) {
        int layers = model.config().numLayers();
        int width = model.config().intermediateSize();
        Random rnd = new Random(Seeds.of(seed, uuid, SALT));
        List<List<Neuron>> sets = new ArrayList<>();
        for (double fraction : fractions) {
            for (int r = 0; r < repeats; r++) {
                sets.add(randomNeurons(neurons(fraction, layers * width), layers, width, rnd));
            }
        }
        List<List<PromptOutcome>> bySet = new InterventionRunner(model, maxRows)
                .run(
                        ClozeBatch.of(model.tokenizer(), prompts.prompts()),
                        prompts.gold(),
                        Intervention.suppress(),
                        sets);
        return new FactDropout(uuid, bySet);
    }

    /** The join: the curve from every fact's outcomes ({@code total} = all FFN neurons of the model). */
    public static DropoutCurve of(List<FactDropout> facts, List<Double> fractions, int repeats, int total) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < fractions.size(); i++) {
            DescriptiveStatistics rom = new DescriptiveStatistics();
            DescriptiveStatistics mor = new DescriptiveStatistics();
            DescriptiveStatistics acc = new DescriptiveStatistics();
            DescriptiveStatistics kl = new DescriptiveStatistics();
            double accBefore = Double.NaN;
            for (int r = 0; r < repeats; r++) {
                int set = i * repeats + r;
                EffectSummary e = EffectSummary.of(
                        facts.stream().map(f -> f.bySet().get(set)).toList());
                rom.addValue(e.ratioOfMeans());
                mor.addValue(e.meanOfRatios());
                acc.addValue(e.accuracyAfter());
                kl.addValue(e.meanKl());
                accBefore = e.accuracyBefore();
            }
            points.add(new Point(
                    fractions.get(i),
                    neurons(fractions.get(i), total),
                    repeats,
                    rom.getMean(),
                    rom.getStandardDeviation(),
                    mor.getMean(),
                    mor.getStandardDeviation(),
                    accBefore,
                    acc.getMean(),
                    acc.getStandardDeviation(),
                    kl.getMean()));
        }
        return new DropoutCurve(points);
    }

    private static int neurons(double fraction, int total) {
        return Math.max(1, (int) Math.round(fraction * total));
    }

    private static List<Neuron> randomNeurons(int k, int layers, int width, Random rnd) {
        Set<Neuron> chosen = new HashSet<>();
        while (chosen.size() < k) {
            chosen.add(new Neuron(rnd.nextInt(layers), rnd.nextInt(width)));
        }
        return chosen.stream().sorted().toList();
    }
}
