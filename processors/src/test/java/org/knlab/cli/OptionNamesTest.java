package org.knlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.knlab.steps.StepType;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One name per concept: every option of every kn command is either a settings-record field under that
 * field's own name (--perplexity-sentences is perplexitySentences), or a command-line-only option
 * declared in exactly one place (a mixin shared by the commands that take it); and every field of a
 * step's settings record has its option, under its name.
 */
class OptionNamesTest {

    /** Fields a command sets otherwise, and why. */
    private static final Map<String, String> NOT_OPTIONS = Map.of(
            "neurons", "--neurons FILE: the file's sets, read into the record",
            "relations", "the --relations of the fact selection",
            "edits", "explicit edit targets: a request's JSON list, no command-line form",
            "interventionMaxRows", "the sharded Kafka step's batch size: the command runs unsharded",
            "shardSize", "facts per shard of the Kafka step: the command runs unsharded",
            "maxRows",
                    "attribution's batch rows (memory, not results): commands keep its default, and --max-rows"
                            + " where a command has one is its own passes'");

    /** A record's fields, a nested settings record's (e.g. {@code attribution}) in its place. */
    private static void addFields(Class<?> record, Set<String> fields) {
        for (RecordComponent rc : record.getRecordComponents()) {
            if (rc.getType().isRecord() && rc.getType().getSimpleName().endsWith("Settings")) {
                addFields(rc.getType(), fields);
            } else {
                fields.add(rc.getName());
            }
        }
    }

    @Test
    void everyOptionIsARecordFieldByItsNameOrDefinedOnce() {
        Map<String, Set<String>> definedIn = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, CommandLine> c :
                KnCli.commandLine().getSubcommands().entrySet()) {
            List<Class<? extends Record>> records =
                    StepType.find(c.getKey()).map(StepType::commandSettings).orElse(List.of());
            Set<String> fields = new TreeSet<>();
            records.forEach(r -> addFields(r, fields));
            Set<String> options = new TreeSet<>();
            for (OptionSpec o : c.getValue().getCommandSpec().options()) {
                if (o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                String param = StepDefaults.parameterName(o.longestName());
                options.add(param);
                if (!fields.contains(param) && o.userObject() instanceof Field f) {
                    definedIn
                            .computeIfAbsent(o.longestName(), k -> new TreeSet<>())
                            .add(f.getDeclaringClass().getSimpleName());
                }
            }
            for (String field : fields) {
                if (!options.contains(field) && !NOT_OPTIONS.containsKey(field)) {
                    missing.add("kn " + c.getKey() + ": field " + field);
                }
            }
        }
        Map<String, Set<String>> twins = new TreeMap<>(definedIn);
        twins.values().removeIf(where -> where.size() == 1);
        assertEquals(Map.of(), twins, "command-line options defined in more than one place");
        assertEquals(List.of(), missing, "settings fields without an option of their name");
    }
}
