package org.knlab.cli;

import org.knlab.attribution.KnowledgeNeuronsSettings;
import picocli.CommandLine.Option;

/** --rule, --threshold, --prompt-share, --held-out: how scores become knowledge neurons ({@link KnowledgeNeuronsSettings}). */
final class RefinementOptions {

    @Option(
            names = "--rule",
            description = "authors, authors-activation, eleuther, single-prompt (default: ${DEFAULT-VALUE}).")
    String rule;

    @Option(names = "--threshold", description = "Override the rule's score threshold t (share of the prompt's max).")
    Double threshold;

    @Option(names = "--prompt-share", description = "Override the rule's prompt share p.")
    Double promptShare;

    @Option(
            names = "--held-out",
            paramLabel = "SHARE",
            description = "Share of each fact's prompts kept out of the neuron choice (default: ${DEFAULT-VALUE}).")
    Double heldOut;
}
