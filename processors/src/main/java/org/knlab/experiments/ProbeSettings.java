package org.knlab.experiments;

/** The {@code probe} step: no parameters (the facts come from the request or an earlier step). */
public record ProbeSettings() {}
