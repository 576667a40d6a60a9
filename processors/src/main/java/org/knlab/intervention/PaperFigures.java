package org.knlab.intervention;

/** The numbers a replication is read against: gold-probability changes as the paper reports them. */
public record PaperFigures(
        double suppressRelated,
        double suppressUnrelated,
        double amplifyRelated,
        double amplifyUnrelated,
        String source) {

    /** Dai et al. (2022), Figures 3–4: ratio of means, unweighted mean over 34 relations (docs/method.md, "The replication of Figures 3–4"). */
    public static final PaperFigures DAI_ET_AL = new PaperFigures(
            -0.3703,
            -0.0039,
            0.4642,
            -0.0015,
            "Dai et al. 2022, Figures 3-4 (arXiv captions), ratio of means, mean over 34 relations");
}
