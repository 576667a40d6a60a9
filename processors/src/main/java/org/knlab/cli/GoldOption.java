package org.knlab.cli;

import picocli.CommandLine.Option;

/** {@code --gold WORD}: the expected answer of the TEXT prompts a command is given (one token of the vocabulary). */
final class GoldOption {

    @Option(names = "--gold", paramLabel = "WORD", description = "The expected answer of the TEXT prompts.")
    String word;
}
