package org.knlab.routes.report;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.knlab.steps.StepType;

/** knowledge-neurons (and replicate-kn-figures' neuron statistics): layer histogram and hub neurons. */
@ApplicationScoped
public class KnowledgeNeuronsSection implements ReportSection {

    @Override
    public StepType stepType() {
        return StepType.KNOWLEDGE_NEURONS;
    }

    @Override
    public String render(JsonNode output) {
        return statistics(output.path("statistics"));
    }

    static String statistics(JsonNode stats) {
        List<Svg.Bar> layers = new ArrayList<>();
        JsonNode share = stats.path("layerShare");
        for (int l = 0; l < share.size(); l++) {
            layers.add(
                    new Svg.Bar("layer " + l, ReportSection.percent(share.get(l)), Double.NaN, Double.NaN, Double.NaN));
        }
        return Svg.bars("Knowledge neurons by layer (share)", "%", layers) + "<h4>Hub neurons</h4>"
                + Html.table("hubs", stats.path("hubs"));
    }
}
