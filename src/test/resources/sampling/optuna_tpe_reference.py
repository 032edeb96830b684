"""Reference values for TpeReferenceTest, computed by Optuna 3.1's own TPE internals.

Run from the repository root with Debian's interpreter (python3-optuna 3.1.0, numpy):

    /usr/bin/python3 src/test/resources/sampling/optuna_tpe_reference.py \
        > src/test/resources/sampling/optuna_tpe_reference.json

A fixed history of ten finished trials and two running ones is put into an Optuna study. The split
into l(x) and g(x) is Optuna's: ``_get_observation_pairs`` with ``constant_liar=True`` and
``_split_observation_pairs`` with ``gamma(n)`` of the finished trials only. The densities are
Optuna's ``_ParzenEstimator``, with the options of a TPESampler set to milotune's rules:

- consider_prior=True, prior_weight=1.0: a prior kernel N((low+high)/2, high-low) of weight 1;
- consider_magic_clip=True: sigma clipped to [(high-low)/min(100, n+2), high-low] (Optuna writes
  1 + len(mus), and len(mus) = n + 1 with the prior);
- consider_endpoints=False: the outermost kernels take their inner gap;
- weights = ones: no linear forgetting;
- gamma(n) = ceil(0.25 n): the paper's fixed quantile, milotune's default, not Optuna's
  min(ceil(0.1 n), 25);
- multivariate=False: univariate TPE.

Where the two cannot compute the same object this script records both:

- continuous densities: Optuna 3.1's ``_truncnorm.logpdf`` standardises x but leaves out the
  -ln(scale) of each kernel, so its "log_pdf" is not the log of a density (optuna/optuna#5109,
  fixed upstream after 3.1 by PR #5110). The values milotune must match are Optuna 3.1's estimator with
  that fix applied (``logpdf_with_scale`` below, the upstream fix's formula); the values as shipped
  are kept as "optuna_3_1_log_l"/"optuna_3_1_log_g". Cell masses of discrete parameters do not use
  logpdf and are unaffected.

- categorical: Optuna's kernel of an observation puts prior_weight/(n+1) on every choice before
  normalising, and the same prior_weight weighs the prior kernel; milotune uses smoothed counts
  (count(c) + w/K)/(n + w) (Hyperopt's rule). Optuna's options tie the two uses of prior_weight,
  so the values milotune must match are computed by the same Optuna estimator with the kernel
  smoothing taken to zero (prior_weight=eps) and the observations' weights predetermined as
  eps/w each, which leaves the mixture weights 1/(n+w) and w/(n+w). Optuna's own values, with its
  options as above, are kept as "optuna_log_l"/"optuna_log_g" for the record.
- log-scale ints: Optuna scores a log int by its density at ln v (q = None); milotune by the mass
  of its cell [ln(v - 0.5), ln(v + 0.5)]. Both are recorded: the densities from
  ``_ParzenEstimator.log_pdf``, the cell masses from the same fitted kernels (its _mus, _sigmas,
  _weights) with Optuna's ``_truncnorm._log_gauss_mass``, the formula Optuna uses for stepped
  parameters. (Optuna later made the same change, PR #6258.)
"""

import json
import math
import sys
import warnings

import numpy as np
import optuna
from optuna.distributions import CategoricalDistribution
from optuna.distributions import FloatDistribution
from optuna.distributions import IntDistribution
from optuna.samplers._tpe import _truncnorm as truncnorm
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator
from optuna.samplers._tpe.sampler import _get_observation_pairs
from optuna.samplers._tpe.sampler import _split_observation_pairs
from optuna.trial import TrialState

GAMMA = 0.25
PRIOR_WEIGHT = 1.0
EPS = 1e-12

SPACE = {
    "x": FloatDistribution(-2.0, 3.0),
    "lr": FloatDistribution(1e-4, 1.0, log=True),
    "layers": IntDistribution(1, 8),
    "units": IntDistribution(1, 1024, log=True),
    "opt": CategoricalDistribution(["sgd", "adam", "rmsprop"]),
}

# (x, lr, layers, units, opt, score); score is higher-is-better, None for a running trial.
TRIALS = [
    (-1.7, 3e-4, 2, 16, "sgd", 0.12),
    (0.25, 0.02, 5, 200, "adam", 0.81),
    (2.9, 0.5, 8, 1024, "rmsprop", 0.05),
    (0.4, 0.004, 4, 64, "adam", 0.77),
    (1.3, 0.08, 6, 3, "sgd", 0.33),
    (-0.6, 1.2e-3, 3, 512, "adam", 0.58),
    (0.33, 0.006, 4, 128, "adam", 0.90),
    (2.2, 0.15, 7, 8, "rmsprop", 0.21),
    (-1.1, 2e-4, 1, 1, "sgd", 0.09),
    (0.9, 0.03, 5, 40, "rmsprop", 0.64),
    (0.35, 0.005, 4, 100, "adam", None),
    (1.8, 0.7, 8, 700, "sgd", None),
]

