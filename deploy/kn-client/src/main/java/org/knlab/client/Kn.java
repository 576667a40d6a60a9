package org.knlab.client;

import org.knlab.cli.KnCli;
import picocli.CommandLine;

/** The {@code kn} launcher (deploy/kn): the science commands of processors plus the platform's clients. */
public final class Kn {

    private Kn() {}

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.exit(commandLine().execute(args));
    }

    /** Every kn subcommand. */
    public static CommandLine commandLine() {
        return KnCli.commandLine()
                .addSubcommand(new SubmitCommand())
                .addSubcommand(new WatchCommand())
                .addSubcommand(new BenchPlatformCommand())
                .addSubcommand(new ResultsCommand());
    }
}
