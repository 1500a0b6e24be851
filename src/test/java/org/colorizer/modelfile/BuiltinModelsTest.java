package org.colorizer.modelfile;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import org.colorizer.ColorizerException;
import org.colorizer.colorize.Colorizer;
import org.colorizer.colorize.Lightness;
import org.junit.jupiter.api.Test;

/** The built-in models load from the class path and colorize with no file argument. */
class BuiltinModelsTest {

    @Test
    void builtInModelsLoadAndColorize() {
        for (String name : BuiltinModels.names()) {
            assertTrue(BuiltinModels.available(name), name + " ships with the plugin");
            ModelFile.Contents c = BuiltinModels.read(name);
            assertEquals(name, c.description.name);
            assertEquals("model", c.description.kind);
            assertEquals("float16", c.description.weights.dtype);
        }
        float[] l = new float[64 * 48];
        for (int i = 0; i < l.length; i++) {
            l[i] = 20 + (i % 64);
        }
        try (Colorizer general = Colorizer.open("", Device.cpu()); Colorizer he = Colorizer.open("he", Device.cpu())) {
            assertEquals("general", general.description().name);
            assertEquals(192, he.description().tile, "H&E colorizes in tiles at its training scale");
            int[] rgb = general.colorize(Lightness.of(l, 64, 48));
            assertEquals(64 * 48, rgb.length);
            int[] tissue = he.colorize(Lightness.of(l, 64, 48));
            // H&E colors are pink/purple: a trained model gives visible chroma on mid-gray tissue
            int colored = 0;
            for (int p : tissue) {
                int r = (p >> 16) & 255;
                int g = (p >> 8) & 255;
                int b = p & 255;
                colored += Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 10 ? 1 : 0;
            }
            assertTrue(colored > tissue.length / 2, colored + " of " + tissue.length + " pixels colored");
        }
        ColorizerException e = assertThrows(ColorizerException.class, () -> BuiltinModels.read("zebra"));
        assertTrue(e.getMessage().contains("general") && e.getMessage().contains("he"));
    }
}
