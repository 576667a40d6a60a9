package org.knlab.routes.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The random-dropout reference curve (interventions with dropoutRepeats, replicate-kn-figures). */
final class DropoutChart {

    private DropoutChart() {}

    static String of(JsonNode curve) {
        List<Svg.Point> points = new ArrayList<>();
        curve.path("points")
                .forEach(p -> points.add(Svg.Point.withSd(
                        p.path("fraction").asDouble(),
                        ReportSection.percent(p.path("ratioOfMeans")),
                        ReportSection.percent(p.path("ratioOfMeansSd")))));
        return points.isEmpty()
                ? ""
                : Svg.lines(
                        "Random dropout: change of gold probability (%, ± sd)",
                        "fraction of FFN neurons zeroed", List.of(new Svg.Series("random dropout", points)));
    }
}
