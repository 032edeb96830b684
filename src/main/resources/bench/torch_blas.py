"""Which BLAS torch runs on, for the bench's PyTorch scripts (torch_throughput.py, optuna_peer.py).

Debian's python3-torch does its matrix products in whatever libblas.so.3 is installed, and the
reference BLAS is about 20x slower than OpenBLAS (apt-get install libopenblas0-openmp): a PyTorch
figure on it is not a measurement, so both scripts refuse it.
"""
import re

import torch


def blas():
    """The BLAS torch runs on: a mapped OpenBLAS/BLIS/MKL library, MKL built in, or the reference one."""
    torch.ones(8, 8) @ torch.ones(8, 8)
    with open("/proc/self/maps") as f:
        libs = sorted(set(re.findall(r"(/\S*(?:blas|mkl|blis)\S*\.so[.\d]*)", f.read())))
    for lib in libs:
        if any(name in lib for name in ("openblas", "mkl", "blis")):
            return {"library": lib, "reference": False}
    if any("/blas/" in lib for lib in libs):
        return {"library": next(lib for lib in libs if "/blas/" in lib), "reference": True}
    if "BLAS_INFO=mkl" in torch.__config__.show():
        return {"library": "mkl (built into torch)", "reference": False}
    return {"library": ", ".join(libs) or "unknown", "reference": not libs}
