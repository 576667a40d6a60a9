package org.knlab.sae;

import java.util.List;

/**
 * What {@code train-sae} trained and how well: the dictionary set's id (its directory in the model
 * store), the model it belongs to, the activation dataset it was trained on, the facts kept out, the
 * settings and seed, and each layer's {@link LayerQuality}.
 *
 * @param trainingFacts facts whose prompts are the training rows
 * @param evaluationFacts facts kept out of training on which quality is measured
 * @param excludedFacts facts of the given neuron sets, kept out of both
 */
public record SaeTrainingReport(
        String dictionary,
        String modelId,
        String modelSha256,
        String neuronHook,
        ActivationDataset.Identity dataset,
        int trainingFacts,
        int evaluationFacts,
        int evaluationPrompts,
        int excludedFacts,
        SaeTrainingSettings training,
        long seed,
        List<LayerQuality> layers,
        double minutes) {

    /**
     * One layer's dictionary and its quality on the evaluation prompts (activations at the answer
     * position): explained variance 1 − Σ‖a − â‖² / Σ‖a − ā‖²; L0, the mean number of active features;
     * the share of features dead at the end of training; and the model's P(gold) (mean over prompts) and
     * top-1 accuracy with the layer's activation at the answer position replaced by its reconstruction
     * â — how much of the model's knowledge survives the dictionary ({@code pGoldKept}, the ratio of the
     * two means).
     */
    public record LayerQuality(
            int layer,
            int width,
            int k,
            int steps,
            double finalLoss,
            double deadShare,
            double explainedVariance,
            double l0,
            double pGold,
            double pGoldReconstructed,
            double pGoldKept,
            double accuracy,
            double accuracyReconstructed,
            double trainingSeconds,
            double rowsPerSecond) {}
}
