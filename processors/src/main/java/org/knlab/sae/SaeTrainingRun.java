package org.knlab.sae;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.data.Seeds;
import org.knlab.experiments.ProgressListener;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.intervention.EvaluationSets;
import org.knlab.intervention.InterventionRunner;
import org.knlab.intervention.MaskActivations;
import org.knlab.intervention.OutputComparison;
import org.knlab.intervention.PromptOutcome;
import org.knlab.neurons.NeuronSet;
import org.knlab.nn.DirectionIntervention;
import org.knlab.nn.Hooks;
import org.knlab.nn.LanguageModel;

/**
 * {@code train-sae}: splits the facts (a seeded share of each relation's for evaluation, the neuron sets'
 * facts out of both), builds the activation dataset of the training prompts once, trains a TopK SAE per
 * layer (each resumable from its checkpoint), measures each on the evaluation prompts, and stores the
 * set in the model store ({@link SaeSet}). The set's id is a digest of everything that decides its
 * contents, so asking again for the same training returns the stored set, or resumes it.
 */
public final class SaeTrainingRun {

    private final LanguageModel model;
    private final ParaRel pararel;
    private final Path store;

    /** {@code store}: the model store's directory (dictionaries and activation datasets live below it). */
    public SaeTrainingRun(LanguageModel model, ParaRel pararel, Path store) {
        this.model = model;
        this.pararel = pararel;
        this.store = store;
    }

