package org.colorizer.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ShortProcessor;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.colorizer.ColorizerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-memory variants used by the Spark job: same decoding and same bytes as the file variants. */
class ImageFilesBytesTest {
    @TempDir
    Path dir;

    @Test
    void pngFromBytesEqualsPngFromFile() throws Exception {
        Path f = dir.resolve("photo.png");
        TestImages.write(TestImages.smoothRgb(40, 30), "png", f);
        ImagePlus a = ImageFiles.readImagePlus(f);
        ImagePlus b = ImageFiles.readImagePlus(Files.readAllBytes(f), "hdfs://nn/data/photo.png");
        assertEquals(a.getTitle(), b.getTitle());
        assertEquals(a.getBitDepth(), b.getBitDepth());
        assertArrayEquals((int[]) a.getProcessor().getPixels(), (int[]) b.getProcessor().getPixels());
    }

    @Test
    void tiffStackFromBytesEqualsTiffFromFile() throws Exception {
        ImageStack st = new ImageStack(20, 10);
        for (int s = 0; s < 3; s++) {
            short[] px = new short[200];
            for (int i = 0; i < px.length; i++) {
                px[i] = (short) (i * 97 + s * 1000);
            }
            st.addSlice("s" + s, new ShortProcessor(20, 10, px, null));
        }
        Path f = dir.resolve("stack.tif");
        assertTrue(new FileSaver(new ImagePlus("stack", st)).saveAsTiffStack(f.toString()));
        ImagePlus a = ImageFiles.readImagePlus(f);
        ImagePlus b = ImageFiles.readImagePlus(Files.readAllBytes(f), "stack.tif");
        assertEquals(3, b.getStackSize());
        for (int s = 1; s <= 3; s++) {
            assertArrayEquals((short[]) a.getStack().getPixels(s), (short[]) b.getStack().getPixels(s));
        }
    }

    @Test
    void brokenBytesNameTheInputNotTheTemporaryFile() {
        ColorizerException e = assertThrows(ColorizerException.class,
                () -> ImageFiles.readImagePlus("not an image at all".getBytes(), "s3a://bucket/in/broken.png"));
        assertTrue(e.getMessage().contains("s3a://bucket/in/broken.png"), e.getMessage());
        assertFalse(e.getMessage().contains("colorizer-read"), e.getMessage());
    }

    @Test
    void encodedPngIsTheFileWritePngWrites() throws Exception {
        int[] argb = TestImages.randomArgb(64 * 48, 7);
        Path f = dir.resolve("out.png");
        ImageFiles.writePng(f, argb, 64, 48);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageFiles.writePng(bytes, argb, 64, 48);
        assertArrayEquals(Files.readAllBytes(f), bytes.toByteArray());
    }
}
