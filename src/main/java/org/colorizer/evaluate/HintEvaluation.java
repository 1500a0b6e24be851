package org.colorizer.evaluate;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.colorizer.ColorizerException;
import org.colorizer.color.Lab;
import org.colorizer.colorize.Colorizer;
import org.colorizer.colorize.Lightness;
import org.colorizer.hints.Hint;
import org.colorizer.hints.HintSet;
import org.colorizer.io.AtomicFiles;
import org.colorizer.io.ImageFiles;
import org.colorizer.io.RgbImage;
import org.colorizer.metrics.ImageMetrics;

/**
 * {@code evaluate --hints N,...}: how much color hints help. Hints are simulated from each photo's true colors
 * with a fixed seed: uniform locations, disks of {@value #RADIUS} px at full resolution, each the mean true color
 * of its disk; the first N of one sequence per photo, so the hints of a smaller count are among those of a larger.
 * Besides PSNR, SSIM and colorfulness, PSNR is also measured outside the hinted pixels only, so that copying a hint
 * into its own pixels does not count as spreading it.
 */
public final class HintEvaluation {
    public static final int RADIUS = 4;
    public static final int[] DEFAULT_COUNTS = {0, 1, 2, 5, 10, 20, 50};
    public static final long SEED = 2017;

    /** Means over the photos for one hint count. */
    public static final class Point {
        public int hints;
        public double psnr;
        public double psnrOutside;
        public double ssim;
        public double colorfulness;
    }

    /** One photo's scores per count. */
    public static final class Row {
        public String file;
        public double[] psnr;
        public double[] psnrOutside;
        public double[] ssim;
        public double[] colorfulness;
    }

