package org.knlab.attribution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.knlab.errors.InvalidParameterException;
import org.knlab.settings.Bounds;
import org.knlab.settings.StepParams;

/**
 * The attribution parameters of the {@code attribute}, {@code knowledge-neurons} and
 * {@code replicate-kn-figures} steps and their commands. {@code mode} picks the path sampling:
 * {@code paper} = left Riemann sum with 20 steps (the authors), {@code fast} = Gauss–Legendre with 6
 * nodes; {@code quadrature} and {@code steps} override it (null = the mode's).
 *
 * @param maxRows prompt × step rows per batched pass (memory, not results)
 */
public record AttributionSettings(
        AttributionMethod method, String mode, Quadrature quadrature, Integer steps, Integer maxRows) {

    /** {@link #maxRows}' parameter name: memory, not results, so the kn commands leave it at its default. */
    public static final String BATCH_ROWS = "maxRows";

    public static final String PAPER = "paper";
    public static final String FAST = "fast";

    /** Every parameter at its default: what a step's attribution part is when its params give none. */
    public static final AttributionSettings DEFAULTS = new AttributionSettings(null, null, null, null, null);

    public AttributionSettings {
        method = Bounds.orDefault(method, AttributionMethod.IG);
        mode = Bounds.orDefault(mode, PAPER);
        if (!mode.equals(PAPER) && !mode.equals(FAST)) {
            throw new InvalidParameterException("mode", "mode must be paper or fast, got '" + mode + "'");
        }
        if (steps != null) {
            Bounds.intIn("steps", steps, 0, 1, 200);
        }
        maxRows = Bounds.intIn("maxRows", maxRows, AttributionOptions.DEFAULT_MAX_ROWS, 1, 4096);
    }

    /** A step's parameter record for reproducibility: its settings, and the attribution options they resolved to. */
    public static ObjectNode parameters(Record stepSettings, AttributionOptions resolved) {
        ObjectNode out = StepParams.toJson(stepSettings);
        out.set("resolvedAttribution", StepParams.toJson(resolved));
        return out;
    }

    /** The resolved options: the mode's quadrature and step count unless given. */
    public AttributionOptions options(long seed) {
        boolean fast = mode.equals(FAST);
        Quadrature q = quadrature != null ? quadrature : fast ? Quadrature.GAUSS_LEGENDRE : Quadrature.LEFT_RIEMANN;
        int m = steps != null ? steps : fast ? 6 : 20;
        return new AttributionOptions(method, q, m, seed, maxRows);
    }
}
