package org.knlab.attribution;

import java.util.Arrays;
import java.util.Locale;
import org.knlab.errors.InvalidParameterException;

/**
 * A method and its settings. {@link #paper()} is the authors' setting: integrated gradients,
 * left Riemann sum, m = 20.
 */
public record AttributionOptions(AttributionMethod method, Quadrature quadrature, int steps, long seed, int maxRows) {

    public static final int DEFAULT_MAX_ROWS = 64;

    public AttributionOptions {
        if (steps <= 0) {
            throw new InvalidParameterException("steps", "steps must be positive, got " + steps);
        }
    }

    public static AttributionOptions paper() {
        return new AttributionOptions(AttributionMethod.IG, Quadrature.LEFT_RIEMANN, 20, 0, DEFAULT_MAX_ROWS);
    }

    /** "riemann", "linspace" or "gauss-legendre". */
    public static Quadrature quadrature(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "riemann", "left-riemann" -> Quadrature.LEFT_RIEMANN;
            case "linspace" -> Quadrature.LINSPACE;
            case "gauss-legendre", "gauss" -> Quadrature.GAUSS_LEGENDRE;
            default -> throw new InvalidParameterException("quadrature", "unknown quadrature '" + name
                    + "'; use one of " + Arrays.asList("riemann", "linspace", "gauss-legendre"));
        };
    }
}
