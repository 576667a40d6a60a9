package org.knlab.cli;

import picocli.CommandLine.Option;

/** {@code --seed}: the seed of every random choice of a command (a request's {@code seed}). */
final class SeedOption {

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long value;
}
