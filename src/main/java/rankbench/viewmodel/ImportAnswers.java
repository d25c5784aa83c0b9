package rankbench.viewmodel;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import rankbench.experiment.model.Architecture;
import rankbench.experiment.model.FeatureShape;

/**
 * The answers to the questions of a safetensors import (what a state dict cannot tell), in the form
 * {@link rankbench.experiment.model.SafetensorsImport#read} takes them; remembered per file.
 *
 * @param architecture the architecture the tensor names follow
 * @param input the shape of one input image
 * @param classNames class names in label order; empty for "0", "1", ...
 * @param mean per-channel mean after scaling pixels to [0, 1]
 * @param std per-channel standard deviation
 * @param nameMap a JSON name map for foreign names, or null
 */
public record ImportAnswers(
        Architecture architecture,
        FeatureShape input,
        List<String> classNames,
        float[] mean,
        float[] std,
        Path nameMap) {

    /** Copies the lists and arrays. */
    public ImportAnswers {
        classNames = List.copyOf(classNames);
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImportAnswers a
                && architecture == a.architecture
                && input.equals(a.input)
                && classNames.equals(a.classNames)
                && Arrays.equals(mean, a.mean)
                && Arrays.equals(std, a.std)
                && Objects.equals(nameMap, a.nameMap);
    }

    @Override
    public int hashCode() {
        return Objects.hash(architecture, input, classNames, Arrays.hashCode(mean), Arrays.hashCode(std), nameMap);
    }

    /** The answers as text (a properties file), for a store. */
    public String toText() {
        Properties p = new Properties();
        p.setProperty("architecture", architecture.id());
        p.setProperty("input", input.toString());
        p.setProperty("classes", Integer.toString(classNames.size()));
        for (int i = 0; i < classNames.size(); i++) {
            p.setProperty("class." + i, classNames.get(i));
        }
        p.setProperty("mean", join(mean));
        p.setProperty("std", join(std));
        if (nameMap != null) {
            p.setProperty("nameMap", nameMap.toString());
        }
        StringWriter w = new StringWriter();
        try {
            p.store(w, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * Reads answers written by {@link #toText}.
     *
     * @throws IllegalArgumentException if the text is not such answers (a store then forgets them)
     */
    public static ImportAnswers parse(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable import answers", e);
        }
        try {
            Architecture arch = Architecture.fromId(required(p, "architecture"));
            String[] s = required(p, "input").split("x");
            FeatureShape in = new FeatureShape(Integer.parseInt(s[0]), Integer.parseInt(s[1]), Integer.parseInt(s[2]));
            int n = Integer.parseInt(required(p, "classes"));
            List<String> names = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                names.add(required(p, "class." + i));
            }
            String map = p.getProperty("nameMap");
            return new ImportAnswers(
                    arch,
                    in,
                    names,
                    floats(required(p, "mean")),
                    floats(required(p, "std")),
                    map == null ? null : Path.of(map));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid import answers: " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return v;
    }

    private static String join(float[] v) {
        StringBuilder b = new StringBuilder();
        for (float f : v) {
            b.append(b.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%s", f));
        }
        return b.toString();
    }

    private static float[] floats(String text) {
        String[] parts = text.split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Float.parseFloat(parts[i].strip());
        }
        return v;
    }
}
