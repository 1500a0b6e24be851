package org.colorizer.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.colorizer.color.Lab;
import org.colorizer.colorize.Colorizer;
import org.colorizer.colorize.FolderJob;
import org.colorizer.engine.Engines;
import org.colorizer.evaluate.ContactSheet;
import org.colorizer.hints.HintFiles;
import org.colorizer.hints.Reach;
import org.colorizer.hints.ReferenceColors;
import org.colorizer.io.ImageFiles;
import org.colorizer.io.RgbImage;

/** {@code colorize}: files and folders in, colorized PNGs out. */
final class ColorizeCommand implements Main.Command {
    /** gray | colorized for the first images written. */
    private static void writeSheet(FolderJob.Summary s, Path sheet) {
        List<int[][]> rows = new ArrayList<>();
        List<int[]> sizes = new ArrayList<>();
        for (Map.Entry<Path, Path> e : s.outputs.entrySet()) {
            if (rows.size() == 8) {
                break;
            }
            RgbImage in = ImageFiles.readRgb(e.getKey());
            RgbImage col = ImageFiles.readRgb(e.getValue());
            float[] l = new float[in.argb().length];
            int[] gray = new int[l.length];
            Lab.rgbToL(in.argb(), 0, l.length, l, 0);
            Lab.lToGrayArgb(l, 0, l.length, gray, 0);
            rows.add(new int[][] {gray, col.argb()});
            sizes.add(new int[] {in.width(), in.height()});
        }
        ContactSheet.write(sheet, rows, sizes, 256);
    }

    private static final Set<String> VALUED = new HashSet<>(Arrays.asList("model", "out", "device", "tile",
            "strength", "batch", "working-size", "sheet", "hints", "reach", "hint-spread", "reference"));
    private static final Set<String> FLAGS = new HashSet<>(Arrays.asList("overwrite", "quiet"));

    @Override
    public String summary() {
        return "colorize image files and folders";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: java -jar colorizer.jar colorize [options] INPUT...",
                "",
                "INPUT: image files or folders (searched recursively). Writes NAME.png (NAME.tif for stacks).",
                "",
                "  --model MODEL       a model file, or a built-in model: general (default), he",
                "  --out DIR           output folder (default: a colorized/ folder beside each input)",
                "  --device cpu|gpu    where to run (default cpu)",
                "  --tile N            tile size in pixels; 0 = auto (default), -1 = whole image",
                "  --working-size N    long side the network sees a whole image at (default: the model's)",
                "  --strength X        color strength: 1 = as predicted (default), 0 = gray",
                "  --hints PATH        color hints: a file (CSV x,y,radius,color or a PNG scribble) for one",
                "                      input, or a folder of NAME.csv / NAME.png for each input NAME.ext",
                "                      (needs a hint-aware model, such as the built-in ones)",
                "  --reach R           how far hints reach after the network: default (as the model file",
                "                      says), wide (also to what looks like a hint's object anywhere: for many",
                "                      hints), local (no tint of the whole picture), off (the network alone),",
                "                      or settings (any of the keys in brackets; see " + Reach.DOCS + "):",
                "                      " + Reach.GRAMMAR,
                "  --reference IMAGE   colorize like this color image: each band of lightness takes on its",
                "                      mean color there (e.g. a slide stained by your lab)",
                "  --batch N           network batch size (default 4)",
                "  --sheet FILE.png    also write a contact sheet (gray | colorized) of the first 8 images",
                "  --overwrite         replace outputs that exist (default: skip them)",
                "  --quiet             no progress line",
                "",
                "Exit status: 0 if nothing failed, 1 otherwise, 2 for a usage error.");
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) {
        Args a = new Args(argv, 1, VALUED, FLAGS);
        if (a.positional().isEmpty()) {
            throw new Args.UsageException("give at least one input file or folder");
        }
        List<Path> inputs = new ArrayList<>();
        for (String p : a.positional()) {
            inputs.add(Paths.get(p));
        }
        int tile = a.integer("tile", 0, -1);
        float strength = a.number("strength", 1f);
        boolean quiet = a.flag("quiet");
        try (Colorizer loaded = Colorizer.open(a.string("model", ""), Engines.device(a.string("device", "cpu")))) {
            Colorizer c = loaded.with(loaded.settings().withTile(tile).withStrength(strength)
                    .withWorkingSize(a.integer("working-size", 0, 0)).withBatch(a.integer("batch", 4, 1)));
            if (a.has("hints")) {
                c.requireHints();
            }
            String reach = a.renamed("reach", "hint-spread");
            if (reach != null) {
                c = c.withReach(reach, a.has("reach") ? "--reach" : "--hint-spread");
            }
            if (a.has("reference")) {
                c = c.withReference(ReferenceColors.read(a.path("reference"), "--reference"));
            }
            boolean single = inputs.size() == 1 && Files.isRegularFile(inputs.get(0));
            FolderJob job = new FolderJob(c).optOutput(a.path("out")).optOverwrite(a.flag("overwrite"))
                    .optHints(a.has("hints") ? HintFiles.source(a.path("hints"), single) : null)
                    .optListener((done, total, input, outcome, rate) -> {
                        if (!quiet) {
                            out.printf(Locale.ROOT, "[%d/%d] %s: %s (%.2f images/s)%n", done, total, input, outcome,
                                    rate);
                        }
                        return true;
                    });
            FolderJob.Summary s = job.run(inputs);
            out.println(s.line());
            if (a.has("sheet")) {
                writeSheet(s, a.path("sheet"));
                out.println("wrote " + a.path("sheet"));
            }
            for (Map.Entry<Path, String> f : s.failures.entrySet()) {
                err.println("failed: " + f.getKey() + ": " + f.getValue());
            }
            return s.failed == 0 ? 0 : 1;
        }
    }
}
