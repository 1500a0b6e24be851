package org.colorizer.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The readable formats, recognized by their first bytes (the extension may lie). */
enum ImageFormat {
    JPEG("JPEG"),
    PNG("PNG"),
    TIFF("TIFF"),
    BMP("BMP");

    final String label;

    ImageFormat(String label) {
        this.label = label;
    }

    /** Result of looking at a file's first bytes. */
    static final class Probe {
        final ImageFormat format; // null if not readable
        final String otherKind; // e.g. "GIF" when recognized but unsupported, else null

        Probe(ImageFormat format, String otherKind) {
            this.format = format;
            this.otherKind = otherKind;
        }
    }

    static Probe probe(Path file) throws IOException {
        byte[] h = new byte[16];
        int n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (n < h.length) {
                int r = in.read(h, n, h.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        }
        return probe(h, n);
    }

    static Probe probe(byte[] h, int n) {
        if (n >= 3 && u(h, 0) == 0xFF && u(h, 1) == 0xD8 && u(h, 2) == 0xFF) {
            return new Probe(JPEG, null);
        }
        if (n >= 8 && u(h, 0) == 0x89 && h[1] == 'P' && h[2] == 'N' && h[3] == 'G' && u(h, 4) == 0x0D
                && u(h, 5) == 0x0A && u(h, 6) == 0x1A && u(h, 7) == 0x0A) {
            return new Probe(PNG, null);
        }
        if (n >= 4 && ((h[0] == 'I' && h[1] == 'I' && u(h, 2) == 42 && u(h, 3) == 0)
                || (h[0] == 'M' && h[1] == 'M' && u(h, 2) == 0 && u(h, 3) == 42))) {
            return new Probe(TIFF, null);
        }
        if (n >= 4 && ((h[0] == 'I' && h[1] == 'I' && u(h, 2) == 43 && u(h, 3) == 0)
                || (h[0] == 'M' && h[1] == 'M' && u(h, 2) == 0 && u(h, 3) == 43))) {
            return new Probe(null, "BigTIFF");
        }
        if (n >= 14 && h[0] == 'B' && h[1] == 'M') {
            return new Probe(BMP, null);
        }
        if (n >= 4 && h[0] == 'G' && h[1] == 'I' && h[2] == 'F' && h[3] == '8') {
            return new Probe(null, "GIF");
        }
        if (n >= 12 && h[0] == 'R' && h[1] == 'I' && h[2] == 'F' && h[3] == 'F' && h[8] == 'W' && h[9] == 'E'
                && h[10] == 'B' && h[11] == 'P') {
            return new Probe(null, "WebP");
        }
        if (n >= 12 && h[4] == 'f' && h[5] == 't' && h[6] == 'y' && h[7] == 'p') {
            String brand = new String(h, 8, 4, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
            return new Probe(null, brand.startsWith("avif") ? "AVIF" : brand.startsWith("he") || brand.startsWith("mif")
                    ? "HEIC/HEIF" : "ISO media (" + brand.trim() + ")");
        }
        if (n >= 12 && u(h, 0) == 0 && u(h, 1) == 0 && u(h, 2) == 0 && u(h, 3) == 0x0C && h[4] == 'j'
                && h[5] == 'P') {
            return new Probe(null, "JPEG 2000");
        }
        return new Probe(null, null);
    }

    private static int u(byte[] h, int i) {
        return h[i] & 0xFF;
    }
}
