package org.knlab.routes.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Alerts worth reading: no control alert a test without power could never avoid, a band that says how sure it is. */
class AlertRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Thresholds T = new Thresholds(Set.of(), 0.05, 3600, 2, 0.1);

    /** An interventions result: P36's own suppression at p = 1/(controls + 1), its unrelated change, a dropout curve. */
    private static JsonNode result(int controls, double unrelated, int draws) throws Exception {
        return JSON.readTree("""
                {"type": "org.knlab.experiment.step.result", "data": {"experimentId": "e", "step": "iv", "stepType": "interventions",
                 "output": {"byRelation": {"P36": {
                    "own": {"suppress": {"facts": 3, "ratioOfMeans": -0.3, "p": %s}},
                    "other-relation": {"suppress": {"facts": 3, "ratioOfMeans": %s, "p": 0.5}}}},
                  "dropout": {"points": [{"fraction": 0.0002, "neurons": 7, "repeats": %d, "ratioOfMeans": 0.0,
                     "ratioOfMeansSd": 0.01}]}},
                 "reproducibility": {"parameters": {"controls": %d}}}}""".formatted(1.0 / (controls + 1), unrelated, draws, controls));
    }

    private static List<String> rules(JsonNode event) {
        return AlertRules.evaluate(event, T).stream().map(Alert::rule).toList();
    }

    @Test
    void aControlTestThatCannotReachAlphaRaisesNothing() throws Exception {
        assertFalse(AlertRules.hasPower(5, 0.05)); // smallest p 1/6
        assertFalse(AlertRules.hasPower(18, 0.05)); // 1/19 = 0.0526
        assertTrue(AlertRules.hasPower(19, 0.05)); // 1/20
        assertEquals(List.of(), rules(result(5, 0.0, 50)), "p = 1/6 is the best 5 controls can give");
        // with power, the same best-possible p passes and a larger one alerts
        assertEquals(List.of(), rules(result(100, 0.0, 50)));
        JsonNode weak = result(100, 0.0, 50);
        ((com.fasterxml.jackson.databind.node.ObjectNode) weak.path("data")
                        .path("output")
                        .path("byRelation")
                        .path("P36")
                        .path("own")
                        .path("suppress"))
                .put("p", 0.3);
        assertEquals(List.of(AlertRules.CONTROLS), rules(weak));
    }

    @Test
    void theDropoutBandWidensWithFewDrawsAndTendsToKSds() throws Exception {
        // 3 sd from the random draws' mean: outside a 2-sd band, inside the prediction interval of 3 draws
        assertEquals(List.of(), rules(result(100, 0.03, 3)));
        assertEquals(List.of(AlertRules.DROPOUT), rules(result(100, 0.03, 200)));
        JsonNode few = AlertRules.dropoutBand(
                result(100, 0, 3).path("data").path("output").path("dropout"), T);
        JsonNode many = AlertRules.dropoutBand(
                result(100, 0, 10_000).path("data").path("output").path("dropout"), T);
        assertEquals(0.01 * 4.53 * Math.sqrt(4.0 / 3), few.path("high").asDouble(), 0.01 * 0.05); // t(2) at 97.7%
        assertEquals(0.02, many.path("high").asDouble(), 0.0002);
        assertEquals(0.9545, many.path("level").asDouble(), 1e-4);
        assertEquals(
                null,
                AlertRules.dropoutBand(
                        result(100, 0, 1).path("data").path("output").path("dropout"), T));
    }
}
