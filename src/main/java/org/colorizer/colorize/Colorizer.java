package org.colorizer.colorize;

import ai.djl.Device;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.colorizer.ColorizerException;
import org.colorizer.hints.HintRaster;
import org.colorizer.hints.HintSet;
import org.colorizer.hints.HintSpread;
import org.colorizer.hints.Reach;
import org.colorizer.hints.ReferenceColors;
import org.colorizer.hints.SpreadFilter;
import org.colorizer.interop.ColorNetwork;
import org.colorizer.interop.IoPreset;
import org.colorizer.interop.NetworkLoader;
import org.colorizer.interop.Tensor;
import org.colorizer.io.Resampling;
import org.colorizer.modelfile.BuiltinModels;
import org.colorizer.modelfile.ModelDescription;
import org.colorizer.modelfile.ModelFile;

/**
 * Colorizes lightness planes with a trained generator; plain Java, no SciJava needed, safe to share between
 * threads.
 *
 * <p>The network is a {@link ColorNetwork} (the built-in U-Net, or an imported TorchScript or ONNX network) with
 * its input/output convention, an {@link IoPreset}. Networks of the published conventions see the whole image
 * squashed to S x S; the rest of this text is about the plugin's own convention.
 *
 * <p>How: the image's L is resampled to a working grid at scale {@code s} (whole-image mode: long side = the
 * model's size; tiled mode: {@code s = size / tile}), the network predicts a*b* on that grid (in overlapping
 * tiles with feathered blending when the grid is larger than the model's size), and a*b* are upsampled
 * bilinearly to full resolution and recombined with the original, unscaled L. Only the low-resolution a*b*
 * field is held in memory, so a 20,000 x 20,000 image needs little more than its input and output.
 */
public final class Colorizer implements AutoCloseable {
    /** Above this long side (pixels), auto mode predicts in tiles instead of scaling the whole image down. */
    public static final int AUTO_TILE_ABOVE = 4096;
    /** Tile edge (input pixels) used by auto mode for large images. */
    public static final int AUTO_TILE = 1024;

    private final ModelDescription description;
    private final String source;
    private final ColorNetwork network;
    private final IoPreset io;
    private final int size;
    private final int multiple;
    /** False for views made by {@link #with}: they share the network and do not close it. */
    private final boolean owner;
    private final ColorizeSettings settings;
    /** Time spent in the network (for benchmarks), summed over all calls and threads. */
    private final LongAdder networkNanos;

    private Colorizer(Colorizer base, ColorizeSettings settings) {
        this.description = base.description;
        this.source = base.source;
        this.size = base.size;
        this.multiple = base.multiple;
        this.network = base.network;
        this.io = base.io;
        this.owner = false;
        this.networkNanos = base.networkNanos;
        this.settings = settings;
    }

    /**
     * A view with other settings that shares this colorizer's network (no copy of the weights); closing the view
     * does nothing. Lets threads and commands use one loaded model with different settings.
     */
    public Colorizer with(ColorizeSettings settings) {
        return new Colorizer(this, settings);
    }

    /** A view with this strength and tiling (see {@link ColorizeSettings}). */
    public Colorizer with(float strength, int tile) {
        return with(settings.withStrength(strength).withTile(tile));
    }

    /** The settings of this colorizer (or view). */
    public ColorizeSettings settings() {
        return settings;
    }

    private Colorizer(ModelFile.Contents contents, String source, Device device) {
        this.description = contents.description;
        this.source = source;
        ModelDescription.ImportedNetwork n = description.network;
        if (n == null) {
            this.size = description.model.getSize();
            this.multiple = description.model.getSizeMultiple();
        } else {
            this.size = n.size;
            this.multiple = n.sizeMultiple;
        }
        this.io = NetworkLoader.preset(description);
        this.network = NetworkLoader.open(contents, source, device);
        this.owner = true;
        this.networkNanos = new LongAdder();
        this.settings = ColorizeSettings.DEFAULT;
    }

