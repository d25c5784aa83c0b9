package rankbench.experiment.model;

import java.util.Arrays;

/**
 * A dense float32 tensor held in Java memory (row-major), used to move weights between the
 * engine, files and the linear-algebra code.
 */
public record Tensor(int[] shape, float[] data) {

    /** Validates that the data length matches the shape. */
    public Tensor {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }

    /** Returns the number of elements. */
    public int size() {
        return data.length;
    }

    /** Returns a deep copy. */
    public Tensor copy() {
        return new Tensor(shape.clone(), data.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
