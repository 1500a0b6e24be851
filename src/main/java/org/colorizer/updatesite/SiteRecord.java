package org.colorizer.updatesite;

import java.util.ArrayList;
import java.util.List;

/** One {@code <plugin>} element of {@code db.xml.gz}: a file, its current version and the versions it replaced. */
public final class SiteRecord {

    /** A {@code <version>} (current) or {@code <previous-version>} element. */
    public static final class Version {
        public final String checksum;
        public final long timestamp;
        public final long filesize; // current version only
        public long timestampObsolete; // previous versions only: when it was replaced (0: unknown)
        public String filename; // previous versions only: its file name if different (null: same)

        public Version(String checksum, long timestamp, long filesize) {
            this.checksum = checksum;
            this.timestamp = timestamp;
            this.filesize = filesize;
        }
    }

    /** A {@code <dependency>}: another file of the site, with the timestamp of its version. */
    public static final class Dependency {
        public final String filename;
        public final long timestamp;

        public Dependency(String filename, long timestamp) {
            this.filename = filename;
            this.timestamp = timestamp;
        }
    }

    /** As recorded, e.g. {@code jars/api-0.36.0.jar}; stored on the site as {@code <filename>-<timestamp>}. */
    public final String filename;
    public final List<String> platforms = new ArrayList<>();
    /** Null once the file is no longer shipped (the updater then marks installed copies obsolete). */
    public Version current;
    public String description;
    public final List<Dependency> dependencies = new ArrayList<>();
    public final List<String> authors = new ArrayList<>();
    public final List<Version> previous = new ArrayList<>();

    public SiteRecord(String filename) {
        this.filename = filename;
    }

    /** Path of the current version's file below the site root. */
    public String storedPath() {
        return filename + "-" + current.timestamp;
    }
}