    /** Loads a model that has been read already (a file, a resource, or bytes); {@code what} names it. */
    public static Colorizer fromContents(ModelFile.Contents contents, String what, Device device) {
        return new Colorizer(contents, what, device);
    }

    /** Loads a model file. */
    public static Colorizer load(Path file, Device device) {
        return new Colorizer(ModelFile.read(file), "Model file " + file, device);
    }

    /**
     * Loads a model by name or path: empty or null = the built-in general model; a built-in name (see
     * {@link BuiltinModels#names()}); otherwise a model file path.
     */
    public static Colorizer open(String model, Device device) {
        String name = BuiltinModels.builtinName(model);
        if (name != null) {
            return new Colorizer(BuiltinModels.read(name), "built-in model '" + name + "'", device);
        }
        return load(Paths.get(model.trim()), device);
    }

    public ModelDescription description() {
        return description;
    }

    /** Where the model came from, for messages. */
    public String source() {
        return source;
    }

    /** A view with this strength ({@link ColorizeSettings#strength}). */
    public Colorizer withStrength(float strength) {
        return with(settings.withStrength(strength));
    }

    /** A view with this tiling ({@link ColorizeSettings#tile}). */
    public Colorizer withTile(int tile) {
        return with(settings.withTile(tile));
    }

    /** A view with this batch size ({@link ColorizeSettings#batch}). */
    public Colorizer withBatch(int batch) {
        return with(settings.withBatch(batch));
    }

    public float getStrength() {
        return settings.strength;
    }

    /** The a*b* field of one image at working resolution. */
    public static final class AbField {
        public final int width;
        public final int height;
        /** working grid pixels per input pixel */
        public final double scale;
        public final float[] a;
        public final float[] b;

        AbField(int width, int height, double scale) {
            this.width = width;
            this.height = height;
            this.scale = scale;
            this.a = new float[width * height];
            this.b = new float[width * height];
        }
    }

    /** Colorizes one plane: returns packed RGB (alpha 255) of the same size whose L* is the input's. */
    public int[] colorize(Lightness l) {
        return colorize(l, null);
    }

    /**
     * Colorizes one plane with color hints (null or empty: none; then any model will do).
     *
     * @throws ColorizerException if hints are given and the model takes none
     */
    public int[] colorize(Lightness l, HintSet hints) {
        int[] out = new int[Math.multiplyExact(l.width(), l.height())];
        compose(l, predict(List.of(l), hints == null ? null : Collections.singletonList(hints)).get(0), out);
        return out;
    }

    /** Whether this model takes color hints. */
    public boolean takesHints() {
        return io.acceptsHints();
    }

    /** The network's input/output convention. */
    public IoPreset io() {
        return io;
    }

    /** What runs the network ("built-in U-Net", "TorchScript", "ONNX Runtime"). */
    public String networkKind() {
        return network.kind();
    }

    /** Throws the message a user sees when giving hints to a model without hint inputs. */
    public void requireHints() {
        if (!takesHints()) {
            throw new ColorizerException(source + " takes no color hints (it was made without hint inputs). Use "
                    + "a hint-aware model: the built-in 'general' (photos) or 'he' (H&E tissue); or give this one hint "
                    + "inputs with 'convert MODEL --add-hints --out NEW.zip' (same colors without hints), or fine-tune "
                    + "it with 'train --init MODEL --hints' (in Fiji: Train Colorizer with 'Color hints' and 'Start "
                    + "from'); or colorize without hints.");
        }
    }

    /**
     * The working scale for an image of this size under the current tiling setting (across, for networks that
     * see the image squashed to S x S).
     */
    public double scaleFor(int width, int height) {
        if (io.squash) {
            return (double) size / width;
        }
        int t = tileFor(width, height);
        return t < 0 ? (double) workingSize() / Math.max(width, height) : (double) size / t;
    }

