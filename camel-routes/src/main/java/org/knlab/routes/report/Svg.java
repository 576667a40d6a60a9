package org.knlab.routes.report;

import java.util.List;
import java.util.Locale;

/**
 * Server-side SVG charts for the report: no script, no network, readable in any browser and in the
 * saved file. Each mark carries {@code data-label} and {@code data-value} (an interval's whisker
 * {@code data-low} and {@code data-high}), so a test (or a reader's tools) can check what was drawn.
 */
public final class Svg {

    /** One bar: its value, an optional interval (NaN: none) and an optional control mark (NaN: none). */
    public record Bar(String label, double value, double low, double high, double control) {}

    /** One point of a line. */
    public record Point(double x, double y, double sd) {}

    private static final int W = 640;
    private static final int ROW = 26;

    private Svg() {}

    /** Horizontal bars around zero, with whiskers for intervals and a grey band tick for controls. */
    public static String bars(String title, String unit, List<Bar> bars) {
        double max = 1e-9;
        for (Bar b : bars) {
            max = Math.max(max, Math.max(abs(b.value()), Math.max(abs(b.low()), Math.max(abs(b.high()), abs(b.control())))));
        }
        int h = 30 + ROW * bars.size();
        StringBuilder s = new StringBuilder(open(title, h));
        double mid = 160 + (W - 180) / 2.0;
        double scale = (W - 180) / 2.0 / max;
        s.append(line(mid, 20, mid, h - 5, "#888"));
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double y = 24 + i * ROW;
            double x = mid + Math.min(0, b.value()) * scale;
            s.append(String.format(Locale.ROOT, "<text x='150' y='%.1f' text-anchor='end' font-size='12'>%s</text>",
                    y + 13, Html.escape(b.label())));
            s.append(String.format(Locale.ROOT, "<rect class='bar' data-label='%s' data-value='%s' x='%.1f' y='%.1f' "
                    + "width='%.1f' height='16' fill='%s'><title>%s: %s %s</title></rect>", Html.escape(b.label()),
                    num(b.value()), x, y, Math.max(1, abs(b.value()) * scale), b.value() < 0 ? "#c0504d" : "#4f81bd",
                    Html.escape(b.label()), num(b.value()), unit));
            if (!Double.isNaN(b.low())) {
                s.append(String.format(Locale.ROOT, "<line class='ci' data-label='%s' data-low='%s' data-high='%s' "
                        + "x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='#000'/>", Html.escape(b.label()), num(b.low()),
                        num(b.high()), mid + b.low() * scale, y + 8, mid + b.high() * scale, y + 8));
            }
            if (!Double.isNaN(b.control())) {
                s.append(String.format(Locale.ROOT, "<rect class='control' data-label='%s' data-value='%s' x='%.1f' "
                        + "y='%.1f' width='4' height='22' fill='#999' opacity='0.8'><title>controls: %s</title></rect>",
                        Html.escape(b.label()), num(b.control()), mid + b.control() * scale - 2, y - 3, num(b.control())));
            }
        }
        return s.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' text-anchor='end'>±%s %s</text>",
                W - 10, h - 4, num(max), unit)).append("</svg>").toString();
    }

    /** A line over log-scaled x (dropout fraction), with ±sd whiskers. */
    public static String line(String title, String xLabel, List<Point> points) {
        int h = 220;
        StringBuilder s = new StringBuilder(open(title, h));
        double minX = points.stream().mapToDouble(p -> Math.log10(p.x())).min().orElse(0);
        double maxX = points.stream().mapToDouble(p -> Math.log10(p.x())).max().orElse(1);
        double minY = points.stream().mapToDouble(p -> p.y() - p.sd()).min().orElse(0);
        double maxY = points.stream().mapToDouble(p -> p.y() + p.sd()).max().orElse(1);
        double spanX = Math.max(1e-9, maxX - minX);
        double spanY = Math.max(1e-9, maxY - minY);
        StringBuilder path = new StringBuilder();
        for (Point p : points) {
            double x = 60 + (Math.log10(p.x()) - minX) / spanX * (W - 100);
            double y = 190 - (p.y() - minY) / spanY * 160;
            path.append(path.isEmpty() ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f ", x, y));
            s.append(String.format(Locale.ROOT, "<circle class='point' data-label='%s' data-value='%s' cx='%.1f' cy='%.1f' "
                    + "r='4' fill='#4f81bd'><title>%s: %s ± %s</title></circle>", num(p.x()), num(p.y()), x, y, num(p.x()),
                    num(p.y()), num(p.sd())));
            s.append(line(x, 190 - (p.y() - p.sd() - minY) / spanY * 160, x, 190 - (p.y() + p.sd() - minY) / spanY * 160, "#000"));
            s.append(String.format(Locale.ROOT, "<text x='%.1f' y='207' font-size='10' text-anchor='middle'>%s</text>", x,
                    num(p.x())));
        }
        s.append("<path d='").append(path).append("' fill='none' stroke='#4f81bd'/>");
        s.append(String.format(Locale.ROOT, "<text x='%d' y='218' font-size='11' text-anchor='end'>%s</text>", W - 10,
                Html.escape(xLabel)));
        return s.append("</svg>").toString();
    }

    private static String open(String title, int h) {
        return String.format(Locale.ROOT, "<svg class='chart' xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                + "data-title='%s' role='img'><title>%s</title><text x='4' y='14' font-size='13' font-weight='bold'>%s</text>",
                W, h, Html.escape(title), Html.escape(title), Html.escape(title));
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return String.format(Locale.ROOT, "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='%s'/>", x1, y1, x2, y2, colour);
    }

    private static double abs(double v) {
        return Double.isNaN(v) ? 0 : Math.abs(v);
    }

    static String num(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.4g", v);
    }
}
