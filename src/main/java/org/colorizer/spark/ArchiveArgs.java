package org.colorizer.spark;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.colorizer.ColorizerException;
import org.colorizer.cli.Args;
import org.colorizer.cli.Args.UsageException;
import org.colorizer.hints.HintSpread;
import org.colorizer.hints.Reach;

/** The Spark job's command line: its usage text and the parsing of its arguments into the job's options. */
final class ArchiveArgs {
    static final String USAGE = String.join("\n",
            "usage: java -jar colorizer-spark.jar [--master URL] --input URI --output URI [options]",
            "       spark-submit --class org.colorizer.spark.ColorizeArchive colorizer-spark.jar --input URI --output URI",
            "",
            "  --input URI        a folder (searched recursively) or a glob, on any Hadoop file system",
            "  --output URI       output folder (sub-folders of the input are kept)",
            "  --model M          built-in model (general, he) or a model file / URI (default general)",
            "  --partitions N     partitions of the images to colorize (default: Spark's split of the files)",
            "  --strength X       color strength: 1 = as predicted (default), 0 = gray",
            "  --working-size N   long side the network sees a whole image at (default: the model's)",
            "  --hints URI        folder of NAME.csv / NAME.png color hints for input NAME.ext (a hint-aware model)",
            "  --reach R          how far hints reach after the network: default (as the model file says), wide,",
            "                     local, off, or settings (any of the keys in brackets; see " + Reach.DOCS + "):",
            "                     " + Reach.GRAMMAR,
            "  --reference URI    colorize like this color image (each band of lightness takes its mean color)",
            "  --overwrite        replace outputs that exist (default: skip them)",
            "  --manifest URI     where the Parquet manifest goes (default OUTPUT/_manifest/run=TIMESTAMP)",
            "  --master URL       Spark master for a run without spark-submit, e.g. 'local[2]'",
            "",
            "Exit status: 0 if nothing failed, 1 if an input failed, 2 for a usage error.",
            "",
            "java -jar colorizer-spark.jar bench [--images 200] [--master local[2]]: throughput next to colorize's");

    static final Set<String> VALUED = new HashSet<>(Arrays.asList("input", "output", "model", "manifest",
            "partitions", "strength", "working-size", "hints", "reach", "reference", "master"));
    static final Set<String> FLAGS = Collections.singleton("overwrite");

    private ArchiveArgs() {}

    /** Whether the arguments ask for the usage text ({@code --help} or {@code -h}), as the command line's do. */
    static boolean wantsHelp(String[] argv) {
        return Arrays.stream(argv).anyMatch(a -> a.equals("--help") || a.equals("-h"));
    }

    /**
     * The job's options from its arguments, parsed by the command line's {@link Args}; {@code --master} goes into
     * {@code sparkSettings}.
     */
    static ColorizeArchive.Options parse(String[] argv, Map<String, String> sparkSettings) {
        Args a = new Args(argv, 0, VALUED, FLAGS);
        if (!a.positional().isEmpty()) {
            throw new UsageException("unexpected " + a.positional().get(0));
        }
        ColorizeArchive.Options o = new ColorizeArchive.Options();
        o.input = a.string("input", o.input);
        o.output = a.string("output", o.output);
        o.model = a.string("model", o.model);
        o.manifest = a.string("manifest", o.manifest);
        o.partitions = number(a, "partitions", Integer::parseInt, o.partitions);
        o.strength = number(a, "strength", Float::parseFloat, o.strength);
        o.workingSize = number(a, "working-size", Integer::parseInt, o.workingSize);
        o.hints = a.string("hints", o.hints);
        o.reach = a.string("reach", o.reach);
        o.reference = a.string("reference", o.reference);
        o.overwrite = a.flag("overwrite");
        if (a.has("master")) {
            sparkSettings.put("spark.master", a.string("master", null));
        }
        if (o.input == null || o.output == null) {
            throw new UsageException("give --input and --output");
        }
        if (o.partitions < 0 || o.workingSize < 0 || !(o.strength >= 0 && o.strength <= 10)) {
            throw new UsageException("--partitions and --working-size must be >= 0, --strength 0..10");
        }
        if (o.reach != null) {
            try { // the words and the settings' grammar, before Spark starts
                Reach.resolve(o.reach, HintSpread.standard(), HintSpread.standardWide(), "--reach");
            } catch (ColorizerException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return o;
    }

    /** The value of a number option, or {@code def}; the job's own message for one that is not a number. */
    private static <T> T number(Args a, String name, Function<String, T> parse, T def) {
        String v = a.string(name, null);
        if (v == null) {
            return def;
        }
        try {
            return parse.apply(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": not a number: " + v);
        }
    }
}
