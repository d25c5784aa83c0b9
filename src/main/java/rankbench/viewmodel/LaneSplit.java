package rankbench.viewmodel;

/**
 * How {@code n} images are dealt to {@code lanes} evaluators side by side: in batches of {@code batch},
 * batch {@code b} to lane {@code b % lanes}, so any range of images is shared out almost evenly (the
 * early estimate on the first quarter as well as the rest). Each lane holds its images in order, so the
 * images of a global range form one contiguous local range in every lane.
 *
 * @param n number of images
 * @param batch images per batch (>= 1)
 * @param lanes number of lanes (>= 1)
 */
record LaneSplit(int n, int batch, int lanes) {

    LaneSplit {
        if (n < 0 || batch < 1 || lanes < 1) {
            throw new IllegalArgumentException(
                    "need n >= 0, batch >= 1, lanes >= 1; got " + n + ", " + batch + ", " + lanes);
        }
    }

    /** The global indices of the images of {@code lane}, in order. */
    int[] indices(int lane) {
        int[] out = new int[local(lane, n)];
        int k = 0;
        for (int b = lane; b * batch < n; b += lanes) {
            for (int i = b * batch; i < Math.min(n, (b + 1) * batch); i++) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** The number of images of {@code lane} with a global index below {@code g} (0 <= g <= n). */
    int local(int lane, int g) {
        int b = g / batch;
        int before = b > lane ? (b - lane + lanes - 1) / lanes : 0; // whole batches of the lane before b
        return before * batch + (b % lanes == lane ? g % batch : 0);
    }
}
