/**
 * Observable state and commands of the RankBench window: javafx.beans and javafx.collections only,
 * never the scene graph, so every view model is tested without starting the toolkit. Worker threads
 * never touch a property: results cross to the UI thread through a {@link rankbench.viewmodel.UiExecutor}.
 */
package rankbench.viewmodel;
