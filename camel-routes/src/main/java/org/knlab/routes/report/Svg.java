package org.knlab.routes.report;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Server-side SVG charts for the report: no script, no network, readable in any browser and in the
 * saved file. Each mark carries {@code data-label} and {@code data-value} (an interval's whisker
 * {@code data-low} and {@code data-high}), so a test (or a reader's tools) can check what was drawn.
 */
public final class Svg {

    /** One bar: its value, an optional interval (NaN: none) and an optional control mark (NaN: none). */
    public record Bar(String label, double value, double low, double high, double control) {}

    /** One point of a line, with an interval around it (NaN: none). */
    public record Point(double x, double y, double low, double high) {
        /** y ± sd. */
        public static Point withSd(double x, double y, double sd) {
            return new Point(x, y, y - sd, y + sd);
        }
    }

    /** A named line. */
    public record Series(String name, List<Point> points) {}

    private static final String[] COLOURS = {"#4f81bd", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6"};
    private static final int W = 800; // wide enough for the longest chart title in one line
    private static final int ROW = 26;
    private static final double CHAR_PX = 6.6; // an average character at font-size 12
    private static final int MAX_LABEL_CHARS = 60;

    private Svg() {}

    /**
     * Horizontal bars around zero, with whiskers for intervals and a grey band tick for controls; with its
     * download link.
     */
    public static String bars(String title, String unit, List<Bar> bars) {
        return withDownload(barChart(title, unit, bars), title);
    }

    private static String barChart(String title, String unit, List<Bar> bars) {
        double max = 1e-9;
        for (Bar b : bars) {
            max = Math.max(
                    max, Math.max(abs(b.value()), Math.max(abs(b.low()), Math.max(abs(b.high()), abs(b.control())))));
        }
        int h = 30 + ROW * bars.size();
        StringBuilder s = new StringBuilder(open(title, h));
        int labels = labelColumn(bars);
        double half = (W - labels - 30) / 2.0;
        double mid = labels + 10 + half;
        double scale = half / max;
        s.append(line(mid, 20, mid, h - 5, "#888"));
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double y = 24 + i * ROW;
            double x = mid + Math.min(0, b.value()) * scale;
            s.append(String.format(
                    Locale.ROOT,
                    "<text x='%d' y='%.1f' text-anchor='end' font-size='12'>%s<title>%s</title></text>",
                    labels,
                    y + 13,
                    Html.escape(shortened(b.label())),
                    Html.escape(b.label())));
            s.append(String.format(
                    Locale.ROOT,
                    "<rect class='bar' data-label='%s' data-value='%s' x='%.1f' y='%.1f' "
                            + "width='%.1f' height='16' fill='%s'><title>%s: %s %s</title></rect>",
                    Html.escape(b.label()),
                    num(b.value()),
                    x,
                    y,
                    Math.max(1, abs(b.value()) * scale),
                    b.value() < 0 ? "#c0504d" : "#4f81bd",
                    Html.escape(b.label()),
                    num(b.value()),
                    unit));
            if (!Double.isNaN(b.low())) {
                s.append(String.format(
                        Locale.ROOT,
                        "<line class='ci' data-label='%s' data-low='%s' data-high='%s' "
                                + "x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='#000'/>",
                        Html.escape(b.label()),
                        num(b.low()),
                        num(b.high()),
                        mid + b.low() * scale,
                        y + 8,
                        mid + b.high() * scale,
                        y + 8));
            }
            if (!Double.isNaN(b.control())) {
                s.append(String.format(
                        Locale.ROOT,
                        "<rect class='control' data-label='%s' data-value='%s' x='%.1f' "
                                + "y='%.1f' width='4' height='22' fill='#999' opacity='0.8'><title>controls: %s</title></rect>",
                        Html.escape(b.label()),
                        num(b.control()),
                        mid + b.control() * scale - 2,
                        y - 3,
                        num(b.control())));
            }
        }
        return s.append(String.format(
                        Locale.ROOT,
                        "<text x='%d' y='%d' font-size='11' text-anchor='end'>±%s %s</text>",
                        W - 10,
                        h - 4,
                        num(max),
                        unit))
                .append("</svg>")
                .toString();
    }

    /** The label column's width: the longest label's (~6.6 px a character at 12 px), 150 to 400 px. */
    private static int labelColumn(List<Bar> bars) {
        int longest = bars.stream().mapToInt(b -> b.label().length()).max().orElse(0);
        return (int) Math.max(150, Math.min(MAX_LABEL_CHARS * CHAR_PX, 10 + longest * CHAR_PX));
    }

    /** A label that fits the widest column, cut with an ellipsis (the whole one is its tooltip). */
    private static String shortened(String label) {
        return label.length() <= MAX_LABEL_CHARS ? label : label.substring(0, MAX_LABEL_CHARS - 1) + "…";
    }

    /**
     * Lines over log-scaled x, one colour per series (a legend row when several), with interval whiskers;
     * with its download link.
     */
    public static String lines(String title, String xLabel, List<Series> series) {
        return withDownload(lineChart(title, xLabel, series), title);
    }

    private static String lineChart(String title, String xLabel, List<Series> series) {
        int h = 220;
        List<Point> all = series.stream().flatMap(l -> l.points().stream()).toList();
        double minX = all.stream().mapToDouble(p -> Math.log10(p.x())).min().orElse(0);
        double maxX = all.stream().mapToDouble(p -> Math.log10(p.x())).max().orElse(1);
        double minY = all.stream()
                .mapToDouble(p -> Double.isNaN(p.low()) ? p.y() : p.low())
                .min()
                .orElse(0);
        double maxY = all.stream()
                .mapToDouble(p -> Double.isNaN(p.high()) ? p.y() : p.high())
                .max()
                .orElse(1);
        double spanX = Math.max(1e-9, maxX - minX);
        double spanY = Math.max(1e-9, maxY - minY);
        DoubleUnaryOperator px = x -> 60 + (Math.log10(x) - minX) / spanX * (W - 100);
        DoubleUnaryOperator py = y -> 190 - (y - minY) / spanY * 150;
        StringBuilder s = new StringBuilder(open(title, h));
        all.stream()
                .mapToDouble(Point::x)
                .distinct()
                .forEach(x -> s.append(String.format(
                        Locale.ROOT,
                        "<text x='%.1f' y='207' font-size='10' text-anchor='middle'>%s</text>",
                        px.applyAsDouble(x),
                        tick(x))));
        for (int i = 0; i < series.size(); i++) {
            Series l = series.get(i);
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder path = new StringBuilder();
            for (Point p : l.points()) {
                double x = px.applyAsDouble(p.x());
                double y = py.applyAsDouble(p.y());
                path.append(path.isEmpty() ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f ", x, y));
                s.append(String.format(
                        Locale.ROOT,
                        "<circle class='point' data-series='%s' data-label='%s' data-value='%s' "
                                + "data-low='%s' data-high='%s' cx='%.1f' cy='%.1f' r='4' fill='%s'><title>%s, %s: %s [%s, %s]</title>"
                                + "</circle>",
                        Html.escape(l.name()),
                        num(p.x()),
                        num(p.y()),
                        num(p.low()),
                        num(p.high()),
                        x,
                        y,
                        colour,
                        Html.escape(l.name()),
                        num(p.x()),
                        num(p.y()),
                        num(p.low()),
                        num(p.high())));
                if (!Double.isNaN(p.low())) {
                    s.append(line(x, py.applyAsDouble(p.low()), x, py.applyAsDouble(p.high()), colour));
                }
            }
            s.append("<path class='series' data-series='")
                    .append(Html.escape(l.name()))
                    .append("' d='")
                    .append(path)
                    .append("' fill='none' stroke='")
                    .append(colour)
                    .append("'/>");
            if (series.size() > 1) {
                s.append(String.format(
                        Locale.ROOT,
                        "<text x='%d' y='30' font-size='11' fill='%s'>— %s</text>",
                        60 + 110 * i,
                        colour,
                        Html.escape(l.name())));
            }
        }
        s.append(String.format(
                Locale.ROOT,
                "<text x='%d' y='218' font-size='11' text-anchor='end'>%s</text>",
                W - 10,
                Html.escape(xLabel)));
        return s.append("</svg>").toString();
    }

    /** A chart followed by the link that saves it as a standalone .svg file named after its title. */
    static String withDownload(String svg, String title) {
        return svg + download(svg, slug(title) + ".svg");
    }

    /** A link that saves a chart as a standalone .svg file (a data: URL; no script). */
    static String download(String svg, String file) {
        return "<p class='download'><a download='" + Html.escape(file) + "' href='data:image/svg+xml;base64,"
                + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8)) + "'>Download "
                + Html.escape(file) + "</a></p>";
    }

    /** A file name from a title: lower-case words joined by dashes, at most 60 characters. */
    static String slug(String title) {
        String slug =
                title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return slug.length() <= 60 ? slug : slug.substring(0, 60).replaceAll("-$", "");
    }

    private static String open(String title, int h) {
        return String.format(
                Locale.ROOT,
                "<svg class='chart' xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' viewBox='0 0 %d %d' "
                        + "data-title='%s' role='img'><title>%s</title><text x='4' y='14' font-size='13' font-weight='bold'>%s</text>",
                W,
                h,
                W,
                h,
                Html.escape(title),
                Html.escape(title),
                Html.escape(title));
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return String.format(
                Locale.ROOT, "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='%s'/>", x1, y1, x2, y2, colour);
    }

    private static double abs(double v) {
        return Double.isNaN(v) ? 0 : Math.abs(v);
    }

    /** An axis label: whole numbers (k, layers) without decimals. */
    private static String tick(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : num(v);
    }

    static String num(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.4g", v);
    }
}
