package org.knlab.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knlab.attribution.AttributeSettings;
import org.knlab.attribution.AttributionOptions;
import org.knlab.attribution.AttributionReport;
import org.knlab.attribution.AttributionResult;
import org.knlab.attribution.Attributor;
import org.knlab.errors.InvalidInputException;
import org.knlab.experiments.ProgressListener;
import org.knlab.nn.LanguageModel;
import org.knlab.nn.NeuronSite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kn attribute}: the top-scoring FFN neurons at [MASK] for each prompt, and the completeness gaps. */
@Command(
        name = "attribute",
        mixinStandardHelpOptions = true,
        defaultValueProvider = StepDefaults.class,
        description = "Score every FFN neuron at [MASK] for the gold answer; print the top K per prompt.")
final class AttributeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    AttributionOptionsMixin attribution;

    @Mixin
    GoldOption gold;

    @Option(names = "--top", paramLabel = "K")
    Integer top;

    @Mixin
    JsonLinesOption jsonLines;

    @Parameters(paramLabel = "TEXT", arity = "1..*", description = "Prompts with one [MASK] each.")
    List<String> texts;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (LanguageModel model = modelOptions.load()) {
            AttributeSettings settings = SettingsOptions.of(spec).read(AttributeSettings.class);
            AttributionOptions options = settings.attribution().options(attribution.seed());
            if (gold.word == null) {
                throw new InvalidInputException(
                        "gold", "kn attribute needs --gold WORD, the answer whose probability" + " is attributed");
            }
            int goldId = model.tokenizer().singleTokenId(gold.word, "gold");
            long start = System.nanoTime();
            List<AttributionResult> results =
                    new Attributor(model).attribute(texts, goldId, options, ProgressListener.NONE);
            if (modelOptions.verbose) {
                System.err.printf(
                        "attribution took %.2f s per prompt%n", (System.nanoTime() - start) / 1e9 / texts.size());
            }
            for (int p = 0; p < texts.size(); p++) {
                AttributionResult r = results.get(p);
                List<double[]> best = AttributionReport.top(r.scores(), settings.top());
                if (jsonLines.enabled) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("model", model.identity().id());
                    o.put("modelSha256", model.identity().sha256());
                    o.put(NeuronSite.FIELD, model.neuronSite().hookName());
                    o.put("text", texts.get(p));
                    o.put("gold", gold.word);
                    o.put("options", options);
                    o.put("goldProbability", r.goldProbability());
                    o.put(
                            "top",
                            best.stream()
                                    .map(t -> List.of((int) t[0], (int) t[1], t[2]))
                                    .toList());
                    o.put("completenessGap", r.completenessGap());
                    out.println(JSON.writeValueAsString(o));
                } else {
                    out.printf("%s   (P(%s) = %.4f, %s)%n", texts.get(p), gold.word, r.goldProbability(), options);
                    for (double[] t : best) {
                        out.printf("  layer %2d  neuron %4d  score %.6g%n", (int) t[0], (int) t[1], t[2]);
                    }
                    if (r.completenessGap() != null) {
                        out.print("  completeness gap per layer:");
                        for (double g : r.completenessGap()) {
                            out.printf(" %.2g", g);
                        }
                        out.println();
                    }
                }
            }
            return 0;
        }
    }
}
