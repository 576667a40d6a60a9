package org.knlab.routes.report;

import java.util.List;
import java.util.Locale;

/**
 * The paper's figure layout: vertical bars per group (a relation), one bar per series side by side
 * (related, unrelated), each with its bootstrap CI whisker and a grey tick at its matched controls' mean;
 * a y axis with round ticks and gridlines, a zero line, and dashed reference lines (the paper's mean per
 * series). A standalone SVG document: no script, no external reference; marks carry {@code data-*}
 * attributes as {@link Svg}'s do.
 */
final class GroupedBars {

    /** One bar: its value, its interval (NaN: none) and its controls' mean (NaN: none). */
    record Bar(double value, double low, double high, double control) {}

    /** One group (x label) with one bar per series. */
    record Group(String label, List<Bar> bars) {}

    /** A dashed horizontal line for a series, e.g. the paper's mean. */
    record Reference(int series, double value, String label) {}

    static final String[] COLOURS = {"#c0504d", "#4f81bd", "#9bbb59", "#8064a2", "#f79646", "#4bacc6"};
    private static final int LEFT = 60;
    private static final int TOP = 46;
    private static final int PLOT_H = 260;
    private static final int BOTTOM = 56;

    private GroupedBars() {}

    static String chart(
            String title, String unit, List<String> series, List<Group> groups, List<Reference> references) {
        int slot = Math.max(22, 10 * series.size() + 6);
        int margin = references.isEmpty() ? 10 : 150; // reference labels right of the plot
        // room per series in the legend: its longest label at ~6.5 px a character, and the swatch
        int legend = (int) Math.max(
                170, 6.5 * series.stream().mapToInt(String::length).max().orElse(0) + 22);
        int right = Math.max(Math.max(640, LEFT + 20 + slot * groups.size()), LEFT + legend * series.size());
        int w = right + margin;
        int h = TOP + PLOT_H + BOTTOM;
        double lo = 0;
        double hi = 0;
        for (Group g : groups) {
            for (Bar b : g.bars()) {
                for (double v : new double[] {b.value(), b.low(), b.high(), b.control()}) {
                    if (!Double.isNaN(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        for (Reference r : references) {
            lo = Math.min(lo, r.value());
            hi = Math.max(hi, r.value());
        }
        double step = niceStep((hi - lo) / 6);
        double min = Math.floor(lo / step) * step;
        double max = Math.ceil(hi / step) * step;
        if (max - min < step) {
            max = min + step;
        }
        double yMin = min;
        double span = max - min;
        java.util.function.DoubleUnaryOperator y = v -> TOP + (1 - (v - yMin) / span) * PLOT_H;
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "<svg class='chart figure' xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' viewBox='0 0 %d %d'"
                        + " style='max-width:100%%;height:auto' data-title='%s' role='img' font-family='sans-serif'>"
                        + "<title>%s</title>"
                        + "<rect width='100%%' height='100%%' fill='#fff'/>"
                        + "<text x='4' y='16' font-size='14' font-weight='bold'>%s</text>",
                w,
                h,
                w,
                h,
                Html.escape(title),
                Html.escape(title),
                Html.escape(title)));
        for (double t = min; t <= max + step / 2; t += step) {
            double ty = y.applyAsDouble(t);
            s.append(String.format(
                    Locale.ROOT,
                    "<line class='grid' x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='%s'/>"
                            + "<text class='tick' x='%d' y='%.1f' font-size='11' text-anchor='end'>%s%s</text>",
                    LEFT,
                    ty,
                    right,
                    ty,
                    Math.abs(t) < step / 2 ? "#444" : "#ddd",
                    LEFT - 6,
                    ty + 4,
                    Svg.num(Math.abs(t) < step / 2 ? 0 : t),
                    unit));
        }
        for (int i = 0; i < series.size(); i++) {
            s.append(String.format(
                    Locale.ROOT,
                    "<rect x='%d' y='24' width='12' height='10' fill='%s'/><text x='%d' y='33' font-size='12'>%s</text>",
                    LEFT + legend * i,
                    COLOURS[i % COLOURS.length],
                    LEFT + legend * i + 16,
                    Html.escape(series.get(i))));
        }
        s.append(String.format(
                Locale.ROOT,
                "<rect x='%d' y='24' width='4' height='10' fill='#777'/><text x='%d' y='33' font-size='12'>"
                        + "matched random controls</text>",
                LEFT + legend * series.size(),
                LEFT + legend * series.size() + 8));
        double zero = y.applyAsDouble(0);
        double barW = (slot - 6.0) / series.size();
        for (int gi = 0; gi < groups.size(); gi++) {
            Group g = groups.get(gi);
            double x0 = LEFT + 10 + gi * slot;
            for (int si = 0; si < g.bars().size(); si++) {
                Bar b = g.bars().get(si);
                double x = x0 + si * barW;
                double top = y.applyAsDouble(Math.max(0, b.value()));
                double bottom = y.applyAsDouble(Math.min(0, b.value()));
                s.append(String.format(
                        Locale.ROOT,
                        "<rect class='bar' data-label='%s' data-series='%s' data-value='%s' x='%.1f' y='%.1f'"
                                + " width='%.1f' height='%.1f' fill='%s'><title>%s, %s: %s%s</title></rect>",
                        Html.escape(g.label()),
                        Html.escape(series.get(si)),
                        Svg.num(b.value()),
                        x,
                        top,
                        barW - 1,
                        Math.max(0.5, bottom - top),
                        COLOURS[si % COLOURS.length],
                        Html.escape(g.label()),
                        Html.escape(series.get(si)),
                        Svg.num(b.value()),
                        unit));
                double cx = x + (barW - 1) / 2;
                if (!Double.isNaN(b.low())) {
                    s.append(String.format(
                            Locale.ROOT,
                            "<line class='ci' data-label='%s' data-series='%s' data-low='%s' data-high='%s'"
                                    + " x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='#000'/>",
                            Html.escape(g.label()),
                            Html.escape(series.get(si)),
                            Svg.num(b.low()),
                            Svg.num(b.high()),
                            cx,
                            y.applyAsDouble(b.low()),
                            cx,
                            y.applyAsDouble(b.high())));
                }
                if (!Double.isNaN(b.control())) {
                    s.append(String.format(
                            Locale.ROOT,
                            "<rect class='control' data-label='%s' data-series='%s' data-value='%s' x='%.1f' y='%.1f'"
                                    + " width='%.1f' height='3' fill='#777'/>",
                            Html.escape(g.label()),
                            Html.escape(series.get(si)),
                            Svg.num(b.control()),
                            x - 1,
                            y.applyAsDouble(b.control()) - 1.5,
                            barW + 1));
                }
            }
            s.append(String.format(
                    Locale.ROOT,
                    "<text x='%.1f' y='%d' font-size='10' text-anchor='end' transform='rotate(-60 %.1f %d)'>%s</text>",
                    x0 + slot / 2.0,
                    TOP + PLOT_H + 12,
                    x0 + slot / 2.0,
                    TOP + PLOT_H + 12,
                    Html.escape(g.label())));
        }
        s.append(String.format(
                Locale.ROOT, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#444'/>", LEFT, zero, right, zero));
        for (Reference r : references) {
            double ry = y.applyAsDouble(r.value());
            String colour = COLOURS[r.series() % COLOURS.length];
            s.append(String.format(
                    Locale.ROOT,
                    "<line class='reference' data-series='%s' data-value='%s' x1='%d' y1='%.1f' x2='%d' y2='%.1f'"
                            + " stroke='%s' stroke-dasharray='6 4' stroke-width='1.5'/>"
                            + "<text x='%d' y='%.1f' font-size='11' fill='%s'>%s</text>",
                    Html.escape(series.get(r.series())),
                    Svg.num(r.value()),
                    LEFT,
                    ry,
                    right,
                    ry,
                    colour,
                    right + 4,
                    ry + 4,
                    colour,
                    Html.escape(r.label())));
        }
        return s.append("</svg>").toString();
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
