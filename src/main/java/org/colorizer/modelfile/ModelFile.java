package org.colorizer.modelfile;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.colorizer.ColorizerException;
import org.colorizer.hints.HintSpread;
import org.colorizer.interop.IoPreset;
import org.colorizer.io.AtomicFiles;
import org.colorizer.io.IOConsumer;

/**
 * One self-describing file per model: a zip holding {@code colorizer.json} (a {@link ModelDescription}) and the
 * generator's weights; a checkpoint adds the discriminator, the optimizer state and the run state.
 *
 * <p>Reading trusts nothing: entry names must be among the known ones (so none can point outside, like
 * {@code ../x} or {@code /etc/x}), every entry has a size limit checked while reading, the weights' SHA-256 must
 * match the description, and the description must be of a known format version.
 */
public final class ModelFile {
    public static final String DESCRIPTION_ENTRY = "colorizer.json";
    public static final String GENERATOR_ENTRY = "generator.bin";
    public static final String DISCRIMINATOR_ENTRY = "discriminator.bin";
    public static final String OPTIMIZER_ENTRY = "optimizer.bin";
    public static final String STATE_ENTRY = "state.json";
    public static final String EMA_ENTRY = "generator-ema.bin";
    /** An imported network's bytes, unchanged: TorchScript or ONNX. */
    public static final String NETWORK_ENTRY_PT = "network.pt";
    public static final String NETWORK_ENTRY_ONNX = "network.onnx";

    private static final long MAX_JSON = 4L << 20;
    private static final long MAX_WEIGHTS = 2_000_000_000L;

    private ModelFile() {}

    /** The contents of a model file, read and checked. */
    public static final class Contents {
        public final ModelDescription description;
        /** Raw entries by name (weights still encoded). */
        public final Map<String, byte[]> entries;

        public Contents(ModelDescription description, Map<String, byte[]> entries) {
            this.description = description;
            this.entries = entries;
        }

        /**
         * Throws, naming {@code what} and {@code action}, if this file holds an imported network: those are used
         * as they are (colorize, evaluate, export), never trained, averaged or given new inputs.
         */
        public void requireBuiltinNetwork(String what, String action) {
            ModelDescription.ImportedNetwork n = description.network;
            if (n != null) {
                throw new ColorizerException(what + " holds an imported " + n.format + " network (convention " + n.io
                        + "); it colorizes as it is, but cannot " + action + ". Use a model trained by this plugin.");
            }
        }

        public byte[] entry(String name, String what) {
            byte[] b = entries.get(name);
            if (b == null) {
                throw new ColorizerException(what + ": the entry " + name + " is missing; "
                        + ("checkpoint".equals(description.kind) ? "the file is damaged"
                                : "this is a model, not a checkpoint (--resume needs the .checkpoint.zip that "
                                        + "training writes next to the model)"));
            }
            return b;
        }
    }

    public static Gson gson() {
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().disableHtmlEscaping().create();
    }

