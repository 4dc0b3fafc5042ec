"""Offline stand-in for the get-pip bootstrap script that ansible-test downloads.

ansible-test runs this file as ``__main__`` with pip's install arguments (``pip==X`` and options). The real
script comes from a host we cannot reach; this one runs the pip wheel that ships inside CPython's
``ensurepip`` to install the requested pip from the package index, which is reachable.
"""

import ensurepip
import glob
import os
import sys

bundled = glob.glob(os.path.join(os.path.dirname(ensurepip.__file__), "_bundled", "pip-*.whl"))
if not bundled:
    sys.exit("ensurepip carries no pip wheel; cannot bootstrap pip offline")
sys.path.insert(0, bundled[0])

from pip._internal.cli.main import main  # noqa: E402  (import only after the wheel is on sys.path)

# get-pip's own flags (--no-setuptools, --no-wheel) are not pip options: drop them as get-pip does.
args = [arg for arg in sys.argv[1:] if arg not in ("--no-setuptools", "--no-wheel")]
sys.exit(main(["install", "--upgrade", "--force-reinstall"] + args))
