package org.colorizer.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ij.ImagePlus;
import ij.process.ShortProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.colorizer.ColorizerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesListTest {
    @TempDir
    Path tmp;

    private static Path touch(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[] {1});
    }

    @Test
    void imageNamesByExtensionInAnyCase() {
        for (String name : new String[] {"a.jpg", "a.JPEG", "b.Png", "c.tif", "d.TIFF", "e.bmp", "x.y.jpg"}) {
            assertTrue(ImageFiles.isImageName(Paths.get("dir", name)), name);
        }
        for (String name : new String[] {"a.gif", "jpg", ".png", "a.png.txt", "a.tif~", "png"}) {
            assertFalse(ImageFiles.isImageName(Paths.get("dir", name)), name);
        }
        assertFalse(ImageFiles.isImageName(Paths.get("/")));
    }

    @Test
    void recursiveSortedSkippingHiddenAndSurvivingLinkLoops() throws Exception {
        Path root = tmp.resolve("root");
        Path a = touch(root.resolve("a.png"));
        Path bigB = touch(root.resolve("B.JPG"));
        Path c = touch(root.resolve("c.TiFF"));
        Path space = touch(root.resolve("with space.png"));
        touch(root.resolve("notes.txt"));
        touch(root.resolve(".hidden.png"));
        touch(root.resolve(".hiddendir/f.png"));
        Path d = touch(root.resolve("sub/d.jpeg"));
        Path e = touch(root.resolve("sub/deeper/e.bmp"));
        Files.createSymbolicLink(root.resolve("sub/loop"), root); // loop to an ancestor
        Files.createSymbolicLink(root.resolve("sub/deeper/up"), root.resolve("sub")); // another loop
        touch(tmp.resolve("outside/g.png"));
        Files.createSymbolicLink(root.resolve("linked"), tmp.resolve("outside")); // followed
        Files.createSymbolicLink(root.resolve("broken.png"), root.resolve("nowhere.png"));
        Path fileLink = Files.createSymbolicLink(root.resolve("file-link.png"), a);
        Files.createDirectories(root.resolve("folder.png")); // a folder with an image name is not an image

        List<String> warnings = new ArrayList<>();
        List<Path> images = ImageFiles.listImages(root, warnings::add);

        // byte order of the full path: upper case before lower case
        List<Path> expected = Arrays.asList(bigB, a, c, fileLink, root.resolve("linked/g.png"), d, e, space);
        assertEquals(expected, images);
        assertTrue(warnings.stream().filter(w -> w.contains("loop")).count() == 2, warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("broken.png") && w.contains("broken")),
                warnings.toString());
        assertEquals(expected, ImageFiles.listImages(root)); // the logging variant lists the same
    }

    @Test
    void hiddenRootIsStillListed() throws Exception {
        Path root = tmp.resolve(".cache");
        Path img = touch(root.resolve("x.png"));
        assertEquals(Arrays.asList(img), ImageFiles.listImages(root));
    }

    @Test
    void notAFolder() throws Exception {
        ColorizerException e = assertThrows(ColorizerException.class,
                () -> ImageFiles.listImages(tmp.resolve("missing")));
        assertTrue(e.getMessage().contains("missing") && e.getMessage().contains("does not exist"), e.getMessage());
        Path file = touch(tmp.resolve("file.png"));
        e = assertThrows(ColorizerException.class, () -> ImageFiles.listImages(file));
        assertTrue(e.getMessage().contains("not a folder"), e.getMessage());
    }

    @Test
    void nonAsciiNamesListReadAndWrite() throws Exception {
        assumeTrue("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
                "file names need a UTF-8 locale (LANG=C.UTF-8); this JVM uses " + System.getProperty("sun.jnu.encoding"));
        Path root = tmp.resolve("Fotos ärchiv 写真");
        int[] argb = TestImages.randomArgb(4 * 3, 2);
        Path png = root.resolve("Großmutter 1923 – ça.png");
        ImageFiles.writePng(png, argb, 4, 3);
        Path tif = root.resolve("Zellkern_α β.tif");
        ShortProcessor sp = new ShortProcessor(4, 3);
        sp.set(1, 1, 4242);
        ImageFiles.writeTiff(tif, new ImagePlus("t", sp));

        assertEquals(Arrays.asList(png, tif), ImageFiles.listImages(root));
        assertArrayEquals(argb, ImageFiles.readRgb(png).argb());
        ImagePlus read = ImageFiles.readImagePlus(tif);
        assertEquals(4242, read.getProcessor().get(1, 1));
        assertEquals("Zellkern_α β.tif", read.getTitle());
    }
}
