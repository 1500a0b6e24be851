package org.colorizer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.colorizer.color.Lab;
import org.colorizer.hints.HintSimulation;
import org.colorizer.io.ImageFiles;
import org.colorizer.metrics.ImageMetrics;

/**
 * A training run's validation: up to {@link #MAX_VALIDATION_IMAGES} held-out images (centre crops at the training
 * size) colorized by the generator that is saved, their mean L1, PSNR and colorfulness, and the preview montage
 * (gray | predicted | truth for the first {@link #PREVIEW_ROWS}).
 */
final class Validation {
    /** Validation looks at this many held-out images at most (centre crops at the training size). */
    static final int MAX_VALIDATION_IMAGES = 32;
    static final int PREVIEW_ROWS = 4;

    private final List<int[]> valRgb;
    private final int size;
    private final HintSimulation hints;
    private final Path preview;

    /**
     * @param hints simulates the hints given to a hint-aware model (the same for an image in every epoch), or null
     * @param preview where the montage is written
     */
    Validation(ImageSet val, Crops crops, int size, HintSimulation hints, Path preview) {
        this.valRgb = validationCrops(val, crops, size);
        this.size = size;
        this.hints = hints;
        this.preview = preview;
    }

    private static List<int[]> validationCrops(ImageSet val, Crops crops, int size) {
        List<int[]> list = new ArrayList<>();
        for (int i = 0; i < Math.min(MAX_VALIDATION_IMAGES, val.size()); i++) {
            list.add(crops.center(val.pixels(i), size));
        }
        return list;
    }

    /** Validates what is saved: the EMA generator when EMA is on. Writes the preview. */
    TrainingListener.EpochReport validate(GanStep gan, NDManager manager) throws IOException {
        boolean ema = gan.emaGenerator() != null;
        int plane = size * size;
        double l1 = 0;
        double psnr = 0;
        double cf = 0;
        double cfTruth = 0;
        List<int[]> rows = new ArrayList<>();
        float[] lp = new float[plane];
        float[] ap = new float[plane];
        float[] bp = new float[plane];
        int chunk = 8;
        for (int start = 0; start < valRgb.size(); start += chunk) {
            int n = Math.min(chunk, valRgb.size() - start);
            float[] l = new float[n * plane];
            float[] abTrue = new float[2 * n * plane];
            float[][] lab = new float[n][];
            float[] hintPlanes = hints == null ? null : new float[3 * n * plane];
            for (int j = 0; j < n; j++) {
                Lab.rgbToLab(valRgb.get(start + j), 0, plane, lp, ap, bp, 0);
                if (hints != null) {
                    // the same hints for image i in every epoch: validation losses stay comparable
                    hints.simulate(ap, bp, size, new SplittableRandom(7919L * (start + j)), hintPlanes,
                            3 * j * plane);
                }
                lab[j] = lp.clone();
                for (int i = 0; i < plane; i++) {
                    l[j * plane + i] = lp[i] / 50f - 1f;
                    abTrue[2 * j * plane + i] = ap[i] / 110f;
                    abTrue[2 * j * plane + plane + i] = bp[i] / 110f;
                }
            }
            float[] pred;
            try (NDManager scope = manager.newSubManager()) {
                NDArray out = gan.validate(scope.create(l, new Shape(n, 1, size, size)),
                        hintPlanes == null ? null : scope.create(hintPlanes, new Shape(n, 3, size, size)), ema);
                pred = out.toType(DataType.FLOAT32, false).toFloatArray();
            }
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int i = 0; i < 2 * plane; i++) {
                    s += Math.abs(pred[2 * j * plane + i] - abTrue[2 * j * plane + i]);
                }
                l1 += s / (2 * plane);
                for (int i = 0; i < plane; i++) {
                    ap[i] = pred[2 * j * plane + i] * 110f;
                    bp[i] = pred[2 * j * plane + plane + i] * 110f;
                }
                int[] rgb = new int[plane];
                Lab.labToRgb(lab[j], ap, bp, 0, plane, rgb, 0);
                int[] truth = valRgb.get(start + j);
                psnr += ImageMetrics.psnrCapped(rgb, truth, 100);
                cf += ImageMetrics.colorfulness(rgb);
                cfTruth += ImageMetrics.colorfulness(truth);
                if (rows.size() < PREVIEW_ROWS * 3) {
                    int[] gray = new int[plane];
                    Lab.lToGrayArgb(lab[j], 0, plane, gray, 0);
                    rows.add(gray);
                    rows.add(rgb);
                    rows.add(truth);
                }
            }
        }
        int n = Math.max(1, valRgb.size());
        TrainingListener.EpochReport r = new TrainingListener.EpochReport();
        r.valL1 = l1 / n;
        r.valPsnr = psnr / n;
        r.valColorfulness = cf / n;
        r.truthColorfulness = cfTruth / n;
        writePreview(rows);
        return r;
    }

    private void writePreview(List<int[]> tiles) throws IOException {
        if (tiles.isEmpty()) {
            return;
        }
        int rows = tiles.size() / 3;
        int gap = 4;
        int w = 3 * size + 2 * gap;
        int h = rows * size + (rows - 1) * gap;
        int[] canvas = new int[w * h];
        Arrays.fill(canvas, 0xFFFFFFFF);
        for (int t = 0; t < rows * 3; t++) {
            int ox = (t % 3) * (size + gap);
            int oy = (t / 3) * (size + gap);
            int[] tile = tiles.get(t);
            for (int y = 0; y < size; y++) {
                System.arraycopy(tile, y * size, canvas, (oy + y) * w + ox, size);
            }
        }
        ImageFiles.writePng(preview, canvas, w, h);
    }

    /** The metrics recorded in a model file and returned by a run. */
    static Map<String, Double> metrics(TrainingListener.EpochReport r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("val_l1", r.valL1);
        m.put("val_psnr", r.valPsnr);
        m.put("val_colorfulness", r.valColorfulness);
        m.put("val_truth_colorfulness", r.truthColorfulness);
        return m;
    }
}
