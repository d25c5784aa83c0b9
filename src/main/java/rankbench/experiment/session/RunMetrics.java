package rankbench.experiment.session;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The figures of a run. Accuracies are fractions in [0, 1]; {@code null} means "not measured" (never
 * NaN). Which images each accuracy is on is in the name: validation images are held out of the training
 * split, test images are the dataset's test set and are never used to choose anything.
 *
 * @param baseParams parameters of the model the run started from
 * @param params parameters of the run's model
 * @param baseMacs MACs per image of the starting model
 * @param macs MACs per image of the run's model
 * @param compressOnlyValidationAccuracy the factorized model before any fine-tuning, on validation images
 * @param fineTunedValidationAccuracy after fine-tuning, on validation images
 * @param compressOnlyTestAccuracy the factorized model before fine-tuning, on test images
 * @param fineTunedTestAccuracy after fine-tuning, on test images
 * @param validationImages how many validation images the validation accuracies are on
 * @param testImages how many test images the test accuracies are on
 * @param baseLatencyMs measured forward latency of the starting model (median ms per batch)
 * @param latencyMs measured forward latency of the run's model
 * @param latencyBatch batch size of the latency measurement
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunMetrics(
        long baseParams,
        long params,
        long baseMacs,
        long macs,
        Double compressOnlyValidationAccuracy,
        Double fineTunedValidationAccuracy,
        Double compressOnlyTestAccuracy,
        Double fineTunedTestAccuracy,
        Integer validationImages,
        Integer testImages,
        Double baseLatencyMs,
        Double latencyMs,
        Integer latencyBatch) {

    /** Rejects NaN and out-of-range figures (use null for "not measured"). */
    public RunMetrics {
        for (Double a : new Double[] {
            compressOnlyValidationAccuracy, fineTunedValidationAccuracy, compressOnlyTestAccuracy, fineTunedTestAccuracy
        }) {
            if (a != null && !(a >= 0 && a <= 1)) {
                throw new IllegalArgumentException("accuracy must be in [0, 1] or null, got " + a);
            }
        }
        for (Double ms : new Double[] {baseLatencyMs, latencyMs}) {
            if (ms != null && !(ms >= 0 && ms < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("latency must be >= 0 and finite or null, got " + ms);
            }
        }
        if (baseParams < 0 || params < 0 || baseMacs < 0 || macs < 0) {
            throw new IllegalArgumentException("parameter and MAC counts must be >= 0");
        }
    }

    /** Returns {@code null} for NaN, else the value: for building metrics from NaN-means-missing figures. */
    public static Double measured(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** The run's final validation accuracy: fine-tuned if measured, else compress-only (null if neither). */
    @JsonIgnore
    public Double validationAccuracy() {
        return fineTunedValidationAccuracy != null ? fineTunedValidationAccuracy : compressOnlyValidationAccuracy;
    }

    /** The run's final test accuracy: fine-tuned if measured, else compress-only (null if neither). */
    @JsonIgnore
    public Double testAccuracy() {
        return fineTunedTestAccuracy != null ? fineTunedTestAccuracy : compressOnlyTestAccuracy;
    }

    /** Returns a copy with test accuracies (measured on request, after the run). */
    public RunMetrics withTestAccuracies(Double compressOnly, Double fineTuned, Integer images) {
        return new RunMetrics(
                baseParams,
                params,
                baseMacs,
                macs,
                compressOnlyValidationAccuracy,
                fineTunedValidationAccuracy,
                compressOnly,
                fineTuned,
                validationImages,
                images,
                baseLatencyMs,
                latencyMs,
                latencyBatch);
    }

    /** Returns a copy with measured latencies. */
    public RunMetrics withLatency(Double baseMs, Double ms, Integer batch) {
        return new RunMetrics(
                baseParams,
                params,
                baseMacs,
                macs,
                compressOnlyValidationAccuracy,
                fineTunedValidationAccuracy,
                compressOnlyTestAccuracy,
                fineTunedTestAccuracy,
                validationImages,
                testImages,
                baseMs,
                ms,
                batch);
    }
}
