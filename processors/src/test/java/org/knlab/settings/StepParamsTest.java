package org.knlab.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knlab.attribution.AttributionMethod;
import org.knlab.attribution.KnowledgeNeuronsSettings;
import org.knlab.attribution.Quadrature;
import org.knlab.errors.InvalidInputException;
import org.knlab.intervention.EvaluationSet;
import org.knlab.intervention.InterventionKind;
import org.knlab.intervention.InterventionSettings;

/** Step params → settings records: defaults, strict types, bounds, and errors that name the parameter. */
class StepParamsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void absentParamsGiveTheRecordsDefaults() throws Exception {
        InterventionSettings s = StepParams.defaults(InterventionSettings.class);
        assertEquals(List.of(InterventionKind.SUPPRESS, InterventionKind.AMPLIFY), s.interventions());
        assertEquals(2.0, s.factor());
        assertEquals(List.of(), s.evaluate()); // every set the neuron sets can serve:
        assertEquals(List.of(EvaluationSet.values()), s.evaluations(true));
        assertEquals(
                List.of(
                        EvaluationSet.OWN,
                        EvaluationSet.SAME_RELATION,
                        EvaluationSet.OTHER_RELATION,
                        EvaluationSet.SAME_GOLD),
                s.evaluations(false));
        assertEquals(100, s.controls());
        assertEquals(5, s.perplexityControls());
        assertNull(s.neurons());
        assertEquals(StepParams.toJson(s), StepParams.toJson(StepParams.read(json("{}"), InterventionSettings.class)));
    }

    @Test
    void givenParamsAreReadWithTheirTypesAndUnwrappedParts() throws Exception {
        KnowledgeNeuronsSettings k = StepParams.read(json("""
                {"method": "grad-x-act", "mode": "fast", "quadrature": "linspace", "steps": 3, "rule": "eleuther",
                 "heldOut": 0.25}"""), KnowledgeNeuronsSettings.class);
        assertEquals(AttributionMethod.GRAD_X_ACT, k.attribution().method());
        assertEquals(Quadrature.LINSPACE, k.attribution().options(1).quadrature());
        assertEquals(3, k.attribution().options(1).steps());
        assertEquals(0.3, k.refinementRule().threshold());
        assertEquals(0.25, k.heldOut());
        assertEquals(
                6,
                StepParams.read(json("{\"mode\": \"fast\"}"), KnowledgeNeuronsSettings.class)
                        .attribution()
                        .options(0)
                        .steps(),
                "the mode's step count");
        InterventionSettings s = StepParams.read(json("{\"controls\": 3}"), InterventionSettings.class);
        assertEquals(3, s.perplexityControls(), "never more perplexity controls than controls");
    }

    @Test
    void badParamsNameTheirField() {
        assertField("contrls", "{\"contrls\": 5}", InterventionSettings.class, "unknown parameter");
        assertField("heldOt", "{\"heldOt\": 0.1}", KnowledgeNeuronsSettings.class, "unknown parameter");
        assertField("controls", "{\"controls\": \"5\"}", InterventionSettings.class, "integer");
        assertField("controls", "{\"controls\": 2.5}", InterventionSettings.class, "integer");
        assertField("controls", "{\"controls\": 1e30}", InterventionSettings.class, "integer");
        assertField("controls", "{\"controls\": 18446744073709551616}", InterventionSettings.class, "integer");
        assertField("controls", "{\"controls\": 1}", InterventionSettings.class, "[2, 10000]");
        assertField("factor", "{\"factor\": true}", InterventionSettings.class, "number");
        assertField("interventions", "{\"interventions\": \"suppress\"}", InterventionSettings.class, "array");
        assertField("interventions", "{\"interventions\": [\"lobotomy\"]}", InterventionSettings.class, "lobotomy");
        assertField("interventions", "{\"interventions\": []}", InterventionSettings.class, "non-empty");
        assertField("mode", "{\"mode\": \"slow\"}", KnowledgeNeuronsSettings.class, "paper or fast");
        assertField("method", "{\"method\": \"lime\"}", KnowledgeNeuronsSettings.class, "lime");
        assertField("heldOut", "{\"heldOut\": 0.95}", KnowledgeNeuronsSettings.class, "[0.0, 0.9]");
        assertField("", "[1, 2]", KnowledgeNeuronsSettings.class, "JSON object");
    }

    private static void assertField(String field, String params, Class<? extends Record> type, String inMessage) {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> StepParams.read(json(params), type), params);
        assertEquals(field, e.field(), params + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(inMessage), params + ": " + e.getMessage());
        assertTrue(!e.getMessage().contains("java.") && !e.getMessage().contains("jackson"), e.getMessage());
    }
}
