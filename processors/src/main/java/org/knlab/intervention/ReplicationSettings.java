package org.knlab.intervention;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.knlab.attribution.AttributionSettings;
import org.knlab.settings.Bounds;

/**
 * The {@code replicate-kn-figures} step and command: attribution (neurons by the authors' rule);
 * when the request selects no facts, a seeded sample of {@code factsPerRelation} facts of each of
 * {@code relations} (empty = all 34); {@code controls} matched random sets per fact; the dropout
 * curve on {@code dropoutFacts} facts × {@code dropoutRepeats} draws; {@code bootstrap} resamples.
 *
 * @param interventionMaxRows batch rows per intervention pass (memory, not results)
 * @param shardSize facts per shard when the platform runs the step sharded across its workers
 *     (results do not depend on it); 0 runs the step whole in one message; the CLI runs in one process
 * @param hubs hub-matched controls and hub-free sets, hubs by the frequencies of the run's own sets
 */
public record ReplicationSettings(
        @JsonUnwrapped AttributionSettings attribution,
        List<String> relations,
        Integer factsPerRelation,
        Integer controls,
        Integer dropoutFacts,
        Integer dropoutRepeats,
        Integer bootstrap,
        Integer interventionMaxRows,
        Integer shardSize,
        @JsonUnwrapped HubSettings hubs) {

    public ReplicationSettings {
        attribution = Bounds.orDefault(attribution, AttributionSettings.DEFAULTS);
        relations = List.copyOf(Bounds.orDefault(relations, List.of()));
        factsPerRelation = Bounds.intIn("factsPerRelation", factsPerRelation, 30, 1, 100_000);
        controls = Bounds.intIn("controls", controls, 100, 2, 10_000);
        dropoutFacts = Bounds.intIn("dropoutFacts", dropoutFacts, 20, 1, 100_000);
        dropoutRepeats = Bounds.intIn("dropoutRepeats", dropoutRepeats, 5, 1, 1000);
        bootstrap = Bounds.intIn("bootstrap", bootstrap, Bootstrap.DEFAULT_RESAMPLES, 10, 100_000);
        interventionMaxRows = Bounds.intIn(
                "interventionMaxRows", interventionMaxRows, InterventionRunner.DEFAULT_MAX_ROWS, 1, 65_536);
        shardSize = Bounds.intIn("shardSize", shardSize, 16, 0, 100_000);
        hubs = Bounds.orDefault(hubs, HubSettings.DEFAULTS);
    }
}
