package org.knlab.attribution;

/**
 * Scores of every FFN neuron at the [MASK] of one prompt, {@code scores[layer][neuron]}; for
 * integrated gradients also, per layer, the completeness gap Σ_i score_i − (P(gold | a) − P(gold | 0)).
 */
public record AttributionResult(float[][] scores, double[] completenessGap, double goldProbability) {}
