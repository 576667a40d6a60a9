package org.knlab.routes.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.knlab.attribution.AttributionMethod;
import org.knlab.attribution.AttributionOptions;
import org.knlab.attribution.Quadrature;
import org.knlab.routes.Json;

/**
 * The attribution parameters shared by the {@code attribute} and {@code knowledge-neurons} steps:
 * {@code method} (ig), {@code mode} (paper = left Riemann, 20 steps; fast = Gauss–Legendre, 6),
 * {@code quadrature}, {@code steps}, {@code maxRows}; the seed is the request's.
 */
final class AttributionParams {

    private AttributionParams() {}

    static AttributionOptions of(StepContext ctx) {
        String mode = ctx.stringParam("mode", "paper");
        if (!mode.equals("paper") && !mode.equals("fast")) {
            throw ctx.invalid("mode", "mode must be paper or fast, got '" + mode + "'");
        }
        boolean fast = mode.equals("fast");
        Quadrature q = AttributionOptions.quadrature(ctx.stringParam("quadrature", fast ? "gauss-legendre" : "riemann"));
        return new AttributionOptions(AttributionMethod.parse(ctx.stringParam("method", "ig")), q,
                ctx.intParam("steps", fast ? 6 : 20, 1, 200), ctx.message().request().seedOrDefault(),
                ctx.intParam("maxRows", AttributionOptions.DEFAULT_MAX_ROWS, 1, 4096));
    }

    static ObjectNode record(AttributionOptions o) {
        return Json.MAPPER.createObjectNode().put("method", o.method().id()).put("quadrature", o.quadrature().name())
                .put("steps", o.steps()).put("seed", o.seed()).put("maxRows", o.maxRows());
    }
}
