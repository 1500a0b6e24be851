package org.colorizer.interop;

import ai.djl.Device;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.colorizer.ColorizerException;

/** An ONNX network, run by ONNX Runtime (loaded on first use). */
public final class OnnxNetwork implements ColorNetwork {
    /** The ONNX Runtime the plugin ships (the pom's onnxruntime.version). */
    public static final String ORT_VERSION = "1.22.0";

    private final OrtSession session;
    private final List<String> inputNames;
    private final List<long[]> inputShapes;
    private final String what;

    /** Opens ONNX bytes on {@code device} (the CPU; a GPU needs ONNX Runtime's GPU build); {@code what} names them. */
    public OnnxNetwork(byte[] bytes, String what, Device device) {
        this.what = what;
        if (device != null && !Device.Type.CPU.equals(device.getDeviceType())) {
            throw new ColorizerException(what + ": ONNX networks run on the CPU here (the plugin ships ONNX "
                    + "Runtime's CPU build); use --device cpu, or import the network as TorchScript for a GPU");
        }
        try {
            OrtEnvironment env = environment();
            try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
                int threads = Integer.getInteger("colorizer.threads", 0);
                if (threads > 0) {
                    opts.setIntraOpNumThreads(threads);
                }
                opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                // idle threads sleep rather than spin, as libtorch's do (OMP_WAIT_POLICY=PASSIVE): a busy machine
                // or libtorch's own threads would otherwise stall them
                opts.addConfigEntry("session.intra_op.allow_spinning", "0");
                this.session = env.createSession(bytes, opts);
            }
            Map<String, NodeInfo> info = session.getInputInfo();
            this.inputNames = new ArrayList<>(info.keySet());
            this.inputShapes = new ArrayList<>();
            for (NodeInfo n : info.values()) {
                if (!(n.getInfo() instanceof TensorInfo) || ((TensorInfo) n.getInfo()).type != OnnxJavaType.FLOAT) {
                    throw new ColorizerException(what + ": input '" + n.getName() + "' is " + n.getInfo()
                            + "; only float32 tensor inputs are supported");
                }
                inputShapes.add(((TensorInfo) n.getInfo()).getShape());
            }
        } catch (OrtException e) {
            throw new ColorizerException(what + " is not an ONNX network ONNX Runtime " + ORT_VERSION
                    + " can open (" + NetworkErrors.firstLine(e) + ")");
        }
    }

    private static OrtEnvironment environment() {
        try {
            return OrtEnvironment.getEnvironment();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new ColorizerException("ONNX Runtime could not load its native library (" + e.getMessage()
                    + "); run 'doctor' and check that the plugin's ONNX Runtime jar for this system is installed");
        }
    }

    /** The network's declared input count. */
    public int inputCount() {
        return inputNames.size();
    }

    /** The model's custom metadata (ModelProto.metadata_props). */
    public Map<String, String> metadata() {
        try {
            return session.getMetadata().getCustomMetadata();
        } catch (OrtException e) {
            throw new ColorizerException(what + ": its metadata cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Declared shape of input {@code i} (-1 for a free dimension). */
    public long[] inputShape(int i) {
        return inputShapes.get(i).clone();
    }

    @Override
    public Tensor run(List<Tensor> inputs) {
        if (inputs.size() != inputNames.size()) {
            throw new ColorizerException(what + ": the network has " + inputNames.size() + " input"
                    + (inputNames.size() == 1 ? "" : "s") + " " + inputNames + ", but its convention gives "
                    + inputs.size() + "; check --io");
        }
        OrtEnvironment env = environment();
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            for (int i = 0; i < inputs.size(); i++) {
                Tensor t = inputs.get(i);
                feed.put(inputNames.get(i), OnnxTensor.createTensor(env, FloatBuffer.wrap(t.data), t.shape));
            }
            try (OrtSession.Result r = session.run(feed)) {
                OnnxValue v = r.get(0);
                if (!(v instanceof OnnxTensor)) {
                    throw new ColorizerException(what + ": the network's first output is not a tensor");
                }
                OnnxTensor out = (OnnxTensor) v;
                long[] shape = out.getInfo().getShape();
                if (out.getInfo().type == OnnxJavaType.FLOAT) {
                    FloatBuffer fb = out.getFloatBuffer();
                    float[] data = new float[fb.remaining()];
                    fb.get(data);
                    return new Tensor(data, shape);
                }
                if (out.getInfo().type == OnnxJavaType.DOUBLE) {
                    DoubleBuffer db = out.getDoubleBuffer();
                    float[] data = new float[db.remaining()];
                    for (int i = 0; i < data.length; i++) {
                        data[i] = (float) db.get(i);
                    }
                    return new Tensor(data, shape);
                }
                throw new ColorizerException(what + ": the network's output is " + out.getInfo().type
                        + "; only float32 and float64 outputs are supported");
            }
        } catch (OrtException e) {
            throw new ColorizerException(what + ": the network refused its inputs "
                    + NetworkErrors.shapes(inputs) + " (" + NetworkErrors.firstLine(e) + ")"
                    + (inputShapes.isEmpty() ? "" : "; it declares " + declared()));
        } finally {
            for (OnnxTensor t : feed.values()) {
                t.close();
            }
        }
    }

    private String declared() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < inputNames.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(inputNames.get(i)).append(Arrays.toString(inputShapes.get(i)));
        }
        return s.toString();
    }

    @Override
    public String kind() {
        return "ONNX Runtime";
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new ColorizerException(what + ": " + e.getMessage());
        }
    }
}
