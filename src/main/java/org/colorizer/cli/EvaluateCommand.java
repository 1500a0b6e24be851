package org.colorizer.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.colorizer.ColorizerException;
import org.colorizer.colorize.Colorizer;
import org.colorizer.engine.Engines;
import org.colorizer.evaluate.Evaluation;
import org.colorizer.evaluate.HintEvaluation;
import org.colorizer.evaluate.SplitFile;
import org.colorizer.hints.HintSpread;
import org.colorizer.hints.Reach;
import org.colorizer.hints.ReferenceColors;
import org.colorizer.io.ImageFiles;

/** {@code evaluate}: scores a model on color photos against the grayscale baseline. */
final class EvaluateCommand implements Main.Command {
    private static final Set<String> VALUED = new HashSet<>(Arrays.asList("data", "split", "model", "out", "limit",
            "device", "strength", "tile", "working-size", "hints", "reach", "hint-spread", "reference"));

    @Override
    public String summary() {
        return "score a model on color photos (PSNR, SSIM, colorfulness) against the grayscale baseline";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: java -jar colorizer.jar evaluate --data DIR [options]",
                "",
                "Each color image's exact L* is colorized and compared with the image.",
                "",
                "  --data DIR          folder of color images (searched recursively)",
                "  --split FILE        only the images listed in FILE (one name per line, relative to",
                "                      --data, e.g. coco128/x.jpg; '#' starts a comment line)",
                "  --model MODEL       model file or built-in name (default: general)",
                "  --out DIR           write evaluation.csv and contact-sheet.png here",
                "  --limit N           only the first N images (sorted by path)",
                "  --working-size N    long side the network sees a whole image at (default: the model's)",
                "  --strength X        color strength (default 1)",
                "  --tile N            tile size; 0 = auto (default), -1 = whole image",
                "  --device cpu|gpu    where to run (default cpu)",
                "  --hints N,N,...     with simulated color hints (uniform places, disks of 4 px, the true",
                "                      mean color), per count; 'default' = 0,1,2,5,10,20,50. Also PSNR",
                "                      outside the hinted pixels; writes evaluation-hints.csv and",
                "                      contact-sheet-hints.png (gray | automatic | hints marked | truth)",
                "  --reach R           how far hints reach after the network: default (as the model file",
                "                      says), wide, local, off, or settings (any of the keys in brackets;",
                "                      see " + Reach.DOCS + "):",
                "                      " + Reach.GRAMMAR,
                "  --reference IMAGE   colorize like this color image (per-lightness mean colors)",
                "",
                "PSNR of identical images is infinite and reported as " + (int) Evaluation.PSNR_CAP + " dB.");
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args a = new Args(argv, 1, VALUED, new HashSet<>());
        if (!a.positional().isEmpty()) {
            throw new Args.UsageException("unexpected argument '" + a.positional().get(0) + "'");
        }
        Path data = a.requiredPath("data");
        if (!Files.isDirectory(data)) {
            throw new ColorizerException("data: " + data + " is not a folder");
        }
        String spread = a.renamed("reach", "hint-spread");
        String spreadOption = a.has("reach") ? "--reach" : "--hint-spread";
        if (spread != null) {
            Reach.resolve(spread, HintSpread.standard(), HintSpread.standardWide(), spreadOption);
        }
        List<Path> files = a.has("split") ? SplitFile.read(a.path("split"), data, "--split")
                : ImageFiles.listImages(data);
        int limit = a.integer("limit", Integer.MAX_VALUE, 1);
        if (files.size() > limit) {
            files = files.subList(0, limit);
        }
        Path outDir = a.path("out");
        if (outDir != null) {
            Files.createDirectories(outDir);
        }
        try (Colorizer loaded = Colorizer.open(a.string("model", ""), Engines.device(a.string("device", "cpu")))) {
            Colorizer c = loaded.with(loaded.settings().withStrength(a.number("strength", 1f))
                    .withTile(a.integer("tile", 0, -1)).withWorkingSize(a.integer("working-size", 0, 0)));
            if (spread != null) {
                c = c.withReach(spread, spreadOption);
            }
            if (a.has("reference")) {
                c = c.withReference(ReferenceColors.read(a.path("reference"), "--reference"));
            }
            if (a.has("hints")) {
                int[] counts = hintCounts(a.string("hints", ""));
                HintEvaluation.Result r = HintEvaluation.run(c, files,
                        counts, outDir, out::println);
                out.println();
                out.println("model: " + c.source() + ", strength " + c.getStrength() + ", reach "
                        + c.reach());
                out.print(r.table());
                if (outDir != null) {
                    out.println("wrote " + outDir.resolve("evaluation-hints.csv") + " and "
                            + outDir.resolve("contact-sheet-hints.png"));
                }
                return 0;
            }
            Evaluation.Summary s = Evaluation.run(c, files, outDir, out::println);
            out.println();
            out.println("model: " + c.source() + ", strength " + c.getStrength());
            out.print(s.table());
            if (outDir != null) {
                out.println("wrote " + outDir.resolve("evaluation.csv") + " and " + outDir.resolve("contact-sheet.png"));
            }
        }
        return 0;
    }

    static int[] hintCounts(String spec) {
        if (spec.trim().equalsIgnoreCase("default")) {
            return HintEvaluation.DEFAULT_COUNTS.clone();
        }
        String[] parts = spec.split(",");
        int[] n = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                n[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                n[i] = -1;
            }
            if (n[i] < 0 || n[i] > 10_000) {
                throw new Args.UsageException("--hints: '" + parts[i] + "' is not a hint count; give counts such as "
                        + "0,1,2,5,10,20,50 or 'default'");
            }
        }
        return n;
    }
}
