package org.colorizer.training;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.colorizer.ColorizerException;
import org.colorizer.color.Lab;
import org.colorizer.hints.HintSimulation;
import org.colorizer.io.RgbImage;

/**
 * Makes the training batches of one epoch ahead of time on background threads. Every sample is a pure
 * function of (seed, epoch, step, slot): the image comes from the epoch's seeded permutation, the crop, scale
 * and flip from a generator seeded by those numbers. So the data order survives a stop and a resume exactly,
 * however the threads are scheduled.
 */
final class BatchLoader implements AutoCloseable {

    /**
     * A batch in the network's encoding: L/50-1 as N x 1 x S x S, a*b* / 110 as N x 2 x S x S, and for a
     * hint-aware model the simulated hints as N x 3 x S x S (a* / 110, b* / 110, mask; else null).
     */
    static final class Batch {
        final int n;
        final int size;
        final float[] l;
        final float[] ab;
        final float[] hints;

        Batch(int n, int size, boolean hints) {
            this.n = n;
            this.size = size;
            this.l = new float[n * size * size];
            this.ab = new float[2 * n * size * size];
            this.hints = hints ? new float[3 * n * size * size] : null;
        }
    }


    private final ImageSet set;
    private final Crops crops;
    /** Null: no hints. */
    private final HintSimulation hintSimulation;
    private final int batch;
    private final int size;
    private final long seed;
    private final int epoch;
    private final int[] perm;
    private final ExecutorService pool;
    private final Deque<Future<Batch>> queue = new ArrayDeque<>();
    private final int ahead;
    private int nextToSubmit;
    private final int endStep;
    private long waitNanos;

    BatchLoader(ImageSet set, Crops crops, int batch, int size, long seed, int epoch, int startStep, int endStep,
            int threads) {
        this(set, crops, null, batch, size, seed, epoch, startStep, endStep, threads);
    }

    /**
     * @param hintSimulation simulated hints for a hint-aware model, drawn from each sample's own random source
     *     after its crop (so crops are the same with and without hints, and a resumed run draws the same hints);
     *     null for none
     */
    BatchLoader(ImageSet set, Crops crops, HintSimulation hintSimulation, int batch, int size, long seed, int epoch,
            int startStep, int endStep, int threads) {
        this.set = set;
        this.crops = crops;
        this.hintSimulation = hintSimulation;
        this.batch = batch;
        this.size = size;
        this.seed = seed;
        this.epoch = epoch;
        this.perm = permutation(set.size(), seed, epoch);
        this.nextToSubmit = startStep;
        this.endStep = endStep;
        int t = Math.max(1, threads);
        this.ahead = 2 * t + 1;
        this.pool = Executors.newFixedThreadPool(t, r -> {
            Thread th = new Thread(r, "colorizer-data");
            th.setDaemon(true);
            return th;
        });
        fill();
    }

    static int[] permutation(int n, long seed, int epoch) {
        List<Integer> idx = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            idx.add(i);
        }
        Collections.shuffle(idx, new Random(seed * 1_000_003L + epoch));
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = idx.get(i);
        }
        return p;
    }

    private void fill() {
        while (queue.size() < ahead && nextToSubmit < endStep) {
            final int step = nextToSubmit++;
            queue.add(pool.submit(() -> make(step)));
        }
    }

    /** The next batch; blocks (and counts the wait) if it is not ready yet. */
    Batch next() throws InterruptedException {
        Future<Batch> f = queue.poll();
        if (f == null) {
            throw new IllegalStateException("no more batches in this epoch");
        }
        long t0 = System.nanoTime();
        try {
            Batch b = f.get();
            waitNanos += System.nanoTime() - t0;
            fill();
            return b;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ColorizerException) {
                throw (ColorizerException) c;
            }
            throw new ColorizerException("preparing a training batch failed: " + c, c);
        }
    }

    long waitNanos() {
        return waitNanos;
    }

    private Batch make(int step) {
        Batch b = new Batch(batch, size, hintSimulation != null);
        int plane = size * size;
        float[] lp = new float[plane];
        float[] ap = new float[plane];
        float[] bp = new float[plane];
        for (int j = 0; j < batch; j++) {
            int index = perm[(int) (((long) step * batch + j) % perm.length)];
            SplittableRandom rng = new SplittableRandom(mix(seed, epoch, step, j));
            RgbImage img = set.pixels(index);
            int[] rgb = crops.random(img, size, rng);
            Lab.rgbToLab(rgb, 0, plane, lp, ap, bp, 0);
            int lo = j * plane;
            int ao = 2 * j * plane;
            for (int i = 0; i < plane; i++) {
                b.l[lo + i] = lp[i] / 50f - 1f;
                b.ab[ao + i] = ap[i] / 110f;
                b.ab[ao + plane + i] = bp[i] / 110f;
            }
            if (hintSimulation != null) {
                hintSimulation.simulate(ap, bp, size, rng, b.hints, 3 * j * plane);
            }
        }
        return b;
    }

    static long mix(long seed, long epoch, long step, long slot) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h ^= (epoch + 1) * 0xBF58476D1CE4E5B9L;
        h = Long.rotateLeft(h, 31) ^ (step + 1) * 0x94D049BB133111EBL;
        h = Long.rotateLeft(h, 27) ^ (slot + 1) * 0xD6E8FEB86659FD93L;
        return h ^ (h >>> 33);
    }

    @Override
    public void close() {
        for (Future<Batch> f : queue) {
            f.cancel(true);
        }
        queue.clear();
        pool.shutdownNow();
    }
}
