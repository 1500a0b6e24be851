package org.colorizer.spark;

import java.util.Map;
import org.colorizer.ColorizerException;
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

    private ArchiveArgs() {}

    /**
     * The job's options from its arguments; {@code --master} goes into {@code sparkSettings}.
     *
     * @throws IllegalArgumentException for a usage error, with an empty message for {@code --help}
     */
    static ColorizeArchive.Options parse(String[] argv, Map<String, String> sparkSettings) {
        ColorizeArchive.Options o = new ColorizeArchive.Options();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.equals("--overwrite")) {
                o.overwrite = true;
                continue;
            }
            if (a.equals("--help") || a.equals("-h")) {
                throw new IllegalArgumentException("");
            }
            if (!a.startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException(a.startsWith("--") ? a + " needs a value" : "unexpected " + a);
            }
            String v = argv[++i];
            try {
                switch (a) {
                    case "--input": o.input = v; break;
                    case "--output": o.output = v; break;
                    case "--model": o.model = v; break;
                    case "--manifest": o.manifest = v; break;
                    case "--partitions": o.partitions = Integer.parseInt(v); break;
                    case "--strength": o.strength = Float.parseFloat(v); break;
                    case "--working-size": o.workingSize = Integer.parseInt(v); break;
                    case "--hints": o.hints = v; break;
                    case "--reach": o.reach = v; break;
                    case "--reference": o.reference = v; break;
                    case "--master": sparkSettings.put("spark.master", v); break;
                    default: throw new IllegalArgumentException("unknown option " + a);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(a + ": not a number: " + v);
            }
        }
        if (o.input == null || o.output == null) {
            throw new IllegalArgumentException("give --input and --output");
        }
        if (o.partitions < 0 || o.workingSize < 0 || !(o.strength >= 0 && o.strength <= 10)) {
            throw new IllegalArgumentException("--partitions and --working-size must be >= 0, --strength 0..10");
        }
        if (o.reach != null) {
            try { // the words and the settings' grammar, before Spark starts
                Reach.resolve(o.reach, HintSpread.standard(), HintSpread.standardWide(), "--reach");
            } catch (ColorizerException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }
        return o;
    }
}
