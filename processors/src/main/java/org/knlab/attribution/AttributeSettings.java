package org.knlab.attribution;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.knlab.settings.Bounds;

/** The {@code attribute} step and command: attribution, and how many top neurons per prompt to report. */
public record AttributeSettings(@JsonUnwrapped AttributionSettings attribution, Integer top) {

    public AttributeSettings {
        attribution = Bounds.orDefault(attribution, AttributionSettings.DEFAULTS);
        top = Bounds.intIn("top", top, 10, 1, 1000);
    }
}
