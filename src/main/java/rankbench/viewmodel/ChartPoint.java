package rankbench.viewmodel;

/**
 * One point of a chart series, as view models publish them (charts read these, nothing else).
 *
 * @param x the abscissa (e.g. the optimizer step)
 * @param y the ordinate (e.g. the loss)
 */
public record ChartPoint(double x, double y) {}
