package org.colorizer.interop;

import ai.djl.Device;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.colorizer.ColorizerException;
import org.colorizer.Version;
import org.colorizer.hints.HintSpread;
import org.colorizer.modelfile.ModelDescription;
import org.colorizer.modelfile.ModelDescription.ImportedNetwork;
import org.colorizer.modelfile.ModelFile;

/**
 * {@code convert --import}: a TorchScript or ONNX network and its convention as an ordinary model file. The
 * network is tried once on its convention's inputs before anything is written, so a network that does not fit
 * fails here, with its file named, and not later in a folder job.
 */
public final class NetworkImport {
    private NetworkImport() {}

    /**
     * Reads {@code file}, checks it against {@code io} at {@code size} (0 = the preset's default) and writes the
     * model file {@code out}; returns its description.
     */
    public static ModelDescription run(Path file, String io, int size, String name, Path out) {
        String what = "Network file " + file;
        byte[] bytes = read(file, what);
        String format = format(bytes, what);
        IoPreset preset = IoPreset.named(io, "--io");
        if (size < 0 || size > ModelDescription.MAX_WORKING_SIZE) {
            throw new ColorizerException("--io-size: " + size + " must be between 1 and "
                    + ModelDescription.MAX_WORKING_SIZE + " (0 = the preset's default)");
        }
        ModelDescription d = null;
        ImportedNetwork n = new ImportedNetwork();
        n.format = format;
        n.entry = ImportedNetwork.ONNX.equals(format) ? ModelFile.NETWORK_ENTRY_ONNX : ModelFile.NETWORK_ENTRY_PT;
        n.io = preset.name;
        n.source = file.getFileName().toString();
        n.sha256 = ModelFile.sha256(bytes);
        try (ColorNetwork net = NetworkLoader.open(format, bytes, what, Device.cpu())) {
            if (net instanceof OnnxNetwork) {
                OnnxNetwork onnx = (OnnxNetwork) net;
                if (onnx.inputCount() != preset.inputs.size()) {
                    throw misfit(what, preset, "it has " + onnx.inputCount() + " input"
                            + (onnx.inputCount() == 1 ? "" : "s"));
                }
                d = exportedDescription(onnx.metadata(), what);
            }
            if (preset.squash) {
                n.size = size > 0 ? size : preset.defaultSize;
                probe(net, preset, n.size, 1, what);
            } else {
                probeColorizer(net, n, d, size, what);
                preset = IoPreset.colorizer(n.hintChannels > 0);
            }
        }
        if (d == null) {
            d = new ModelDescription();
            d.colorEncoding = "network " + preset.name + " (" + preset.pipeline + "): input " + preset.inputText
                    + "; output " + preset.output.text;
        }
        d.kind = "model";
        d.name = name != null && !name.isEmpty() ? name : stem(n.source);
        d.projectVersion = Version.get();
        d.created = Instant.now().toString();
        d.model = null;
        d.training = null;
        d.weights = null;
        d.averageOf = null;
        d.network = n;
        if (preset.squash) {
            d.workingSize = 0;
            d.tile = 0;
            // a network that takes hints spreads them itself; the user may still add the spreading stage
            d.hintSpread = preset.takesHints() ? HintSpread.off() : null;
        }
        ModelFile.write(out, d, Collections.singletonMap(n.entry, bytes));
        return d;
    }

    private static byte[] read(Path file, String what) {
        if (Files.isDirectory(file)) {
            throw new ColorizerException(what + " is a folder; give a TorchScript (.pt) or ONNX (.onnx) file");
        }
        try {
            byte[] b = Files.readAllBytes(file);
            if (b.length == 0) {
                throw new ColorizerException(what + " is empty (0 bytes)");
            }
            return b;
        } catch (NoSuchFileException e) {
            throw new ColorizerException(what + " does not exist; check the path");
        } catch (IOException e) {
            throw new ColorizerException(what + " cannot be read: " + e.getMessage());
        }
    }

