package org.knlab.data;

/**
 * The seed of one random draw: the run's seed, the id of what the draw is for (a fact's uuid, a
 * relation, a neuron set) and, where one thing has several draws, a salt for the purpose —
 * {@code seed ^ id.hashCode() ^ salt}. A draw seeded so depends on nothing else: not on which other
 * facts run, nor in which order or shard, so a sharded and an unsharded run draw alike.
 * ({@code String.hashCode} is specified by the JLS, so the seeds are the same on every JVM.)
 */
public final class Seeds {

    private Seeds() {}

    public static long of(long seed, String id) {
        return seed ^ id.hashCode();
    }

    public static long of(long seed, String id, long salt) {
        return seed ^ id.hashCode() ^ salt;
    }

    /** The salt of the {@code n}-th purpose (0, 1, ...): multiples of the golden-ratio increment, bits far apart. */
    public static long purpose(int n) {
        return 0x9E3779B97F4A7C15L * (n + 1);
    }
}