    /** Input pixels per tile for an image of this size, or -1 for whole-image mode. */
    private int tileFor(int width, int height) {
        if (io.squash) {
            return -1;
        }
        int t = settings.tile;
        if (t == 0) {
            t = description.tile > 0 ? description.tile : Math.max(width, height) > AUTO_TILE_ABOVE ? AUTO_TILE : -1;
        }
        return t;
    }

    /**
     * A view with this reach, how hints are spread after the network ({@link HintSpread}): null = the model file's
     * setting (or {@link HintSpread#standard()} if it has none); {@link HintSpread#off()} = the network's colors
     * alone.
     */
    public Colorizer withReach(HintSpread reach) {
        return with(settings.withReach(reach));
    }

    /**
     * A view with reference colors ("colorize like this"): after the network, each lightness band's mean a*b* is
     * matched to {@code reference}'s (null = none). Any model will do; local hints act after it.
     */
    public Colorizer withReference(ReferenceColors reference) {
        return with(settings.withReference(reference));
    }

    /**
     * As {@link #withReach(HintSpread)} from a user's words ({@link Reach#resolve}: default, wide, local, off,
     * or settings); {@code what} names the parameter in errors.
     */
    public Colorizer withReach(String spec, String what) {
        return withReach(Reach.resolve(spec, modelHintSpread(), modelWideSpread(), what));
    }

    /** The reach in effect. */
    public HintSpread reach() {
        HintSpread s = settings.reach;
        return s != null ? s : modelHintSpread();
    }

    /** The model file's own hint spreading ({@link HintSpread#standard()} if it records none). */
    private HintSpread modelHintSpread() {
        return description.hintSpread != null ? description.hintSpread : HintSpread.standard();
    }

    /** The model file's reach "wide" ({@link HintSpread#standardWide()} if it records none). */
    private HintSpread modelWideSpread() {
        return description.hintSpreadWide != null ? description.hintSpreadWide : HintSpread.standardWide();
    }

    /** Long side of the working grid in whole-image mode: the model's own choice, else its training size. */
    public int workingSize() {
        int w = settings.workingSize;
        if (w <= 0) {
            w = description.workingSize > 0 ? description.workingSize : size;
        }
        return w;
    }

    /**
     * Long side (pixels) at which the network sees a whole image (0 = the model's default). A network trained on
     * crops of 128 px can look at whole images of 256 px, where its receptive field covers objects at the scale
     * it learned them.
     */
    public Colorizer withWorkingSize(int pixels) {
        return with(settings.withWorkingSize(pixels));
    }

    /** Predicts the working-resolution a*b* fields of several planes, batching the network passes. */
    public List<AbField> predict(List<? extends Lightness> planes) {
        return predict(planes, null);
    }

