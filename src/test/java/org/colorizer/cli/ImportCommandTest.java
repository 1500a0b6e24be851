package org.colorizer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.imageio.ImageIO;
import org.colorizer.interop.NetworkImport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convert --import} on the command line, then the model file in colorize, evaluate and info. */
class ImportCommandTest {
    @TempDir
    Path dir;

    static Path fixture(String name) throws Exception {
        return Paths.get(NetworkImport.class.getResource(name).toURI());
    }

    @Test
    void importedModelsWorkWhereverModelFilesDo() throws Exception {
        Path model = dir.resolve("hints.zip");
        MainTest.Run r = MainTest.run("convert", "--import", fixture("l-hints-ab.onnx").toString(), "--io", "l-hints-ab",
                "--io-size", "64", "--name", "zhang17-test", "--out", model.toString());
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.contains("convention l-hints-ab, size 64, color hints as inputs"), r.out);

        r = MainTest.run("info", model.toString());
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.contains("\"io\": \"l-hints-ab\"") && r.out.contains("\"source\": \"l-hints-ab.onnx\"")
                && r.out.contains("\"name\": \"zhang17-test\""), r.out);

        Path in = dir.resolve("in");
        Files.createDirectories(in);
        BufferedImage img = new BufferedImage(80, 60, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 80; x++) {
                img.setRGB(x, y, (x * 3) << 16 | (y * 4) << 8 | (255 - x * 3));
            }
        }
        ImageIO.write(img, "png", in.resolve("a.png").toFile());
        Files.writeString(dir.resolve("a.csv"), "x,y,radius,color\n20,20,2,#20C020\n");
        Path out = dir.resolve("out");
        r = MainTest.run("colorize", "--model", model.toString(), "--out", out.toString(), "--hints",
                dir.resolve("a.csv").toString(), in.resolve("a.png").toString());
        assertEquals(0, r.status, r.err);
        BufferedImage colored = ImageIO.read(out.resolve("a.png").toFile());
        assertEquals(80, colored.getWidth());
        int p = colored.getRGB(20, 20);
        assertTrue(((p >> 8) & 255) > ((p >> 16) & 255) + 20, "the hint's green: " + Integer.toHexString(p));

        r = MainTest.run("evaluate", "--model", model.toString(), "--data", in.toString(), "--hints", "0,5");
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.contains("PSNR"), r.out);
    }

    @Test
    void usageErrorsAndMisfitsExitWithAMessage() throws Exception {
        Path model = dir.resolve("m.zip");
        MainTest.Run r = MainTest.run("convert", "--import", fixture("l-ab.onnx").toString(), "--out", model.toString());
        assertEquals(2, r.status);
        assertTrue(r.err.contains("--io PRESET") && r.err.contains("grayrgb-ab"), r.err);
        r = MainTest.run("convert", "general", "--io", "l-ab", "--out", model.toString());
        assertEquals(2, r.status);
        assertTrue(r.err.contains("go with --import"), r.err);
        r = MainTest.run("convert", "--import", fixture("bad-channels.pt").toString(), "--io", "l-ab", "--out",
                model.toString());
        assertEquals(1, r.status);
        assertTrue(r.err.contains("bad-channels.pt does not fit the convention 'l-ab'"), r.err);
        assertFalse(Files.exists(model));
        r = MainTest.run("convert", "--help");
        assertTrue(r.out.contains("--import FILE") && r.out.contains("rgb-rgb: DeOldify"), r.out);
    }
}
