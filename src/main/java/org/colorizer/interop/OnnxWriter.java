package org.colorizer.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes an ONNX model ({@code ModelProto} of onnx.proto) in the protobuf wire format, without a protobuf
 * library: one graph of nodes in the default domain, float32 initializers (little-endian {@code raw_data}),
 * inputs and outputs whose dimensions are numbers or symbolic names ({@code dim_param}), and metadata.
 */
public final class OnnxWriter {
    /** IR version 8 (ONNX 1.10 and later read it). */
    public static final long IR_VERSION = 8;
    /** TensorProto.DataType FLOAT. */
    public static final int FLOAT = 1;

    private static final int VARINT = 0;
    private static final int FIXED32 = 5;
    private static final int LENGTH = 2;

    private final long opset;
    private final List<Proto> nodes = new ArrayList<>();
    private final List<Proto> initializers = new ArrayList<>();
    private final List<Proto> inputs = new ArrayList<>();
    private final List<Proto> outputs = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Set<String> values = new HashSet<>();
    private String graphName = "graph";
    private String doc;
    private String producerName;
    private String producerVersion;
    private int nodeCount;

    /** A model that imports the default operator set at version {@code opset}. */
    public OnnxWriter(long opset) {
        this.opset = opset;
    }

    public OnnxWriter producer(String name, String version) {
        this.producerName = name;
        this.producerVersion = version;
        return this;
    }

    public OnnxWriter graphName(String name) {
        this.graphName = name;
        return this;
    }

    /** The model's doc_string. */
    public OnnxWriter doc(String text) {
        this.doc = text;
        return this;
    }

    /** A metadata_props entry (key and value, both text). */
    public OnnxWriter metadata(String key, String value) {
        if (metadata.put(key, value) != null) {
            throw new IllegalArgumentException("metadata key " + key + " given twice");
        }
        return this;
    }

    /**
     * A graph input: float32 tensor whose dimensions are numbers (fixed) or strings (symbolic, {@code dim_param}).
     */
    public OnnxWriter input(String name, Object... dims) {
        inputs.add(valueInfo(define(name), dims));
        return this;
    }

    /** A graph output (a value some node produces); dimensions as for {@link #input}. */
    public OnnxWriter output(String name, Object... dims) {
        if (!values.contains(name)) {
            throw new IllegalArgumentException("output " + name + " is produced by no node");
        }
        outputs.add(valueInfo(name, dims));
        return this;
    }

    /** Whether a value of this name is defined (an input, an initializer or a node's output). */
    public boolean has(String name) {
        return values.contains(name);
    }

