package org.colorizer.spark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.colorizer.ColorizerException;
import org.colorizer.hints.HintFiles;
import org.colorizer.hints.HintSet;
import org.colorizer.hints.ReferenceColors;
import org.colorizer.interop.NetworkLoader;
import org.colorizer.io.ImageFiles;
import org.colorizer.modelfile.BuiltinModels;
import org.colorizer.modelfile.ModelFile;

/** The job's other files, on any Hadoop file system: the model file, the reference image, the hint files. */
final class ArchiveFiles {
    private ArchiveFiles() {}

    /** The bytes of a model file, read on the driver; the error names the built-in models. */
    static byte[] readModel(String model, Configuration conf) {
        Path p = new Path(model);
        try {
            FileSystem fs = p.getFileSystem(conf);
            try (InputStream in = fs.open(p)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new ColorizerException("model: cannot read " + model + " (" + e.getMessage() + "); give a built-in "
                    + "name (" + String.join(", ", BuiltinModels.names()) + ") or a model file", e);
        }
    }

    /** A clear error on the driver, before any task runs, when hints are given to a model without hint inputs. */
    static void checkTakesHints(String model, byte[] fileModel) {
        ModelFile.Contents c = fileModel == null ? BuiltinModels.readNamedOrFile(model)
                : ModelFile.read(new ByteArrayInputStream(fileModel), model);
        if (!NetworkLoader.preset(c.description).acceptsHints()) {
            throw new ColorizerException("model " + model + " takes no color hints (it was made without hint inputs); use "
                    + "a hint-aware model (the built-in general or he; convert MODEL --add-hints; or train --hints), or "
                    + "run without --hints");
        }
    }

    /** The reference colors of {@code --reference}, read on the driver; errors name the option and the file. */
    static ReferenceColors readReference(String uri, Configuration conf) {
        Path p = new Path(uri);
        try {
            FileSystem fs = p.getFileSystem(conf);
            byte[] bytes;
            try (InputStream in = fs.open(p)) {
                bytes = in.readAllBytes();
            }
            return ReferenceColors.of(ImageFiles.toRgb(ImageFiles.readImagePlus(bytes, uri)).argb());
        } catch (IOException | ColorizerException e) {
            throw new ColorizerException("--reference: cannot read " + uri + " (" + e.getMessage() + "); give a color "
                    + "image", e);
        }
    }

    /**
     * The hints of one input: {@code NAME.csv}, else {@code NAME.png}, in {@code dir}; null if neither exists.
     * The file is copied to a local temporary file and read as {@code colorize --hints} reads it.
     */
    static HintSet hintsFor(String dir, String inPath, int width, int height, Configuration conf) throws IOException {
        String name = new Path(inPath).getName();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        for (String ext : new String[] {".csv", ".png"}) {
            Path p = new Path(dir, base + ext);
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.isFile(p)) {
                continue;
            }
            java.nio.file.Path tmp = Files.createTempFile("colorizer-hints-", ext);
            try {
                try (InputStream in = fs.open(p)) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                try {
                    return HintFiles.read(tmp, width, height);
                } catch (ColorizerException e) {
                    throw new ColorizerException(e.getMessage().replace(tmp.toString(), p.toString()), e);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return null;
    }
}
