package org.colorizer.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.colorizer.ColorizerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> namesIn(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesAndReplacesLeavingNoTemporaryFile() throws Exception {
        Path target = dir.resolve("model.bin");
        AtomicFiles.write(target, out -> out.write(bytes("first")));
        assertArrayEquals(bytes("first"), Files.readAllBytes(target));
        AtomicFiles.write(target, out -> {
            out.write(bytes("second, "));
            out.write('x');
            out.close(); // allowed
        });
        assertArrayEquals(bytes("second, x"), Files.readAllBytes(target));
        assertEquals(Arrays.asList("model.bin"), namesIn(dir));
    }

    @Test
    void createsMissingFolders() {
        Path target = dir.resolve("a/b/c.txt");
        AtomicFiles.write(target, out -> out.write(1));
        assertTrue(Files.isRegularFile(target));
    }

    @Test
    void failingWriterKeepsTheOldFileAndCleansUp() throws Exception {
        Path target = dir.resolve("out.png");
        Files.write(target, bytes("old content"));
        ColorizerException e = assertThrows(ColorizerException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100000]); // half written, then the disk "fills up"
            throw new IOException("No space left on device");
        }));
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertTrue(e.getMessage().contains("left unchanged"), e.getMessage());
        assertArrayEquals(bytes("old content"), Files.readAllBytes(target));
        assertEquals(Arrays.asList("out.png"), namesIn(dir));

        IllegalStateException bug = new IllegalStateException("bug in writer");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw bug;
        })));
        assertArrayEquals(bytes("old content"), Files.readAllBytes(target));
        assertEquals(Arrays.asList("out.png"), namesIn(dir));
    }

    @Test
    void parentIsARegularFile() throws Exception {
        Path file = Files.write(dir.resolve("plain"), bytes("x"));
        Path target = file.resolve("out.png");
        ColorizerException e = assertThrows(ColorizerException.class,
                () -> ImageFiles.writePng(target, new int[] {0}, 1, 1));
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        assertArrayEquals(bytes("x"), Files.readAllBytes(file));
        assertEquals(Arrays.asList("plain"), namesIn(dir));
    }

    @Test
    void targetIsAFolder() throws Exception {
        Path target = Files.createDirectory(dir.resolve("taken.tif"));
        ColorizerException e = assertThrows(ColorizerException.class,
                () -> ImageFiles.writeTiff(target, new ImagePlus("x", new ByteProcessor(2, 2))));
        assertTrue(e.getMessage().contains("folder"), e.getMessage());
    }

    @Test
    void readOnlyFolder() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("readonly"));
        Path target = folder.resolve("result.png");
        ImageFiles.writePng(target, new int[] {0xFF102030}, 1, 1);
        byte[] before = Files.readAllBytes(target);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(folder), "running as root: folder permissions are not enforced "
                    + "(parentIsARegularFile covers the failure path)");
            ColorizerException e = assertThrows(ColorizerException.class,
                    () -> ImageFiles.writePng(target, new int[] {0xFFFFFFFF}, 1, 1));
            assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(target));
            assertEquals(Arrays.asList("result.png"), namesIn(folder));
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void keepsPermissionsOfReplacedFileAndUsesDefaultsForNewOnes() throws Exception {
        Path reference = Files.createFile(dir.resolve("reference")); // default permissions (umask)
        Path fresh = dir.resolve("fresh.bin");
        AtomicFiles.write(fresh, out -> out.write(1));
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(fresh));

        Path target = dir.resolve("shared.bin");
        Files.write(target, bytes("old"));
        Set<PosixFilePermission> custom = PosixFilePermissions.fromString("rw-r-----");
        Files.setPosixFilePermissions(target, custom);
        AtomicFiles.write(target, out -> out.write(bytes("new")));
        assertEquals(custom, Files.getPosixFilePermissions(target));
    }

    @Test
    void writeViaPathForLibrariesThatNeedAFileName() throws Exception {
        Path target = dir.resolve("weights.params");
        AtomicFiles.writeVia(target, tmp -> {
            assertTrue(tmp.getFileName().toString().startsWith("."));
            assertEquals(dir, tmp.getParent());
            Files.write(tmp, bytes("params"));
        });
        assertArrayEquals(bytes("params"), Files.readAllBytes(target));
        assertThrows(ColorizerException.class, () -> AtomicFiles.writeVia(target, tmp -> {
            Files.write(tmp, bytes("partial"));
            throw new IOException("disk full");
        }));
        assertArrayEquals(bytes("params"), Files.readAllBytes(target));
        assertEquals(Arrays.asList("weights.params"), namesIn(dir));
    }
}
