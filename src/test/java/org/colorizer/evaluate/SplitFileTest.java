package org.colorizer.evaluate;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.colorizer.ColorizerException;
import org.colorizer.testutil.Synthetic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A split file names the images of a data folder that an evaluation reads. */
class SplitFileTest {
    @TempDir
    Path dir;

    private Path data() throws Exception {
        Path data = dir.resolve("pool");
        for (String f : new String[] {"a/x.png", "a/y.png", "b/z.png", "b/w.png"}) {
            Synthetic.writePng(data.resolve(f), Synthetic.photo(24, 16, f.hashCode()), 24, 16);
        }
        return data;
    }

    private Path list(String... lines) throws Exception {
        return Files.write(dir.resolve("split.txt"), Arrays.asList(lines));
    }

    @Test
    void readsTheListedFilesOnceInPathOrder() throws Exception {
        Path data = data();
        Path split = list("# held out", "b/z.png", "", "  a/y.png  ", "b/z.png", "a/./x.png");
        List<Path> files = SplitFile.read(split, data, "--split");
        Path root = data.toAbsolutePath().normalize();
        assertEquals(List.of(root.resolve("a/x.png"), root.resolve("a/y.png"), root.resolve("b/z.png")), files);
    }

    @Test
    void namesMissingFilesAndTheLinesThatListThem() throws Exception {
        Path data = data();
        Path split = list("a/x.png", "a/gone.png", "c/also-gone.jpg");
        ColorizerException e = assertThrows(ColorizerException.class, () -> SplitFile.read(split, data, "--split"));
        assertTrue(e.getMessage().contains("--split") && e.getMessage().contains("2 file(s)")
                && e.getMessage().contains("line 2 'a/gone.png'")
                && e.getMessage().contains("line 3 'c/also-gone.jpg'"), e.getMessage());
    }

    @Test
    void refusesNamesOutsideTheFolderNonImagesAndEmptyLists() throws Exception {
        Path data = data();
        Synthetic.writePng(dir.resolve("outside.png"), Synthetic.photo(8, 8, 1), 8, 8);
        for (String bad : new String[] {"../outside.png", dir.resolve("outside.png").toAbsolutePath().toString()}) {
            Path split = list("a/x.png", bad);
            ColorizerException e = assertThrows(ColorizerException.class,
                    () -> SplitFile.read(split, data, "--split"), bad);
            assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("not inside"), e.getMessage());
        }
        Files.writeString(data.resolve("a/notes.txt"), "x");
        ColorizerException text = assertThrows(ColorizerException.class,
                () -> SplitFile.read(list("a/notes.txt"), data, "--split"));
        assertTrue(text.getMessage().contains("not an image"), text.getMessage());
        ColorizerException empty = assertThrows(ColorizerException.class,
                () -> SplitFile.read(list("# nothing", ""), data, "--split"));
        assertTrue(empty.getMessage().contains("lists no image"), empty.getMessage());
        ColorizerException none = assertThrows(ColorizerException.class,
                () -> SplitFile.read(dir.resolve("nothere.txt"), data, "--split"));
        assertTrue(none.getMessage().contains("nothere.txt") && none.getMessage().contains("cannot read"),
                none.getMessage());
    }
}
