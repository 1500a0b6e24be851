package org.colorizer.updatesite;

import java.io.IOException;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What Fiji's updater and launcher make of a generated site, for tests: the files installed for one platform,
 * and the folders the launcher (Jaunch, Java 9+) puts on the module path.
 */
public final class FijiLayout {
    private FijiLayout() {}

    /**
     * imagej-updater's {@code Platforms.matches}: no tag means every platform; {@code macosx}, {@code linuxx} and
     * {@code winx} stand for every Mac, Linux and Windows platform.
     */
    public static boolean matches(String platform, List<String> tags) {
        return tags.isEmpty() || tags.stream().anyMatch(tag -> tag.equals(platform)
                || tag.equals("macosx") && platform.startsWith("macos")
                || tag.equals("linuxx") && platform.startsWith("linux")
                || tag.equals("winx") && platform.startsWith("win"));
    }

    /**
     * Installs every current file of the site meant for {@code platform} the way the updater does: the stored
     * {@code <filename>-<timestamp>} becomes {@code fijiDir/<filename>}.
     *
     * @return the installed file names, e.g. {@code jars/api-0.36.0.jar}
     */
    public static List<String> install(Path site, String platform, Path fijiDir) throws IOException {
        List<String> installed = new ArrayList<>();
        for (SiteRecord record : DbXml.read(site.resolve(UpdateSiteBuilder.DB_XML_GZ))) {
            if (record.current == null || !matches(platform, record.platforms)) {
                continue;
            }
            Path target = fijiDir.resolve(record.filename);
            Files.createDirectories(target.getParent());
            Files.copy(site.resolve(record.storedPath()), target, StandardCopyOption.REPLACE_EXISTING);
            installed.add(record.filename);
        }
        return installed;
    }

    /** Sub-folders of {@code jars/} ({@code jars/<platform>/}): Jaunch puts them on the module path on Java 9+. */
    public static List<Path> modulePathFolders(Path fijiDir) throws IOException {
        Path jars = fijiDir.resolve("jars");
        if (!Files.isDirectory(jars)) {
            return new ArrayList<>();
        }
        try (Stream<Path> entries = Files.list(jars)) {
            return entries.filter(Files::isDirectory).sorted().collect(Collectors.toList());
        }
    }

    /**
     * What {@code java --module-path <entry>} says of a folder or jar: null if it accepts it, else the reason (an
     * automatic module name with a hyphen, for instance).
     */
    public static String moduleProblem(Path entry) {
        try {
            ModuleFinder.of(entry).findAll();
            return null;
        } catch (FindException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return e.getMessage() + (cause != e ? ": " + cause.getMessage() : "");
        }
    }
}
