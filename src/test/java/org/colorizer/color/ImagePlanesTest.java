package org.colorizer.color;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.colorizer.color.ImagePlanes.Kind;
import org.junit.jupiter.api.Test;

class ImagePlanesTest {
    private static final int W = 13;
    private static final int H = 7;
    private final SplittableRandom rnd = new SplittableRandom(21);

    private int[] randomRgb() {
        int[] p = new int[W * H];
        for (int i = 0; i < p.length; i++) {
            p[i] = 0xff000000 | rnd.nextInt(1 << 24);
        }
        return p;
    }

    @Test
    void imageJStacksAreReadInPlace() {
        ImageStack st = new ImageStack(W, H);
        for (int s = 0; s < 3; s++) {
            ShortProcessor sp = new ShortProcessor(W, H);
            for (int i = 0; i < W * H; i++) {
                sp.set(i, rnd.nextInt(65536));
            }
            st.addSlice("s" + s, sp);
        }
        ImagePlus imp = new ImagePlus("gray16", st);
        ImagePlanes planes = ImagePlanes.of(imp);
        assertEquals(Kind.GRAY16, planes.kind());
        assertEquals(3, planes.slices());
        for (int s = 0; s < 3; s++) {
            assertSame(st.getPixels(s + 1), planes.plane(s).array);
        }
        Normalization.Range r = Normalization.fixed(0, 65535).resolve(planes);
        float[] l = planes.lPlane(1, r);
        short[] raw = (short[]) st.getPixels(2);
        for (int i = 0; i < l.length; i++) {
            assertEquals((float) Lab.intensityToL((raw[i] & 0xffff) / 65535.0), l[i]);
        }
        assertEquals(Kind.GRAY8, ImagePlanes.of(new ByteProcessor(W, H)).kind());
        assertEquals(Kind.GRAY32, ImagePlanes.of(new FloatProcessor(W, H)).kind());
    }

    @Test
    void rgbInputGivesItsOwnLab() {
        int[] px = randomRgb();
        ImagePlanes planes = ImagePlanes.of(new ColorProcessor(W, H, px));
        assertTrue(planes.isRgb());
        assertSame(px, planes.plane(0).array);
        float[] l = new float[W * H], a = new float[W * H], b = new float[W * H];
        planes.labPlanes(0, l, a, b);
        float[] l2 = planes.lPlane(0, null);
        float[] l3 = planes.lPlanes(Normalization.percentile(), null).get(0);
        for (int i = 0; i < px.length; i++) {
            double[] ref = Lab.toLab((px[i] >> 16) & 255, (px[i] >> 8) & 255, px[i] & 255);
            assertEquals(ref[0], l[i], 1e-3);
            assertEquals(ref[1], a[i], 1e-3);
            assertEquals(ref[2], b[i], 1e-3);
            assertEquals(l[i], l2[i]);
            assertEquals(l[i], l3[i]);
        }
        // and back, unchanged
        RgbPlanes out = RgbPlanes.like(planes);
        out.setLab(0, l, a, b);
        assertArrayEquals(px, out.slice(0));
    }