    public SaeTrainingReport run(
            List<Fact> facts,
            List<NeuronSet> excluded,
            TrainSaeSettings settings,
            long seed,
            ProgressListener progress) {
        long start = System.nanoTime();
        List<Integer> layers = settings.layersOf(model.config().numLayers());
        // a bad width, or a dictionary too large for this machine, fails before any work
        int d = model.config().intermediateSize();
        SaeTrainingSettings sae = settings.training();
        TrainingMemory.of(d, sae.widthFor(d), sae.k(), sae.batchSize())
                .requireFits(Engine.getInstance().defaultDevice());
        Set<String> out = excluded.stream().map(NeuronSet::uuid).collect(Collectors.toSet());
        Map<String, List<Fact>> byRelation = new TreeMap<>();
        facts.stream()
                .filter(f -> !out.contains(f.uuid()))
                .forEach(f -> byRelation
                        .computeIfAbsent(f.relation(), r -> new ArrayList<>())
                        .add(f));
        List<Fact> training = new ArrayList<>();
        List<Fact> evaluation = new ArrayList<>();
        byRelation.forEach((relation, list) -> {
            List<Fact> shuffled = new ArrayList<>(list);
            Collections.shuffle(shuffled, new Random(Seeds.of(seed, "sae-evaluation:" + relation)));
            int held = list.size() < 2 ? 0 : Math.max(1, (int) Math.round(settings.evaluationShare() * list.size()));
            evaluation.addAll(shuffled.subList(0, held));
            training.addAll(shuffled.subList(held, shuffled.size()));
        });
        List<String> prompts = new ArrayList<>();
        training.forEach(f -> prompts.addAll(pararel.prompts(f)));
        EvaluationSets sets = new EvaluationSets(pararel, model.tokenizer(), seed);
        List<String> evalPrompts = new ArrayList<>();
        List<Integer> evalGold = new ArrayList<>();
        for (Fact f : evaluation) {
            EvaluationSets.Prompts p = sets.ofFact(f, null);
            evalPrompts.addAll(p.prompts());
            for (int g : p.gold()) {
                evalGold.add(g);
            }
        }

        ActivationDataset dataset = ActivationDataset.of(
                model,
                prompts,
                layers,
                store.resolve("activations").resolve(model.identity().id()));
        String id = ActivationDataset.sha256(String.join(
                        "\n",
                        dataset.identity().key(),
                        ActivationDataset.sha256(String.join("\n", evalPrompts)),
                        SaeSet.json(settings.training()),
                        Long.toString(seed),
                        "trainer " + SaeTrainer.REVISION))
                .substring(0, 16);
        Path dir = SaeSet.modelDirectory(store, model.identity().id()).resolve(id);
        if (Files.exists(dir.resolve(SaeSet.REPORT))) {
            return SaeSet.readJson(dir.resolve(SaeSet.REPORT), SaeTrainingReport.class);
        }
        createDirectories(dir);

        Map<Integer, float[][]> evalActivations = evaluationActivations(evalPrompts, layers);
        int totalSteps =
                layers.size() * settings.training().steps(dataset.identity().rows()); // rows alike per layer
        List<SaeTrainingReport.LayerQuality> qualities = new ArrayList<>();
        int stepsBefore = 0;
        for (int layer : layers) {
            Path done = dir.resolve("layer-" + layer + ".json");
            if (Files.exists(done)) { // trained and measured before this run was interrupted
                SaeTrainingReport.LayerQuality q = SaeSet.readJson(done, SaeTrainingReport.LayerQuality.class);
                qualities.add(q);
                stepsBefore += q.steps();
                continue;
            }
            ActivationSource rows = dataset.layer(layer);
            int offset = stepsBefore;
            int total = totalSteps;
            long t0 = System.nanoTime();
            Path checkpoint = dir.resolve("layer-" + layer + ".checkpoint.safetensors");
            SaeTrainer.Result result = new SaeTrainer(rows, settings.training(), Seeds.of(seed, "sae-layer", layer))
                    .train(checkpoint, Integer.MAX_VALUE, (step, all) -> progress.progress(offset + step, total));
            double seconds = (System.nanoTime() - t0) / 1e9;
            stepsBefore += result.steps();
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "kn-lab/topk-sae");
            meta.put("model", model.identity().id());
            meta.put("modelSha256", model.identity().sha256());
            meta.put("hook", model.neuronHook(layer));
            meta.put("dataset", dataset.identity().key());
            meta.put("seed", Long.toString(seed));
            meta.put("trainer", Integer.toString(SaeTrainer.REVISION));
            save(result.dictionary(), SaeSet.layerFile(dir, layer), meta);
            SaeTrainingReport.LayerQuality q = quality(
                    layer,
                    result,
                    evalActivations.get(layer),
                    evalPrompts,
                    evalGold,
                    settings.maxRows(),
                    seconds,
                    result.steps() * (double) settings.training().batchSize() / seconds);
            SaeSet.writeJson(done, q);
            qualities.add(q);
            deleteIfExists(checkpoint);
        }
        SaeTrainingReport report = new SaeTrainingReport(
                id,
                model.identity().id(),
                model.identity().sha256(),
                model.neuronSite().hookName(),
                dataset.identity(),
                training.size(),
                evaluation.size(),
                evalPrompts.size(),
                out.size(),
                settings.training(),
                seed,
                qualities,
                (System.nanoTime() - start) / 60e9);
        SaeSet.writeJson(dir.resolve(SaeSet.REPORT), report);
        return report;
    }

    /** The evaluation prompts' activations at [MASK], layer → [prompt][neuron]. */
    private Map<Integer, float[][]> evaluationActivations(List<String> prompts, List<Integer> layers) {
        Map<Integer, float[][]> out = new TreeMap<>();
        layers.forEach(l -> out.put(l, new float[prompts.size()][]));
        MaskActivations.chunks(model, prompts, layers, (first, values) -> {
            for (int p = 0; p < values.length; p++) {
                for (int i = 0; i < layers.size(); i++) {
                    out.get(layers.get(i))[first + p] = values[p][i];
                }
            }
        });
        return out;
    }

    private SaeTrainingReport.LayerQuality quality(
            int layer,
            SaeTrainer.Result result,
            float[][] a,
            List<String> prompts,
            List<Integer> gold,
            int maxRows,
            double seconds,
            double rowsPerSecond) {
        SaeDictionary dictionary = result.dictionary();
        int n = a.length;
        int d = dictionary.d();
        float[][] reconstructed = new float[n][];
        double active = 0;
        try (NDManager scope = model.newScope()) {
            TopKSae.Parameters p = dictionary.parameters(scope);
            NDArray shift = TopKSae.shift(p);
            for (int first = 0; first < n; first += maxRows) {
                int rows = Math.min(maxRows, n - first);
                float[] x = new float[rows * d];
                for (int i = 0; i < rows; i++) {
                    System.arraycopy(a[first + i], 0, x, i * d, d);
                }
                TopKSae.Codes codes =
                        TopKSae.encodeTopK(scope.create(x, new Shape(rows, d)), p.wEnc(), shift, dictionary.k());
                active += codes.values()
                        .gt(0f)
                        .sum()
                        .toType(DataType.FLOAT64, false)
                        .getDouble();
                float[] xHat = TopKSae.decode(codes, p).toFloatArray();
                for (int i = 0; i < rows; i++) {
                    reconstructed[first + i] = Arrays.copyOfRange(xHat, i * d, (i + 1) * d);
                }
            }
        }
        double[] mean = new double[d];
        for (float[] row : a) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / (double) n;
            }
        }
        double residual = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double e = a[i][j] - reconstructed[i][j];
                double c = a[i][j] - mean[j];
                residual += e * e;
                total += c * c;
            }
        }
        double[] pGold = new double[2];
        int[] correct = new int[2];
        InterventionRunner runner = new InterventionRunner(model, maxRows);
        for (int first = 0; first < n; first += maxRows) {
            List<Integer> idx = new ArrayList<>();
            for (int i = first; i < Math.min(n, first + maxRows); i++) {
                idx.add(i);
            }
            ClozeBatch batch = ClozeBatch.of(
                    model.tokenizer(), idx.stream().map(prompts::get).toList());
            int[] g = idx.stream().mapToInt(gold::get).toArray();
            DirectionIntervention replace = new DirectionIntervention();
            for (int r = 0; r < idx.size(); r++) {
                float[] delta = new float[d];
                for (int j = 0; j < d; j++) {
                    delta[j] = reconstructed[idx.get(r)][j] - a[idx.get(r)][j];
                }
                replace.add(r, batch.maskPositions()[r], delta);
            }
            Hooks hooks = Hooks.none();
            hooks.add(model.neuronHook(layer), replace);
            List<PromptOutcome> outcomes = runner.runHooked(
                    batch, layer, 1, hooks, (before, after) -> OutputComparison.compare(before, after, g));
            for (PromptOutcome o : outcomes) {
                pGold[0] += Math.exp(o.logProbBefore()) / n;
                pGold[1] += Math.exp(o.logProbAfter()) / n;
                correct[0] += o.correctBefore() ? 1 : 0;
                correct[1] += o.correctAfter() ? 1 : 0;
            }
        }
        return new SaeTrainingReport.LayerQuality(
                layer,
                dictionary.m(),
                dictionary.k(),
                result.steps(),
                result.finalLoss(),
                result.deadFeatures() / (double) dictionary.m(),
                1 - residual / total,
                active / n,
                pGold[0],
                pGold[1],
                pGold[1] / pGold[0],
                correct[0] / (double) n,
                correct[1] / (double) n,
                seconds,
                rowsPerSecond);
    }

    private static void save(SaeDictionary dictionary, Path file, Map<String, String> meta) {
        try {
            dictionary.save(file, meta);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
