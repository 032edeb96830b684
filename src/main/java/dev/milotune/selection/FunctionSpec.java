package dev.milotune.selection;

/**
 * Which submodular-style set function a single greedy run maximises, with its parameters, and
 * the kernel MILO pairs it with when the caller names none.
 */
public sealed interface FunctionSpec {

    /** Canonical text with parameters, e.g. {@code graph-cut(lambda=0.4)}. */
    String describe();

    /** The kernel used when none is given: shifted cosine for coverage functions, min-max for disparities. */
    KernelSpec defaultKernel();

    /** Facility location: f(X) = sum_i max(0, max_{j in X} s_ij). Monotone submodular. */
    record FacilityLocation() implements FunctionSpec {
        @Override
        public String describe() {
            return "facility-location";
        }

        @Override
        public KernelSpec defaultKernel() {
            return new KernelSpec.ShiftedCosine();
        }
    }

    /** Graph cut with redundancy weight lambda (MILO: 0.4). Submodular on s >= 0; monotone for lambda <= 1/2. */
    record GraphCut(double lambda) implements FunctionSpec {
        public GraphCut {
            if (!(lambda >= 0) || Double.isInfinite(lambda)) {
                throw new IllegalArgumentException("graph-cut lambda is " + lambda + ", but must be a finite number >= 0");
            }
        }

        @Override
        public String describe() {
            return "graph-cut(lambda=" + lambda + ")";
        }

        @Override
        public KernelSpec defaultKernel() {
            return new KernelSpec.ShiftedCosine();
        }
    }

    /** Disparity-min: f(X) = min_{i != j in X} (1 - s_ij). Neither monotone nor submodular. */
    record DisparityMin() implements FunctionSpec {
        @Override
        public String describe() {
            return "disparity-min";
        }

        @Override
        public KernelSpec defaultKernel() {
            return new KernelSpec.MinMaxCosine();
        }
    }

    /** Disparity-sum: f(X) = sum_{i < j in X} (1 - s_ij). Supermodular. */
    record DisparitySum() implements FunctionSpec {
        @Override
        public String describe() {
            return "disparity-sum";
        }

        @Override
        public KernelSpec defaultKernel() {
            return new KernelSpec.MinMaxCosine();
        }
    }

    /** Log-determinant log det(S_X + regularization I). Submodular on a PSD kernel. */
    record LogDeterminant(double regularization) implements FunctionSpec {
        public LogDeterminant {
            if (!(regularization > 0) || Double.isInfinite(regularization)) {
                throw new IllegalArgumentException("log-determinant regularization is " + regularization + ", but must be a finite number > 0");
            }
        }

        @Override
        public String describe() {
            return "log-determinant(regularization=" + regularization + ")";
        }

        @Override
        public KernelSpec defaultKernel() {
            return new KernelSpec.ShiftedCosine();
        }
    }
}
