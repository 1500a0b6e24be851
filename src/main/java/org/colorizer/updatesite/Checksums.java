package org.colorizer.updatesite;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The checksums the ImageJ updater records in {@code db.xml.gz} and verifies after download (SHA-1, lowercase hex),
 * following imagej-updater's {@code UpdaterUtil.getDigest} / {@code getJarDigest(file, true, true, true)}:
 *
 * <ul>
 *   <li>a non-jar file: the recorded path's bytes (ASCII), then the content;
 *   <li>a jar: all entries (directories included) sorted by name; each adds its name's bytes (ASCII), then its
 *       content; entry timestamps and order in the archive do not count;
 *   <li>{@code *.properties} entries: comment lines are reduced to their newline, exactly as the updater's
 *       {@code SkipHashedLines} does (see {@link #stripPropertiesComments});
 *   <li>{@code META-INF/MANIFEST.MF}: its name only. The updater's {@code FilterManifest} is meant to keep the
 *       {@code Main-Class} line, but compares an upper-cased line with {@code "Main-Class:"}, so it keeps nothing.
 * </ul>
 */
public final class Checksums {
    static final String MANIFEST = "META-INF/MANIFEST.MF";

    private Checksums() {}

    /** The checksum of {@code file} recorded as {@code recordedPath} ({@code jars/x.jar}): jar rule for "*.jar". */
    public static String checksum(String recordedPath, Path file) throws IOException {
        return recordedPath.endsWith(".jar") ? jarChecksum(file) : fileChecksum(recordedPath, file);
    }

    /** SHA-1 of the recorded path's bytes followed by the file's content (the updater's rule for non-jar files). */
    public static String fileChecksum(String recordedPath, Path file) throws IOException {
        MessageDigest digest = sha1();
        digest.update(recordedPath.getBytes(StandardCharsets.US_ASCII));
        try (InputStream in = Files.newInputStream(file);
                OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            in.transferTo(out);
        }
        return hex(digest.digest());
    }

    /** The updater's jar checksum: independent of entry order, entry timestamps, properties comments, manifest. */
    public static String jarChecksum(Path jar) throws IOException {
        MessageDigest digest = sha1();
        try (JarFile file = new JarFile(jar.toFile(), false);
                OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            List<JarEntry> entries = Collections.list(file.entries());
            entries.sort(Comparator.comparing(JarEntry::getName));
            for (JarEntry entry : entries) {
                String name = entry.getName();
                out.write(name.getBytes(StandardCharsets.US_ASCII));
                if (name.equals(MANIFEST)) {
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    if (name.endsWith(".properties")) {
                        stripPropertiesComments(in, out);
                    } else {
                        in.transferTo(out);
                    }
                }
            }
        }
        return hex(digest.digest());
    }

    /**
     * Copies {@code in} to {@code out}, reducing each comment line to its '\n' the way the updater's
     * {@code SkipHashedLines} does, quirks included: a line counts as a comment only when it starts with '#'
     * while the stream is "at line start", and after an empty line or a line of only '#' characters the stream
     * is not at line start, so the following line is kept even if it starts with '#'. A comment on the last line
     * without a newline disappears entirely.
     */
    static void stripPropertiesComments(InputStream in, OutputStream out) throws IOException {
        InputStream bytes = new BufferedInputStream(in);
        boolean lineStart = true;
        int c;
        while ((c = bytes.read()) != -1) {
            if (lineStart && c == '#') {
                do {
                    c = bytes.read();
                } while (c == '#');
                if (c == '\n') { // "#...#\n": the newline stays, line start is lost
                    out.write('\n');
                    lineStart = false;
                    continue;
                }
                while (c != '\n' && c != -1) {
                    c = bytes.read();
                }
                if (c == -1) {
                    return;
                }
                out.write('\n');
                lineStart = true;
                continue;
            }
            out.write(c);
            lineStart = !lineStart && c == '\n';
        }
    }

    static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    static String hex(byte[] bytes) {
        char[] digits = "0123456789abcdef".toCharArray();
        char[] text = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            text[2 * i] = digits[(bytes[i] >> 4) & 0xf];
            text[2 * i + 1] = digits[bytes[i] & 0xf];
        }
        return new String(text);
    }
}
