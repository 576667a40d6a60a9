package org.knlab.cli;

import org.knlab.attribution.AttributionSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** --method, --mode, --quadrature, --steps, --seed: how neurons are scored ({@link AttributionSettings}). */
final class AttributionOptionsMixin {

    @Option(
            names = "--method",
            description = "ig, activation, grad-x-act, gradient, random (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(
            names = "--mode",
            description = "paper: left Riemann sum, 20 steps (the authors); fast: Gauss-Legendre, 6"
                    + " nodes (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(
            names = "--quadrature",
            description = "Override the mode's path sampling: riemann, linspace, gauss-legendre.")
    String quadrature;

    @Option(
            names = "--steps",
            description = "Integration steps (default: the mode's, 20 in paper mode, 6 in fast mode).")
    Integer steps;

    @Mixin
    SeedOption seedOption = new SeedOption();

    long seed() {
        return seedOption.value;
    }
}
