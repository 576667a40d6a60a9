package org.knlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.knlab.data.Fact;
import org.knlab.data.ParaRel;
import org.knlab.testing.TinyDecoder;
import org.knlab.text.PromptStyle;

/**
 * Every study through the model contract on decoders: each kn command on tiny GPT-2 and Llama
 * checkpoints (next-token prompts from the ParaRel templates whose [Y] ends the sentence; the tiny
 * vocabulary has the answers " Paris" and " France").
 */
class DecoderCommandsTest {

    @TempDir
    static Path store;

    @BeforeAll
    static void writeCheckpoints() throws IOException {
        TinyDecoder.gpt2(11).write(store.resolve("tiny-gpt2"));
        TinyDecoder.llama(12).write(store.resolve("tiny-llama"));
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = KnCli.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
        assertEquals(0, exit, String.join(" ", args) + "\n" + out + err);
        return out.toString();
    }

    private static String[] with(String model, String command, String... rest) {
        List<String> args = new ArrayList<>(List.of(command, "--model", model, "--model-store", store.toString()));
        args.addAll(List.of(rest));
        return args.toArray(String[]::new);
    }

    @ParameterizedTest
    @CsvSource({"tiny-gpt2", "tiny-llama"})
    void everyStudyRunsOnADecoder(String model) throws IOException {
        List<Fact> facts = ParaRel.load(PromptStyle.NEXT_TOKEN).facts("P27").stream()
                .filter(f -> f.object().equals("France"))
                .limit(2)
                .toList();
        Path sets = store.resolve(model + "-sets.json");
        run(with(
                model,
                "knowledge-neurons",
                "--uuid",
                facts.get(0).uuid(),
                "--uuid",
                facts.get(1).uuid(),
                "--mode",
                "fast",
                "--steps",
                "2",
                "--json",
                sets.toString()));
        String neurons = Files.readString(sets);
        assertTrue(neurons.contains(facts.get(0).uuid()), neurons);
        String interventions = run(with(
                model,
                "interventions",
                "--relations",
                "P27,P20",
                "--facts-per-relation",
                "2",
                "--mode",
                "fast",
                "--steps",
                "1",
                "--controls",
                "2",
                "--perplexity-sentences",
                "1",
                "--perplexity-controls",
                "1",
                "--bootstrap",
                "10"));
        assertTrue(interventions.contains("| own | suppress |"), interventions);
        assertTrue(interventions.contains("Hubs: neurons in more than 3.0% of the sets of"), interventions);
        assertTrue(interventions.contains("| all | own | suppress |"), "the hub table: " + interventions);
        String edits = run(with(
                model,
                "edit-fact",
                "--relations",
                "P27,P20",
                "--facts-per-relation",
                "2",
                "--mode",
                "fast",
                "--steps",
                "1",
                "--controls",
                "2",
                "--neighbours",
                "1",
                "--perplexity-sentences",
                "1",
                "--bootstrap",
                "10",
                "--filter-facts",
                "6",
                "--filter-share",
                "1",
                "--optimised-steps",
                "3"));
        assertTrue(edits.contains("| efficacy.top1 |") && edits.contains("optimised: random layer"), edits);
        String efficacy = edits.lines()
                .filter(l -> l.startsWith("| efficacy.top1 |"))
                .findFirst()
                .orElseThrow();
        assertTrue(!efficacy.endsWith("| – | – | – |"), "the optimised edits ran: " + efficacy);
        String methods = run(with(
                model,
                "compare-methods",
                "--relations",
                "P27,P20",
                "--facts-per-relation",
                "2",
                "--mode",
                "fast",
                "--steps",
                "1",
                "--controls",
                "2",
                "--ks",
                "1,2",
                "--candidates",
                "8",
                "--shortlist",
                "4",
                "--bootstrap",
                "10"));
        assertTrue(methods.contains("causal") && methods.contains("ig-one-prompt"), methods);
        String erased = run(with(
                model,
                "erase-relation",
                "--relations",
                "P27",
                "--facts-per-relation",
                "2",
                "--mode",
                "fast",
                "--steps",
                "1",
                "--controls",
                "1",
                "--k",
                "2",
                "--relation-prompts",
                "4",
                "--other-prompts",
                "4"));
        assertTrue(erased.contains("P27"), erased);
        String factors = run(with(
                model,
                "factors",
                "--relations",
                "P27,P20",
                "--facts-per-relation",
                "2",
                "--mode",
                "fast",
                "--steps",
                "1",
                "--controls",
                "1",
                "--rank",
                "2",
                "--sizes",
                "1",
                "--sample-prompts",
                "20",
                "--factor-steps",
                "1",
                "--bootstrap",
                "10"));
        assertTrue(factors.contains("nmf") || factors.contains("NMF"), factors);
        String[] trainSae = with(
                model,
                "train-sae",
                "--relations",
                "P27,P20",
                "--facts-per-relation",
                "6",
                "--layers",
                "1",
                "--batch-size",
                "8",
                "--epochs",
                "3",
                "--k",
                "4");
        String trained = run(trainSae);
        assertTrue(trained.contains("explained variance"), trained);
        assertEquals(trained, run(trainSae), "the same training again is the stored one");
        String features = run(with(
                model,
                "factors",
                "--relations",
                "P27,P20",
                "--facts-per-relation",
                "2",
                "--mode",
                "fast",
                "--steps",
                "1",
                "--controls",
                "1",
                "--factorisations",
                "sae,pca",
                "--rank",
                "2",
                "--sizes",
                "1",
                "--sample-prompts",
                "20",
                "--factor-steps",
                "1",
                "--curve-sizes",
                "1,2",
                "--purity-prompts",
                "20",
                "--purity-top",
                "5",
                "--bootstrap",
                "10"));
        assertTrue(features.contains("random-units:sae") && features.contains("Units needed"), features);
        String evidence = run(with(
                model,
                "activation-evidence",
                "--relations",
                "P27,P20",
                "--facts-per-relation",
                "2",
                "--mode",
                "fast",
                "--steps",
                "1",
                "--controls",
                "2",
                "--prompts-per-kind",
                "2",
                "--permutations",
                "100",
                "--bootstrap",
                "10"));
        assertTrue(evidence.contains("AUC"), evidence);
        String figures = run(with(
                model,
                "replicate-kn-figures",
                "--relations",
                "P27,P20",
                "--facts-per-relation",
                "2",
                "--mode",
                "fast",
                "--steps",
                "1",
                "--controls",
                "2",
                "--dropout-facts",
                "1",
                "--dropout-repeats",
                "1",
                "--bootstrap",
                "10"));
        assertTrue(figures.contains("P27"), figures);
        String fill = run(with(model, "fill-mask", "--gold", "Paris", "The capital of France is"));
        assertTrue(fill.contains("Paris"), fill);
    }

