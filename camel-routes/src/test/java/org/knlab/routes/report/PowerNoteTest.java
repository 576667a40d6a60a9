package org.knlab.routes.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.knlab.routes.Json;

/** A report says once when its control comparison cannot be significant, and only then. */
class PowerNoteTest {

    private static JsonNode example(String name) throws Exception {
        return Json.MAPPER.readTree(PowerNoteTest.class.getResourceAsStream("/org/knlab/schemas/examples/" + name));
    }

    @Test
    void fiveControlsAreUnderpoweredTwentyAreNot() throws Exception {
        String five = new InterventionsSection().render(example("output-interventions.json"));
        assertTrue(five.contains("with 5 matched random controls no permutation p can fall below 1/6 = 0.167"), five);
        assertTrue(five.indexOf("Underpowered") == five.lastIndexOf("Underpowered"), "said once");
        assertFalse(CommittedReportTest.render().contains("Underpowered"), "20 controls can reach 1/21 < 0.05");
    }
}
