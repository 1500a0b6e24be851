package org.colorizer.colorize;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.colorizer.ColorizerException;
import org.colorizer.hints.HintSet;
import org.colorizer.hints.HintSource;
import org.colorizer.io.AtomicFiles;
import org.colorizer.io.ImageFiles;

/**
 * Colorizes many files: inputs are files or folders (searched recursively), outputs are PNG (TIFF for
 * stacks) named after the input, in {@code output} (keeping sub-folders) or in a {@code colorized/} folder
 * beside each input. Never writes over an input; skips outputs that exist unless asked to overwrite; writes
 * each output atomically, so an interrupted run leaves only complete files and a rerun skips them. The next
 * image is decoded and the previous one written while the network works on the current one.
 */
public final class FolderJob {
    public static final String DEFAULT_FOLDER = "colorized";

    /** Receives progress; return false to stop after the current image. */
    public interface Listener {
        boolean progress(int done, int total, Path input, String outcome, double imagesPerSecond);
    }

    /** What happened to each input. */
    public static final class Summary {
        public int done;
        public int skipped;
        public int failed;
        /** Of the colorized images, how many had hints. */
        public int withHints;
        public boolean cancelled;
        public int total;
        public double seconds;
        public final Map<Path, String> failures = new LinkedHashMap<>();
        public final List<Path> written = new ArrayList<>();
        /** input -> output, for the images written by this run */
        public final Map<Path, Path> outputs = new LinkedHashMap<>();

        public String line() {
            return String.format(Locale.ROOT, "%d colorized%s, %d skipped (output exists), %d failed%s in %.1f s",
                    done, withHints > 0 ? " (" + withHints + " with hints)" : "", skipped, failed,
                    cancelled ? ", cancelled" : "", seconds);
        }
    }

    private final Colorizer colorizer;
    private Path output;
    private boolean overwrite;
    private Listener listener = (d, t, p, o, r) -> true;
    private HintSource hints;

    public FolderJob(Colorizer colorizer) {
        this.colorizer = colorizer;
    }

    /** Output folder (created if needed); null = a colorized/ folder beside each input. */
    public FolderJob optOutput(Path dir) { this.output = dir; return this; }
    public FolderJob optOverwrite(boolean overwrite) { this.overwrite = overwrite; return this; }
    public FolderJob optListener(Listener listener) { this.listener = listener; return this; }
    /**
     * Color hints per input (null: none). A bad hint file fails its input (nothing is written for it); the other
     * inputs go on.
     */
    public FolderJob optHints(HintSource hints) { this.hints = hints; return this; }

    /** One input and where its output goes. */
    static final class Item {
        final Path input;
        Path out;
        boolean hinted;

        Item(Path input, Path out) {
            this.input = input;
            this.out = out;
        }
    }