    /** EleutherAI's GPT neurons are pre-activations: chosen per run, recorded with the sets, flagged when mixed. */
    @ParameterizedTest
    @CsvSource({"tiny-gpt2", "tiny-llama"})
    void preActivationNeuronsAreChosenPerRunAndRecorded(String model) throws IOException {
        Fact fact = ParaRel.load(PromptStyle.NEXT_TOKEN).facts("P27").stream()
                .filter(f -> f.object().equals("France"))
                .findFirst()
                .orElseThrow();
        Path file = store.resolve(model + "-pre.json");
        run(with(
                model,
                "knowledge-neurons",
                "--uuid",
                fact.uuid(),
                "--mode",
                "fast",
                "--steps",
                "2",
                "--neuron-hook",
                "mlp.hook_pre",
                "--json",
                file.toString()));
        Path postFile = store.resolve(model + "-post.json");
        run(with(
                model,
                "knowledge-neurons",
                "--uuid",
                fact.uuid(),
                "--mode",
                "fast",
                "--steps",
                "2",
                "--json",
                postFile.toString()));
        String pre = Files.readString(file);
        String post = Files.readString(postFile);
        assertTrue(pre.contains("\"neuronHook\" : \"mlp.hook_pre\""), pre);
        assertTrue(post.contains("\"neuronHook\" : \"mlp.hook_post\""), post);
        String mixed = suppress(model, file, "mlp.hook_post");
        assertTrue(
                mixed.contains("warning: the neuron sets were found at mlp.hook_pre but this experiment's neurons"
                        + " are mlp.hook_post"),
                mixed);
        String same = suppress(model, file, "mlp.hook_pre");
        assertTrue(
                same.contains("| own | suppress |") && !same.contains("warning: the neuron sets were found at"), same);

        StringWriter err = new StringWriter();
        int exit = KnCli.commandLine()
                .setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err))
                .execute(with(model, "knowledge-neurons", "--uuid", fact.uuid(), "--neuron-hook", "mlp.hook_mid"));
        assertTrue(
                exit != 0 && err.toString().contains("--neuron-hook must be one of [mlp.hook_post, mlp.hook_pre]"),
                err.toString());
    }

    /** kn interventions, suppression only, on the neuron sets of a file with the neurons at a hook. */
    private static String suppress(String model, Path sets, String neuronHook) {
        return run(with(
                model,
                "interventions",
                "--neurons",
                sets.toString(),
                "--interventions",
                "suppress",
                "--neuron-hook",
                neuronHook,
                "--mode",
                "fast",
                "--steps",
                "1",
                "--controls",
                "2",
                "--perplexity-sentences",
                "0",
                "--perplexity-controls",
                "0",
                "--bootstrap",
                "10",
                "--dropout-repeats",
                "0"));
    }
}
