package org.colorizer.spark;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.colorizer.ColorizerException;
import org.colorizer.io.ImageFiles;

/** The archive's URIs and paths on Hadoop file systems: input roots, output listings, escaping. */
final class ArchivePaths {
    /** Image names (any letter case), as {@link ImageFiles#isImageName}, for binaryFile's pathGlobFilter. */
    static final String IMAGE_GLOB =
            "*.{[pP][nN][gG],[jJ][pP][gG],[jJ][pP][eE][gG],[tT][iI][fF],[tT][iI][fF][fF],[bB][mM][pP]}";

    private ArchivePaths() {}

    /** The URI path of a folder, ending with '/'. */
    static String folderPath(Path dir) {
        String p = dir.toUri().getPath();
        return p.endsWith("/") ? p : p + "/";
    }

    /** The folder that inputs' relative paths (kept under the output) start from. */
    static String inputRoot(FileSystem fs, Path input) throws IOException {
        String p = input.toUri().getPath();
        int glob = firstGlobChar(p);
        if (glob >= 0) {
            return p.substring(0, p.lastIndexOf('/', glob) + 1);
        }
        FileStatus st = fs.getFileStatus(input);
        return st.isDirectory() ? p : p.substring(0, p.lastIndexOf('/') + 1);
    }

    private static int firstGlobChar(String p) {
        for (int i = 0; i < p.length(); i++) {
            if ("*?[{\\".indexOf(p.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Paths relative to {@code dir} of all files under it (one recursive listing); empty if it does not exist. */
    static Set<String> listRelative(Path dir, Configuration conf) {
        Set<String> found = new HashSet<>();
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(dir)) {
                return found;
            }
            String root = folderPath(dir);
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
            while (it.hasNext()) {
                String p = it.next().getPath().toUri().getPath();
                if (p.startsWith(root)) {
                    found.add(p.substring(root.length()));
                }
            }
            return found;
        } catch (IOException e) {
            throw new ColorizerException("output: cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The decoded path of a URI string as binaryFile and inputFiles give them. */
    static String uriPath(String uri) {
        try {
            return new URI(uri).getPath();
        } catch (URISyntaxException e) {
            return new Path(uri).toUri().getPath(); // binaryFile's "path" column is not always URI-escaped
        }
    }

    /** A relative path as URI path text (spaces and other characters escaped). */
    static String encodePath(String relative) {
        try {
            return new URI(null, null, relative, null).getRawPath();
        } catch (URISyntaxException e) {
            throw new ColorizerException("output: cannot name " + relative + ": " + e.getMessage(), e);
        }
    }

    /** A file name that Spark may take for a glob pattern, escaped so that it means only itself. */
    static String escapeGlob(String path) {
        StringBuilder b = new StringBuilder();
        for (char c : path.toCharArray()) {
            if ("*?[]{}\\".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
