package org.colorizer.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.colorizer.ColorizerException;
import org.colorizer.io.ImageFiles;
import org.colorizer.io.Resampling;
import org.colorizer.io.RgbImage;

/**
 * The color photos of a training or validation folder, checked once before training starts and kept in
 * memory downscaled to what random crops at the training size can use (short side at most twice the size),
 * within a memory budget; images beyond it are decoded again when drawn.
 */
public final class ImageSet {

    /** One usable photo. */
    public static final class Item {
        public final Path path;
        final int width;
        final int height;
        /** Cached pixels at reduced size, or null when over the memory budget. */
        final RgbImage cached;

        Item(Path path, int width, int height, RgbImage cached) {
            this.path = path;
            this.width = width;
            this.height = height;
            this.cached = cached;
        }
    }

    private final List<Item> items;
    private final int skipped;
    private final int maxShortSide;

    private ImageSet(List<Item> items, int skipped, int maxShortSide) {
        this.items = items;
        this.skipped = skipped;
        this.maxShortSide = maxShortSide;
    }

    public int size() { return items.size(); }
    public int skipped() { return skipped; }
    public Item get(int i) { return items.get(i); }

    /**
     * Scans {@code dir} recursively: files that are not images, cannot be decoded or hold no color are skipped
     * with one warning each.
     *
     * @param maxShort    images are kept in memory with their short side at most this
     * @param budgetBytes memory for cached pixels
     * @throws ColorizerException when no usable image remains
     */
    public static ImageSet scan(Path dir, int maxShort, long budgetBytes, int threads, TrainingListener log) {
        List<Path> files = ImageFiles.listImages(dir);
        AtomicLong used = new AtomicLong();
        List<Item> items = Collections.synchronizedList(new ArrayList<>());
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "colorizer-scan");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> {
                    RgbImage img;
                    try {
                        img = ImageFiles.readRgb(f);
                    } catch (ColorizerException | OutOfMemoryError e) {
                        warnings.add("skipped " + f + ": " + e.getMessage());
                        return;
                    }
                    if (ImageFiles.isGrayscale(img.argb())) {
                        warnings.add("skipped " + f + ": it has no color (grayscale), nothing to learn from");
                        return;
                    }
                    if (Math.min(img.width(), img.height()) < 8) {
                        warnings.add("skipped " + f + ": too small (" + img.width() + "x" + img.height() + ")");
                        return;
                    }
                    RgbImage small = Resampling.shrinkToShortSide(img, maxShort);
                    long bytes = 4L * small.argb().length;
                    RgbImage keep = used.addAndGet(bytes) <= budgetBytes ? small : null;
                    items.add(new Item(f, img.width(), img.height(), keep));
                }));
            }
            for (Future<?> fu : futures) {
                fu.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ColorizerException("scanning " + dir + " was interrupted");
        } catch (ExecutionException e) {
            throw new ColorizerException("scanning " + dir + " failed: " + e.getCause());
        } finally {
            pool.shutdownNow();
        }
        // Decoding ran in parallel: sort so that the order (and so the data order of a seeded run) is stable.
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort((a, b) -> a.path.compareTo(b.path));
        List<String> sortedWarnings = new ArrayList<>(warnings);
        Collections.sort(sortedWarnings);
        for (String w : sortedWarnings) {
            log.message(w);
        }
        if (sorted.isEmpty()) {
            throw new ColorizerException("No usable color image in " + dir + " (" + files.size()
                    + " image file(s) found, " + warnings.size() + " skipped). Give a folder of color photos "
                    + "(JPEG, PNG, TIFF or BMP; searched recursively).");
        }
        return new ImageSet(sorted, warnings.size(), maxShort);
    }

    /** Splits off a fixed-seed validation part; {@code fraction} of the items, at least one, at most all but one. */
    public ImageSet[] split(float fraction, long seed) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            idx.add(i);
        }
        Collections.shuffle(idx, new Random(seed ^ 0x5DEECE66DL));
        int nVal = Math.max(1, Math.round(fraction * items.size()));
        if (items.size() < 2) {
            throw new ColorizerException("Only one usable image: at least two are needed to hold one out for "
                    + "validation; add images or give a separate validation folder");
        }
        nVal = Math.min(nVal, items.size() - 1);
        List<Integer> valIdx = new ArrayList<>(idx.subList(0, nVal));
        List<Integer> trainIdx = new ArrayList<>(idx.subList(nVal, idx.size()));
        Collections.sort(valIdx);
        Collections.sort(trainIdx);
        List<Item> val = new ArrayList<>();
        List<Item> train = new ArrayList<>();
        valIdx.forEach(i -> val.add(items.get(i)));
        trainIdx.forEach(i -> train.add(items.get(i)));
        return new ImageSet[] {new ImageSet(train, skipped, maxShortSide), new ImageSet(val, 0, maxShortSide)};
    }

    /** The pixels of item {@code i}: cached, or decoded again (and shrunk the same way). */
    RgbImage pixels(int i) {
        Item it = items.get(i);
        if (it.cached != null) {
            return it.cached;
        }
        return Resampling.shrinkToShortSide(ImageFiles.readRgb(it.path), maxShortSide);
    }
}