    /** The curve and the per-photo rows. */
    public static final class Result {
        public final List<Point> curve = new ArrayList<>();
        public final List<Row> rows = new ArrayList<>();
        public double grayPsnr;
        public int failed;

        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%6s %9s %14s %7s %13s%n", "hints", "PSNR dB", "PSNR outside", "SSIM",
                    "colorfulness"));
            for (Point p : curve) {
                sb.append(String.format(Locale.ROOT, "%6d %9.2f %14.2f %7.4f %13.1f%n", p.hints, p.psnr,
                        p.psnrOutside, p.ssim, p.colorfulness));
            }
            sb.append(String.format(Locale.ROOT, "grayscale baseline PSNR %.2f dB over %d images%n", grayPsnr,
                    rows.size()));
            return sb.toString();
        }
    }

    private HintEvaluation() {}

    /** The first {@code n} simulated hints of {@code img} (fixed sequence per file name and {@link #SEED}). */
    public static HintSet simulate(RgbImage img, String name, int n) {
        int w = img.width();
        int h = img.height();
        SplittableRandom rng = new SplittableRandom(SEED * 31 + name.hashCode());
        List<Hint> hints = new ArrayList<>();
        int[] px = img.argb();
        for (int k = 0; k < n; k++) {
            int cx = rng.nextInt(w);
            int cy = rng.nextInt(h);
            double sa = 0;
            double sb = 0;
            int count = 0;
            for (int y = Math.max(0, cy - RADIUS); y <= Math.min(h - 1, cy + RADIUS); y++) {
                for (int x = Math.max(0, cx - RADIUS); x <= Math.min(w - 1, cx + RADIUS); x++) {
                    if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= RADIUS * RADIUS) {
                        int p = px[y * w + x];
                        double[] lab = Lab.toLab(p >> 16 & 255, p >> 8 & 255, p & 255);
                        sa += lab[1];
                        sb += lab[2];
                        count++;
                    }
                }
            }
            hints.add(Hint.disk(cx, cy, RADIUS, (float) (sa / count), (float) (sb / count)));
        }
        return new HintSet(w, h, hints);
    }

    /**
     * Scores every photo at every hint count; with {@code outDir}, writes evaluation-hints.csv and a contact sheet
     * (gray | automatic | with {@code sheetHints} hints, marks drawn | truth) of the first photos.
     */
    public static Result run(Colorizer c, List<Path> files, int[] counts, Path outDir,
            Evaluation.PrintProgress progress) {
        c.requireHints();
        Result res = new Result();
        int sheetHints = 0;
        for (int n : counts) {
            if (n <= 10) {
                sheetHints = Math.max(sheetHints, n);
            }
        }
        List<int[][]> sheet = new ArrayList<>();
        List<int[]> sizes = new ArrayList<>();
        int max = 0;
        for (int n : counts) {
            max = Math.max(max, n);
        }
        for (Path f : files) {
            RgbImage img;
            try {
                img = ImageFiles.readRgb(f);
            } catch (ColorizerException e) {
                res.failed++;
                progress.println("skipped " + f + ": " + e.getMessage());
                continue;
            }
            String name = f.getFileName().toString();
            int npx = img.width() * img.height();
            float[] l = new float[npx];
            Lab.rgbToL(img.argb(), 0, npx, l, 0);
            Lightness light = Lightness.of(l, img.width(), img.height());
            HintSet all = simulate(img, name, max);
            Row row = new Row();
            row.file = name;
            row.psnr = new double[counts.length];
            row.psnrOutside = new double[counts.length];
            row.ssim = new double[counts.length];
            row.colorfulness = new double[counts.length];
            int[] auto = null;
            int[] marked = null;
            StringBuilder line = new StringBuilder(name + ":");
            for (int i = 0; i < counts.length; i++) {
                HintSet hs = new HintSet(img.width(), img.height(), all.hints().subList(0, counts[i]));
                int[] out = c.colorize(light, hs);
                boolean[] cov = hs.coverage();
                row.psnr[i] = ImageMetrics.psnrCapped(out, img.argb(), Evaluation.PSNR_CAP);
                row.psnrOutside[i] = ImageMetrics.psnrOutside(out, img.argb(), cov, Evaluation.PSNR_CAP);
                row.ssim[i] = ImageMetrics.ssim(out, img.argb(), img.width(), img.height());
                row.colorfulness[i] = ImageMetrics.colorfulness(out);
                line.append(String.format(Locale.ROOT, " %d:%.2f", counts[i], row.psnr[i]));
                if (counts[i] == 0) {
                    auto = out;
                }
                if (counts[i] == sheetHints) {
                    marked = drawMarks(out, img, hs);
                }
            }
            int[] gray = new int[npx];
            Lab.lToGrayArgb(l, 0, npx, gray, 0);
            res.grayPsnr += ImageMetrics.psnrCapped(gray, img.argb(), Evaluation.PSNR_CAP);
            res.rows.add(row);
            progress.println(line.toString());
            if (outDir != null && sheet.size() < Evaluation.SHEET_ROWS && auto != null && marked != null) {
                sheet.add(new int[][] {gray, auto, marked, img.argb()});
                sizes.add(new int[] {img.width(), img.height()});
            }
        }
        if (res.rows.isEmpty()) {
            throw new ColorizerException("data: no readable color image among " + files.size() + " file(s)");
        }
        res.grayPsnr /= res.rows.size();
        for (int i = 0; i < counts.length; i++) {
            Point p = new Point();
            p.hints = counts[i];
            for (Row r : res.rows) {
                p.psnr += r.psnr[i] / res.rows.size();
                p.psnrOutside += r.psnrOutside[i] / res.rows.size();
                p.ssim += r.ssim[i] / res.rows.size();
                p.colorfulness += r.colorfulness[i] / res.rows.size();
            }
            res.curve.add(p);
        }
        if (outDir != null) {
            writeCsv(res, counts, outDir.resolve("evaluation-hints.csv"));
            if (!sheet.isEmpty()) {
                ContactSheet.write(outDir.resolve("contact-sheet-hints.png"), sheet, sizes, Evaluation.SHEET_TILE);
            }
        }
        return res;
    }

    /** The colorized image with each hint drawn as a disk of its true color with a black and white ring. */
    static int[] drawMarks(int[] colorized, RgbImage truth, HintSet hints) {
        int w = truth.width();
        int h = truth.height();
        int[] out = colorized.clone();
        // marks sized for a contact sheet (rows about 200 px high): a disk and two rings of a few sheet pixels
        int r = Math.max(RADIUS, Math.max(w, h) / 45);
        int ring = Math.max(1, r / 4);
        for (Hint hint : hints.hints()) {
            int[] b = hint.bounds();
            int cx = (b[0] + b[2] - 1) / 2;
            int cy = (b[1] + b[3] - 1) / 2;
            int fill = truth.argb()[Math.min(h - 1, Math.max(0, cy)) * w + Math.min(w - 1, Math.max(0, cx))];
            for (int y = cy - r - 2 * ring; y <= cy + r + 2 * ring; y++) {
                for (int x = cx - r - 2 * ring; x <= cx + r + 2 * ring; x++) {
                    if (x < 0 || y < 0 || x >= w || y >= h) {
                        continue;
                    }
                    double d = Math.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
                    if (d <= r) {
                        out[y * w + x] = fill;
                    } else if (d <= r + ring) {
                        out[y * w + x] = 0xFF000000;
                    } else if (d <= r + 2 * ring) {
                        out[y * w + x] = 0xFFFFFFFF;
                    }
                }
            }
        }
        return out;
    }

    static void writeCsv(Result res, int[] counts, Path file) {
        AtomicFiles.write(file, o -> {
            Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
            w.write("file,hints,psnr_db,psnr_outside_hints_db,ssim,colorfulness\n");
            for (Row r : res.rows) {
                for (int i = 0; i < counts.length; i++) {
                    w.write(String.format(Locale.ROOT, "%s,%d,%.4f,%.4f,%.5f,%.3f%n",
                            r.file.contains(",") ? "\"" + r.file.replace("\"", "\"\"") + "\"" : r.file, counts[i],
                            r.psnr[i], r.psnrOutside[i], r.ssim[i], r.colorfulness[i]));
                }
            }
            w.flush();
        });
    }
}
