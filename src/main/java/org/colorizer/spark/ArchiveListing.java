package org.colorizer.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.colorizer.ColorizerException;
import org.colorizer.colorize.FolderJob;

/**
 * The driver's part before any task: the inputs listed by Spark's {@code binaryFile} source (no bytes read), their
 * outputs planned, and one listing of the output folder to skip what exists.
 */
final class ArchiveListing {
    /** the input folder or glob, qualified */
    final Path input;
    /** the output folder, qualified */
    final Path output;
    /** the input images, decoded URI paths, sorted (outputs of earlier runs inside the input folder left out) */
    final List<String> inputs = new ArrayList<>();
    /** where each input's output goes */
    final ArchivePlan plan;
    /** the rows of the inputs not to colorize: skipped (output exists) or failed (would overwrite an input) */
    final List<ManifestRow> planned = new ArrayList<>();
    /** the inputs to colorize */
    final List<String> todo = new ArrayList<>();
    private final int listedFiles;
    private final Map<String, String> uriOf = new HashMap<>(); // input path -> URI as binaryFile gives it

    private ArchiveListing(SparkSession spark, ColorizeArchive.Options o, PrintStream log) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path inPath = new Path(o.input);
        String inputRoot;
        try {
            FileSystem inFs = inPath.getFileSystem(conf);
            inPath = inFs.makeQualified(inPath);
            FileSystem outFs = new Path(o.output).getFileSystem(conf);
            output = outFs.makeQualified(new Path(o.output));
            inputRoot = ArchivePaths.inputRoot(inFs, inPath);
        } catch (IOException e) {
            throw new ColorizerException("input: " + o.input + ": " + e.getMessage(), e);
        }
        input = inPath;
        String[] listed = reader(spark).load(input.toString()).inputFiles();
        listedFiles = listed.length;
        String outRootPath = ArchivePaths.folderPath(output);
        for (String f : listed) {
            String p = ArchivePaths.uriPath(f);
            if (p.startsWith(outRootPath) && !outRootPath.equals(inputRoot)) {
                continue; // earlier outputs inside the input folder
            }
            inputs.add(p);
            uriOf.put(p, f);
        }
        Collections.sort(inputs);
        plan = ArchivePlan.of(inputRoot, output.toUri().toString(), inputs);
        log.printf(Locale.ROOT, "[list] %d input images under %s%n", inputs.size(), o.input);

        Set<String> existing = ArchivePaths.listRelative(output, conf);
        Set<String> inputSet = new HashSet<>(inputs);
        for (String p : inputs) {
            String rel = plan.outputRelative(p);
            String tif = FolderJob.stackOutputName(rel);
            String outUri = plan.outputUri(rel);
            if (inputSet.contains(outRootPath + rel) || inputSet.contains(outRootPath + tif)) {
                planned.add(new ManifestRow(uriOf.get(p), outUri, ManifestRow.FAILED, "its output " + outUri
                        + " would overwrite an input; choose another output folder", 0));
            } else if (!o.overwrite && (existing.contains(rel) || existing.contains(tif))) {
                planned.add(new ManifestRow(uriOf.get(p), existing.contains(rel) ? outUri : plan.outputUri(tif),
                        ManifestRow.SKIPPED, null, 0));
            } else {
                todo.add(p);
            }
        }
        log.printf(Locale.ROOT, "[plan] %d to colorize, %d skipped (output exists), %d refused (would overwrite an "
                + "input); output listing: %d files%n", todo.size(), planned.stream().filter(r -> r.getStatus()
                .equals(ManifestRow.SKIPPED)).count(), planned.stream().filter(r -> r.getStatus()
                .equals(ManifestRow.FAILED)).count(), existing.size());
    }

    /** Lists the inputs and the output folder of a run, and logs what it found. */
    static ArchiveListing of(SparkSession spark, ColorizeArchive.Options o, PrintStream log) {
        return new ArchiveListing(spark, o, log);
    }

    /** The inputs to colorize as binaryFile rows ({@code path}, {@code content}, ...); the tasks read the bytes. */
    Dataset<Row> todoData(SparkSession spark) {
        if (todo.size() == listedFiles) {
            return reader(spark).load(input.toString()); // everything: no need to name each file
        }
        List<String> paths = new ArrayList<>();
        for (String p : todo) {
            String file = new Path(URI.create(uriOf.get(p))).toString(); // not %-escaped
            paths.add(ArchivePaths.escapeGlob(file));
        }
        return reader(spark).load(paths.toArray(new String[0]));
    }

    private static DataFrameReader reader(SparkSession spark) {
        return spark.read().format("binaryFile").option("recursiveFileLookup", "true")
                .option("pathGlobFilter", ArchivePaths.IMAGE_GLOB);
    }
}
