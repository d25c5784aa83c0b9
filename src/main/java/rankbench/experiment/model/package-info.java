/**
 * CNNs as data and as runnable engine blocks: {@link rankbench.experiment.model.LayerSpec} trees with
 * PyTorch-style names, the model zoo ({@link rankbench.experiment.model.Architecture}), static costs
 * ({@link rankbench.experiment.model.NetworkSpec}), {@link rankbench.experiment.model.Network} (DJL blocks
 * with weights by name), model files ({@link rankbench.experiment.model.ModelFiles}, safetensors inside),
 * and the offline PyTorch engine ({@link rankbench.experiment.model.Engines}).
 */
package rankbench.experiment.model;
