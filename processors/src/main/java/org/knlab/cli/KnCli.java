package org.knlab.cli;

import org.knlab.errors.KnException;
import org.knlab.settings.SampleSize;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The science commands of {@code kn}, one subcommand per tool. The launcher ({@code org.knlab.client.Kn}
 * in deploy/kn-client) adds the commands that talk to the platform's Kafka, which this library does
 * not depend on.
 */
@Command(
        name = "kn",
        mixinStandardHelpOptions = true,
        version = "kn-lab 0.1.0",
        description = "Knowledge-neuron experiments on pretrained transformers.",
        subcommands = {
            FillMaskCommand.class,
            AttributeCommand.class,
            KnowledgeNeuronsCommand.class,
            InterventionsCommand.class,
            ReplicateKnFiguresCommand.class,
            EditFactCommand.class,
            EraseRelationCommand.class,
            CompareMethodsCommand.class,
            ActivationEvidenceCommand.class,
            FactorsCommand.class,
            TrainSaeCommand.class,
            ModelsCommand.class,
            CrossModelCommand.class
        })
public final class KnCli {

    /** The command line, with user errors ({@link KnException}) reported as one line and exit code 1. */
    public static CommandLine commandLine() {
        CommandLine kn = new CommandLine(new KnCli());
        kn.registerConverter(SampleSize.class, v -> SampleSize.parse(v, "N|all"));
        SettingsOptions.describe(kn);
        return kn.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof KnException k) {
                cmd.getErr().println("error (" + k.code() + "): " + k.getMessage());
                return 1;
            }
            throw e;
        });
    }
}
