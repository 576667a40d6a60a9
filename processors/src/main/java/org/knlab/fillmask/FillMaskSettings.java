package org.knlab.fillmask;

import org.knlab.settings.Bounds;

/** The {@code fill-mask} step and command: how many predictions per [MASK]. */
public record FillMaskSettings(Integer top) {

    public static final int MAX_TOP = 100;

    public FillMaskSettings {
        top = Bounds.intIn("top", top, 5, 1, MAX_TOP);
    }
}
