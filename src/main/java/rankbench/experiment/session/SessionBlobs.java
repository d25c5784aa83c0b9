package rankbench.experiment.session;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import rankbench.experiment.model.ModelFileException;
import rankbench.experiment.model.ModelFiles;
import rankbench.experiment.model.ModelManifest;
import rankbench.experiment.model.ParameterShapes;
import rankbench.experiment.model.SafeTensors;
import rankbench.experiment.model.SavedModel;
import rankbench.experiment.model.Tensor;

/**
 * The weights blobs of a session file ({@code weights/<sha256>.safetensors}, written with
 * {@link SafeTensors}): the writer stores each distinct blob once and hands out references; the reader
 * loads each referenced blob once, within the size its network can need and the memory there is, and
 * checks its hash and that it fits every manifest that uses it ({@link ModelFiles#validate}).
 */
final class SessionBlobs {

    /** The fixed time of every entry, so that saving the same session twice gives the same bytes. */
    static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private static final Pattern REFERENCE = Pattern.compile("weights/([0-9a-f]{64})\\.safetensors");
    private static final Map<String, String> SAFETENSORS_METADATA = Map.of("format", "pt");
    private static final long HEADER_ALLOWANCE = 64 << 10;
    private static final long HEADER_PER_TENSOR = 1 << 10;

    private SessionBlobs() {}

    /** Stores each distinct weights blob once (content hash) and hands out its reference. */
    static final class Writer implements SessionCodec.References {
        final ZipOutputStream zip;
        final String source;
        final IdentityHashMap<SavedModel, String> byModel = new IdentityHashMap<>();
        final Map<String, Map<String, Tensor>> written = new LinkedHashMap<>();

        Writer(ZipOutputStream zip, String source) {
            this.zip = zip;
            this.source = source;
        }

        @Override
        public String of(SavedModel model, String what) throws SessionFileException {
            String known = byModel.get(model);
            if (known != null) {
                return known;
            }
            try {
                parameterCount(model.manifest(), what, source);
                ModelFiles.validate(model.manifest(), model.weights(), what);
            } catch (SessionFileException e) {
                throw new SessionFileException(source, "cannot be saved: " + e.problem(), e);
            } catch (ModelFileException e) {
                throw new SessionFileException(source, "cannot be saved: " + e.getMessage(), e);
            }
            byte[] bytes = SafeTensors.toBytes(model.weights(), SAFETENSORS_METADATA);
            String ref = "weights/" + sha256(bytes) + SessionArchive.WEIGHTS_SUFFIX;
            if (!written.containsKey(ref)) {
                if (written.size() + 1 >= SessionFiles.MAX_ENTRIES) {
                    throw new SessionFileException(
                            source,
                            "cannot be saved: more than " + (SessionFiles.MAX_ENTRIES - 1) + " distinct models");
                }
                ZipEntry e = new ZipEntry(ref);
                e.setMethod(ZipEntry.STORED); // float weights barely compress; storing keeps saving fast
                e.setSize(bytes.length);
                e.setCompressedSize(bytes.length);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                e.setCrc(crc.getValue());
                e.setTimeLocal(ENTRY_TIME);
                try {
                    zip.putNextEntry(e);
                    zip.write(bytes);
                    zip.closeEntry();
                } catch (SessionFileException ex) {
                    throw ex;
                } catch (IOException ex) {
                    throw new SessionFileException(source, "cannot be saved (" + SessionFiles.describe(ex) + ")", ex);
                }
                written.put(ref, model.weights());
            }
            byModel.put(model, ref);
            return ref;
        }
    }

    /** Loads each referenced blob once, within the size its model needs and the memory there is. */
    static final class Reader implements SessionCodec.Blobs {
        final SessionArchive archive;
        final String source;
        final Map<String, Map<String, Tensor>> loaded = new HashMap<>();
        final long budget;
        long used;

        Reader(SessionArchive archive, String source) {
            this.archive = archive;
            this.source = source;
            Runtime rt = Runtime.getRuntime();
            this.budget = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        }

        @Override
        public Map<String, Tensor> weights(String ref, ModelManifest manifest, String what)
                throws SessionFileException {
            var m = REFERENCE.matcher(ref);
            if (!m.matches()) {
                throw new SessionFileException(
                        source,
                        what + ": weights reference '" + ref + "' is not of the form weights/<sha256>.safetensors");
            }
            if (!archive.has(ref)) {
                throw new SessionFileException(source, what + ": its weights " + ref + " are missing from the file");
            }
            long params = parameterCount(manifest, what, source);
            Map<String, Tensor> w = loaded.get(ref);
            if (w == null) {
                long tensors = ParameterShapes.of(manifest.network()).size();
                long limit = 8 + HEADER_ALLOWANCE + HEADER_PER_TENSOR * tensors + 4 * params;
                long declared = archive.declaredSize(ref);
                if (declared > limit) {
                    throw new SessionFileException(
                            source,
                            what + ": " + ref + " declares " + declared + " bytes, more than the " + limit
                                    + " its network can need");
                }
                if (used + 2 * declared > budget) {
                    throw new SessionFileException(
                            source,
                            "its weights need more memory than this RankBench has (" + (budget >> 20)
                                    + " MB free; start it with a larger -Xmx)");
                }
                byte[] bytes = archive.read(ref, limit);
                if (!sha256(bytes).equals(m.group(1))) {
                    throw new SessionFileException(source, ref + " is corrupt (its SHA-256 does not match its name)");
                }
                try {
                    w = SafeTensors.parse(bytes, ref);
                } catch (ModelFileException e) {
                    throw new SessionFileException(source, e.getMessage(), e);
                }
                used += declared;
                loaded.put(ref, w);
            }
            try {
                ModelFiles.validate(manifest, w, what);
            } catch (ModelFileException e) {
                throw new SessionFileException(source, e.getMessage(), e);
            }
            return w;
        }
    }

    /** The number of parameters a network declares, refused above {@link SessionFiles#MAX_MODEL_PARAMETERS}. */
    static long parameterCount(ModelManifest manifest, String what, String source) throws SessionFileException {
        long total = 0;
        try {
            for (int[] shape : ParameterShapes.of(manifest.network()).values()) {
                long n = 1;
                for (int d : shape) {
                    if (d < 0) {
                        throw new SessionFileException(source, what + ": the network has a negative dimension");
                    }
                    n = Math.multiplyExact(n, d);
                }
                total = Math.addExact(total, n);
                if (total > SessionFiles.MAX_MODEL_PARAMETERS) {
                    break;
                }
            }
        } catch (ArithmeticException e) {
            total = Long.MAX_VALUE;
        }
        if (total > SessionFiles.MAX_MODEL_PARAMETERS) {
            throw new SessionFileException(
                    source,
                    what + ": the network declares more than " + SessionFiles.MAX_MODEL_PARAMETERS + " parameters");
        }
        return total;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