    /** TorchScript files are zip archives; ONNX files are protobuf messages that start with a field tag. */
    static String format(byte[] b, String what) {
        if (b.length > 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) {
            return ImportedNetwork.TORCHSCRIPT;
        }
        // ModelProto's first field is ir_version (field 1, varint: tag 0x08); some writers start with another field
        int tag = b[0] & 0xff;
        int field = tag >>> 3;
        int wire = tag & 7;
        if (b.length > 16 && field >= 1 && field <= 20 && (wire == 0 || wire == 2)) {
            return ImportedNetwork.ONNX;
        }
        throw new ColorizerException(what + " is neither TorchScript (a zip archive written by torch.jit.save) nor "
                + "ONNX (written by torch.onnx.export or any ONNX exporter)");
    }

    /** The model file description an ONNX network exported by this plugin carries, or null. */
    private static ModelDescription exportedDescription(Map<String, String> meta, String what) {
        String json = meta.get(OnnxExport.KEY_DESCRIPTION);
        if (json == null) {
            return null;
        }
        try {
            return ModelFile.gson().fromJson(json, ModelDescription.class);
        } catch (JsonParseException e) {
            throw new ColorizerException(what + ": its metadata '" + OnnxExport.KEY_DESCRIPTION + "' is not valid JSON ("
                    + e.getMessage() + ")");
        }
    }

    /**
     * The colorizer convention: the hint channels (1 or 4 input channels) and the size multiple, from the
     * description an exported network carries, else found by trying the network.
     */
    private static void probeColorizer(ColorNetwork net, ImportedNetwork n, ModelDescription d, int size,
            String what) {
        if (d != null && d.model != null) {
            n.hintChannels = d.model.getHintChannels();
            n.sizeMultiple = d.model.getSizeMultiple();
            n.size = size > 0 ? size : d.model.getSize();
            probe(net, IoPreset.colorizer(n.hintChannels > 0), roundUp(n.size, n.sizeMultiple), 2, what);
            return;
        }
        n.size = size > 0 ? size : IoPreset.colorizer(false).defaultSize;
        IoPreset plain = IoPreset.colorizer(false);
        IoPreset hinted = IoPreset.colorizer(true);
        try {
            probe(net, hinted, n.size, 1, what);
            n.hintChannels = 3;
        } catch (ColorizerException e) {
            probe(net, plain, n.size, 1, what);
            n.hintChannels = 0;
        }
        IoPreset p = n.hintChannels > 0 ? hinted : plain;
        // the smallest power of two m such that a side of 3m works: a U-Net of k levels needs multiples of 2^k
        for (int m = 1; m <= 1024; m *= 2) {
            try {
                probe(net, p, 3 * m, 1, what);
                n.sizeMultiple = m;
                return;
            } catch (ColorizerException e) {
                // try the next power of two
            }
        }
        throw misfit(what, p, "it refused every size tried (3 x 2^k, k = 0..10)");
    }

    private static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }

    /** Runs the network once on {@code n} planes of {@code side} x {@code side} and checks its output. */
    static void probe(ColorNetwork net, IoPreset p, int side, int n, String what) {
        int plane = side * side;
        float[][] l = new float[n][plane];
        float[][][] hints = new float[n][][];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < plane; i++) {
                l[j][i] = 100f * ((i % side) + (i / side)) / (2f * side); // a gradient of L*
            }
        }
        List<Tensor> in = p.encode(l, hints, n, side, side);
        Tensor out;
        try {
            out = net.run(in);
        } catch (ColorizerException e) {
            String m = e.getMessage();
            throw misfit(what, p, "at " + side + " x " + side + ": " + (m.startsWith(what + ": ")
                    ? m.substring(what.length() + 2) : m));
        }
        p.decode(out, n, what + " (convention " + p.name + ")");
    }

    private static ColorizerException misfit(String what, IoPreset p, String why) {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < p.inputs.size(); i++) {
            in.append(i == 0 ? "" : "; ").append("N x ").append(p.channels(i)).append(" x S x S");
        }
        return new ColorizerException(what + " does not fit the convention '" + p.name + "' (" + p.pipeline
                + ": " + p.inputs.size() + " input" + (p.inputs.size() == 1 ? "" : "s") + ", " + in + ": "
                + p.inputText + "; output N x " + p.output.channels + " x H x W, " + p.output.text + "): " + why);
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String s = dot > 0 ? fileName.substring(0, dot) : fileName;
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-");
    }
}
