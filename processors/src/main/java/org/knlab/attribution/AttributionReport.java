package org.knlab.attribution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** The top-k neurons of a score matrix, as {@code [layer, index, score]} triples, highest first. */
public final class AttributionReport {

    private AttributionReport() {}

    public static List<double[]> top(float[][] scores, int k) {
        PriorityQueue<double[]> best = new PriorityQueue<>(Comparator.comparingDouble(t -> t[2]));
        for (int l = 0; l < scores.length; l++) {
            for (int i = 0; i < scores[l].length; i++) {
                if (best.size() < k) {
                    best.add(new double[] {l, i, scores[l][i]});
                } else if (scores[l][i] > best.peek()[2]) {
                    best.poll();
                    best.add(new double[] {l, i, scores[l][i]});
                }
            }
        }
        List<double[]> out = new ArrayList<>(best);
        out.sort(Comparator.comparingDouble((double[] t) -> -t[2]));
        return out;
    }
}
