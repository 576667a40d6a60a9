package org.knlab.intervention;

import java.util.Objects;
import org.knlab.errors.InvalidParameterException;

/**
 * One intervention: its kind, the factor of {@link InterventionKind#AMPLIFY}, and the replacement
 * values of {@link InterventionKind#MEAN_ABLATION} and {@link InterventionKind#RESAMPLE}.
 */
public record Intervention(InterventionKind kind, float factor, ReplacementValues values) {

    public Intervention {
        Objects.requireNonNull(kind, "kind");
        boolean needsValues = kind == InterventionKind.MEAN_ABLATION || kind == InterventionKind.RESAMPLE;
        if (needsValues != (values != null)) {
            throw new IllegalArgumentException(
                    kind.id() + (needsValues ? " needs" : " takes no") + " replacement values");
        }
        if (!Float.isFinite(factor)) {
            throw new InvalidParameterException("factor", "factor must be finite, got " + factor);
        }
    }

    public static Intervention suppress() {
        return new Intervention(InterventionKind.SUPPRESS, 0f, null);
    }

    public static Intervention amplify(float factor) {
        return new Intervention(InterventionKind.AMPLIFY, factor, null);
    }

    public static Intervention replace(InterventionKind kind, ReplacementValues values) {
        return new Intervention(kind, 0f, values);
    }

    public static Intervention valueSlot(InterventionKind kind) {
        if (!kind.weightEdit()) {
            throw new IllegalArgumentException(kind.id() + " is not a value-slot edit");
        }
        return new Intervention(kind, 0f, null);
    }
}
