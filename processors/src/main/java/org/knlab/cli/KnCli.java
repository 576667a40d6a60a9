package org.knlab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kn} command: experiments on the command line, one subcommand per tool. */
@Command(name = "kn", mixinStandardHelpOptions = true, version = "kn-lab 0.1.0",
        description = "Knowledge-neuron experiments on pretrained transformers.",
        subcommands = {FillMaskCommand.class, SubmitCommand.class, WatchCommand.class,
            BenchPlatformCommand.class, AttributeCommand.class, KnowledgeNeuronsCommand.class})
public final class KnCli {

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.exit(new CommandLine(new KnCli()).execute(args));
    }
}
