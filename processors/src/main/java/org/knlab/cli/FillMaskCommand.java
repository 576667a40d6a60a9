package org.knlab.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knlab.errors.KnException;
import org.knlab.fillmask.FillMask;
import org.knlab.fillmask.FillMaskResult;
import org.knlab.fillmask.FillMaskSettings;
import org.knlab.nn.LanguageModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kn fill-mask}: predictions at each [MASK] for one or more texts, the model loaded once. */
@Command(
        name = "fill-mask",
        mixinStandardHelpOptions = true,
        defaultValueProvider = StepDefaults.class,
        description = "Predict the tokens at each [MASK]. Several texts (arguments or --input) share one model load.")
final class FillMaskCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--top", paramLabel = "K")
    Integer top;

    @Mixin
    GoldOption gold;

    @Mixin
    JsonLinesOption jsonLines;

    @Option(
            names = "--input",
            paramLabel = "FILE",
            description = "Read texts from FILE, one per line; 'text<TAB>gold' sets a gold answer for that line.")
    Path input;

    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Texts containing [MASK].")
    List<String> texts = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<String[]> jobs = new ArrayList<>();
        texts.forEach(t -> jobs.add(new String[] {t, gold.word}));
        if (input != null) {
            for (String line : Files.readAllLines(input)) {
                if (!line.isBlank()) {
                    String[] parts = line.split("\t", 2);
                    jobs.add(new String[] {parts[0], parts.length > 1 ? parts[1].strip() : gold.word});
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (jobs.isEmpty()) {
            err.println("kn fill-mask: give at least one TEXT or --input FILE");
            return 2;
        }
        int failures = 0;
        try (LanguageModel model = modelOptions.load()) {
            FillMask fillMask = new FillMask(model);
            int top = SettingsOptions.of(spec).read(FillMaskSettings.class).top();
            for (String[] job : jobs) {
                try {
                    long start = System.nanoTime();
                    FillMaskResult result = fillMask.run(job[0], top, job[1]);
                    if (modelOptions.verbose) {
                        err.printf("fill-mask took %.1f ms%n", (System.nanoTime() - start) / 1e6);
                    }
                    out.println(jsonLines.enabled ? JSON.writeValueAsString(result) : HumanFormat.fillMask(result));
                } catch (KnException e) {
                    failures++;
                    if (jsonLines.enabled) {
                        out.println(JSON.writeValueAsString(
                                Map.of("text", job[0], "error", Map.of("code", e.code(), "message", e.getMessage()))));
                    } else {
                        err.println("error (" + e.code() + "): " + e.getMessage());
                    }
                }
                out.flush();
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
