/**
 * The numerical algorithms of the analysis that see only vectors and an operator, no model, tensor or
 * file: Lanczos iteration, stochastic Lanczos quadrature for spectral densities, and the vector helpers
 * (dot, norm, axpy) that power iteration, Lanczos, Hutchinson's estimator and the dense eigenvalue share.
 * Depends on nothing else in helen (commons-math3 only).
 */
package helen.hessian.linalg;
