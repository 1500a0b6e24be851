package org.colorizer.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.colorizer.colorize.FolderJob;

/** Where each input's output goes: the command line's names, the input's sub-folders kept. */
final class ArchivePlan implements Serializable {
    private static final long serialVersionUID = 1L;
    final String inputRoot; // URI path of the folder that relative paths start from, ends with '/'
    final String outputRoot; // qualified URI of the output folder, ends with '/'
    final Set<String> collisions; // input paths whose output name keeps their extension (a.jpg + a.png)

    ArchivePlan(String inputRoot, String outputRoot, Set<String> collisions) {
        this.inputRoot = inputRoot.endsWith("/") ? inputRoot : inputRoot + "/";
        this.outputRoot = outputRoot.endsWith("/") ? outputRoot : outputRoot + "/";
        this.collisions = collisions;
    }

    /** The plan for these inputs: two that would write the same file keep their extension, as in FolderJob. */
    static ArchivePlan of(String inputRoot, String outputRoot, List<String> inputs) {
        ArchivePlan plain = new ArchivePlan(inputRoot, outputRoot, new HashSet<>());
        Map<String, Integer> count = new HashMap<>();
        for (String p : inputs) {
            count.merge(plain.outputRelative(p), 1, Integer::sum);
        }
        Set<String> collisions = new HashSet<>();
        for (String p : inputs) {
            if (count.get(plain.outputRelative(p)) > 1) {
                collisions.add(p);
            }
        }
        return new ArchivePlan(inputRoot, outputRoot, collisions);
    }

    /** Path relative to the input root (decoded URI path of the input). */
    String relative(String inputPath) {
        return inputPath.startsWith(inputRoot) ? inputPath.substring(inputRoot.length())
                : inputPath.substring(inputPath.lastIndexOf('/') + 1);
    }

    /** The PNG output (relative) for an input; stacks get {@link FolderJob#stackOutputName} instead. */
    String outputRelative(String inputPath) {
        String rel = relative(inputPath);
        int slash = rel.lastIndexOf('/');
        String dir = rel.substring(0, slash + 1);
        String name = rel.substring(slash + 1);
        return dir + (collisions.contains(inputPath) ? FolderJob.collisionName(name) : FolderJob.outputName(name));
    }

    String outputUri(String relative) {
        return outputRoot + ArchivePaths.encodePath(relative);
    }
}