    /**
     * Writes a model file atomically: a temporary file in the same folder, then a rename, so a crash or a full
     * disk never leaves a half-written file and never damages the previous one.
     */
    public static void write(Path target, ModelDescription description, Map<String, byte[]> binaryEntries) {
        Map<String, IOConsumer<OutputStream>> writers = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : binaryEntries.entrySet()) {
            byte[] data = e.getValue();
            writers.put(e.getKey(), o -> o.write(data));
        }
        writeStreamed(target, description, writers);
    }

    /**
     * As {@link #write}, but each entry's writer sends its content straight into the file, so that a checkpoint
     * of hundreds of megabytes never exists as one array in memory. The description goes last: it records the
     * checksum of the generator's weights, known once they are written.
     */
    public static void writeStreamed(Path target, ModelDescription description,
            Map<String, IOConsumer<OutputStream>> entries) {
        boolean imported = description.network != null && entries.containsKey(description.network.entry);
        if (!entries.containsKey(GENERATOR_ENTRY) && !imported) {
            throw new IllegalArgumentException("no generator weights");
        }
        AtomicFiles.write(target, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.setLevel(1); // weights hardly compress; speed matters for frequent checkpoints
            OutputStream entry = new FilterOutputStream(zip) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    zip.write(b, off, len);
                }

                @Override
                public void close() {
                    // the zip stays open; entries are closed below
                }
            };
            for (Map.Entry<String, IOConsumer<OutputStream>> e : entries.entrySet()) {
                zip.putNextEntry(entry(e.getKey()));
                if (GENERATOR_ENTRY.equals(e.getKey())) {
                    MessageDigest sha = sha256Digest();
                    e.getValue().accept(new DigestOutputStream(entry, sha));
                    description.weights.entry = GENERATOR_ENTRY;
                    description.weights.sha256 = hex(sha.digest());
                } else {
                    e.getValue().accept(entry);
                }
                zip.closeEntry();
            }
            zip.putNextEntry(entry(DESCRIPTION_ENTRY));
            zip.write(gson().toJson(description).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.finish();
            zip.flush();
        });
    }

    private static ZipEntry entry(String name) {
        ZipEntry e = new ZipEntry(name);
        e.setTime(0);
        return e;
    }

    /** Reads and checks a model file on disk. */
    public static Contents read(Path file) {
        String what = "Model file " + file;
        if (Files.isDirectory(file)) {
            throw new ColorizerException(what + " is a folder; give the path of a .zip model file");
        }
        try {
            if (Files.size(file) == 0) {
                throw new ColorizerException(what + " is empty (0 bytes); it was not written completely. "
                        + "Use another model file or train again.");
            }
            // ZipFile reads the central directory at the end, so a file cut short anywhere is rejected.
            Map<String, byte[]> entries = new LinkedHashMap<>();
            try (ZipFile zip = new ZipFile(file.toFile())) {
                Enumeration<? extends ZipEntry> en = zip.entries();
                while (en.hasMoreElements()) {
                    ZipEntry e = en.nextElement();
                    try (InputStream in = zip.getInputStream(e)) {
                        addEntry(entries, e.getName(), in, what);
                    }
                }
            } catch (ZipException | EOFException e) {
                throw new ColorizerException(what + " is truncated or not a zip file (" + e.getMessage()
                        + "); it is not a complete model file written by this plugin");
            }
            return check(entries, what);
        } catch (NoSuchFileException e) {
            throw new ColorizerException(what + " does not exist; check the path");
        } catch (IOException e) {
            throw new ColorizerException(what + " cannot be read: " + e.getMessage());
        }
    }

    /** Reads and checks a model file from a stream; {@code what} names it in error messages. */
    public static Contents read(InputStream stream, String what) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(stream)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                addEntry(entries, e.getName(), zip, what);
            }
        } catch (ZipException | EOFException e) {
            throw new ColorizerException(what + " is truncated or not a zip file (" + e.getMessage()
                    + "); use a complete model file");
        } catch (IOException e) {
            throw new ColorizerException(what + " cannot be read: " + e.getMessage());
        }
        return check(entries, what);
    }

    private static void addEntry(Map<String, byte[]> entries, String name, InputStream in, String what)
            throws IOException {
        long limit = limitFor(name);
        if (limit < 0) {
            throw new ColorizerException(what + ": unexpected entry '" + name + "'; this is not a model "
                    + "file written by this plugin (entries are never extracted to disk)");
        }
        if (entries.containsKey(name)) {
            throw new ColorizerException(what + ": entry '" + name + "' appears twice; the file is damaged");
        }
        entries.put(name, readLimited(in, limit, what + ": entry " + name));
    }

    private static Contents check(Map<String, byte[]> entries, String what) {
        if (entries.isEmpty()) {
            throw new ColorizerException(what + " is not a model file (not a zip archive, or an empty one)");
        }
        byte[] json = entries.get(DESCRIPTION_ENTRY);
        if (json == null) {
            throw new ColorizerException(what + " lacks its description (" + DESCRIPTION_ENTRY
                    + "); it is not a model file written by this plugin");
        }
        ModelDescription d;
        try {
            d = gson().fromJson(new String(json, StandardCharsets.UTF_8), ModelDescription.class);
        } catch (JsonParseException | NumberFormatException e) {
            throw new ColorizerException(what + ": its description is not valid JSON (" + e.getMessage() + ")");
        }
        if (d == null || !ModelDescription.FORMAT.equals(d.format)) {
            throw new ColorizerException(what + ": its description is not a colorizer model description");
        }
        if (d.formatVersion > ModelDescription.FORMAT_VERSION) {
            throw new ColorizerException(what + " has format version " + d.formatVersion + ", newer than this "
                    + "plugin reads (" + ModelDescription.FORMAT_VERSION + "); update the plugin (Help > Update)");
        }
        if (d.formatVersion < 1) {
            throw new ColorizerException(what + " has an invalid format version " + d.formatVersion);
        }
        if (d.network != null) {
            return checkImported(d, entries, what);
        }
        if (d.model == null) {
            throw new ColorizerException(what + ": its description lacks the architecture ('model')");
        }
        try {
            d.model.validate();
        } catch (ColorizerException e) {
            throw new ColorizerException(what + ": invalid architecture in its description: " + e.getMessage());
        }
        if (d.training != null) {
            try {
                d.training.validate();
            } catch (ColorizerException e) {
                throw new ColorizerException(what + ": invalid training settings in its description: "
                        + e.getMessage());
            }
        }
        if (d.workingSize < 0 || d.workingSize > ModelDescription.MAX_WORKING_SIZE) {
            throw new ColorizerException(what + ": invalid working size " + d.workingSize + " in its description (0 to "
                    + ModelDescription.MAX_WORKING_SIZE + "); rewrite it with convert --working-size");
        }
        checkSpread(d.hintSpread, "", "--reach", what);
        checkSpread(d.hintSpreadWide, "wide ", "--reach-wide", what);
        if (d.tile < 0) {
            throw new ColorizerException(what + ": invalid tile " + d.tile + " in its description (0 or more)");
        }
        byte[] weights = entries.get(GENERATOR_ENTRY);
        if (weights == null) {
            throw new ColorizerException(what + " lacks the generator weights (" + GENERATOR_ENTRY + ")");
        }
        if (d.weights == null || d.weights.sha256 == null || !d.weights.sha256.equals(sha256(weights))) {
            throw new ColorizerException(what + ": the weights do not match their checksum; the file is damaged "
                    + "or truncated");
        }
        return new Contents(d, entries);
    }

    /** An imported network's model file: its settings, and its network entry against its checksum. */
    private static Contents checkImported(ModelDescription d, Map<String, byte[]> entries, String what) {
        ModelDescription.ImportedNetwork n = d.network;
        if (!ModelDescription.ImportedNetwork.TORCHSCRIPT.equals(n.format)
                && !ModelDescription.ImportedNetwork.ONNX.equals(n.format)) {
            throw new ColorizerException(what + ": unknown network format '" + n.format + "' (torchscript or onnx)");
        }
        if (!NETWORK_ENTRY_PT.equals(n.entry) && !NETWORK_ENTRY_ONNX.equals(n.entry)) {
            throw new ColorizerException(what + ": invalid network entry '" + n.entry + "'");
        }
        if (n.size < 1 || n.size > ModelDescription.MAX_WORKING_SIZE || n.sizeMultiple < 1
                || (n.hintChannels != 0 && n.hintChannels != 3)) {
            throw new ColorizerException(what + ": invalid network settings (size " + n.size + ", multiple "
                    + n.sizeMultiple + ", hint channels " + n.hintChannels + ")");
        }
        IoPreset.named(n.io, what + ": io");
        if (d.workingSize < 0 || d.workingSize > ModelDescription.MAX_WORKING_SIZE || d.tile < 0) {
            throw new ColorizerException(what + ": invalid working size or tile in its description");
        }
        checkSpread(d.hintSpread, "", "--reach", what);
        checkSpread(d.hintSpreadWide, "wide ", "--reach-wide", what);
        byte[] bytes = entries.get(n.entry);
        if (bytes == null) {
            throw new ColorizerException(what + " lacks its network (" + n.entry + ")");
        }
        if (n.sha256 == null || !n.sha256.equals(sha256(bytes))) {
            throw new ColorizerException(what + ": the network does not match its checksum; the file is damaged "
                    + "or truncated");
        }
        return new Contents(d, entries);
    }

    private static long limitFor(String name) {
        switch (name) {
            case DESCRIPTION_ENTRY:
            case STATE_ENTRY:
                return MAX_JSON;
            case GENERATOR_ENTRY:
            case DISCRIMINATOR_ENTRY:
            case OPTIMIZER_ENTRY:
            case EMA_ENTRY:
            case NETWORK_ENTRY_PT:
            case NETWORK_ENTRY_ONNX:
                return MAX_WEIGHTS;
            default:
                return -1;
        }
    }

    private static byte[] readLimited(InputStream in, long limit, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > limit) {
                throw new ColorizerException(what + " is larger than " + limit + " bytes; refusing to read it");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    public static String sha256(byte[] data) {
        return hex(sha256Digest().digest(data));
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String hex(byte[] h) {
        StringBuilder sb = new StringBuilder();
        for (byte b : h) {
            sb.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
        }
        return sb.toString();
    }

    /** A reach setting of a model description (null = none recorded); {@code option} is convert's to fix it. */
    private static void checkSpread(HintSpread spread, String kind, String option, String what) {
        if (spread == null) {
            return;
        }
        try {
            spread.check();
        } catch (ColorizerException e) {
            throw new ColorizerException(what + ": invalid " + kind + e.getMessage() + " in its description; rewrite it "
                    + "with convert " + option);
        }
    }
}
