package org.knlab.cli;

import org.knlab.attribution.AttributionMethod;
import org.knlab.attribution.AttributionOptions;
import org.knlab.attribution.Quadrature;
import picocli.CommandLine.Option;

/** --method, --mode, --quadrature, --steps, --seed: how neurons are scored. */
final class AttributionOptionsMixin {

    @Option(names = "--method", defaultValue = "ig", description = "ig (default), activation, grad-x-act, gradient, random.")
    String method;

    @Option(names = "--mode", defaultValue = "paper",
            description = "paper: left Riemann sum, 20 steps (the authors); fast: Gauss-Legendre, 6 nodes.")
    String mode;

    @Option(names = "--quadrature", description = "Override the mode's path sampling: riemann, linspace, gauss-legendre.")
    String quadrature;

    @Option(names = "--steps", description = "Integration steps (default 20 in paper mode, 6 in fast mode).")
    Integer steps;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for the random method and held-out splits.")
    long seed;

    AttributionOptions options() {
        boolean fast = switch (mode) {
            case "paper" -> false;
            case "fast" -> true;
            default -> throw new org.knlab.errors.InvalidParameterException("mode", "mode must be paper or fast, got " + mode);
        };
        Quadrature q = quadrature != null ? AttributionOptions.quadrature(quadrature)
                : fast ? Quadrature.GAUSS_LEGENDRE : Quadrature.LEFT_RIEMANN;
        int m = steps != null ? steps : fast ? 6 : 20;
        return new AttributionOptions(AttributionMethod.parse(method), q, m, seed, AttributionOptions.DEFAULT_MAX_ROWS);
    }
}
