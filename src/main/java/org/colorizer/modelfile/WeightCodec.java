package org.colorizer.modelfile;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.colorizer.ColorizerException;
import org.colorizer.model.TorchOps;
import org.colorizer.model.TransposedConv;

/**
 * A small, validated binary format for named tensors: magic {@code CLZW}, version, count, then per tensor its
 * name, dtype (float32 or float16), shape and little-endian data. Every size is checked against the bytes that
 * are actually there before anything is allocated.
 */
public final class WeightCodec {
    private static final int MAGIC = 0x434C5A57; // "CLZW"
    private static final int VERSION = 1;
    private static final byte F32 = 0;
    private static final byte F16 = 1;

    private WeightCodec() {}

    /** A tensor read from a file, not yet on any device. */
    public static final class Tensor {
        public final String name;
        public final long[] shape;
        public final DataType stored;
        /** Raw little-endian bytes as stored. */
        final byte[] data;

        Tensor(String name, long[] shape, DataType stored, byte[] data) {
            this.name = name;
            this.shape = shape;
            this.stored = stored;
            this.data = data;
        }

        /** This tensor as a float32 array in {@code manager}. */
        public NDArray toArray(NDManager manager) {
            ByteBuffer buf = ByteBuffer.allocateDirect(data.length).order(ByteOrder.nativeOrder());
            ByteBuffer src = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            if (stored == DataType.FLOAT16) {
                while (src.hasRemaining()) {
                    buf.putShort(src.getShort());
                }
            } else {
                while (src.hasRemaining()) {
                    buf.putFloat(src.getFloat());
                }
            }
            buf.rewind();
            NDArray a = manager.create(buf, new Shape(shape), stored);
            return stored == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
        }
    }

