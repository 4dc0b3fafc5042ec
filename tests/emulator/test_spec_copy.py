"""The emulator's spec subset is a byte copy of the shared one (../shared beside the clone, as in CI)."""

from pathlib import Path

from palette_emulator.schema import SPEC_PATH

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_SPEC = REPO_ROOT.parent / "shared" / "palette-api" / "palette-v1-subset.json"


def test_spec_is_a_byte_copy_of_the_shared_subset():
    assert SHARED_SPEC.is_file(), "the shared spec must sit beside the clone: %s" % SHARED_SPEC
    assert Path(SPEC_PATH).read_bytes() == SHARED_SPEC.read_bytes(), (
        "tests/palette_emulator/spec/palette-v1-subset.json differs from %s: copy it again" % SHARED_SPEC)


def test_new_paths_of_the_shared_subset_are_present():
    import json
    paths = json.loads(Path(SPEC_PATH).read_text())["paths"]
    for path in ("/v1/workspaces/{uid}/clusterRbacs", "/v1/spectroclusters/{uid}/assets/kubeconfigclient"):
        assert path in paths
