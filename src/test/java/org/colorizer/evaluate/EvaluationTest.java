package org.colorizer.evaluate;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.colorizer.colorize.Colorizer;
import org.colorizer.io.RgbImage;
import org.colorizer.testutil.Synthetic;
import org.colorizer.testutil.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate gives the figures known by construction. */
class EvaluationTest {
    @TempDir
    Path dir;

    @Test
    void knownFiguresOnSyntheticImages() throws Exception {
        Path model = TestModels.untrained(dir.resolve("m.zip"), TestModels.tinyConfig(), 1);
        try (Colorizer c = Colorizer.load(model, Device.cpu()).with(0f, 0)) {
            // a gray photo: strength 0 reproduces it exactly -> PSNR capped at 100 dB, colorfulness 0
            int w = 40;
            int h = 30;
            int[] gray = new int[w * h];
            for (int i = 0; i < gray.length; i++) {
                int v = (i * 13) % 256;
                gray[i] = 0xFF000000 | v << 16 | v << 8 | v;
            }
            Evaluation.Row r = Evaluation.score(c, "gray", new RgbImage(w, h, gray), null);
            assertEquals(Evaluation.PSNR_CAP, r.psnr, 0.0);
            assertEquals(1.0, r.ssim, 1e-9);
            assertEquals(0.0, r.colorfulness, 0.0);
            assertEquals(0.0, r.truthColorfulness, 0.0);
            assertEquals(r.psnr, r.grayPsnr, 0.0);

            // a two-color image, half pure red (255,0,0) and half pure blue (0,0,255):
            // rg = 255 and 0, yb = 127.5 and 255 -> std(rg) = 127.5, std(yb) = 63.75, means 127.5 and 191.25
            // CF = sqrt(127.5^2 + 63.75^2) + 0.3 sqrt(127.5^2 + 191.25^2) = 142.5493 + 68.9562 = 211.5055
            int[] two = new int[w * h];
            for (int i = 0; i < two.length; i++) {
                two[i] = i < two.length / 2 ? 0xFFFF0000 : 0xFF0000FF;
            }
            Evaluation.Row t = Evaluation.score(c, "two", new RgbImage(w, h, two), null);
            assertEquals(211.5055, t.truthColorfulness, 1e-3);
            assertEquals(0.0, t.colorfulness, 0.0, "strength 0 gives gray");
            assertTrue(t.psnr < 100 && t.psnr == t.grayPsnr, "no color at all = the grayscale baseline");
        }
    }

    @Test
    void runWritesCsvAndContactSheet() throws Exception {
        Path model = TestModels.untrained(dir.resolve("m.zip"), TestModels.tinyConfig(), 1);
        Path data = Synthetic.folder(dir.resolve("data"), 3, 40, 30);
        Path out = Files.createDirectories(dir.resolve("out"));
        try (Colorizer c = Colorizer.load(model, Device.cpu())) {
            Evaluation.Summary s = Evaluation.run(c, List.of(data.resolve("img00.png"), data.resolve("img01.png"),
                    data.resolve("img02.png")), out, line -> { });
            assertEquals(3, s.rows.size());
            List<String> csv = Files.readAllLines(out.resolve("evaluation.csv"));
            assertEquals(4, csv.size());
            assertTrue(csv.get(0).startsWith("file,width,height,psnr_db,ssim"));
            assertTrue(Files.size(out.resolve("contact-sheet.png")) > 0);
            assertTrue(s.table().contains("grayscale baseline"));
        }
    }
}