    /** Encodes the arrays in order; float16 halves the size (weights are trained in float32). */
    public static byte[] encode(List<Pair<String, NDArray>> arrays, boolean half) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        encode(arrays, half, bytes);
        return bytes.toByteArray();
    }

    /** As {@link #encode(List, boolean)}, written to {@code stream} one tensor at a time. */
    public static void encode(List<Pair<String, NDArray>> arrays, boolean half, OutputStream stream)
            throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(arrays.size());
        for (Pair<String, NDArray> p : arrays) {
            NDArray a = p.getValue();
            out.writeUTF(p.getKey());
            boolean f16 = half && a.getDataType() == DataType.FLOAT32;
            out.writeByte(f16 ? F16 : F32);
            long[] shape = a.getShape().getShape();
            out.writeByte(shape.length);
            for (long d : shape) {
                out.writeLong(d);
            }
            if (f16) {
                try (NDArray h = a.toType(DataType.FLOAT16, true)) {
                    ByteBuffer b = h.toByteBuffer().order(ByteOrder.nativeOrder());
                    ByteBuffer le = ByteBuffer.allocate(b.remaining()).order(ByteOrder.LITTLE_ENDIAN);
                    while (b.hasRemaining()) {
                        le.putShort(b.getShort());
                    }
                    out.write(le.array());
                }
            } else {
                float[] f = a.toType(DataType.FLOAT32, false).toFloatArray();
                ByteBuffer le = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                le.asFloatBuffer().put(f);
                out.write(le.array());
            }
        }
        out.flush();
    }

    /** Decodes tensors, validating every declared size; {@code what} names the file in errors. */
    public static Map<String, Tensor> decode(byte[] bytes, String what) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            if (bytes.length < 12 || in.readInt() != MAGIC) {
                throw bad(what, "the weights are not in this project's format");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw bad(what, "weights format version " + version + " is not supported (this build reads "
                        + VERSION + "); update the plugin");
            }
            int count = in.readInt();
            if (count < 0 || count > 100_000) {
                throw bad(what, "declares " + count + " tensors");
            }
            Map<String, Tensor> map = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                byte t = in.readByte();
                if (t != F32 && t != F16) {
                    throw bad(what, "tensor " + name + " has unknown type " + t);
                }
                int rank = in.readByte();
                if (rank < 0 || rank > 8) {
                    throw bad(what, "tensor " + name + " has rank " + rank);
                }
                long[] shape = new long[rank];
                long n = 1;
                for (int d = 0; d < rank; d++) {
                    shape[d] = in.readLong();
                    if (shape[d] < 0 || shape[d] > Integer.MAX_VALUE) {
                        throw bad(what, "tensor " + name + " has dimension " + shape[d]);
                    }
                    n = Math.multiplyExact(n, Math.max(1, shape[d]));
                    if (shape[d] == 0) {
                        n = 0;
                    }
                }
                long len = n * (t == F16 ? 2 : 4);
                if (len > in.available()) {
                    throw bad(what, "is truncated (tensor " + name + " needs " + len + " bytes, "
                            + in.available() + " left)");
                }
                byte[] data = new byte[(int) len];
                in.readFully(data);
                if (map.put(name, new Tensor(name, shape, t == F16 ? DataType.FLOAT16 : DataType.FLOAT32, data)) != null) {
                    throw bad(what, "holds tensor " + name + " twice");
                }
            }
            if (in.available() != 0) {
                throw bad(what, "has " + in.available() + " unexpected bytes after the weights");
            }
            return map;
        } catch (EOFException e) {
            throw bad(what, "is truncated");
        } catch (IOException | ArithmeticException e) {
            throw bad(what, "cannot be read (" + e.getMessage() + ")");
        }
    }

    /** The block's parameters (weights, biases, BatchNorm statistics) in a stable order with stable names. */
    public static List<Pair<String, NDArray>> parameters(Block block) {
        List<Pair<String, NDArray>> list = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            list.add(new Pair<>(p.getKey(), p.getValue().getArray()));
        }
        return list;
    }

    /**
     * Copies tensors into an initialized block, checking that names and shapes match exactly.
     *
     * @throws ColorizerException naming the first mismatch
     */
    public static void load(Block block, Map<String, Tensor> tensors, NDManager manager, String what) {
        List<String> expected = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            expected.add(p.getKey());
            Tensor t = tensors.get(p.getKey());
            Shape want = p.getValue().getArray().getShape();
            if (t == null) {
                throw new ColorizerException(what + ": architecture mismatch: the weights lack " + p.getKey()
                        + "; the file's description and its weights disagree (the file is damaged or was edited)");
            }
            if (!want.equals(new Shape(t.shape)) && !isTorchTransposedLayout(t.shape, want)) {
                throw new ColorizerException(what + ": architecture mismatch: " + p.getKey() + " has shape "
                        + new Shape(t.shape) + " in the file but " + want + " in the network its description builds");
            }
        }
        if (tensors.size() != expected.size()) {
            for (String name : tensors.keySet()) {
                if (!expected.contains(name)) {
                    throw new ColorizerException(what + ": architecture mismatch: the weights hold " + name
                            + ", which the described network does not have");
                }
            }
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray target = p.getValue().getArray();
            try (NDManager scope = manager.newSubManager()) {
                NDArray src = tensors.get(p.getKey()).toArray(scope).toDevice(target.getDevice(), false);
                if (!src.getShape().equals(target.getShape())) {
                    src = TransposedConv.fromTorchLayout(src);
                }
                // in place: NDArray.set(Buffer) would swap the tensor's storage for a Java buffer
                TorchOps.copyInto(src.toType(target.getDataType(), false), target);
            }
        }
    }

    /**
     * Files written before the transposed convolution kept its weight as phase kernels (4*out, in, 2, 2) hold
     * PyTorch's layout (in, out, 4, 4); it converts exactly.
     */
    private static boolean isTorchTransposedLayout(long[] file, Shape want) {
        return file.length == 4 && want.dimension() == 4 && file[2] == 4 && file[3] == 4 && want.get(2) == 2
                && want.get(3) == 2 && want.get(0) == 4 * file[1] && want.get(1) == file[0];
    }

    private static ColorizerException bad(String what, String why) {
        return new ColorizerException(what + ": " + why + ". Use a model file written by this plugin's Train "
                + "Colorizer, or the built-in model.");
    }
}
