package org.colorizer.interop;

import java.util.Arrays;

/** A dense float32 tensor in row-major order: the values a network reads or writes. */
public final class Tensor {
    public final float[] data;
    public final long[] shape;

    public Tensor(float[] data, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(data.length + " values for shape " + Arrays.toString(shape));
        }
        this.data = data;
        this.shape = shape.clone();
    }

    /** Size of dimension {@code i}. */
    public int dim(int i) {
        return (int) shape[i];
    }

    public int rank() {
        return shape.length;
    }

    @Override
    public String toString() {
        return Arrays.toString(shape);
    }
}
