package org.knlab.cli;

import org.knlab.errors.KnException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kn} command: experiments on the command line, one subcommand per tool. */
@Command(name = "kn", mixinStandardHelpOptions = true, version = "kn-lab 0.1.0",
        description = "Knowledge-neuron experiments on pretrained transformers.",
        subcommands = {FillMaskCommand.class, SubmitCommand.class, WatchCommand.class,
            BenchPlatformCommand.class, AttributeCommand.class, KnowledgeNeuronsCommand.class,
            InterventionsCommand.class, ReplicateKnFiguresCommand.class, EditFactCommand.class,
            EraseRelationCommand.class})
public final class KnCli {

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.exit(commandLine().execute(args));
    }

    /** The command line, with user errors ({@link KnException}) reported as one line and exit code 1. */
    public static CommandLine commandLine() {
        return new CommandLine(new KnCli()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof KnException k) {
                cmd.getErr().println("error (" + k.code() + "): " + k.getMessage());
                return 1;
            }
            throw e;
        });
    }
}
