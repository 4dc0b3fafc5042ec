"""A local emulator of the Spectro Cloud Palette REST API v1 subset used by palette.aws.

    from palette_emulator import Emulator, EmulatorConfig
    emu = Emulator(EmulatorConfig(api_key="k", aws_endpoint_url="http://127.0.0.1:5000")).start()
    emu.url   # http://127.0.0.1:<port>
    emu.stop()

See README.md for endpoints, admin API and behaviour.
"""

from .config import EmulatorConfig
from .server import Emulator

__all__ = ["Emulator", "EmulatorConfig"]
