package org.colorizer.hints;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.colorizer.ColorizerException;
import org.colorizer.io.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hint files as colorize --hints reads them: good and bad CSV and PNG files, and folders mapped by name. */
class HintFilesTest {
    @TempDir
    Path dir;

    private Path csv(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, text.getBytes(StandardCharsets.UTF_8));
        return f;
    }

    @Test
    void csvWithCommentsGivesDisksWithTheColorsChroma() throws Exception {
        Path f = csv("a.csv", "# sky and a red coat\nx,y,radius,color\n10,5,3,#3060C0\n\n# last\n0,0,0,#FF0000\n");
        HintSet h = HintFiles.read(f, 40, 30);
        assertEquals(2, h.size());
        float[] blue = Hint.chroma(0x3060C0);
        assertEquals(blue[0], h.hints().get(0).a, 1e-6);
        assertEquals(blue[1], h.hints().get(0).b, 1e-6);
        assertTrue(blue[1] < -30, "a blue has a strongly negative b*");
        assertTrue(h.hints().get(0).covers(13, 5) && !h.hints().get(0).covers(14, 5), "radius 3");
        assertTrue(h.hints().get(1).covers(0, 0) && !h.hints().get(1).covers(1, 0), "radius 0 = one pixel");
    }

    @Test
    void badCsvFilesNameTheFileAndLine() throws Exception {
        String[][] cases = {
            {"x,y,r,color\n1,1,1,#000000\n", "line 1", "header"},
            {"x,y,radius,color\n1,1,1\n", "line 2", "4 values"},
            {"x,y,radius,color\n1,one,1,#102030\n", "line 2", "'one' is not a number"},
            {"x,y,radius,color\n# c\n1,1,1,red\n", "line 3", "#RRGGBB"},
            {"x,y,radius,color\n40,1,1,#102030\n", "line 2", "outside the 40x30 image"},
            {"x,y,radius,color\n1,1,-2,#102030\n", "line 2", "negative"},
            {"", "line 0", "empty"},
        };
        for (String[] c : cases) {
            Path f = csv("bad.csv", c[0]);
            ColorizerException e = assertThrows(ColorizerException.class, () -> HintFiles.read(f, 40, 30), c[0]);
            assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains(c[1])
                    && e.getMessage().contains(c[2]), e.getMessage());
        }
    }

    @Test
    void scribbleGivesOneAreaPerColorAndIgnoresGrayAndTransparent() throws Exception {
        int w = 20;
        int h = 10;
        int[] px = new int[w * h];
        java.util.Arrays.fill(px, 0xFFFFFFFF); // white background
        px[3 * w + 4] = 0xFF20A030; // a green dot
        px[3 * w + 5] = 0xFF20A030;
        px[8 * w + 15] = 0xFFC02020; // a red dot
        px[0] = 0xFF808080; // gray: not a hint
        Path png = dir.resolve("s.png");
        ImageFiles.writePng(png, px, w, h);
        HintSet set = HintFiles.read(png, w, h);
        assertEquals(2, set.size());
        boolean[] cov = set.coverage();
        int n = 0;
        for (boolean b : cov) {
            n += b ? 1 : 0;
        }
        assertEquals(3, n);
        assertTrue(cov[3 * w + 4] && cov[3 * w + 5] && cov[8 * w + 15]);
        ColorizerException e = assertThrows(ColorizerException.class, () -> HintFiles.read(png, 21, 10));
        assertTrue(e.getMessage().contains("20x10") && e.getMessage().contains("21x10"), e.getMessage());
    }

    @Test
    void aFolderMapsHintsToInputsByName() throws Exception {
        Path hints = Files.createDirectories(dir.resolve("hints"));
        Files.write(hints.resolve("one.csv"), "x,y,radius,color\n1,1,0,#00FF00\n".getBytes(StandardCharsets.UTF_8));
        HintSource src = HintFiles.source(hints, false);
        assertEquals(1, src.forInput(dir.resolve("in/one.jpg"), 8, 8).size());
        assertNull(src.forInput(dir.resolve("in/two.jpg"), 8, 8), "no file: no hints");
        Path single = hints.resolve("one.csv");
        assertEquals(1, HintFiles.source(single, true).forInput(dir.resolve("x.tif"), 8, 8).size());
        ColorizerException e = assertThrows(ColorizerException.class, () -> HintFiles.source(single, false));
        assertTrue(e.getMessage().contains("folder"), e.getMessage());
        e = assertThrows(ColorizerException.class, () -> HintFiles.source(dir.resolve("nope"), true));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
