/**
 * Exports of an {@link rankbench.experiment.session.ExperimentSession} for readers outside RankBench:
 * {@link rankbench.experiment.session.export.SessionCsv} (runs, events and a run's per-layer plan as CSV
 * tables) and {@link rankbench.experiment.session.export.SessionReport} (one self-contained HTML page with
 * inline CSS and inline SVG charts, no scripts, readable offline). Plain Java and Jackson: no JavaFX, no
 * chart library; the SVG is drawn by {@link rankbench.experiment.session.export.Svg}.
 */
package rankbench.experiment.session.export;