POINTS = {
    "x": [-2.0, -1.5, -0.5, 0.0, 0.3, 0.5, 1.0, 1.8, 2.5, 3.0],
    "lr": [1e-4, 5e-4, 1e-3, 4e-3, 1e-2, 0.05, 0.3, 1.0],
    "layers": [1, 2, 3, 4, 5, 6, 7, 8],
    "units": [1, 2, 5, 32, 100, 200, 700, 1000, 1024],
    "opt": ["sgd", "adam", "rmsprop"],
}


LOGPDF_AS_SHIPPED = truncnorm.logpdf


def logpdf_with_scale(x, a, b, loc=0, scale=1):
    """Optuna 3.1's truncated-normal logpdf with the fix of optuna/optuna#5109: minus ln(scale)."""
    return LOGPDF_AS_SHIPPED(x, a, b, loc, scale) - np.log(scale)


def log_pdf(estimator, samples, fixed):
    """estimator.log_pdf(samples), with Optuna 3.1's logpdf as shipped or with the upstream fix."""
    truncnorm.logpdf = logpdf_with_scale if fixed else LOGPDF_AS_SHIPPED
    try:
        return floats(estimator.log_pdf(samples))
    finally:
        truncnorm.logpdf = LOGPDF_AS_SHIPPED


def tpe_sampler():
    return optuna.samplers.TPESampler(
        consider_prior=True,
        prior_weight=PRIOR_WEIGHT,
        consider_magic_clip=True,
        consider_endpoints=False,
        n_startup_trials=10,
        gamma=lambda n: int(math.ceil(GAMMA * n)),
        weights=lambda n: np.ones(n),
        multivariate=False,
        constant_liar=True,
        seed=0,
    )


def study_with_trials():
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)  # constant_liar
    study = optuna.create_study(direction="maximize", sampler=tpe_sampler())
    for x, lr, layers, units, opt, score in TRIALS:
        params = {"x": x, "lr": lr, "layers": layers, "units": units, "opt": opt}
        if score is None:
            trial = optuna.trial.create_trial(params=params, distributions=SPACE, state=TrialState.RUNNING)
        else:
            trial = optuna.trial.create_trial(params=params, distributions=SPACE, value=score)
        study.add_trial(trial)
    return study


def log_cell_masses(estimator, name, cells):
    """ln of the mixture's mass on each [a, b], from the estimator's fitted kernels (Optuna's q formula)."""
    mus = estimator._mus[name]
    sigmas = estimator._sigmas[name]
    low = estimator._low[name]
    high = estimator._high[name]
    a = np.asarray([c[0] for c in cells])
    b = np.asarray([c[1] for c in cells])
    log_mass = truncnorm._log_gauss_mass((a[:, None] - mus) / sigmas, (b[:, None] - mus) / sigmas)
    log_p_accept = truncnorm._log_gauss_mass((low - mus) / sigmas, (high - mus) / sigmas)
    weighted = log_mass - log_p_accept + np.log(estimator._weights)
    top = weighted.max(axis=1)
    return np.log(np.exp(weighted - top[:, None]).sum(axis=1)) + top


def argmax(points, log_l, log_g):
    ratio = np.asarray(log_l) - np.asarray(log_g)
    return points[int(np.argmax(ratio))]


def floats(array):
    return [float(v) for v in array]


