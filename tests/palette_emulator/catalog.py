"""Static AWS catalogue data: instance types (from moto's bundled data when available) and EKS AMI types."""

import functools
import gzip
import json
import os

EKS_AMI_TYPES = ["AL2_x86_64", "AL2_x86_64_GPU", "AL2_ARM_64", "AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD",
                 "AL2023_x86_64_NEURON", "AL2023_x86_64_NVIDIA", "BOTTLEROCKET_x86_64", "BOTTLEROCKET_ARM_64", "CUSTOM"]

_FALLBACK = {"t3.medium": (2, 4096, 0), "t3.large": (2, 8192, 0), "t3.xlarge": (4, 16384, 0), "m5.large": (2, 8192, 0),
             "m5.xlarge": (4, 16384, 0), "m5.2xlarge": (8, 32768, 0), "c5.xlarge": (4, 8192, 0),
             "g4dn.xlarge": (4, 16384, 1)}


@functools.lru_cache(maxsize=1)
def instance_types():
    """type -> {"cpu", "memoryMiB", "gpu", "arch"}."""
    try:
        import moto
        path = os.path.join(os.path.dirname(moto.__file__), "ec2", "resources", "instance_types.json.gz")
        with gzip.open(path) as fh:
            raw = json.load(fh)
        out = {}
        for name, info in raw.items():
            gpus = sum(g.get("Count", 0) for g in (info.get("GpuInfo") or {}).get("Gpus", []))
            out[name] = {"cpu": (info.get("VCpuInfo") or {}).get("DefaultVCpus", 0),
                         "memoryMiB": (info.get("MemoryInfo") or {}).get("SizeInMiB", 0), "gpu": gpus,
                         "arch": (info.get("ProcessorInfo") or {}).get("SupportedArchitectures", ["x86_64"])}
        return out
    except Exception:
        return {k: {"cpu": c, "memoryMiB": m, "gpu": g, "arch": ["x86_64"]} for k, (c, m, g) in _FALLBACK.items()}


def hourly_price(instance_type):
    """A made-up but stable on-demand price: 0.048 USD per vCPU-hour (+0.5 per GPU)."""
    info = instance_types().get(instance_type) or {"cpu": 2, "gpu": 0}
    return round(0.048 * info["cpu"] + 0.5 * info["gpu"], 4)
