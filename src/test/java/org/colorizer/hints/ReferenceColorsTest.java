package org.colorizer.hints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.colorizer.color.Lab;
import org.junit.jupiter.api.Test;

class ReferenceColorsTest {
    /** A reference of two colors: a dark purple and a light pink, as hematoxylin and eosin. */
    private static int[] twoColors(int n) {
        int[] px = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = i % 3 == 0 ? 0xFF5A2D82 : 0xFFF0B4D2;
        }
        return px;
    }

    @Test
    void eachLightnessBandTakesOnTheReferencesMeanColor() {
        int[] ref = twoColors(3000);
        ReferenceColors rc = ReferenceColors.of(ref);
        double[] dark = Lab.toLab(0x5A, 0x2D, 0x82);
        double[] light = Lab.toLab(0xF0, 0xB4, 0xD2);
        // the reference's band means are the two colors' a*b* (computed directly, in double precision)
        assertEquals(dark[1], rc.meanAt((float) dark[0])[0], 0.05);
        assertEquals(dark[2], rc.meanAt((float) dark[0])[1], 0.05);
        assertEquals(light[1], rc.meanAt((float) light[0])[0], 0.05);
        assertTrue(Double.isNaN(rc.meanAt(97f)[0]), "a band the reference lacks");

        // an image at the two bands' centres, with other colors: after apply, each band's mean is the reference's
        float l0 = (float) ((ReferenceColors.band((float) dark[0]) + 0.5) * ReferenceColors.BAND);
        float l1 = (float) ((ReferenceColors.band((float) light[0]) + 0.5) * ReferenceColors.BAND);
        int n = 400;
        float[] l = new float[n];
        float[] a = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            l[i] = i < n / 2 ? l0 : l1;
            a[i] = (i % 7) - 3; // muted, varied
            b[i] = 2 + (i % 5);
        }
        rc.apply(l, a, b, n);
        double ma0 = 0;
        double mb0 = 0;
        double ma1 = 0;
        for (int i = 0; i < n; i++) {
            if (i < n / 2) {
                ma0 += a[i] / (n / 2.0);
                mb0 += b[i] / (n / 2.0);
            } else {
                ma1 += a[i] / (n / 2.0);
            }
        }
        assertEquals(dark[1], ma0, 0.05);
        assertEquals(dark[2], mb0, 0.05);
        assertEquals(light[1], ma1, 0.05);
        // within a band the variation the network chose stays (a shift, not a replacement)
        assertEquals(a[1] - a[0], ((1 % 7) - 3) - ((0 % 7) - 3), 1e-4);
    }

    @Test
    void bandsTheReferenceLacksShiftLikeTheirNearestNeighboursAndNoOverlapChangesNothing() {
        int[] ref = new int[1000];
        Arrays.fill(ref, 0xFF3070C0); // one blue
        ReferenceColors rc = ReferenceColors.of(ref);
        double[] blue = Lab.toLab(0x30, 0x70, 0xC0);
        int n = 100;
        float[] l = new float[n];
        float[] a = new float[n];
        float[] b = new float[n];
        float centre = (float) ((ReferenceColors.band((float) blue[0]) + 0.5) * ReferenceColors.BAND);
        for (int i = 0; i < n; i++) {
            l[i] = i < 50 ? centre : 90f; // the second half lies in a band the reference does not have
        }
        rc.apply(l, a, b, n);
        assertEquals(blue[1], a[0], 0.05);
        assertEquals(blue[1], a[99], 0.05, "constant beyond the last known band");
        // an image with no lightness in common with the reference stays as it was
        float[] l2 = new float[n];
        Arrays.fill(l2, 99f);
        float[] a2 = new float[n];
        Arrays.fill(a2, 4f);
        rc.apply(l2, a2, new float[n], n);
        assertEquals(4f, a2[0]);
    }
}
