package org.knlab.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knlab.editing.EditStudy;
import org.knlab.editing.EditSummary;
import org.knlab.editing.RelationEraser;

/** The edit and erase results as Markdown. */
final class EditTables {

    private EditTables() {}

    static String edits(EditStudy study) {
        StringBuilder b = new StringBuilder();
        b.append("Edits per relation: ")
                .append(study.plan().poolSizes().keySet().size())
                .append(" relations; pool sizes ")
                .append(study.plan().poolSizes())
                .append("; skipped (no neuron left after the filter) ")
                .append(study.plan().skippedNoNeuron())
                .append("\n\n");
        for (EditSummary.Row row : study.tables()) {
            if (!row.group().equals(EditSummary.ALL)) {
                continue;
            }
            b.append("### ")
                    .append(row.direction())
                    .append(", all relations, ")
                    .append(row.edits())
                    .append(" edits\n\n");
            b.append("| metric | knowledge neurons [95% CI] | random (mean ± sd) | p | most-activated |"
                    + " gradient-matched | optimised: knowledge neurons | optimised: random, same layers |"
                    + " optimised: random layer | hub-matched (mean, p) | without hubs |\n");
            b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
            row.metrics()
                    .forEach((name, c) -> b.append(String.format(
                            Locale.ROOT,
                            "| %s | %s [%s, %s] | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                            name,
                            num(c.mean()),
                            num(c.ci().low()),
                            num(c.ci().high()),
                            c.vsRandom() == null
                                    ? "–"
                                    : num(c.vsRandom().controlMean()) + " ± "
                                            + num(c.vsRandom().controlSd()),
                            c.vsRandom() == null ? "–" : num(c.vsRandom().p()),
                            num(c.activated()),
                            num(c.gradient()),
                            optimised(c, "knowledge-neurons"),
                            optimised(c, "random-same-layers"),
                            optimised(c, "random-layer"),
                            c.vsHubMatched() == null
                                    ? "–"
                                    : num(c.vsHubMatched().controlMean()) + ", p "
                                            + num(c.vsHubMatched().p()),
                            Double.isNaN(c.hubFree())
                                    ? "–"
                                    : num(c.hubFree()) + " ["
                                            + num(c.hubFreeCi().low()) + ", "
                                            + num(c.hubFreeCi().high()) + "]")));
            b.append("\nResidual-stream control (ΔW·a added at [MASK], hook_resid_post of layer l):\n\n| layer |");
            EditSummary.RESIDUAL_METRICS.forEach(m -> b.append(' ').append(m).append(" |"));
            b.append("\n|---|")
                    .append("---|".repeat(EditSummary.RESIDUAL_METRICS.size()))
                    .append('\n');
            for (int l = 0; l < row.residualByLayer().size(); l++) {
                b.append("| ").append(l).append(" |");
                Map<String, Double> m = row.residualByLayer().get(l);
                EditSummary.RESIDUAL_METRICS.forEach(
                        name -> b.append(' ').append(num(m.get(name))).append(" |"));
                b.append('\n');
            }
            b.append('\n');
        }
        b.append("Per relation (knowledge neurons; random controls' mean in brackets):\n\n");
        b.append(
                "| direction | relation | edits | efficacy.top1 | paraphrase.top1 | sameRelation.accuracyAfter | score |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (EditSummary.Row row : study.tables()) {
            if (!row.group().equals(EditSummary.ALL)) {
                b.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %d | %s | %s | %s | %s |%n",
                        row.direction(),
                        row.group(),
                        row.edits(),
                        cell(row, "efficacy.top1"),
                        cell(row, "paraphrase.top1"),
                        cell(row, "sameRelation.accuracyAfter"),
                        cell(row, "score")));
            }
        }
        return b.toString();
    }

    static String erase(List<RelationEraser.RelationResult> results) {
        StringBuilder b = new StringBuilder("| relation | erased set | slot | accuracy before → after (relative drop) |"
                + " cloze PPL before → after | other relations: accuracy | other relations: cloze PPL |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (RelationEraser.RelationResult r : results) {
            for (RelationEraser.Row row : r.rows()) {
                b.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %.3f → %.3f (%+.1f%%) | %.2f → %.2f | %.3f → %.3f |" + " %.2f → %.2f |%n",
                        r.relation(),
                        row.set(),
                        row.slot(),
                        row.relationAccuracyBefore(),
                        row.relationAccuracyAfter(),
                        -100 * row.relativeAccuracyDrop(),
                        row.relationPplBefore(),
                        row.relationPplAfter(),
                        row.otherAccuracyBefore(),
                        row.otherAccuracyAfter(),
                        row.otherPplBefore(),
                        row.otherPplAfter()));
            }
        }
        b.append("\nNeurons counted on a seeded sample of each relation's facts; prompts sampled per relation: ");
        results.forEach(r -> b.append(String.format(
                Locale.ROOT,
                "%s %d facts, %d + %d prompts; ",
                r.relation(),
                r.countedFacts(),
                r.relationPrompts(),
                r.otherPrompts())));
        b.append("\nDai et al.: the erased relation's accuracy falls by about half; other relations barely change.\n");
        return b.toString();
    }

    private static String cell(EditSummary.Row row, String metric) {
        EditSummary.Cell c = row.metrics().get(metric);
        return num(c.mean())
                + (c.vsRandom() == null ? "" : " [" + num(c.vsRandom().controlMean()) + "]");
    }

    private static String num(Double v) {
        return v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String optimised(EditSummary.Cell c, String place) {
        Double v = c.optimised().get(place);
        return v == null ? "–" : num(v);
    }
}
