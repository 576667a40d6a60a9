package org.knlab.sae;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.knlab.data.Seeds;
import org.knlab.experiments.ProgressListener;
import org.knlab.model.HostTensor;
import org.knlab.model.SafeTensors;

/**
 * Trains a {@link TopKSae} on one layer's activations through the engine's autograd (the loss's
 * gradients come from {@link GradientCollector}; nothing is differentiated by hand) on the sparse codes
 * (the decoder reads each input's k rows), mean squared reconstruction error, {@link AdamUpdate} with
 * the decoder rows put back to unit norm after every step. Initialisation: decoder rows random unit vectors, the encoder their transpose, b_dec the mean
 * of the first rows. Batches are a seeded permutation of the rows per epoch, so step t reads the same
 * rows whether or not the run was resumed; a checkpoint holds the parameters, Adam's moments, the step
 * and each feature's rows since it last fired, and a run resumed from it ends with the same dictionary
 * as one that never stopped.
 */
public final class SaeTrainer {

    /**
     * What changes a dictionary trained from the same data, settings and seed: part of a set's id, so a
     * store never hands out a set another revision of this trainer made. 2: sparse decoder, fused Adam.
     */
    public static final int REVISION = 2;

    /**
     * A finished run: the dictionary, the last batch's loss, and the features that did not fire on the
     * last {@code deadAfter} rows.
     */
    public record Result(SaeDictionary dictionary, double finalLoss, int deadFeatures, int steps) {}

    private final ActivationSource data;
    private final SaeTrainingSettings settings;
    private final long seed;
    private final int d;
    private final int m;
    private final int totalSteps;

    public SaeTrainer(ActivationSource data, SaeTrainingSettings settings, long seed) {
        this.data = data;
        this.settings = settings;
        this.seed = seed;
        this.d = data.dimension();
        this.m = settings.widthFor(d);
        this.totalSteps = settings.steps(data.rows());
    }

    /**
     * Trains until {@code totalSteps}, or until {@code stopAfter} steps of this call (a run cut
     * short, for resuming). With a {@code checkpoint} file, starts from it when it exists and writes it
     * every {@code checkpointEvery} steps and at the end.
     */
    public Result train(Path checkpoint, int stopAfter, ProgressListener progress) {
        try (NDManager manager = NDManager.newBaseManager()) {
            State state = checkpoint != null && Files.exists(checkpoint)
                    ? State.read(checkpoint, manager, d, m)
                    : State.initial(manager, initialDictionary());
            double loss = Double.NaN;
            int done = 0;
            while (state.step < totalSteps && done < stopAfter) {
                loss = step(manager, state);
                done++;
                if (checkpoint != null
                        && settings.checkpointEvery() > 0
                        && state.step % settings.checkpointEvery() == 0) {
                    state.write(checkpoint);
                }
                progress.progress(state.step, totalSteps);
            }
            if (checkpoint != null) {
                state.write(checkpoint);
            }
            int dead = 0;
            for (float since : state.sinceFired) {
                dead += since >= settings.deadAfter() ? 1 : 0;
            }
            return new Result(state.dictionary(settings.k()), loss, dead, state.step);
        }
    }