    @Test
    void imgLib2ArrayAndPlanarImagesAreReadInPlaceViewsAreCopied() {
        short[] data = new short[W * H * 2 * 3];
        for (int i = 0; i < data.length; i++) {
            data[i] = (short) rnd.nextInt(65536);
        }
        ArrayImg<UnsignedShortType, ?> img = ArrayImgs.unsignedShorts(data, W, H, 2, 3);
        ImagePlanes planes = ImagePlanes.of(img);
        assertEquals(Kind.GRAY16, planes.kind());
        assertEquals(6, planes.slices());
        assertArrayEquals(new long[] {W, H, 2, 3}, planes.dimensions());
        for (int s = 0; s < 6; s++) {
            assertSame(data, planes.plane(s).array);
            assertEquals(s * W * H, planes.plane(s).offset);
        }
        // a translated view takes the copy path and sees the same samples (slice 4: c = 0, z = 2)
        RandomAccessibleInterval<UnsignedShortType> view = Views.translate(img, 5, -3, 1, 10);
        ImagePlanes copied = ImagePlanes.of(view);
        ImagePlanes.Plane p = copied.plane(4);
        assertNotSame(data, p.array);
        short[] expected = java.util.Arrays.copyOfRange(data, 4 * W * H, 5 * W * H);
        assertArrayEquals(expected, (short[]) p.array);
        Normalization.Range r = Normalization.percentile().resolve(planes);
        assertEquals(r.low(), Normalization.percentile().resolve(copied).low());
        assertArrayEquals(planes.lPlane(3, r), copied.lPlane(3, r));

        PlanarImg<FloatType, ?> planar = PlanarImgs.floats(W, H, 4);
        Cursor<FloatType> c = planar.cursor();
        while (c.hasNext()) {
            c.next().set((float) rnd.nextDouble());
        }
        ImagePlanes fp = ImagePlanes.of(planar);
        assertEquals(Kind.GRAY32, fp.kind());
        assertSame(((net.imglib2.img.basictypeaccess.array.FloatArray) planar.getPlane(2)).getCurrentStorageArray(),
                fp.plane(2).array);

        ArrayImg<DoubleType, ?> dbl = ArrayImgs.doubles(new double[] {0.5, 1.5, -2, 4}, 2, 2);
        ImagePlanes dp = ImagePlanes.of(dbl);
        assertEquals(Kind.GRAY32, dp.kind());
        assertArrayEquals(new float[] {0.5f, 1.5f, -2f, 4f}, (float[]) dp.plane(0).array);
    }

    @Test
    void argbImagesAndColorProcessorsShareArrays() {
        int[] px = randomRgb();
        ColorProcessor cp = new ColorProcessor(W, H, px);
        ArrayImg<ARGBType, IntArray> wrapped = RgbPlanes.wrap(cp);
        assertSame(px, wrapped.update(null).getCurrentStorageArray());
        ImagePlanes planes = ImagePlanes.of(wrapped);
        assertEquals(Kind.RGB, planes.kind());
        assertSame(px, planes.plane(0).array);
    }

    @Test
    void outputKeepsCalibrationLayoutAndImgDimensions() {
        ImageStack st = new ImageStack(W, H);
        List<int[]> originals = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            int[] px = randomRgb();
            originals.add(px);
            st.addSlice("slice" + s, new ColorProcessor(W, H, px));
        }
        ImagePlus imp = new ImagePlus("rgb", st);
        imp.setDimensions(1, 3, 2);
        imp.setOpenAsHyperStack(true);
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = 0.25;
        cal.pixelHeight = 0.5;
        cal.setUnit("mm");
        ImagePlanes in = ImagePlanes.of(imp);
        RgbPlanes out = RgbPlanes.like(in);
        float[] l = new float[W * H], a = new float[W * H], b = new float[W * H];
        for (int s = 0; s < 6; s++) {
            in.labPlanes(s, l, a, b);
            out.setLab(s, l, a, b);
        }
        ImagePlus res = out.toImagePlus("colorized");
        assertEquals(ImagePlus.COLOR_RGB, res.getType());
        assertEquals(6, res.getStackSize());
        assertEquals(3, res.getNSlices());
        assertEquals(2, res.getNFrames());
        assertEquals(0.25, res.getCalibration().pixelWidth);
        assertEquals("mm", res.getCalibration().getUnit());
        assertNotSame(cal, res.getCalibration());
        assertEquals("slice4", res.getStack().getSliceLabel(5));
        for (int s = 0; s < 6; s++) {
            assertArrayEquals(originals.get(s), (int[]) res.getStack().getPixels(s + 1));
        }
        ArrayImg<ARGBType, IntArray> img = out.toImg();
        assertArrayEquals(new long[] {W, H, 3, 2}, img.dimensionsAsLongArray());
        int[] all = img.update(null).getCurrentStorageArray();
        assertEquals(originals.get(5)[7], all[5 * W * H + 7]);

        RgbPlanes single = RgbPlanes.create(W, H, 1);
        float[] gray = new float[W * H];
        java.util.Arrays.fill(gray, Lab.grayToL(77));
        single.setL(0, gray);
        assertEquals(0xff4d4d4d, single.slice(0)[3]);
        assertSame(single.slice(0), single.toImg().update(null).getCurrentStorageArray());
    }
}
