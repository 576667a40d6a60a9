package org.knlab.intervention;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.knlab.neurons.NeuronSet;
import org.knlab.attribution.Neuron;
import org.knlab.data.ParaRel;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.nn.BertModel;

/**
 * The reference a "−0.4% after removing 0.02% of the neurons" claim must be read against: random
 * fractions of all FFN neurons (every layer) zeroed at [MASK], repeated with fresh draws, and the
 * change in gold probability (both aggregations) and accuracy.
 */
public record DropoutCurve(List<Point> points) {

    public static final List<Double> DEFAULT_FRACTIONS = List.of(0.0002, 0.001, 0.01, 0.1);

    /** One fraction: neurons zeroed, and each metric's mean and sd over the repeats. */
    public record Point(double fraction, int neurons, int repeats, double ratioOfMeans, double ratioOfMeansSd,
            double meanOfRatios, double meanOfRatiosSd, double accuracyBefore, double accuracyAfter,
            double accuracyAfterSd, double meanKl) {}

    /** The curve on the facts' own prompts (those their neurons were chosen on). */
    public static DropoutCurve run(BertModel model, ParaRel pararel, List<NeuronSet> facts, List<Double> fractions,
            int repeats, long seed, int maxRows) {
        EvaluationSets own = new EvaluationSets(pararel, model.tokenizer(), seed);
        return run(model, facts.stream().map(f -> own.of(f, EvaluationSet.OWN)).toList(), fractions, repeats, seed,
                maxRows);
    }

    private static DropoutCurve run(BertModel model, List<EvaluationSets.Prompts> facts, List<Double> fractions,
            int repeats, long seed, int maxRows) {
        int layers = model.config().numLayers();
        int width = model.config().intermediateSize();
        Random rnd = new Random(seed);
        List<List<Neuron>> sets = new ArrayList<>();
        for (double fraction : fractions) {
            int k = Math.max(1, (int) Math.round(fraction * layers * width));
            for (int r = 0; r < repeats; r++) {
                sets.add(randomNeurons(k, layers, width, rnd));
            }
        }
        InterventionRunner runner = new InterventionRunner(model, maxRows);
        List<List<List<PromptOutcome>>> bySetThenFact = new ArrayList<>();
        sets.forEach(s -> bySetThenFact.add(new ArrayList<>()));
        for (EvaluationSets.Prompts f : facts) {
            List<List<PromptOutcome>> r = runner.run(ClozeBatch.of(model.tokenizer(), f.prompts()), f.gold(),
                    Intervention.suppress(), sets);
            for (int s = 0; s < sets.size(); s++) {
                bySetThenFact.get(s).add(r.get(s));
            }
        }
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < fractions.size(); i++) {
            DescriptiveStatistics rom = new DescriptiveStatistics();
            DescriptiveStatistics mor = new DescriptiveStatistics();
            DescriptiveStatistics acc = new DescriptiveStatistics();
            DescriptiveStatistics kl = new DescriptiveStatistics();
            double accBefore = Double.NaN;
            for (int r = 0; r < repeats; r++) {
                EffectSummary e = EffectSummary.of(bySetThenFact.get(i * repeats + r));
                rom.addValue(e.ratioOfMeans());
                mor.addValue(e.meanOfRatios());
                acc.addValue(e.accuracyAfter());
                kl.addValue(e.meanKl());
                accBefore = e.accuracyBefore();
            }
            points.add(new Point(fractions.get(i), sets.get(i * repeats).size(), repeats, rom.getMean(),
                    rom.getStandardDeviation(), mor.getMean(), mor.getStandardDeviation(), accBefore, acc.getMean(),
                    acc.getStandardDeviation(), kl.getMean()));
        }
        return new DropoutCurve(points);
    }

    private static List<Neuron> randomNeurons(int k, int layers, int width, Random rnd) {
        Set<Neuron> chosen = new HashSet<>();
        while (chosen.size() < k) {
            chosen.add(new Neuron(rnd.nextInt(layers), rnd.nextInt(width)));
        }
        return chosen.stream().sorted().toList();
    }
}
