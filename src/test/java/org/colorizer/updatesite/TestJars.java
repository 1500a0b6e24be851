package org.colorizer.updatesite;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Test jars, and an independent computation of the updater's checksums: ZipFile instead of JarFile, a TreeMap
 * for the order, whole byte arrays digested once, and properties comments handled line by line.
 */
final class TestJars {
    private TestJars() {}

    /** Entries in insertion order; a null value is a directory entry. */
    static Map<String, String> entries(String... nameThenContent) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < nameThenContent.length; i += 2) {
            map.put(nameThenContent[i], nameThenContent[i + 1]);
        }
        return map;
    }

    /** Writes a jar with the entries in the given order, every entry stamped {@code time} (ms since 1970). */
    static Path write(Path jar, Map<String, String> entries, long time, int level) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.setLevel(level);
            for (Map.Entry<String, String> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(time);
                zip.putNextEntry(entry);
                if (e.getValue() != null) {
                    zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                }
                zip.closeEntry();
            }
        }
        return jar;
    }

    static Path write(Path jar, Map<String, String> entries) throws IOException {
        return write(jar, entries, 1_600_000_000_000L, 6);
    }

    static String sha1Hex(byte[] bytes) throws Exception {
        StringBuilder hex = new StringBuilder();
        for (byte b : MessageDigest.getInstance("SHA-1").digest(bytes)) {
            hex.append(String.format("%02x", b & 0xff));
        }
        return hex.toString();
    }

    /** Independent jar checksum. */
    static String jarChecksum(Path jar) throws Exception {
        TreeMap<String, byte[]> sorted = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    sorted.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : sorted.entrySet()) {
            all.write(e.getKey().getBytes(StandardCharsets.US_ASCII));
            if (e.getKey().equals("META-INF/MANIFEST.MF")) {
                continue; // the updater's manifest filter keeps no line
            }
            all.write(e.getKey().endsWith(".properties") ? propertiesWithoutComments(e.getValue()) : e.getValue());
        }
        return sha1Hex(all.toByteArray());
    }

    /** Independent non-jar checksum: recorded path, then content. */
    static String fileChecksum(String recordedPath, Path file) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(recordedPath.getBytes(StandardCharsets.US_ASCII));
        all.write(Files.readAllBytes(file));
        return sha1Hex(all.toByteArray());
    }

    /**
     * The updater's SkipHashedLines, restated per line: a line starting with '#' while "at line start" becomes
     * "\n" (nothing if it has no newline); after an empty line or a line of only '#' the next line is not at
     * line start; after any other complete line it is.
     */
    static byte[] propertiesWithoutComments(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean atStart = true;
        int i = 0;
        while (i < text.length) {
            int newline = i;
            while (newline < text.length && text[newline] != '\n') {
                newline++;
            }
            boolean complete = newline < text.length;
            int end = complete ? newline + 1 : text.length;
            if (atStart && text[i] == '#') {
                boolean onlyHashes = true;
                for (int k = i; k < newline; k++) {
                    onlyHashes &= text[k] == '#';
                }
                if (complete) {
                    out.write('\n');
                }
                atStart = !onlyHashes;
            } else {
                out.write(text, i, end - i);
                atStart = !(atStart && text[i] == '\n');
            }
            i = end;
        }
        return out.toByteArray();
    }
}