def main():
    study = study_with_trials()
    sampler = study.sampler
    names = list(SPACE)
    values, scores, _ = _get_observation_pairs(study, names, sampler._constant_liar, False)
    n = sum(s < float("inf") for s, _ in scores)  # as TPESampler: running trials do not count
    below_idx, above_idx = _split_observation_pairs(scores, sampler._gamma(n), None)
    parameters = sampler._parzen_estimator_parameters

    out = {
        "optuna_version": optuna.__version__,
        "numpy_version": np.__version__,
        "python_version": sys.version.split()[0],
        "command": "/usr/bin/python3 src/test/resources/sampling/optuna_tpe_reference.py"
        " > src/test/resources/sampling/optuna_tpe_reference.json",
        "options": {
            "consider_prior": parameters.consider_prior,
            "prior_weight": parameters.prior_weight,
            "consider_magic_clip": parameters.consider_magic_clip,
            "consider_endpoints": parameters.consider_endpoints,
            "weights": "ones",
            "gamma": "ceil(%s * n)" % GAMMA,
            "multivariate": parameters.multivariate,
            "constant_liar": sampler._constant_liar,
        },
        "trials": [
            {"params": {"x": t[0], "lr": t[1], "layers": t[2], "units": t[3], "opt": t[4]},
             "score": t[5], "state": "RUNNING" if t[5] is None else "COMPLETE"}
            for t in TRIALS
        ],
        "finished": int(n),
        "below": [int(i) for i in below_idx],
        "above": [int(i) for i in above_idx],
        "params": {},
    }

    for name in names:
        dist = SPACE[name]
        column = np.asarray(values[name], dtype=float)
        below = {name: column[below_idx]}
        above = {name: column[above_idx]}
        space = {name: dist}
        l = _ParzenEstimator(below, space, parameters)
        g = _ParzenEstimator(above, space, parameters)
        points = POINTS[name]
        entry = {"points": points}
        if not isinstance(dist, CategoricalDistribution):
            # The modelled interval: ln of the bounds for log parameters, widened by half a step for ints.
            entry["low"] = float(l._low[name])
            entry["high"] = float(l._high[name])
        if isinstance(dist, CategoricalDistribution):
            samples = {name: np.asarray([dist.to_internal_repr(p) for p in points])}
            entry["optuna_log_l"] = floats(l.log_pdf(samples))
            entry["optuna_log_g"] = floats(g.log_pdf(samples))
            smoothing_off = parameters._replace(prior_weight=EPS)
            l0 = _ParzenEstimator(below, space, smoothing_off, np.full(len(below_idx), EPS / PRIOR_WEIGHT))
            g0 = _ParzenEstimator(above, space, smoothing_off, np.full(len(above_idx), EPS / PRIOR_WEIGHT))
            entry["log_l"] = floats(l0.log_pdf(samples))
            entry["log_g"] = floats(g0.log_pdf(samples))
            entry["argmax"] = argmax(points, entry["log_l"], entry["log_g"])
            entry["optuna_argmax"] = argmax(points, entry["optuna_log_l"], entry["optuna_log_g"])
        elif isinstance(dist, IntDistribution) and not dist.log:
            # Optuna's q branch: the mass of [v - step/2, v + step/2] clipped to [low, high].
            samples = {name: np.asarray(points, dtype=float)}
            entry["log_l_mass"] = floats(l.log_pdf(samples))
            entry["log_g_mass"] = floats(g.log_pdf(samples))
            entry["argmax"] = argmax(points, entry["log_l_mass"], entry["log_g_mass"])
        else:
            samples = {name: np.asarray(points, dtype=float)}
            # Model space: ln x for log parameters; log_pdf takes the logarithm itself.
            entry["log_l"] = log_pdf(l, samples, fixed=True)
            entry["log_g"] = log_pdf(g, samples, fixed=True)
            entry["optuna_3_1_log_l"] = log_pdf(l, samples, fixed=False)
            entry["optuna_3_1_log_g"] = log_pdf(g, samples, fixed=False)
            entry["optuna_3_1_argmax"] = argmax(points, entry["optuna_3_1_log_l"], entry["optuna_3_1_log_g"])
            if isinstance(dist, IntDistribution):
                cells = [(math.log(v - 0.5), math.log(v + 0.5)) for v in points]
                entry["log_l_mass"] = floats(log_cell_masses(l, name, cells))
                entry["log_g_mass"] = floats(log_cell_masses(g, name, cells))
                entry["argmax"] = argmax(points, entry["log_l_mass"], entry["log_g_mass"])
                entry["optuna_argmax"] = argmax(points, entry["log_l"], entry["log_g"])
            else:
                entry["argmax"] = argmax(points, entry["log_l"], entry["log_g"])
        entry["l_kernels"] = kernels(l, name)
        entry["g_kernels"] = kernels(g, name)
        out["params"][name] = entry

    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


def kernels(estimator, name):
    """The fitted mixture, for diagnosing a mismatch: weights, and mus and sigmas of numeric ones."""
    result = {"weights": floats(estimator._weights)}
    if estimator._mus[name] is not None:
        result["mus"] = floats(estimator._mus[name])
        result["sigmas"] = floats(estimator._sigmas[name])
    return result


if __name__ == "__main__":
    main()
