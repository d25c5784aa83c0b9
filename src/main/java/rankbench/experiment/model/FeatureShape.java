package rankbench.experiment.model;

/** The shape of one sample's feature map: channels x height x width. */
public record FeatureShape(int channels, int height, int width) {

    /** Validates that every dimension is positive and that the number of values fits an int. */
    public FeatureShape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("invalid feature shape " + channels + "x" + height + "x" + width);
        }
        if ((long) channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("feature shape " + channels + "x" + height + "x" + width
                    + " is too large (more than " + Integer.MAX_VALUE + " values)");
        }
    }

    /** Returns the number of values, C*H*W. */
    public int size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
