package org.knlab.intervention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knlab.attribution.AttributionMethod;
import org.knlab.attribution.AttributionOptions;
import org.knlab.attribution.AttributionResult;
import org.knlab.attribution.Attributor;
import org.knlab.attribution.Neuron;
import org.knlab.attribution.Quadrature;
import org.knlab.experiments.ProgressListener;
import org.knlab.fillmask.ClozeBatch;
import org.knlab.nn.BertModel;
import org.knlab.testing.TinyBert;
import org.knlab.testing.TinyModels;

/**
 * Attribution scores, [MASK] activations and intervention outcomes on a fixed tiny-BERT input equal,
 * bit for bit, the values in {@code recorded-bits.txt}, recorded when this test was added: before the
 * hook points got TransformerLens' names and semantics, when IG restarted from the post-LayerNorm
 * {@code hook_resid_mid} and the block output was named {@code hook_resid_post}. Renaming hooks must
 * not change one bit. One line per value list, {@code key hex hex ...}: raw IEEE bits of floats
 * (8 digits) and doubles (16), ranks in decimal. The bits are those of the PyTorch CPU kernels they
 * were recorded with (x86-64); another CPU's kernels round differently (an AMD Zen 4 with AVX-512
 * gives other last bits), so values may differ by {@link #TOLERANCE} of the largest magnitude in
 * their list — far below what any change of semantics does — and ranks not at all.
 */
class RecordedBitsTest {

    private static final String TEXT = "baku is the capital of [MASK] .";
    private static final String SHORT = "the capital of [MASK] .";
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path store;

    @Test
    void outputsEqualTheRecordedBits() throws IOException {
        Map<String, List<String>> expected = recorded();
        Map<String, List<String>> actual = compute();
        assertEquals(expected.keySet(), actual.keySet());
        for (String key : expected.keySet()) {
            List<String> want = expected.get(key);
            List<String> got = actual.get(key);
            assertEquals(want.size(), got.size(), key);
            double scale = 0;
            for (String w : want) {
                scale = Math.max(scale, Math.abs(value(w)));
            }
            for (int i = 0; i < want.size(); i++) {
                if (want.get(i).length() < 8) {
                    assertEquals(want.get(i), got.get(i), key + "[" + i + "] (a rank)");
                } else {
                    double e = value(want.get(i));
                    double a = value(got.get(i));
                    assertTrue(
                            Math.abs(a - e) <= TOLERANCE * scale,
                            key + "[" + i + "]: recorded " + e + ", now " + a + " (list scale " + scale + ")");
                }
            }
        }
    }

    /** A recorded value: raw IEEE bits, 8 hex digits for a float, 16 for a double; a rank in decimal. */
    private static double value(String field) {
        return switch (field.length()) {
            case 8 -> Float.intBitsToFloat(Integer.parseUnsignedInt(field, 16));
            case 16 -> Double.longBitsToDouble(Long.parseUnsignedLong(field, 16));
            default -> Double.parseDouble(field);
        };
    }

    private Map<String, List<String>> compute() throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (BertModel model = TinyModels.load(new TinyBert(21), store)) {
            int gold = model.tokenizer().singleTokenId("azerbaijan", "gold");
            List<String> prompts = List.of(TEXT, SHORT);
            Attributor attributor = new Attributor(model);
            // maxRows 4 < 2 prompts × (steps + 1): IG runs one chunk per prompt.
            for (AttributionOptions options : List.of(
                    new AttributionOptions(AttributionMethod.IG, Quadrature.LEFT_RIEMANN, 3, 0, 4),
                    new AttributionOptions(AttributionMethod.IG, Quadrature.GAUSS_LEGENDRE, 3, 0, 4),
                    new AttributionOptions(AttributionMethod.GRAD_X_ACT, Quadrature.LEFT_RIEMANN, 1, 0, 4))) {
                List<AttributionResult> results = attributor.attribute(prompts, gold, options, ProgressListener.NONE);
                for (int p = 0; p < results.size(); p++) {
                    AttributionResult r = results.get(p);
                    String key =
                            options.method().id() + "." + options.quadrature().name() + "." + p;
                    List<String> scores = new ArrayList<>();
                    for (float[] layer : r.scores()) {
                        for (float s : layer) {
                            scores.add(hex(s));
                        }
                    }
                    out.put(key + ".scores", scores);
                    out.put(key + ".gold", List.of(hex(r.goldProbability())));
                    if (r.completenessGap() != null) {
                        out.put(key + ".gaps", doubles(r.completenessGap()));
                    }
                }
            }
            MaskActivations donor = MaskActivations.of(model, prompts);
            for (int p = 0; p < prompts.size(); p++) {
                List<String> acts = new ArrayList<>();
                for (float[] layer : donor.values()[p]) {
                    for (float a : layer) {
                        acts.add(hex(a));
                    }
                }
                out.put("activations." + p, acts);
            }
            List<Intervention> interventions = List.of(
                    Intervention.suppress(),
                    Intervention.amplify(2f),
                    Intervention.replace(InterventionKind.MEAN_ABLATION, donor.mean()),
                    Intervention.replace(InterventionKind.RESAMPLE, donor.resample()),
                    Intervention.valueSlot(InterventionKind.UNK_SLOT),
                    Intervention.valueSlot(InterventionKind.ZERO_SLOT));
            List<List<Neuron>> sets = List.of(
                    List.of(new Neuron(1, 3)),
                    List.of(new Neuron(0, 7), new Neuron(1, 20)),
                    List.of(new Neuron(0, 1), new Neuron(0, 30)));
            List<List<List<PromptOutcome>>> outcomes = new InterventionRunner(model, 4)
                    .run(ClozeBatch.of(model.tokenizer(), prompts), new int[] {gold, gold}, interventions, sets);
            for (int i = 0; i < interventions.size(); i++) {
                for (int s = 0; s < sets.size(); s++) {
                    for (int p = 0; p < prompts.size(); p++) {
                        PromptOutcome o = outcomes.get(i).get(s).get(p);
                        out.put(
                                "intervention." + interventions.get(i).kind().id() + "." + s + "." + p,
                                List.of(
                                        hex(o.logProbBefore()),
                                        hex(o.logProbAfter()),
                                        hex(o.kl()),
                                        Integer.toString(o.rankBefore()),
                                        Integer.toString(o.rankAfter())));
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, List<String>> recorded() throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (InputStream in = RecordedBitsTest.class.getResourceAsStream("recorded-bits.txt")) {
            assertNotNull(in, "recorded-bits.txt");
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                List<String> fields = List.of(line.split(" "));
                out.put(fields.get(0), fields.subList(1, fields.size()));
            }
        }
        return out;
    }

    private static List<String> doubles(double[] values) {
        List<String> out = new ArrayList<>();
        for (double v : values) {
            out.add(hex(v));
        }
        return out;
    }

    private static String hex(float v) {
        return String.format("%08x", Float.floatToRawIntBits(v));
    }

    private static String hex(double v) {
        return String.format("%016x", Double.doubleToRawLongBits(v));
    }
}
