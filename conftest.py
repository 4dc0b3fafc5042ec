"""Make the checkout importable as ``ansible_collections.palette.aws`` for pytest.

Ansible imports collection code only through an ``ansible_collections/<ns>/<name>`` path, so we keep a
symlink to the repo root under ``.collections`` (the Makefile creates the same one) and put it on sys.path.
``tests`` goes on sys.path too, so tests can import the local Palette emulator as ``palette_emulator``.
"""

import os
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
COLLECTIONS_ROOT = os.path.join(ROOT, ".collections")
LINK = os.path.join(COLLECTIONS_ROOT, "ansible_collections", "palette", "aws")


def _ensure_collection_link():
    if os.path.islink(LINK) or os.path.exists(LINK):
        return
    os.makedirs(os.path.dirname(LINK), exist_ok=True)
    try:
        os.symlink(os.path.join("..", "..", ".."), LINK)
    except FileExistsError:  # another xdist worker won the race
        pass


_ensure_collection_link()
for path in (COLLECTIONS_ROOT, os.path.join(ROOT, "tests")):
    if path not in sys.path:
        sys.path.insert(0, path)
os.environ.setdefault("ANSIBLE_COLLECTIONS_PATH", COLLECTIONS_ROOT)
