package org.knlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.model.ModelStore;
import org.knlab.nn.LanguageModel;
import org.knlab.nn.LanguageModels;
import org.knlab.text.PromptTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code kn cross-model}: replications of Dai et al.'s Figures 3–4 ({@code kn replicate-kn-figures
 * --json}) on several models side by side — the mean over relations in both aggregations, matched and
 * gradient-matched controls, accuracy, neurons per fact, where they sit, and how much of it hubs carry —
 * with the facts each model could use (objects that are one token of its vocabulary).
 */
@Command(
        name = "cross-model",
        mixinStandardHelpOptions = true,
        description = "One table of several replicate-kn-figures results (JSON, .gz allowed), one column per model.")
final class CrossModelCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "replicate-kn-figures --json outputs.")
    List<Path> files;

    @Mixin
    StoreOptions storeOptions = new StoreOptions();

    @Override
    public Integer call() throws IOException {
        List<JsonNode> runs = new ArrayList<>();
        for (Path f : files) {
            try (InputStream in = f.toString().endsWith(".gz")
                    ? new GZIPInputStream(Files.newInputStream(f))
                    : Files.newInputStream(f)) {
                runs.add(JSON.readTree(in));
            }
        }
        ModelStore store = storeOptions.store();
        StringBuilder b = new StringBuilder("| | ");
        runs.forEach(r -> b.append(model(r)).append(" | "));
        b.append("\n|---|").append("---|".repeat(runs.size())).append('\n');
        row(
                b,
                runs,
                "facts used / usable (single-token objects in the 34 relations)",
                r -> r.path("neurons").path("statistics").path("facts").asInt() + " / " + usable(store, model(r)));
        row(
                b,
                runs,
                "knowledge neurons per fact (facts with ≥ 1)",
                r -> String.format(
                        Locale.ROOT,
                        "%.2f (%d)",
                        stats(r).path("meanPerFact").asDouble(),
                        stats(r).path("factsWithNeurons").asInt()));
        for (String[] effect : new String[][] {
            {"suppressRelated", "suppress, related"},
            {"suppressUnrelated", "suppress, unrelated"},
            {"amplifyRelated", "amplify, related"},
            {"amplifyUnrelated", "amplify, unrelated"}
        }) {
            row(
                    b,
                    runs,
                    effect[1] + ": ratio of means (mean of ratios)",
                    r -> pct(mean(r).path(effect[0]).path("ratioOfMeans")) + " ("
                            + pct(mean(r).path(effect[0]).path("meanOfRatios")) + ")");
            row(
                    b,
                    runs,
                    "  matched random / gradient-matched sets",
                    r -> pct(mean(r).path(effect[0]).path("controlRatioOfMeans")) + " / "
                            + pct(mean(r).path(effect[0]).path("gradientMatchedRatioOfMeans")));
        }
        row(
                b,
                runs,
                "accuracy before → suppressed / amplified",
                r -> String.format(
                        Locale.ROOT,
                        "%.2f → %.2f / %.2f",
                        mean(r).path("accuracyBefore").asDouble(),
                        mean(r).path("accuracyAfterSuppress").asDouble(),
                        mean(r).path("accuracyAfterAmplify").asDouble()));
        row(b, runs, "neurons by layer (share, top three; layers 0–7)", CrossModelCommand::layers);
        row(b, runs, "facts holding one of the 10 most frequent neurons (top one)", CrossModelCommand::hubShare);
        System.out.print(b);
        return 0;
    }

    private static void row(StringBuilder b, List<JsonNode> runs, String label, Function<JsonNode, String> cell) {
        b.append("| ").append(label).append(" | ");
        runs.forEach(r -> b.append(cell.apply(r)).append(" | "));
        b.append('\n');
    }

    private static String model(JsonNode run) {
        return run.path("neurons").path("sets").path("provenance").path("model").asText("?");
    }

    private static JsonNode stats(JsonNode run) {
        return run.path("neurons").path("statistics");
    }

    /** The "mean over relations" figure: the authors' headline aggregation. */
    private static JsonNode mean(JsonNode run) {
        for (JsonNode f : run.path("figures")) {
            if (f.path("relation").asText().equals("mean over relations")) {
                return f;
            }
        }
        throw new IllegalArgumentException("a replication without its mean over relations");
    }

    private static String pct(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%+.1f%%", 100 * v.asDouble()) : v.asText("—");
    }

    private static String layers(JsonNode run) {
        JsonNode share = stats(run).path("layerShare");
        List<Integer> order = new ArrayList<>();
        for (int l = 0; l < share.size(); l++) {
            order.add(l);
        }
        order.sort(
                (x, y) -> Double.compare(share.get(y).asDouble(), share.get(x).asDouble()));
        double low = 0;
        for (int l = 0; l < Math.min(8, share.size()); l++) {
            low += share.get(l).asDouble();
        }
        StringBuilder s = new StringBuilder();
        for (int l : order.subList(0, Math.min(3, order.size()))) {
            s.append(s.length() == 0 ? "" : ", ")
                    .append(String.format(
                            Locale.ROOT, "L%d %.0f%%", l, 100 * share.get(l).asDouble()));
        }
        return s.append(String.format(Locale.ROOT, "; 0–7: %.0f%%", 100 * low)).toString();
    }

    /** Share of facts whose set holds one of the statistics' 10 hubs, and the top hub's share. */
    private static String hubShare(JsonNode run) {
        Set<String> hubs = new HashSet<>();
        stats(run)
                .path("hubs")
                .forEach(h ->
                        hubs.add(h.path("layer").asInt() + ":" + h.path("index").asInt()));
        int facts = 0;
        int holding = 0;
        for (JsonNode set : run.path("neurons").path("sets").path("sets")) {
            facts++;
            for (JsonNode n : set.path("neurons")) {
                if (hubs.contains(
                        n.path("layer").asInt() + ":" + n.path("index").asInt())) {
                    holding++;
                    break;
                }
            }
        }
        double top = stats(run).path("hubs").path(0).path("shareOfFacts").asDouble();
        return String.format(Locale.ROOT, "%.0f%% (%.0f%%)", 100.0 * holding / Math.max(1, facts), 100 * top);
    }

    /** Facts of the 34 relations whose object is one token of the model's vocabulary. */
    private static String usable(ModelStore store, String id) {
        try (LanguageModel model = LanguageModels.load(store, id, ai.djl.Device.cpu())) {
            PromptTokenizer tok = model.tokenizer();
            ParaRel pararel = ParaRel.load(model.promptStyle());
            long n = pararel.facts().stream()
                    .map(Fact::object)
                    .filter(o -> tok.singleToken(o).isPresent())
                    .count();
            return Long.toString(n);
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
