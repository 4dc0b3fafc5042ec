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
)


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

    def runtime_dict(self):
        return {k: getattr(self, k) for k in RUNTIME_KEYS}

    def update(self, values):
        unknown = sorted(set(values) - set(RUNTIME_KEYS))
        if unknown:
            raise ValueError("unknown config keys: %s" % ", ".join(unknown))
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