    /** Works out every input's output path (also used by tests). */
    List<Item> plan(List<Path> inputs) {
        List<Item> items = new ArrayList<>();
        Set<Path> outputRoots = new HashSet<>();
        if (output != null) {
            outputRoots.add(output.toAbsolutePath().normalize());
        }
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                Path root = in.toAbsolutePath().normalize();
                for (Path f : ImageFiles.listImages(in)) {
                    Path abs = f.toAbsolutePath().normalize();
                    if (isUnderOutput(abs, root, outputRoots)) {
                        continue; // our own earlier outputs
                    }
                    Path rel = root.relativize(abs.getParent());
                    Path dir = output != null ? output.resolve(rel.toString()) : abs.getParent().resolve(DEFAULT_FOLDER);
                    items.add(new Item(f, dir.resolve(outputName(f))));
                }
            } else if (Files.isRegularFile(in)) {
                Path abs = in.toAbsolutePath().normalize();
                Path dir = output != null ? output : abs.getParent().resolve(DEFAULT_FOLDER);
                items.add(new Item(in, dir.resolve(outputName(in))));
            } else {
                throw new ColorizerException("input: " + in + " does not exist; give image files or folders");
            }
        }
        // Two inputs that would write the same file (a.jpg and a.png): both keep their extension in the name.
        Map<Path, Integer> count = new HashMap<>();
        for (Item it : items) {
            count.merge(it.out.toAbsolutePath().normalize(), 1, Integer::sum);
        }
        for (Item it : items) {
            if (count.get(it.out.toAbsolutePath().normalize()) > 1) {
                it.out = it.out.resolveSibling(collisionName(it.input.getFileName().toString()));
            }
        }
        return items;
    }

    private static boolean isUnderOutput(Path file, Path root, Set<Path> outputRoots) {
        for (Path o : outputRoots) {
            if (file.startsWith(o) && !o.equals(root)) {
                return true;
            }
        }
        Path rel = root.relativize(file);
        for (Path part : rel) {
            if (part.toString().equals(DEFAULT_FOLDER)) {
                return true;
            }
        }
        return false;
    }

    static String outputName(Path input) {
        return outputName(input.getFileName().toString());
    }

    /** The output file name for an input file name: "a.jpg" becomes "a.png" (stacks: see {@link #isStack}). */
    public static String outputName(String inputName) {
        int dot = inputName.lastIndexOf('.');
        return (dot > 0 ? inputName.substring(0, dot) : inputName) + ".png";
    }

    /** The output name used when two inputs would write the same file (a.jpg, a.png): "a_jpg.png". */
    public static String collisionName(String inputName) {
        int dot = inputName.lastIndexOf('.');
        return (dot > 0 ? inputName.substring(0, dot) + "_" + inputName.substring(dot + 1) : inputName) + ".png";
    }

    /** The name of the TIFF written instead of {@code pngName} when the result is a stack. */
    public static String stackOutputName(String pngName) {
        return pngName.replaceAll("\\.png$", ".tif");
    }

    /** Runs the job; failures of single files are counted, not thrown. */
    public Summary run(List<Path> inputs) {
        List<Item> items = plan(inputs);
        Set<Path> inputSet = new HashSet<>();
        for (Item it : items) {
            inputSet.add(it.input.toAbsolutePath().normalize());
        }
        Summary s = new Summary();
        s.total = items.size();
        long t0 = System.nanoTime();
        ExecutorService reader = daemonThread("colorizer-read");
        ExecutorService writer = daemonThread("colorizer-write");
        try {
            List<Item> todo = new ArrayList<>();
            for (Item it : items) {
                Path outAbs = it.out.toAbsolutePath().normalize();
                Path tifAbs = stackOutput(outAbs);
                if (inputSet.contains(outAbs) || sameFile(outAbs, it.input) || inputSet.contains(tifAbs)
                        || sameFile(tifAbs, it.input)) {
                    s.failed++;
                    s.failures.put(it.input, "its output " + it.out + " would overwrite an input; choose another "
                            + "output folder");
                    continue;
                }
                if (!overwrite && (Files.isRegularFile(it.out) || Files.isRegularFile(stackOutput(it.out)))) {
                    s.skipped++;
                    continue;
                }
                todo.add(it);
            }
            Future<Object> next = todo.isEmpty() ? null : reader.submit(() -> read(todo.get(0).input));
            // One write in flight: image i is written while image i + 1 goes through the network. An image is
            // reported (counted, listener called) once its file is complete.
            Item writing = null;
            Future<?> inFlight = null;
            Progress progress = new Progress(s, t0);
            for (int i = 0; i < todo.size(); i++) {
                Item it = todo.get(i);
                Object decoded;
                try {
                    decoded = next.get();
                } catch (ExecutionException e) {
                    decoded = e.getCause();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    s.cancelled = true;
                    break;
                }
                if (i + 1 < todo.size()) {
                    Path nextIn = todo.get(i + 1).input;
                    next = reader.submit(() -> read(nextIn));
                }
                ImagePlus result = null;
                String failure = null;
                try {
                    if (decoded instanceof Throwable) {
                        throw (Throwable) decoded;
                    }
                    ImagePlus imp = (ImagePlus) decoded;
                    HintSet h = hints == null ? null : hints.forInput(it.input, imp.getWidth(), imp.getHeight());
                    it.hinted = h != null && !h.isEmpty();
                    result = colorize(colorizer, imp, h);
                } catch (Throwable e) {
                    failure = failure(e);
                }
                if (inFlight != null) {
                    boolean goOn = progress.report(writing, finish(inFlight));
                    inFlight = null;
                    if (!goOn) {
                        s.cancelled = true;
                        break;
                    }
                }
                if (failure != null) {
                    if (!progress.report(it, failure)) {
                        s.cancelled = i + 1 < todo.size();
                        break;
                    }
                    continue;
                }
                ImagePlus r = result;
                writing = it;
                inFlight = writer.submit(() -> write(r, it));
            }
            if (inFlight != null) {
                boolean goOn = progress.report(writing, finish(inFlight));
                s.cancelled |= !goOn && s.done + s.skipped + s.failed < s.total;
            }
        } finally {
            reader.shutdownNow();
            writer.shutdown(); // an output being written is finished (never cut off), and is complete or absent
        }
        s.seconds = (System.nanoTime() - t0) / 1e9;
        return s;
    }

    private static ExecutorService daemonThread(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Waits for a write; null if it succeeded, else why it failed. */
    private static String finish(Future<?> write) {
        boolean interrupted = false; // still wait: the write goes on anyway, and its file must be counted
        try {
            while (true) {
                try {
                    write.get();
                    return null;
                } catch (ExecutionException e) {
                    return failure(e.getCause());
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String failure(Throwable e) {
        if (e instanceof ColorizerException) {
            return e.getMessage();
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory; give Java more memory or use tiles";
        }
        return e.toString();
    }

    /** Counts each finished image and tells the listener; false = stop. */
    private final class Progress {
        private final Summary s;
        private final long t0;
        private int processed;

        Progress(Summary s, long t0) {
            this.s = s;
            this.t0 = t0;
        }

        boolean report(Item it, String failure) {
            if (failure == null) {
                s.done++;
                if (it.hinted) {
                    s.withHints++;
                }
                s.written.add(it.out);
                s.outputs.put(it.input, it.out);
            } else {
                s.failed++;
                s.failures.put(it.input, failure);
            }
            processed++;
            double rate = processed / ((System.nanoTime() - t0) / 1e9);
            return listener.progress(s.done + s.skipped + s.failed, s.total, it.input, failure == null ? "ok" : "failed",
                    rate) && !Thread.currentThread().isInterrupted();
        }
    }

    /** Stacks are written as TIFF beside where a single image's PNG would go. */
    static Path stackOutput(Path png) {
        return png.resolveSibling(stackOutputName(png.getFileName().toString()));
    }

    private static boolean sameFile(Path out, Path in) {
        try {
            return Files.exists(out) && Files.isSameFile(out, in);
        } catch (IOException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ one image, for other drivers (Spark)

    /**
     * The work done on each decoded image (by {@link #run} and by the Spark job): the default normalization
     * (8-bit: the type range; 16/32-bit: percentiles), all slices.
     */
    public static ImagePlus colorize(Colorizer colorizer, ImagePlus decoded) {
        return colorize(colorizer, decoded, null);
    }

    /** As {@link #colorize(Colorizer, ImagePlus)} with the image's hints (null or empty: none). */
    public static ImagePlus colorize(Colorizer colorizer, ImagePlus decoded, HintSet hints) {
        return ImageColorizer.colorize(colorizer, decoded, ImageColorizer.defaultNormalization(decoded), hints, null);
    }

    /** True if {@code result} is written as a TIFF stack ({@link #stackOutputName}), else as a PNG. */
    public static boolean isStack(ImagePlus result) {
        return result.getStackSize() > 1;
    }

    /** The output file's bytes for a result of {@link #colorize}: a PNG, or a TIFF for stacks. */
    public static void encode(ImagePlus result, OutputStream out) throws IOException {
        if (isStack(result)) {
            ImageFiles.writeTiff(out, result);
        } else {
            ColorProcessor cp = (ColorProcessor) result.getProcessor();
            ImageFiles.writePng(out, (int[]) cp.getPixels(), cp.getWidth(), cp.getHeight());
        }
    }

    private static Object read(Path input) {
        try {
            return ImageFiles.readImagePlus(input);
        } catch (RuntimeException e) {
            return e;
        }
    }

    private Void write(ImagePlus result, Item it) {
        try {
            Files.createDirectories(it.out.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new ColorizerException("cannot create the output folder " + it.out.getParent() + ": " + e.getMessage());
        }
        if (isStack(result)) {
            Path tif = stackOutput(it.out);
            AtomicFiles.write(tif, out -> encode(result, out));
            it.out = tif;
        } else {
            AtomicFiles.write(it.out, out -> encode(result, out));
        }
        return null;
    }
}
