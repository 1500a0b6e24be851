package org.colorizer.evaluate;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.colorizer.ColorizerException;
import org.colorizer.color.Lab;
import org.colorizer.colorize.Colorizer;
import org.colorizer.colorize.Lightness;
import org.colorizer.io.AtomicFiles;
import org.colorizer.io.ImageFiles;
import org.colorizer.io.RgbImage;
import org.colorizer.metrics.ImageMetrics;

/**
 * Scores a colorizer against color photos: each photo's exact L* is the gray input, the result is compared with
 * the photo (PSNR over RGB, SSIM, colorfulness), beside the grayscale baseline (the same L* with no color).
 */
public final class Evaluation {
    /** PSNR of identical images is infinite; it is reported capped at this value (dB). */
    public static final double PSNR_CAP = 100;
    public static final int SHEET_ROWS = 6;
    public static final int SHEET_TILE = 192;

    /** Scores of one image. */
    public static final class Row {
        public String file;
        public int width;
        public int height;
        public double psnr;
        public double ssim;
        public double colorfulness;
        public double truthColorfulness;
        public double grayPsnr;
        public double graySsim;
    }

    /** Means over all images. */
    public static final class Summary {
        public final List<Row> rows = new ArrayList<>();
        public int failed;
        public double psnr;
        public double ssim;
        public double colorfulness;
        public double truthColorfulness;
        public double grayPsnr;
        public double graySsim;

        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%-20s %9s %7s %13s%n", "", "PSNR dB", "SSIM", "colorfulness"));
            sb.append(String.format(Locale.ROOT, "%-20s %9.2f %7.4f %13.1f%n", "model", psnr, ssim, colorfulness));
            sb.append(String.format(Locale.ROOT, "%-20s %9.2f %7.4f %13.1f%n", "grayscale baseline", grayPsnr, graySsim, 0.0));
            sb.append(String.format(Locale.ROOT, "%-20s %9s %7s %13.1f%n", "truth", "-", "-", truthColorfulness));
            sb.append(String.format(Locale.ROOT, "colorfulness difference (model - truth): %.1f over %d images%n",
                    colorfulness - truthColorfulness, rows.size()));
            return sb.toString();
        }
    }

    private Evaluation() {}

    /** Scores one photo; also returns the gray and colorized images for a contact sheet. */
    public static Row score(Colorizer c, String name, RgbImage img, int[][] grayAndResult) {
        int n = img.width() * img.height();
        float[] l = new float[n];
        Lab.rgbToL(img.argb(), 0, n, l, 0);
        int[] result = c.colorize(Lightness.of(l, img.width(), img.height()));
        int[] gray = new int[n];
        Lab.lToGrayArgb(l, 0, n, gray, 0);
        Row r = new Row();
        r.file = name;
        r.width = img.width();
        r.height = img.height();
        r.psnr = ImageMetrics.psnrCapped(result, img.argb(), PSNR_CAP);
        r.ssim = ImageMetrics.ssim(result, img.argb(), img.width(), img.height());
        r.colorfulness = ImageMetrics.colorfulness(result);
        r.truthColorfulness = ImageMetrics.colorfulness(img.argb());
        r.grayPsnr = ImageMetrics.psnrCapped(gray, img.argb(), PSNR_CAP);
        r.graySsim = ImageMetrics.ssim(gray, img.argb(), img.width(), img.height());
        if (grayAndResult != null) {
            grayAndResult[0] = gray;
            grayAndResult[1] = result;
        }
        return r;
    }

    /**
     * Scores every file; with {@code outDir}, writes evaluation.csv and a contact sheet (gray | model | truth)
     * of the first {@value #SHEET_ROWS} images.
     */
    public static Summary run(Colorizer c, List<Path> files, Path outDir, PrintProgress progress) {
        Summary s = new Summary();
        List<int[][]> sheet = new ArrayList<>();
        List<int[]> sizes = new ArrayList<>();
        for (Path f : files) {
            RgbImage img;
            try {
                img = ImageFiles.readRgb(f);
            } catch (ColorizerException e) {
                s.failed++;
                progress.println("skipped " + f + ": " + e.getMessage());
                continue;
            }
            int[][] pics = new int[2][];
            Row r = score(c, f.getFileName().toString(), img, pics);
            s.rows.add(r);
            if (sheet.size() < SHEET_ROWS) {
                sheet.add(new int[][] {pics[0], pics[1], img.argb()});
                sizes.add(new int[] {img.width(), img.height()});
            }
            progress.println(String.format(Locale.ROOT, "%s: PSNR %.2f (gray %.2f) SSIM %.4f colorfulness %.1f (truth %.1f)",
                    r.file, r.psnr, r.grayPsnr, r.ssim, r.colorfulness, r.truthColorfulness));
        }
        if (s.rows.isEmpty()) {
            throw new ColorizerException("data: no readable color image among " + files.size() + " file(s)");
        }
        for (Row r : s.rows) {
            s.psnr += r.psnr / s.rows.size();
            s.ssim += r.ssim / s.rows.size();
            s.colorfulness += r.colorfulness / s.rows.size();
            s.truthColorfulness += r.truthColorfulness / s.rows.size();
            s.grayPsnr += r.grayPsnr / s.rows.size();
            s.graySsim += r.graySsim / s.rows.size();
        }
        if (outDir != null) {
            writeCsv(s, outDir.resolve("evaluation.csv"));
            ContactSheet.write(outDir.resolve("contact-sheet.png"), sheet, sizes, SHEET_TILE);
        }
        return s;
    }

    /** Progress output. */
    public interface PrintProgress {
        void println(String line);
    }

    static void writeCsv(Summary s, Path file) {
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write("file,width,height,psnr_db,ssim,colorfulness,truth_colorfulness,colorfulness_diff,gray_psnr_db,gray_ssim\n");
            for (Row r : s.rows) {
                w.write(String.format(Locale.ROOT, "%s,%d,%d,%.4f,%.5f,%.3f,%.3f,%.3f,%.4f,%.5f%n", csv(r.file),
                        r.width, r.height, r.psnr, r.ssim, r.colorfulness, r.truthColorfulness,
                        r.colorfulness - r.truthColorfulness, r.grayPsnr, r.graySsim));
            }
            w.flush();
        });
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
