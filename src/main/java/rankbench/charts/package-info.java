/**
 * JFreeChart components shown in the window: the singular-value spectrum with its rank marker, live
 * training series, the rank heat map of a rank-learning run, and the run archive's charts (the Pareto chart
 * of runs, per-layer rank bars and overlaid spectra of compared runs). They draw view-model state (read-only records
 * and observable lists) and report user gestures through callbacks; they never use the domain directly.
 * {@link rankbench.charts.MethodStyle} gives every method one color and marker (a run has its method's
 * color in every chart; runs of one method differ by marker, dash or stripes), {@link
 * rankbench.charts.RoundLogAxis} puts log-axis ticks on round numbers, and {@link rankbench.charts.ChartExport}
 * saves any chart as PNG or SVG. Datasets are touched on the FX thread only, in batches with notification
 * switched off.
 */
package rankbench.charts;
