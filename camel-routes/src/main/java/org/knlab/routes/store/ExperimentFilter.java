package org.knlab.routes.store;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The filters of the experiment list, checked: a malformed one is an {@link IllegalArgumentException}
 * naming it (the API answers 400). Null means "any".
 */
public record ExperimentFilter(String type, String model, String status, Long since, Long until, int limit) {

    public static final int MAX_LIMIT = 1000;
    private static final Set<String> STATUSES = Set.of("accepted", "running", "completed", "failed");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:/>-]{1,200}");

    public ExperimentFilter {
        check("type", type);
        check("model", model);
        if (status != null && !STATUSES.contains(status)) {
            throw new IllegalArgumentException("status (or outcome) must be one of " + STATUSES);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
    }

    /** From query parameters as sent (strings, any may be null). */
    public static ExperimentFilter of(
            String type, String model, String status, String outcome, String since, String until, String limit) {
        if (status != null && outcome != null && !status.equals(outcome)) {
            throw new IllegalArgumentException("status and outcome disagree");
        }
        return new ExperimentFilter(
                type,
                model,
                status != null ? status : outcome,
                time("since", since),
                time("until", until),
                limit == null ? 100 : integer("limit", limit));
    }

    private static void check(String name, String value) {
        if (value != null && !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must match " + NAME.pattern());
        }
    }

    private static Long time(String name, String value) {
        try {
            return value == null ? null : Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer");
        }
    }
}