    /**
     * As {@link #predict(List)}, with each plane's hints ({@code hints} null, or an entry null or empty: none).
     * Hints are placed on the working grid ({@link HintRaster}); each tile sees the hints that fall in it.
     */
    public List<AbField> predict(List<? extends Lightness> planes, List<HintSet> hints) {
        if (hints != null && hints.size() != planes.size()) {
            throw new IllegalArgumentException(hints.size() + " hint sets for " + planes.size() + " planes");
        }
        if (io.squash) {
            return predictSquashed(planes, hints);
        }
        List<AbField> fields = new ArrayList<>();
        List<Tiling.TileJob> jobs = new ArrayList<>();
        List<float[]> grids = new ArrayList<>();
        List<float[][]> hintGrids = new ArrayList<>();
        for (int i = 0; i < planes.size(); i++) {
            Lightness l = planes.get(i);
            HintSet h = hints == null ? null : hints.get(i);
            if (h != null && !h.isEmpty()) {
                requireHints();
                h.checkFits(l.width(), l.height(), "hints");
            }
            if (l.width() < 1 || l.height() < 1) {
                throw new ColorizerException("image: empty (" + l.width() + "x" + l.height() + ")");
            }
            double s = scaleFor(l.width(), l.height());
            int gw = Math.max(1, (int) Math.round(l.width() * s));
            int gh = Math.max(1, (int) Math.round(l.height() * s));
            AbField f = new AbField(gw, gh, s);
            fields.add(f);
            float[] grid = Resampling.shrinkOrGrow(l, gw, gh);
            grids.add(grid);
            hintGrids.add(h == null || h.isEmpty() ? null : HintRaster.rasterize(h, gw, gh));
            // whole-image mode: one pass over the whole grid; tiled mode: network-size tiles
            int edge = tileFor(l.width(), l.height()) < 0 ? Math.max(size, Math.max(gw, gh)) : size;
            jobs.addAll(Tiling.tiles(fields.size() - 1, gw, gh, edge, size, multiple));
        }
        float[][] weightSums = new float[fields.size()][];
        for (int i = 0; i < fields.size(); i++) {
            weightSums[i] = new float[fields.get(i).width * fields.get(i).height];
        }
        // Jobs of equal padded shape go through the network together.
        jobs.sort((x, y) -> x.pw != y.pw ? Integer.compare(x.pw, y.pw) : Integer.compare(x.ph, y.ph));
        int bs = settings.batch;
        for (int start = 0; start < jobs.size();) {
            int end = start + 1;
            while (end < jobs.size() && end - start < bs && jobs.get(end).pw == jobs.get(start).pw
                    && jobs.get(end).ph == jobs.get(start).ph) {
                end++;
            }
            runBatch(jobs.subList(start, end), grids, hintGrids, fields, weightSums);
            start = end;
        }
        float k = settings.strength;
        for (int i = 0; i < fields.size(); i++) {
            AbField f = fields.get(i);
            float[] ws = weightSums[i];
            for (int p = 0; p < ws.length; p++) {
                float inv = k / ws[p];
                f.a[p] *= inv;
                f.b[p] *= inv;
            }
            finish(f, grids.get(i), hintGrids.get(i), hints == null ? null : hints.get(i));
        }
        return fields;
    }

    /** The stages after the network, on the field's grid: reference colors, then the spreading of hints. */
    private void finish(AbField f, float[] grid, float[][] hintGrid, HintSet h) {
        ReferenceColors ref = settings.reference;
        if (ref != null) {
            ref.apply(grid, f.a, f.b, f.a.length);
        }
        if (hintGrid != null) {
            new SpreadFilter(reach()).apply(grid, hintGrid, h.size(), f.a, f.b, f.width, f.height);
        }
    }

    /**
     * The published pipelines: each plane's L* resized to S x S (aspect squashed), one network pass per plane,
     * the a*b* field at the network's output size.
     */
    private List<AbField> predictSquashed(List<? extends Lightness> planes, List<HintSet> hints) {
        List<AbField> fields = new ArrayList<>();
        for (int i = 0; i < planes.size(); i++) {
            Lightness l = planes.get(i);
            HintSet h = hints == null ? null : hints.get(i);
            boolean hinted = h != null && !h.isEmpty();
            if (hinted) {
                requireHints();
                h.checkFits(l.width(), l.height(), "hints");
            }
            if (l.width() < 1 || l.height() < 1) {
                throw new ColorizerException("image: empty (" + l.width() + "x" + l.height() + ")");
            }
            float[] grid = Resampling.shrinkOrGrow(l, size, size);
            float[][] hintGrid = hinted ? HintRaster.rasterize(h, size, size) : null;
            List<Tensor> in = io.encode(new float[][] {grid}, new float[][][] {hintGrid}, 1, size, size);
            Tensor shape = forward(in);
            float[][][] ab = io.decode(shape, 1, source);
            int ow = shape.dim(3);
            int oh = shape.dim(2);
            AbField f = new AbField(ow, oh, (double) ow / l.width());
            float k = settings.strength;
            for (int p = 0; p < f.a.length; p++) {
                f.a[p] = ab[0][0][p] * k;
                f.b[p] = ab[0][1][p] * k;
            }
            boolean same = ow == size && oh == size;
            float[] g = same ? grid : Resampling.shrinkOrGrow(l, ow, oh);
            float[][] hg = !hinted ? null : same ? hintGrid : HintRaster.rasterize(h, ow, oh);
            finish(f, g, hg, h);
            fields.add(f);
        }
        return fields;
    }

