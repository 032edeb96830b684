package dev.milotune.selection;

/**
 * How a per-class similarity kernel S is made from the class's embeddings (MILO.md step 2).
 *
 * <p>All variants except {@link Dot} first L2-normalise the rows, so C = Ê Êᵀ is the cosine
 * matrix. Kernels are float32; set functions accumulate their gains in double.
 */
public sealed interface KernelSpec {

    /** Canonical text, e.g. {@code rbf(gamma=0.5)}; part of plan ids and provenance. */
    String describe();

    /** Whether every kernel of this kind is positive semi-definite (log-determinant needs it). */
    boolean positiveSemidefinite();

    /** s_ij = c_ij, in [-1, 1]. */
    record Cosine() implements KernelSpec {
        @Override
        public String describe() {
            return "cosine";
        }

        @Override
        public boolean positiveSemidefinite() {
            return true;
        }
    }

    /** s_ij = (1 + c_ij) / 2, in [0, 1]: MILO's graph-cut and facility-location kernel. */
    record ShiftedCosine() implements KernelSpec {
        @Override
        public String describe() {
            return "shifted-cosine";
        }

        @Override
        public boolean positiveSemidefinite() {
            return true;
        }
    }

    /**
     * s_ij = (c_ij - min C) / (max C - min C), min and max over the whole class (or partition)
     * matrix: MILO's disparity kernel. All ones when the matrix is constant (identical items).
     */
    record MinMaxCosine() implements KernelSpec {
        @Override
        public String describe() {
            return "min-max-cosine";
        }

        @Override
        public boolean positiveSemidefinite() {
            return false;
        }
    }

    /** s_ij = exp(-gamma ‖x̂_i - x̂_j‖²) = exp(-2 gamma (1 - c_ij)) on the normalised rows. */
    record Rbf(double gamma) implements KernelSpec {
        public Rbf {
            if (!(gamma > 0) || Double.isInfinite(gamma)) {
                throw new IllegalArgumentException("rbf gamma is " + gamma + ", but must be a finite number > 0");
            }
        }

        @Override
        public String describe() {
            return "rbf(gamma=" + gamma + ")";
        }

        @Override
        public boolean positiveSemidefinite() {
            return true;
        }
    }

    /** s_ij = x_i · x_j on the embeddings as given, not normalised. */
    record Dot() implements KernelSpec {
        @Override
        public String describe() {
            return "dot";
        }

        @Override
        public boolean positiveSemidefinite() {
            return true;
        }
    }
}
