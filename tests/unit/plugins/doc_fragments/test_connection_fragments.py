# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection doc fragments match the option specs, and every module documents both connection sets."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import glob
import os

import pytest

from ansible_collections.palette.aws.plugins.doc_fragments import aws as aws_fragment
from ansible_collections.palette.aws.plugins.doc_fragments import palette as palette_fragment
from ansible_collections.palette.aws.plugins.module_utils._aws.options import aws_argument_spec
from ansible_collections.palette.aws.plugins.module_utils.palette import palette_argument_spec

yaml = pytest.importorskip("yaml")

MODULES = os.path.join(os.path.dirname(__file__), *[".."] * 4, "plugins", "modules")
AWS_VARIANTS = {
    "palette.aws.aws": "DOCUMENTATION",
    "palette.aws.aws.accepted_only": "ACCEPTED_ONLY",
    "palette.aws.aws.accepted_only_without_region": "ACCEPTED_ONLY_WITHOUT_REGION",
}
PALETTE_VARIANTS = {"palette.aws.palette": "DOCUMENTATION", "palette.aws.palette.accepted_only": "ACCEPTED_ONLY"}


def options(fragment, variant):
    return yaml.safe_load(getattr(fragment.ModuleDocFragment, variant))["options"]


def assert_matches(documented, spec):
    assert set(documented) == set(spec)
    for name, opt in spec.items():
        doc = documented[name]
        assert doc["type"] == opt["type"], name
        assert sorted(doc.get("aliases", [])) == sorted(opt.get("aliases", [])), name
        assert doc.get("default") == opt.get("default"), name
        assert "no_log" not in doc and doc["description"], name


@pytest.mark.parametrize("variant", sorted(AWS_VARIANTS.values()))
def test_aws_fragments_match_spec(variant):
    spec = aws_argument_spec()
    if variant == "ACCEPTED_ONLY_WITHOUT_REGION":
        del spec["region"]
    assert_matches(options(aws_fragment, variant), spec)


@pytest.mark.parametrize("variant", sorted(PALETTE_VARIANTS.values()))
def test_palette_fragments_match_spec(variant):
    spec = dict((name, dict((k, v) for k, v in opt.items() if k != "fallback")) for name, opt in palette_argument_spec().items())
    assert_matches(options(palette_fragment, variant), spec)


def test_accepted_only_variants_say_so_and_need_no_boto3():
    for fragment, name in ((aws_fragment, "ACCEPTED_ONLY"), (aws_fragment, "ACCEPTED_ONLY_WITHOUT_REGION"),
                           (palette_fragment, "ACCEPTED_ONLY")):
        doc = yaml.safe_load(getattr(fragment.ModuleDocFragment, name))
        assert "requirements" not in doc, name
        for option, body in doc["options"].items():
            if option != "validate_certs":  # shared: an AWS-only module verifies the AWS endpoints with it
                text = " ".join(body["description"])
                assert "group/palette.aws.palette" in text and "Not used by this module" in text, (name, option)


def module_docs():
    for path in sorted(glob.glob(os.path.join(MODULES, "*.py"))):
        tree = ast.parse(open(path).read())
        for node in tree.body:
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "DOCUMENTATION":
                yield os.path.basename(path)[:-3], yaml.safe_load(node.value.value)


def test_every_module_documents_both_connection_sets():
    docs = dict(module_docs())
    assert len(docs) == 12
    for name, doc in docs.items():
        fragments = doc.get("extends_documentation_fragment", [])
        aws = [f for f in fragments if f in AWS_VARIANTS]
        palette = [f for f in fragments if f in PALETTE_VARIANTS]
        assert len(aws) == 1 and len(palette) == 1, (name, fragments)
        own = set(doc.get("options") or {})
        fragment_options = set(options(aws_fragment, AWS_VARIANTS[aws[0]])) | set(options(palette_fragment, PALETTE_VARIANTS[palette[0]]))
        # Ansible merges a fragment option into a module option of the same name key by key: never both.
        assert not own & fragment_options, (name, own & fragment_options)
        assert palette != ["palette.aws.palette.accepted_only"] or aws == ["palette.aws.aws"], name