    private void runBatch(List<Tiling.TileJob> jobs, List<float[]> grids, List<float[][]> hintGrids, List<AbField> fields,
            float[][] weightSums) {
        int n = jobs.size();
        int pw = jobs.get(0).pw;
        int ph = jobs.get(0).ph;
        int plane = pw * ph;
        float[][] l = new float[n][plane];
        float[][][] hintPlanes = new float[n][][];
        for (int j = 0; j < n; j++) {
            Tiling.TileJob t = jobs.get(j);
            float[] grid = grids.get(t.image);
            float[][] hg = hintGrids.get(t.image);
            int gw = fields.get(t.image).width;
            int gh = fields.get(t.image).height;
            for (int y = 0; y < ph; y++) {
                // edge-replicate padding beyond the grid
                int sy = Math.min(gh - 1, t.y0 + Math.min(y, t.h - 1));
                int row = sy * gw;
                for (int x = 0; x < pw; x++) {
                    int sx = Math.min(gw - 1, t.x0 + Math.min(x, t.w - 1));
                    l[j][y * pw + x] = grid[row + sx];
                }
            }
            if (hg != null) {
                // hints inside the window only; none in the padding (zeros)
                hintPlanes[j] = new float[hg.length][plane];
                for (int y = 0; y < t.h; y++) {
                    int row = (t.y0 + y) * gw + t.x0;
                    for (int c = 0; c < hg.length; c++) {
                        System.arraycopy(hg[c], row, hintPlanes[j][c], y * pw, t.w);
                    }
                }
            }
        }
        Tensor out = forward(io.encode(l, hintPlanes, n, ph, pw));
        float[][][] ab = io.decode(out, n, source);
        if (out.dim(2) != ph || out.dim(3) != pw) {
            throw new ColorizerException(source + ": the network's output is " + out.dim(3) + "x" + out.dim(2)
                    + " for an input of " + pw + "x" + ph + "; the colorizer convention needs the same size");
        }
        int overlap = Math.max(1, size / 4);
        for (int j = 0; j < n; j++) {
            Tiling.TileJob t = jobs.get(j);
            AbField f = fields.get(t.image);
            float[] ws = weightSums[t.image];
            float[] a = ab[j][0];
            float[] b = ab[j][1];
            for (int y = 0; y < t.h; y++) {
                float wy = Tiling.ramp(y, t.h, overlap, t.top, t.bottom);
                for (int x = 0; x < t.w; x++) {
                    float w = wy * Tiling.ramp(x, t.w, overlap, t.left, t.right);
                    int p = (t.y0 + y) * f.width + t.x0 + x;
                    f.a[p] += w * a[y * pw + x];
                    f.b[p] += w * b[y * pw + x];
                    ws[p] += w;
                }
            }
        }
    }

    /** Runs the network on its input tensors and returns its output. */
    private Tensor forward(List<Tensor> inputs) {
        long t0 = System.nanoTime();
        try {
            return network.run(inputs);
        } finally {
            networkNanos.add(System.nanoTime() - t0);
        }
    }

    /** Nanoseconds spent in the network so far (all threads). */
    public long networkNanos() {
        return networkNanos.sum();
    }

    /**
     * Writes packed RGB (alpha 255) for plane {@code l} and its a*b* field into {@code out} (row-major,
     * width x height): a*b* upsampled bilinearly, L* exactly the input's. Rows run in parallel.
     */
    public void compose(Lightness l, AbField f, int[] out) {
        AbComposer.compose(l, f, out);
    }

    @Override
    public void close() {
        if (owner) {
            network.close();
        }
    }
}
