package org.knlab.cli;

import picocli.CommandLine.Option;

/**
 * {@code --jsonl}: one JSON object per input line on standard output (JSON Lines) instead of text, for
 * the commands that answer prompt by prompt; {@code --json FILE} ({@link JsonOutput}) writes a command's
 * whole result.
 */
final class JsonLinesOption {

    @Option(names = "--jsonl", description = "Print one JSON object per prompt (JSON Lines) instead of text.")
    boolean enabled;
}
