package org.knlab.attribution;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.knlab.settings.NamedValues;

/**
 * How integrated gradients samples the path α·a, α ∈ [0, 1]: points α_k and weights w_k with
 * score_i = a_i · Σ_k w_k ∂P/∂a_i(α_k a).
 */
public enum Quadrature {
    /** The authors: α_k = k/m, k = 0..m−1 (includes 0, excludes 1), w = 1/m. */
    LEFT_RIEMANN("riemann"),
    /** EleutherAI: α_k = linspace(0, 1, m) (both ends), still w = 1/m. */
    LINSPACE("linspace"),
    /** m-point Gauss–Legendre on [0, 1]: exact for polynomials of degree 2m−1, so few steps suffice. */
    GAUSS_LEGENDRE("gauss-legendre");

    private final String id;

    Quadrature(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static Quadrature parse(String id) {
        return NamedValues.parse(values(), Quadrature::id, id, "quadrature", "quadrature");
    }

    public double[] points(int m) {
        double[] x = new double[m];
        switch (this) {
            case LEFT_RIEMANN -> {
                for (int k = 0; k < m; k++) {
                    x[k] = (double) k / m;
                }
            }
            case LINSPACE -> {
                for (int k = 0; k < m; k++) {
                    x[k] = m == 1 ? 0 : (double) k / (m - 1);
                }
            }
            case GAUSS_LEGENDRE -> {
                GaussIntegrator g = new GaussIntegratorFactory().legendre(m, 0, 1);
                for (int k = 0; k < m; k++) {
                    x[k] = g.getPoint(k);
                }
            }
        }
        return x;
    }

    public double[] weights(int m) {
        double[] w = new double[m];
        if (this == GAUSS_LEGENDRE) {
            GaussIntegrator g = new GaussIntegratorFactory().legendre(m, 0, 1);
            for (int k = 0; k < m; k++) {
                w[k] = g.getWeight(k);
            }
        } else {
            java.util.Arrays.fill(w, 1.0 / m);
        }
        return w;
    }

    /** Whether α = 0 is among the points (else P(gold | 0) needs an extra row for the completeness gap). */
    public boolean includesZero() {
        return this != GAUSS_LEGENDRE;
    }
}
