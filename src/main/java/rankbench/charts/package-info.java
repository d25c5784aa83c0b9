/**
 * JFreeChart components shown in the window: the singular-value spectrum with its rank marker, live
 * training series and the accuracy-versus-MACs scatter. They draw view-model state (read-only records and
 * observable lists) and report user gestures through callbacks; they never use the domain directly.
 * Datasets are touched on the FX thread only, in batches with notification switched off.
 */
package rankbench.charts;
