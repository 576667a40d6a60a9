package org.knlab.routes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.knlab.routes.Json;

/** replicate-kn-figures' per-relation bars draw the CI of the tables row each figure cell comes from. */
class ReplicationSectionTest {

    private static final Pattern WHISKER = Pattern.compile(
            "<line class='ci' data-label='([^']*)' data-series='([^']*)' data-low='([^']*)' data-high='([^']*)'");

    @Test
    void eachRelationsBarHasTheWhiskerOfItsRow() throws Exception {
        JsonNode output = Json.MAPPER.readTree(
                getClass().getResourceAsStream("/org/knlab/schemas/examples/output-replicate-kn-figures.json"));
        Matcher m = WHISKER.matcher(new ReplicationSection().render(output));
        StringBuilder drawn = new StringBuilder();
        while (m.find()) {
            drawn.append(m.group(1))
                    .append(' ')
                    .append(m.group(2))
                    .append(' ')
                    .append(m.group(3))
                    .append(' ')
                    .append(m.group(4))
                    .append('\n');
        }
        // The example's tables have P103 own/suppress [-40%, -20%] and all other-relation/amplify [-10%, 10%]:
        // the first is Figure 3's related bar of P103; the pooled row "all" is not drawn (the figures show the
        // relations and their mean, as the paper does), and "mean over relations" has no CI.
        assertEquals(
                List.of("P103 related (the fact&#39;s prompts) -40.00 -20.00"),
                drawn.toString().lines().toList());
    }
}
