package org.knlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.knlab.attribution.RefinementRule;
import org.knlab.data.ParaRel;
import org.knlab.data.SelectedFacts;
import org.knlab.intervention.Bootstrap;
import org.knlab.intervention.InterventionRunner;
import org.knlab.intervention.KnFiguresReplication;
import org.knlab.nn.BertModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kn replicate-kn-figures}: the paper's Figures 3 and 4 with controls, on a seeded sample per relation. */
@Command(name = "replicate-kn-figures", mixinStandardHelpOptions = true,
        description = "Suppress/amplify knowledge neurons per relation, next to matched random controls and the"
                + " paper's numbers.")
final class ReplicateKnFiguresCommand implements Callable<Integer> {

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    AttributionOptionsMixin attribution;

    @Mixin
    SampleOptions sample;

    @Option(names = "--dropout-facts", defaultValue = "20", description = "Facts the dropout reference curve runs on.")
    int dropoutFacts;

    @Option(names = "--dropout-repeats", defaultValue = "5", description = "Random draws per dropout fraction.")
    int dropoutRepeats;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (BertModel model = modelOptions.load()) {
            ParaRel pararel = ParaRel.load();
            SelectedFacts facts = sample.select(pararel, model.tokenizer(), attribution.seed);
            long start = System.nanoTime();
            KnFiguresReplication.Result r = new KnFiguresReplication(model, pararel).run(facts.facts(),
                    new KnFiguresReplication.Settings(attribution.options(), RefinementRule.AUTHORS, sample.controls,
                            dropoutFacts, dropoutRepeats, Bootstrap.DEFAULT_RESAMPLES, attribution.seed,
                            InterventionRunner.DEFAULT_MAX_ROWS),
                    (done, total) -> System.err.printf("\r%d/%d", done, total));
            System.err.println();
            out.printf("model %s sha256 %s; %d facts (%d prompts, ids sha256 %s), seed %d, attribution %s;"
                    + " %.1f min%n%n", model.identity().id(), model.identity().sha256(), facts.facts().size(),
                    facts.promptCount(), facts.digest(), attribution.seed, attribution.options(),
                    (System.nanoTime() - start) / 60e9);
            out.print(FigureTable.markdown(r));
            out.flush();
            if (sample.json != null) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(sample.json.toFile(), r);
            }
            return 0;
        }
    }
}
