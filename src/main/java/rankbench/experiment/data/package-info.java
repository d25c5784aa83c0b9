/**
 * Image classification datasets for RankBench: in-memory storage, normalization, train / validation / test
 * splits and readers for the IDX (MNIST, Fashion-MNIST), CIFAR-10/100 binary and image-folder formats.
 *
 * <p>{@link rankbench.experiment.data.Datasets#load(String)} is the entry point: it resolves a user spec
 * ({@code fashion-mnist}, {@code fashion-mnist-subset} or a directory) to a
 * {@link rankbench.experiment.data.DataSource}. All readers report problems with a
 * {@link rankbench.experiment.data.DatasetException} whose one-line message names the offending file.
 *
 * <p>This package depends only on the JDK and SLF4J.
 */
package rankbench.experiment.data;