    /** A float32 constant of the given shape; returns its name. */
    public String initializer(String name, long[] dims, float[] data) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(name + ": " + data.length + " values for " + n + " elements");
        }
        Proto t = new Proto();
        for (long d : dims) {
            t.int64(1, d);
        }
        t.int64(2, FLOAT);
        t.string(8, define(name));
        ByteBuffer raw = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(data);
        t.bytes(9, raw.array());
        initializers.add(t);
        return name;
    }

    /**
     * A node {@code opType(inputs) -> output} (one output) with attributes; an empty input name is an omitted
     * optional input. Returns {@code output}.
     */
    public String node(String opType, List<String> in, String output, Attribute... attributes) {
        for (String i : in) {
            if (!i.isEmpty() && !values.contains(i)) {
                throw new IllegalArgumentException(opType + ": input " + i + " is not defined yet");
            }
        }
        Proto p = new Proto();
        for (String i : in) {
            p.string(1, i);
        }
        p.string(2, define(output));
        p.string(3, opType + "_" + nodeCount++);
        p.string(4, opType);
        for (Attribute a : attributes) {
            p.message(5, a.proto);
        }
        nodes.add(p);
        return output;
    }

    /** A node attribute. */
    public static final class Attribute {
        final Proto proto = new Proto();

        private Attribute(String name, int type) {
            proto.string(1, name);
            proto.int64(20, type);
        }
    }

    /** An INT attribute. */
    public static Attribute attr(String name, long value) {
        Attribute a = new Attribute(name, 2);
        a.proto.int64(3, value);
        return a;
    }

    /** A FLOAT attribute. */
    public static Attribute attr(String name, float value) {
        Attribute a = new Attribute(name, 1);
        a.proto.float32(2, value);
        return a;
    }

    /** A STRING attribute. */
    public static Attribute attr(String name, String value) {
        Attribute a = new Attribute(name, 3);
        a.proto.bytes(4, value.getBytes(StandardCharsets.UTF_8));
        return a;
    }

    /** An INTS attribute. */
    public static Attribute ints(String name, long... values) {
        Attribute a = new Attribute(name, 7);
        for (long v : values) {
            a.proto.int64(8, v);
        }
        return a;
    }

    /** The serialized ModelProto. */
    public byte[] toBytes() {
        Proto graph = new Proto();
        for (Proto n : nodes) {
            graph.message(1, n);
        }
        graph.string(2, graphName);
        for (Proto t : initializers) {
            graph.message(5, t);
        }
        for (Proto i : inputs) {
            graph.message(11, i);
        }
        for (Proto o : outputs) {
            graph.message(12, o);
        }
        Proto model = new Proto();
        model.int64(1, IR_VERSION);
        if (producerName != null) {
            model.string(2, producerName);
        }
        if (producerVersion != null) {
            model.string(3, producerVersion);
        }
        if (doc != null) {
            model.string(6, doc);
        }
        model.message(7, graph);
        Proto opsetId = new Proto();
        opsetId.string(1, "");
        opsetId.int64(2, opset);
        model.message(8, opsetId);
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            Proto kv = new Proto();
            kv.string(1, e.getKey());
            kv.string(2, e.getValue());
            model.message(14, kv);
        }
        return model.toByteArray();
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(toBytes());
    }

    private String define(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a value needs a name");
        }
        if (!values.add(name)) {
            throw new IllegalArgumentException("value " + name + " is defined twice");
        }
        return name;
    }

    private static Proto valueInfo(String name, Object... dims) {
        Proto shape = new Proto();
        for (Object d : dims) {
            Proto dim = new Proto();
            if (d instanceof Number) {
                dim.int64(1, ((Number) d).longValue());
            } else if (d instanceof String) {
                dim.string(2, (String) d);
            } else {
                throw new IllegalArgumentException("dimension " + d + " is neither a number nor a name");
            }
            shape.message(1, dim);
        }
        Proto tensor = new Proto();
        tensor.int64(1, FLOAT);
        tensor.message(2, shape);
        Proto type = new Proto();
        type.message(1, tensor);
        Proto info = new Proto();
        info.string(1, name);
        info.message(2, type);
        return info;
    }

    /** One protobuf message being written: fields in the order they are added. */
    static final class Proto {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        void int64(int field, long value) {
            tag(field, VARINT);
            varint(value);
        }

        void float32(int field, float value) {
            tag(field, FIXED32);
            int bits = Float.floatToIntBits(value);
            for (int i = 0; i < 4; i++) {
                buf.write((bits >>> (8 * i)) & 0xFF);
            }
        }

        void string(int field, String value) {
            bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        void bytes(int field, byte[] value) {
            tag(field, LENGTH);
            varint(value.length);
            buf.write(value, 0, value.length);
        }

        void message(int field, Proto value) {
            tag(field, LENGTH);
            varint(value.buf.size());
            try {
                value.buf.writeTo(buf);
            } catch (IOException e) {
                throw new IllegalStateException("in-memory stream", e);
            }
        }

        byte[] toByteArray() {
            return buf.toByteArray();
        }

        private void tag(int field, int wireType) {
            varint(((long) field << 3) | wireType);
        }

        /** Base-128 varint; negative numbers take ten bytes, as protobuf's int64. */
        private void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                buf.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            buf.write((int) v);
        }
    }
}
