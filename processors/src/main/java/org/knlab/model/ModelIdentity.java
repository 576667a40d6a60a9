package org.knlab.model;

/**
 * What a result must record to name the exact weights it came from: the id it was asked for, the
 * SHA-256 of the weight files and where they came from.
 */
public record ModelIdentity(String id, String sha256, String source) {}
