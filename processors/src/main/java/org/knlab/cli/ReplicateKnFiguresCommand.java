package org.knlab.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.knlab.data.FactSelection;
import org.knlab.data.FactSelector;
import org.knlab.data.ParaRel;
import org.knlab.data.SelectedFacts;
import org.knlab.intervention.FigureMarkdown;
import org.knlab.intervention.HubMarkdown;
import org.knlab.intervention.KnFiguresReplication;
import org.knlab.intervention.ReplicationSettings;
import org.knlab.nn.LanguageModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kn replicate-kn-figures}: the paper's Figures 3 and 4 with controls, on a seeded sample per relation. */
@Command(
        name = "replicate-kn-figures",
        mixinStandardHelpOptions = true,
        defaultValueProvider = StepDefaults.class,
        description = "Suppress/amplify knowledge neurons per relation, next to matched random controls and the"
                + " paper's numbers.")
final class ReplicateKnFiguresCommand implements Callable<Integer> {

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    AttributionOptionsMixin attribution;

    @Option(names = "--relations", split = ",", paramLabel = "P..")
    List<String> relations;

    @Option(names = "--facts-per-relation")
    Integer factsPerRelation;

    @Option(names = "--controls")
    Integer controls;

    @Option(names = "--dropout-facts")
    Integer dropoutFacts;

    @Option(names = "--dropout-repeats")
    Integer dropoutRepeats;

    @Option(names = "--bootstrap")
    Integer bootstrap;

    @Mixin
    JsonOutput json;

    @Mixin
    HubOptions hubs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (LanguageModel model = modelOptions.load()) {
            ParaRel pararel = ParaRel.load(model.promptStyle());
            long seed = attribution.seed();
            ReplicationSettings settings = SettingsOptions.of(spec).read(ReplicationSettings.class);
            SelectedFacts facts = new FactSelector(pararel, model.tokenizer())
                    .select(new FactSelection(
                            settings.relations(), List.of(), settings.factsPerRelation(), true, seed));
            long start = System.nanoTime();
            KnFiguresReplication.Result r = new KnFiguresReplication(model, pararel)
                    .run(facts.facts(), settings, seed, ProgressBars.of("facts (neurons, then effects)", "facts"));
            out.printf(
                    "model %s sha256 %s, neurons %s; %d facts (%d prompts, ids sha256 %s), seed %d, attribution %s;"
                            + " %.1f min%n%n",
                    model.identity().id(),
                    model.identity().sha256(),
                    model.neuronSite().hookName(),
                    facts.facts().size(),
                    facts.promptCount(),
                    facts.digest(),
                    seed,
                    settings.attribution().options(seed),
                    (System.nanoTime() - start) / 60e9);
            out.print(FigureMarkdown.of(r.figures(), r.dropout()));
            if (r.hubs() != null) {
                out.print(HubMarkdown.of(r.hubs(), r.tables()));
            }
            out.flush();
            json.write(r);
            return 0;
        }
    }
}
