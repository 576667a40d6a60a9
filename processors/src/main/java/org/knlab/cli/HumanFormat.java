package org.knlab.cli;

import org.knlab.fillmask.FillMaskResult;

/** Plain-text renderings of results for people at a terminal. */
final class HumanFormat {

    private HumanFormat() {}

    static String fillMask(FillMaskResult r) {
        StringBuilder s = new StringBuilder(r.text()).append('\n');
        for (FillMaskResult.Mask m : r.masks()) {
            s.append(String.format("  [MASK] at token %d:%n", m.position()));
            int rank = 1;
            for (FillMaskResult.Prediction p : m.predictions()) {
                s.append(String.format("    %2d. %-20s %.4f%n", rank++, p.token(), p.probability()));
            }
            if (m.gold() != null) {
                s.append(String.format(
                        "    gold %s: p = %.4f, rank %d%n",
                        m.gold().token(), m.gold().probability(), m.gold().rank()));
            }
        }
        return s.toString().stripTrailing();
    }
}