    /**
     * One Adam step on the next batch; its loss. Parameters and moments are updated in place (their
     * arrays never change), so the step's temporaries all live in one scope closed at its end.
     */
    private double step(NDManager manager, State state) {
        int b = settings.batchSize();
        float[] rows = new float[b * d];
        data.read(batchRows(state.step), rows);
        try (NDManager scope = manager.newSubManager()) {
            NDArray[] params = state.params.all();
            for (int i = 0; i < params.length; i++) {
                params[i].tempAttach(scope);
                state.first[i].tempAttach(scope);
                state.second[i].tempAttach(scope);
                params[i].setRequiresGradient(true);
            }
            NDArray x = scope.create(rows, new Shape(b, d));
            double loss;
            long[] features;
            float[] values;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                TopKSae.Codes codes = TopKSae.encodeTopK(x, state.params, settings.k());
                NDArray mse =
                        TopKSae.decode(codes, state.params).sub(x).square().mean();
                gc.backward(mse);
                loss = mse.getFloat();
                features = codes.indices().toLongArray();
                values = codes.values().stopGradient().toFloatArray();
            }
            state.step++;
            AdamUpdate adam = AdamUpdate.of(settings.learningRate(), state.step);
            for (int i = 0; i < params.length; i++) {
                // stopGradient() is a view of the same storage: the parameter itself is updated
                adam.apply(
                        params[i].stopGradient(),
                        params[i].getGradient(),
                        state.first[i],
                        state.second[i],
                        params[i] == state.params.wDec());
            }
            boolean[] fired = new boolean[m];
            for (int i = 0; i < features.length; i++) {
                fired[(int) features[i]] |= values[i] > 0;
            }
            for (int f = 0; f < m; f++) {
                state.sinceFired[f] = fired[f] ? 0 : Math.min(settings.deadAfter(), state.sinceFired[f] + b);
            }
            return loss;
        }
    }

    /** The rows step {@code t} reads: positions t·B … t·B + B − 1 of the per-epoch seeded permutations. */
    int[] batchRows(int t) {
        int n = data.rows();
        int b = settings.batchSize();
        int[] out = new int[b];
        int[] order = null;
        long epochOf = -1;
        for (int i = 0; i < b; i++) {
            long position = (long) t * b + i;
            long epoch = position / n;
            if (epoch != epochOf) {
                order = permutation(n, Seeds.of(seed, "sae-epoch", epoch));
                epochOf = epoch;
            }
            out[i] = order[(int) (position % n)];
        }
        return out;
    }

    private static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random rnd = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    /** Random unit decoder rows, the encoder their transpose, b_enc 0, b_dec the mean of the first rows. */
    private SaeDictionary initialDictionary() {
        Random rnd = new Random(Seeds.of(seed, "sae-init"));
        float[] wDec = new float[m * d];
        for (int f = 0; f < m; f++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                float v = (float) rnd.nextGaussian();
                wDec[f * d + j] = v;
                norm += v * v;
            }
            float inv = (float) (1 / Math.sqrt(norm));
            for (int j = 0; j < d; j++) {
                wDec[f * d + j] *= inv;
            }
        }
        float[] wEnc = new float[d * m];
        for (int f = 0; f < m; f++) {
            for (int j = 0; j < d; j++) {
                wEnc[j * m + f] = wDec[f * d + j];
            }
        }
        int sample = Math.min(data.rows(), 4096);
        int[] first = new int[sample];
        for (int i = 0; i < sample; i++) {
            first[i] = i;
        }
        float[] rows = new float[sample * d];
        data.read(first, rows);
        float[] bDec = new float[d];
        for (int i = 0; i < sample; i++) {
            for (int j = 0; j < d; j++) {
                bDec[j] += rows[i * d + j] / sample;
            }
        }
        return new SaeDictionary(d, m, settings.k(), wEnc, new float[m], wDec, bDec);
    }

    /** What a checkpoint holds. */
    private static final class State {
        TopKSae.Parameters params;
        final NDArray[] first;
        final NDArray[] second;
        int step;
        final float[] sinceFired;

        private State(TopKSae.Parameters params, NDArray[] first, NDArray[] second, int step, float[] sinceFired) {
            this.params = params;
            this.first = first;
            this.second = second;
            this.step = step;
            this.sinceFired = sinceFired;
        }

        static State initial(NDManager manager, SaeDictionary start) {
            TopKSae.Parameters p = start.parameters(manager);
            NDArray[] first = new NDArray[4];
            NDArray[] second = new NDArray[4];
            for (int i = 0; i < 4; i++) {
                first[i] = manager.zeros(p.all()[i].getShape());
                second[i] = manager.zeros(p.all()[i].getShape());
            }
            return new State(p, first, second, 0, new float[start.m()]);
        }

        private static final String[] NAMES = {"W_enc", "b_enc", "W_dec", "b_dec"};

        void write(Path file) {
            Map<String, HostTensor> t = new HashMap<>();
            NDArray[] p = params.all();
            for (int i = 0; i < 4; i++) {
                long[] shape = p[i].getShape().getShape();
                t.put(NAMES[i], HostTensor.of(shape, p[i].toFloatArray()));
                t.put("adam.m." + NAMES[i], HostTensor.of(shape, first[i].toFloatArray()));
                t.put("adam.v." + NAMES[i], HostTensor.of(shape, second[i].toFloatArray()));
            }
            t.put("step", HostTensor.of(new long[] {1}, new float[] {step}));
            t.put("sinceFired", HostTensor.of(new long[] {sinceFired.length}, sinceFired.clone()));
            try {
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                SafeTensors.write(tmp, t, Map.of("format", "kn-lab/sae-checkpoint"));
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static State read(Path file, NDManager manager, int d, int m) {
            Map<String, HostTensor> t = SafeTensors.read(file);
            Shape[] shapes = TopKSae.Parameters.shapes(d, m);
            List<NDArray> p = new ArrayList<>();
            NDArray[] first = new NDArray[4];
            NDArray[] second = new NDArray[4];
            for (int i = 0; i < 4; i++) {
                HostTensor w = t.get(NAMES[i]);
                if (w == null || !new Shape(w.shape()).equals(shapes[i])) {
                    throw new IllegalArgumentException(
                            file + " is not a checkpoint of a " + d + " → " + m + " dictionary (" + NAMES[i] + ")");
                }
                p.add(manager.create(w.toFloatArray(), shapes[i]));
                first[i] = manager.create(t.get("adam.m." + NAMES[i]).toFloatArray(), shapes[i]);
                second[i] = manager.create(t.get("adam.v." + NAMES[i]).toFloatArray(), shapes[i]);
            }
            return new State(
                    new TopKSae.Parameters(p.get(0), p.get(1), p.get(2), p.get(3)),
                    first,
                    second,
                    (int) t.get("step").toFloatArray()[0],
                    t.get("sinceFired").toFloatArray());
        }

        SaeDictionary dictionary(int k) {
            return new SaeDictionary(
                    (int) params.wEnc().getShape().get(0),
                    (int) params.wEnc().getShape().get(1),
                    k,
                    params.wEnc().toFloatArray(),
                    params.bEnc().toFloatArray(),
                    params.wDec().toFloatArray(),
                    params.bDec().toFloatArray());
        }
    }
}
