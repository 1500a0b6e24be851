package org.colorizer.hints;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.colorizer.ColorizerException;
import org.colorizer.io.ImageFiles;
import org.colorizer.io.RgbImage;

/**
 * Hint files: what {@code colorize --hints} reads.
 *
 * <ul>
 *   <li>CSV: a header line {@code x,y,radius,color}, then one hint per line: pixel coordinates in the input image
 *       (0,0 = top-left pixel), radius in pixels (0 = that pixel), color {@code #RRGGBB}; lines starting with
 *       {@code #} and blank lines are ignored;
 *   <li>PNG (any image file the plugin reads) of the input's size: a scribble; every pixel whose chroma C*ab is
 *       above {@value #SCRIBBLE_MIN_CHROMA} is a hint of its color (gray and white pixels are not).
 * </ul>
 *
 * Errors name the file and the line, and say what to do.
 */
public final class HintFiles {
    /** Scribble pixels with less chroma than this (CIE C*ab) are background, not hints. */
    public static final double SCRIBBLE_MIN_CHROMA = 5;

    private HintFiles() {}

    /** Reads a hint file (CSV or image) for an input image of {@code width} x {@code height} pixels. */
    public static HintSet read(Path file, int width, int height) {
        if (!Files.isRegularFile(file)) {
            throw new ColorizerException("hints: " + file + " does not exist");
        }
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".csv") ? readCsv(file, width, height) : readScribble(file, width, height);
    }

    static HintSet readCsv(Path file, int width, int height) {
        List<Hint> hints = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            boolean header = false;
            while ((line = r.readLine()) != null) {
                no++;
                String t = line.trim();
                if (no == 1 && t.startsWith("\uFEFF")) {
                    t = t.substring(1);
                }
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] f = t.split("\\s*,\\s*", -1);
                if (!header) {
                    if (f.length != 4 || !f[0].equalsIgnoreCase("x") || !f[1].equalsIgnoreCase("y")
                            || !f[2].equalsIgnoreCase("radius") || !f[3].equalsIgnoreCase("color")) {
                        throw bad(file, no, "the first line must be the header x,y,radius,color (found '" + t + "')");
                    }
                    header = true;
                    continue;
                }
                if (f.length != 4) {
                    throw bad(file, no, "expected 4 values x,y,radius,color, found " + f.length);
                }
                double x = number(file, no, "x", f[0]);
                double y = number(file, no, "y", f[1]);
                double radius = number(file, no, "radius", f[2]);
                if (radius < 0) {
                    throw bad(file, no, "radius " + f[2] + " is negative; use 0 (one pixel) or more");
                }
                if (x < 0 || y < 0 || x > width - 1 || y > height - 1) {
                    throw bad(file, no, "the point (" + f[0] + ", " + f[1] + ") is outside the " + width + "x"
                            + height + " image (0,0 is the top-left pixel)");
                }
                int rgb = color(file, no, f[3]);
                float[] ab = Hint.chroma(rgb);
                hints.add(Hint.disk(x, y, radius, ab[0], ab[1]));
            }
            if (!header) {
                throw bad(file, no, "the file is empty; it needs the header x,y,radius,color");
            }
        } catch (IOException e) {
            throw new ColorizerException("hints: " + file + " cannot be read: " + e.getMessage());
        }
        return new HintSet(width, height, hints);
    }

    static HintSet readScribble(Path file, int width, int height) {
        RgbImage img;
        try {
            img = ImageFiles.readRgb(file);
        } catch (ColorizerException e) {
            throw new ColorizerException("hints: " + e.getMessage());
        }
        if (img.width() != width || img.height() != height) {
            throw new ColorizerException("hints: " + file + " is " + img.width() + "x" + img.height() + " but the "
                    + "image is " + width + "x" + height + "; a scribble must have the image's size");
        }
        int[] px = img.argb();
        // one area hint per distinct color, over that color's bounding box
        Map<Integer, int[]> boxes = new LinkedHashMap<>();
        Map<Integer, float[]> chroma = new LinkedHashMap<>();
        for (int i = 0; i < px.length; i++) {
            int rgb = px[i] & 0xFFFFFF;
            if ((px[i] >>> 24) < 128) {
                continue; // transparent
            }
            float[] ab = chroma.get(rgb);
            if (ab == null) {
                ab = Hint.chroma(rgb);
                chroma.put(rgb, ab);
            }
            if (Math.hypot(ab[0], ab[1]) <= SCRIBBLE_MIN_CHROMA) {
                continue;
            }
            int x = i % width;
            int y = i / width;
            int[] b = boxes.computeIfAbsent(rgb, k -> new int[] {x, y, x, y});
            b[0] = Math.min(b[0], x);
            b[1] = Math.min(b[1], y);
            b[2] = Math.max(b[2], x);
            b[3] = Math.max(b[3], y);
        }
        List<Hint> hints = new ArrayList<>();
        for (Map.Entry<Integer, int[]> e : boxes.entrySet()) {
            int[] b = e.getValue();
            int w = b[2] - b[0] + 1;
            int h = b[3] - b[1] + 1;
            boolean[] mask = new boolean[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = px[(b[1] + y) * width + b[0] + x];
                    mask[y * w + x] = (p & 0xFFFFFF) == e.getKey() && (p >>> 24) >= 128;
                }
            }
            float[] ab = chroma.get(e.getKey());
            hints.add(Hint.area(b[0], b[1], w, h, mask, ab[0], ab[1]));
        }
        return new HintSet(width, height, hints);
    }

    private static double number(Path file, int line, String what, String s) {
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw bad(file, line, what + " '" + s + "' is not a number");
    }

    private static int color(Path file, int line, String s) {
        if (s.matches("#[0-9a-fA-F]{6}")) {
            return Integer.parseInt(s.substring(1), 16);
        }
        throw bad(file, line, "color '" + s + "' is not #RRGGBB (for example #C03020)");
    }

    private static ColorizerException bad(Path file, int line, String why) {
        return new ColorizerException("hints: " + file + " line " + line + ": " + why);
    }

    /**
     * Where the hints of each input come from ({@code colorize --hints PATH}): a file is the hints of the single
     * input; a folder holds {@code NAME.csv} or {@code NAME.png} for input {@code NAME.ext} (inputs without one
     * get no hints).
     */
    public static HintSource source(Path spec, boolean singleInput) {
        if (Files.isDirectory(spec)) {
            return (input, w, h) -> {
                String n = input.getFileName().toString();
                int dot = n.lastIndexOf('.');
                String base = dot > 0 ? n.substring(0, dot) : n;
                for (String ext : new String[] {".csv", ".png"}) {
                    Path f = spec.resolve(base + ext);
                    if (Files.isRegularFile(f) && !isSameFile(f, input)) {
                        return read(f, w, h);
                    }
                }
                return null;
            };
        }
        if (!Files.isRegularFile(spec)) {
            throw new ColorizerException("hints: " + spec + " does not exist; give a hints file (CSV or PNG) or a "
                    + "folder of NAME.csv / NAME.png files");
        }
        if (!singleInput) {
            throw new ColorizerException("hints: " + spec + " is one file, but several images are colorized; give a "
                    + "folder holding NAME.csv or NAME.png for each input NAME.ext");
        }
        return (input, w, h) -> read(spec, w, h);
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
