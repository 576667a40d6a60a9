package org.knlab.fillmask;

import java.util.List;

/** Predictions at every [MASK] of one text, with the identity of the model that made them. */
public record FillMaskResult(String model, String modelSha256, String text, List<String> tokens, List<Mask> masks) {

    /** One [MASK]: its token position, the top predictions and, if a gold answer was given, its score. */
    public record Mask(int position, List<Prediction> predictions, Gold gold) {}

    public record Prediction(String token, double probability) {}

    /** The gold answer's probability and rank (1 = the model's top prediction). */
    public record Gold(String token, int tokenId, double probability, int rank) {}
}
