package org.colorizer.color;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits index ranges over threads. Worker threads come from one shared cached pool of daemon threads that
 * exit after 60 s idle, so nothing accumulates over a long run; the calling thread takes one chunk itself.
 */
public final class Parallel {
    /** Work on the index range [from, to). */
    public interface RangeTask {
        void run(int from, int to);
    }

    /** Below this many elements per extra thread, running on the calling thread alone is faster. */
    public static final int MIN_CHUNK = 1 << 15;

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "colorizer-worker-" + COUNT.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private Parallel() {}

    /** Default thread count: {@code -Dcolorizer.threads}, else the number of available processors. */
    public static int defaultThreads() {
        return Math.max(1, Integer.getInteger("colorizer.threads", Runtime.getRuntime().availableProcessors()));
    }

    /** Runs {@code task} over [0, n) in at most {@code threads} contiguous chunks of at least {@code minChunk}. */
    public static void run(int n, int threads, int minChunk, RangeTask task) {
        int chunks = (int) Math.min(Math.max(1, threads), Math.max(1L, n / (long) Math.max(1, minChunk)));
        if (chunks <= 1) {
            task.run(0, n);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(chunks - 1);
        for (int c = 1; c < chunks; c++) {
            final int from = (int) ((long) n * c / chunks);
            final int to = (int) ((long) n * (c + 1) / chunks);
            futures.add(POOL.submit(() -> task.run(from, to)));
        }
        Throwable failure = null;
        try {
            task.run(0, (int) ((long) n / chunks));
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) { // always wait for every chunk: they write into the caller's arrays
                try {
                    f.get();
                    break;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    }
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** {@link #run(int, int, int, RangeTask)} with {@link #MIN_CHUNK}. */
    public static void run(int n, int threads, RangeTask task) {
        run(n, threads, MIN_CHUNK, task);
    }
}
