package org.knlab.routes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Bar labels fit left of the bars: the label column grows with the longest label, up to a cut. */
class SvgTest {

    private static final Pattern LABEL = Pattern.compile(
            "<text x='(\\d+)' y='[\\d.]+' text-anchor='end' font-size='12'>([^<]*)<title>([^<]*)</title>");
    private static final Pattern BAR =
            Pattern.compile("<rect class='bar' data-label='([^']*)' data-value='[^']*' x='([\\d.]+)'");

    @Test
    void aLongLabelWidensItsColumnAndTheBarsStartRightOfIt() {
        String longLabel = "sae L10 feature 11873 (top-activating: P103 French)"; // 51 characters
        String svg = Svg.bars("t", "pp", List.of(bar("neurons", 0.2), bar(longLabel, -0.4)));
        Matcher label = LABEL.matcher(svg);
        assertTrue(label.find());
        int column = Integer.parseInt(label.group(1));
        assertTrue(column >= longLabel.length() * 6.6, "the column fits the longest label: " + column);
        Matcher bar = BAR.matcher(svg);
        while (bar.find()) {
            assertTrue(Double.parseDouble(bar.group(2)) > column, bar.group(1) + " starts right of the labels");
        }
    }

    @Test
    void shortLabelsKeepTheNarrowColumnAndAnOverlongOneIsCutWithItsWholeTextKept() {
        Matcher shortOne = LABEL.matcher(Svg.bars("t", "pp", List.of(bar("neurons", 0.2))));
        assertTrue(shortOne.find());
        assertEquals("150", shortOne.group(1));

        String overlong = "x".repeat(100);
        String svg = Svg.bars("t", "pp", List.of(bar(overlong, 0.2)));
        Matcher label = LABEL.matcher(svg);
        assertTrue(label.find());
        assertEquals("x".repeat(59) + "…", label.group(2));
        assertEquals(overlong, label.group(3), "the whole label as the tooltip");
        Matcher bar = BAR.matcher(svg);
        assertTrue(bar.find());
        assertEquals(overlong, bar.group(1), "the whole label on the mark");
    }

    private static Svg.Bar bar(String label, double value) {
        return new Svg.Bar(label, value, Double.NaN, Double.NaN, Double.NaN);
    }
}
