package org.knlab.attribution;

import org.knlab.errors.InvalidInputException;

/**
 * A method and its settings. {@link #paper()} is the authors' setting: integrated gradients,
 * left Riemann sum, m = 20.
 */
public record AttributionOptions(AttributionMethod method, Quadrature quadrature, int steps, long seed, int maxRows) {

    public static final int DEFAULT_MAX_ROWS = 64;

    public AttributionOptions {
        if (steps <= 0) {
            throw new InvalidInputException("steps", "steps must be positive, got " + steps);
        }
    }

    public static AttributionOptions paper() {
        return new AttributionOptions(AttributionMethod.IG, Quadrature.LEFT_RIEMANN, 20, 0, DEFAULT_MAX_ROWS);
    }
}
