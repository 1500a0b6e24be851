package org.colorizer.updatesite;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.colorizer.ColorizerException;

/**
 * Lays out an ImageJ update site: {@code db.xml.gz} plus {@code jars/<name>.jar-<timestamp>} for the plugin jar
 * and the dependency jars Fiji lacks ({@link SiteContents}; ONNX Runtime's split by {@link OnnxRuntimeJars}).
 *
 * <p>Building into a folder that already holds a site updates it the way the updater's upload would: an
 * unchanged file (same checksum) keeps its version and timestamp, a changed one gets the new timestamp and its
 * old version becomes a {@code previous-version} (so Fiji offers it as an update, not as a "locally modified"
 * file), and a file no longer shipped stays listed without a current version (Fiji marks it obsolete). Old
 * {@code jars/*-<timestamp>} files are kept. Every file is written to a temporary file and renamed into place;
 * {@code db.xml.gz} is written last.
 */
public final class UpdateSiteBuilder {
    public static final String DB_XML_GZ = "db.xml.gz";
    /** The updater's timestamp format (local time, like its {@code UpdaterUtil.timestamp}). */
    public static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);

    private UpdateSiteBuilder() {}

    /**
     * Builds or updates the site in {@code outDir} from the plugin jar and the jars of {@code libDir}.
     *
     * @param timestamp yyyyMMddHHmmss of this release, later than every version already on the site
     * @return the records written to {@code db.xml.gz}, sorted by file name
     */
    public static List<SiteRecord> build(Path libDir, Path pluginJar, Path outDir, String timestamp)
            throws IOException {
        return build(Collections.singletonList(libDir), pluginJar, outDir, timestamp);
    }

    /**
     * Builds or updates the site from the plugin jar and the jars found in {@code libDirs} ({@code target/lib} and
     * {@code target/natives}, which holds the macOS and Windows libtorch jars).
     */
    public static List<SiteRecord> build(List<Path> libDirs, Path pluginJar, Path outDir, String timestamp)
            throws IOException {
        long now = parseTimestamp(timestamp);
        if (!Files.isRegularFile(pluginJar)) {
            throw new ColorizerException("Plugin jar " + pluginJar + " not found: run 'mvn -B package' first.");
        }
        List<Path> selected = SiteContents.select(libDirs);
        Path derived = Files.createTempDirectory("colorizer-site-");
        try {
            List<Path> dependencies = new ArrayList<>();
            for (Path jar : selected) {
                if (SiteContents.bundledOf(jar.getFileName().toString()).artifact.equals(SiteContents.ORT)) {
                    dependencies.addAll(OnnxRuntimeJars.split(jar, derived));
                } else {
                    dependencies.add(jar);
                }
            }
            return build(dependencies, pluginJar, outDir, now);
        } finally {
            deleteRecursively(derived);
        }
    }

    private static List<SiteRecord> build(List<Path> dependencies, Path pluginJar, Path outDir, long now)
            throws IOException {
        Files.createDirectories(outDir.resolve(SiteContents.JARS_DIR));
        Path db = outDir.resolve(DB_XML_GZ);
        Map<String, SiteRecord> old = new LinkedHashMap<>();
        if (Files.exists(db)) {
            for (SiteRecord record : DbXml.read(db)) {
                String key = SiteContents.historyKey(record.filename);
                old.put(old.containsKey(key) ? record.filename : key, record);
            }
        }

        List<SiteRecord> records = new ArrayList<>();
        SiteRecord plugin = publish(pluginJar, outDir, now, old);
        plugin.description = SiteContents.PLUGIN_DESCRIPTION;
        records.add(plugin);
        for (Path jar : dependencies) {
            SiteRecord record = publish(jar, outDir, now, old);
            plugin.dependencies.add(new SiteRecord.Dependency(record.filename, record.current.timestamp));
            records.add(record);
        }
        for (SiteRecord gone : old.values()) {
            retire(gone, now);
            records.add(gone);
        }
        records.sort(Comparator.comparing((SiteRecord r) -> r.filename));
        writeAtomically(db, out -> DbXml.write(records, out));
        return records;
    }

    /** The record for {@code jar}, continuing its history in {@code old}; stores the jar if it is new. */
    private static SiteRecord publish(Path jar, Path outDir, long now, Map<String, SiteRecord> old)
            throws IOException {
        String filename = SiteContents.JARS_DIR + jar.getFileName();
        String checksum = Checksums.jarChecksum(jar);
        long size = Files.size(jar);
        SiteRecord record = new SiteRecord(filename);
        record.platforms.addAll(SiteContents.platformsOf(filename));
        SiteRecord before = old.remove(SiteContents.historyKey(filename));
        SiteRecord.Version last = before == null ? null : before.current;
        if (before != null) {
            record.previous.addAll(before.previous);
        }
        if (last != null && last.checksum.equals(checksum) && before.filename.equals(filename)) {
            // unchanged: keep the version (and the stored file, if still there)
            Path stored = outDir.resolve(filename + "-" + last.timestamp);
            boolean kept = Files.isRegularFile(stored) && Files.size(stored) == last.filesize;
            record.current = new SiteRecord.Version(checksum, last.timestamp, kept ? last.filesize : size);
            if (!kept) {
                copyAtomically(jar, stored);
            }
            return record;
        }
        if (last != null) {
            if (last.timestamp >= now) {
                throw new ColorizerException("Timestamp " + now + " is not later than the version of "
                        + before.filename + " already on the site (" + last.timestamp + "): use a later one.");
            }
            SiteRecord.Version replaced = new SiteRecord.Version(last.checksum, last.timestamp, 0);
            replaced.timestampObsolete = now;
            replaced.filename = before.filename;
            record.previous.add(replaced);
        }
        record.current = new SiteRecord.Version(checksum, now, size);
        copyAtomically(jar, outDir.resolve(record.storedPath()));
        return record;
    }

    /** A file no longer shipped: its current version becomes a previous one. */
    private static void retire(SiteRecord record, long now) {
        if (record.current == null) {
            return;
        }
        SiteRecord.Version replaced = new SiteRecord.Version(record.current.checksum, record.current.timestamp, 0);
        replaced.timestampObsolete = now;
        replaced.filename = record.filename;
        record.previous.add(replaced);
        record.current = null;
        record.description = null;
        record.dependencies.clear();
        record.authors.clear();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        }
    }

    static long parseTimestamp(String timestamp) {
        try {
            if (timestamp == null || !timestamp.matches("[0-9]{14}")) {
                throw new DateTimeParseException("not 14 digits", String.valueOf(timestamp), 0);
            }
            LocalDateTime.parse(timestamp, TIMESTAMP);
            return Long.parseLong(timestamp);
        } catch (DateTimeParseException e) {
            throw new ColorizerException("Timestamp '" + timestamp
                    + "' is not a date yyyyMMddHHmmss (e.g. 20250131235959): give one in that form.", e);
        }
    }

    private interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static void copyAtomically(Path source, Path target) throws IOException {
        writeAtomically(target, out -> Files.copy(source, out));
    }

    /**
     * Writes to a temporary file beside {@code target}, then renames it into place. (Not
     * {@code Files.createTempFile}: its files are private to the owner, which a web server could not read.)
     */
    private static void writeAtomically(Path target, Body body) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
                body.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * {@code UpdateSiteBuilder <libDirs> <pluginJar> <outDir> [yyyyMMddHHmmss]}: {@code libDirs} is one folder or
     * several joined by the path separator ({@code target/lib:target/natives}); the timestamp defaults to now.
     */
    public static void main(String[] args) {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: UpdateSiteBuilder <libDir>[" + File.pathSeparator
                    + "<libDir>...] <pluginJar> <outDir> [yyyyMMddHHmmss]");
            System.exit(2);
        }
        String timestamp = args.length == 4 ? args[3] : LocalDateTime.now().format(TIMESTAMP);
        try {
            Path outDir = Paths.get(args[2]);
            List<Path> libDirs = new ArrayList<>();
            for (String dir : args[0].split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    libDirs.add(Paths.get(dir));
                }
            }
            List<SiteRecord> records = build(libDirs, Paths.get(args[1]), outDir, timestamp);
            for (SiteRecord record : records) {
                System.out.println(record.current == null ? "obsolete  " + record.filename
                        : record.current.timestamp + "  " + record.current.checksum + "  "
                                + String.format("%,12d", record.current.filesize) + "  " + record.filename
                                + (record.platforms.isEmpty() ? "" : "  " + record.platforms));
            }
            for (String jar : SiteContents.unaccounted(libDirs)) {
                System.err.println("warning: " + jar + " is neither bundled nor known to ship with Fiji:"
                        + " add it to SiteContents.BUNDLED or FIJI_PROVIDED.");
            }
            System.out.println("site written to " + outDir.toAbsolutePath());
        } catch (ColorizerException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (IOException e) {
            System.err.println("Could not build the update site: " + e);
            System.exit(1);
        }
    }
}
