package org.colorizer.model;

import ai.djl.util.PairList;

/**
 * Options passed through {@code Block.forward(ps, inputs, training, params)} to the colorizer's blocks.
 *
 * <ul>
 *   <li>{@link #DROPOUT_SEED} (Long): in training mode, dropout masks are drawn from a Java RNG seeded with this
 *       value and the layer's depth, so a step is reproducible (and a resumed run continues identically). Without
 *       it, PyTorch's global RNG is used.
 *   <li>{@link #KEEP_STATS} (Boolean): in training mode, BatchNorm normalizes with the batch statistics but leaves
 *       its running mean/variance untouched (used for the discriminator's forward inside the generator step).
 * </ul>
 */
public final class ForwardOptions {
    public static final String DROPOUT_SEED = "colorizer.dropoutSeed";
    public static final String KEEP_STATS = "colorizer.keepStats";

    private ForwardOptions() {}

    public static PairList<String, Object> of(Long dropoutSeed, boolean keepStats) {
        PairList<String, Object> p = new PairList<>();
        if (dropoutSeed != null) {
            p.add(DROPOUT_SEED, dropoutSeed);
        }
        if (keepStats) {
            p.add(KEEP_STATS, Boolean.TRUE);
        }
        return p;
    }

    static Long dropoutSeed(PairList<String, Object> params) {
        Object v = params == null ? null : params.get(DROPOUT_SEED);
        return v instanceof Long ? (Long) v : null;
    }

    static boolean keepStats(PairList<String, Object> params) {
        return params != null && Boolean.TRUE.equals(params.get(KEEP_STATS));
    }

    /** SplitMix64 finalizer: decorrelates seeds built from (seed, counter) pairs. */
    public static long mix(long seed, long salt) {
        long z = seed + 0x9E3779B97F4A7C15L * (salt + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
