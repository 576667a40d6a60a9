package org.knlab.cli;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * --relations of the commands that take neuron sets but have no relations parameter of their own
 * ({@code kn activation-evidence}, {@code kn factors}): whose facts' knowledge neurons are found
 * when no --neurons file is given.
 */
final class SearchedRelations {

    @Option(
            names = "--relations",
            split = ",",
            paramLabel = "P..",
            defaultValue = "P36,P1376,P37,P27,P1412",
            description =
                    "Relations whose facts' knowledge neurons are found, without --neurons (default: ${DEFAULT-VALUE}).")
    List<String> relations;
}
