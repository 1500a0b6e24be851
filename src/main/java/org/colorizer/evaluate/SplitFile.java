package org.colorizer.evaluate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.colorizer.ColorizerException;
import org.colorizer.io.ImageFiles;

/**
 * A list of image files to evaluate, one name per line relative to a data folder (e.g. {@code coco128/x.jpg}):
 * a fixed split of a larger folder. Blank lines and lines starting with '#' are ignored; a name listed twice
 * counts once.
 */
public final class SplitFile {
    private static final int NAMED_MISSING = 5;

    private SplitFile() {}

    /**
     * The listed files under {@code data}, sorted by path as a folder listing is.
     *
     * @param option the option's name for messages, e.g. "--split"
     * @throws ColorizerException when the list cannot be read, is empty, names a file outside {@code data} or
     *                            not an image, or names files that do not exist (the first few are named)
     */
    public static List<Path> read(Path list, Path data, String option) {
        List<String> lines;
        try {
            lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ColorizerException(option + ": cannot read " + list + " (" + e.getMessage()
                    + "); give a text file with one image name per line, relative to the data folder");
        }
        Path root = data.toAbsolutePath().normalize();
        Set<Path> files = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String name = lines.get(i).strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            String where = option + ": " + list + " line " + (i + 1) + ", '" + name + "'";
            Path f;
            try {
                f = root.resolve(name).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw new ColorizerException(where + " is not a file name");
            }
            if (Path.of(name).isAbsolute() || !f.startsWith(root) || f.equals(root)) {
                throw new ColorizerException(where + " is not inside " + data
                        + "; list names relative to the --data folder");
            }
            if (!ImageFiles.isImageName(f)) {
                throw new ColorizerException(where + " is not an image file name (JPEG, PNG, TIFF or BMP)");
            }
            if (!Files.isRegularFile(f)) {
                missing.add("line " + (i + 1) + " '" + name + "'");
                continue;
            }
            files.add(f);
        }
        if (!missing.isEmpty()) {
            throw new ColorizerException(option + ": " + missing.size() + " file(s) listed in " + list
                    + " are not in " + data + ": " + String.join(", ", missing.subList(0,
                    Math.min(NAMED_MISSING, missing.size()))) + (missing.size() > NAMED_MISSING ? ", ..." : "")
                    + ". Check that --data is the folder the list was written for");
        }
        if (files.isEmpty()) {
            throw new ColorizerException(option + ": " + list + " lists no image");
        }
        List<Path> sorted = new ArrayList<>(files);
        sorted.sort(null);
        return sorted;
    }
}
