/**
 * The low-rank core: matrix views of weight tensors, SVD through LAPACK, spectra, rank plans,
 * projection in place, real factorization into layer pairs, and the cost model (parameters, MACs,
 * measured latency).
 *
 * <p>The maths follows docs/METHODS.md section 1. This package may use the model package, DJL, SLF4J,
 * Jackson and OpenBLAS (JavaCPP); it never uses training, methods, cli or JavaFX.
 */
package rankbench.experiment.lowrank;
