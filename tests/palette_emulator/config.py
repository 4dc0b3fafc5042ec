"""Emulator configuration (start-up options plus the runtime knobs the admin API can change)."""

import dataclasses
import os
from typing import Optional

DEFAULT_SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seed.json")

# keys of EmulatorConfig that PUT /_emulator/config may change at run time
RUNTIME_KEYS = (
    "pending_seconds", "provision_seconds", "delete_seconds", "force_delete_after_seconds",
    "deleted_retention_seconds", "machine_provision_seconds", "machine_delete_seconds",
    "page_size", "stuck_deletion_names", "aws_backing",
    "autoscaler_live_nodes", "karpenter_step_seconds", "health_settle_seconds", "running_health",
    "spc_apply_seconds",
)
HEALTH_VALUES = ("Healthy", "UnHealthy", "Unknown")   # Palette's spelling, REFERENCE.md section 11.5
LIVE_NODE_MODES = ("away", "max", "min", "size")


@dataclasses.dataclass
class EmulatorConfig:
    host: str = "127.0.0.1"
    port: int = 0
    api_key: str = "palette-emulator-key"
    seed_file: str = DEFAULT_SEED
    aws_endpoint_url: Optional[str] = None     # moto server; None = no AWS backing
    # lifecycle durations (seconds, measured on the emulator clock)
    pending_seconds: float = 1.0
    provision_seconds: float = 20.0
    delete_seconds: float = 10.0
    force_delete_after_seconds: float = 900.0   # docs: eligible after 15 min in Deleting
    deleted_retention_seconds: float = 72 * 3600.0
    machine_provision_seconds: float = 5.0
    machine_delete_seconds: float = 3.0
    page_size: int = 50                          # default and cap for list pages (API max is 50)
    stuck_deletion_names: list = dataclasses.field(default_factory=list)
    aws_backing: bool = True                     # create/delete AWS resources in moto
    log_limit: int = 10000                       # request-log entries kept
    # Running machines of an autoscaled pool (maxSize > minSize, REFERENCE.md 11.4): "away" = maxSize, or
    # minSize when size == maxSize (never equal to size), "max", "min", or "size" (no autoscaler movement)
    autoscaler_live_nodes: str = "away"
    karpenter_step_seconds: float = 60.0         # a Karpenter pool changes its size this often (11.10)
    health_settle_seconds: float = 0.0           # a Running cluster reports health Unknown this long (11.5)
    running_health: str = "Healthy"              # health of a settled Running cluster (Healthy|UnHealthy|Unknown)
    spc_apply_seconds: float = 2.0               # profile change applied (canBeApplied) after this (11.11)

    def runtime_dict(self):
        return {k: getattr(self, k) for k in RUNTIME_KEYS}

    def update(self, values):
        unknown = sorted(set(values) - set(RUNTIME_KEYS))
        if unknown:
            raise ValueError("unknown config keys: %s" % ", ".join(unknown))
        if values.get("running_health", "Healthy") not in HEALTH_VALUES:
            raise ValueError("running_health must be one of %s (Palette spells it UnHealthy)" % ", ".join(HEALTH_VALUES))
        if values.get("autoscaler_live_nodes", "away") not in LIVE_NODE_MODES:
            raise ValueError("autoscaler_live_nodes must be one of %s" % ", ".join(LIVE_NODE_MODES))
        for key, val in values.items():
            current = getattr(self, key)
            if isinstance(current, bool):
                val = bool(val)
            elif isinstance(current, int) and not isinstance(current, bool):
                val = int(val)
            elif isinstance(current, float):
                val = float(val)
            elif isinstance(current, list):
                val = list(val or [])
            setattr(self, key, val)
