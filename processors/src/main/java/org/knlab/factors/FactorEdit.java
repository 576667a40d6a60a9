package org.knlab.factors;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Changes Δa of a prompt's activation at [MASK] along factors — the units compared with neurons —
 * and their controls: random directions of a given norm.
 */
public final class FactorEdit {

    private FactorEdit() {}

    /** Removes the factors' contribution: Δa = −Σ_{k ∈ chosen} c_k b_k. */
    public static double[] remove(LayerBasis factors, double[] coefficients, List<Integer> chosen) {
        double[] delta = new double[factors.width()];
        for (int k : chosen) {
            if (coefficients[k] == 0) {
                continue; // an inactive feature: nothing to remove
            }
            double[] b = factors.row(k);
            for (int j = 0; j < delta.length; j++) {
                delta[j] -= coefficients[k] * b[j];
            }
        }
        return delta;
    }

    /** Sets the chosen coefficients to their means over the factors' sample: Δa = Σ (c̄_k − c_k) b_k. */
    public static double[] toMean(
            LayerFactors factors, double[] coefficients, double[] meanCoefficients, List<Integer> chosen) {
        double[] delta = new double[factors.width()];
        for (int k : chosen) {
            for (int j = 0; j < delta.length; j++) {
                delta[j] += (meanCoefficients[k] - coefficients[k]) * factors.basis()[k][j];
            }
        }
        return delta;
    }

    /** A uniformly random direction of width F (a normalised Gaussian draw) scaled to {@code norm}. */
    public static double[] randomDirection(int width, double norm, Random rnd) {
        double[] v = new double[width];
        double s = 0;
        for (int j = 0; j < width; j++) {
            v[j] = rnd.nextGaussian();
            s += v[j] * v[j];
        }
        return scaled(v, norm / Math.sqrt(s));
    }

    /** Δa rescaled to the given L2 norm (the equal-norm comparison); zero stays zero. */
    public static double[] withNorm(double[] delta, double norm) {
        double n = norm(delta);
        return n == 0 ? delta.clone() : scaled(delta, norm / n);
    }

    /**
     * A change spread over layers (layer → Δa) rescaled as a whole to the given L2 norm over all its
     * layers — the equal-norm comparison with the neurons' change; zero stays zero.
     */
    public static Map<Integer, double[]> withNorm(Map<Integer, double[]> delta, double norm) {
        double own = norm(delta);
        Map<Integer, double[]> out = new TreeMap<>();
        delta.forEach((l, v) -> out.put(l, own == 0 ? v.clone() : scaled(v, norm / own)));
        return out;
    }

    /** The L2 norm over all layers of a change spread over layers. */
    public static double norm(Map<Integer, double[]> delta) {
        double s = 0;
        for (double[] v : delta.values()) {
            double n = norm(v);
            s += n * n;
        }
        return Math.sqrt(s);
    }

    public static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    public static float[] toFloats(double[] v) {
        float[] out = new float[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = (float) v[j];
        }
        return out;
    }

    private static double[] scaled(double[] v, double factor) {
        double[] out = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = v[j] * factor;
        }
        return out;
    }
}
