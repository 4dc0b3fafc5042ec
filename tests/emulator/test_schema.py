"""palette_emulator.schema.validate_body: strict spec validation used by the emulator and unit tests."""

import pytest

from palette_emulator.schema import validate_body

from .helpers import example

EXAMPLES = {
    "eks-create": "v1SpectroEksClusterEntity",
    "aws-create": "v1SpectroAwsClusterEntity",
    "eks-machinepool-update": "v1EksMachinePoolConfigEntity",
    "aws-machinepool-update": "v1AwsMachinePoolConfigEntity",
    "eks-fargate-update": "v1EksFargateProfiles",
    "eks-clusterconfig-update": "v1EksCloudClusterConfigEntity",
    "cluster-search-by-name": "v1SearchFilterSummarySpec",
    "cloudaccount-aws-secret": "v1AwsAccount",
    "cloudaccount-aws-sts": "v1AwsAccount",
    "auth-login": "v1AuthLogin",
    "error": "v1Error",
}


@pytest.mark.parametrize("name,definition", sorted(EXAMPLES.items()))
def test_examples_are_valid(name, definition):
    assert validate_body(definition, example(name)) == []


def test_unknown_field_is_named_with_its_path():
    body = example("eks-create")
    body["spec"]["machinepoolconfig"][1]["poolConfig"]["nodeCount"] = 3
    errors = validate_body("v1SpectroEksClusterEntity", body)
    assert errors == ["spec.machinepoolconfig[1].poolConfig.nodeCount: unknown field (not in the spec)"]


def test_read_shape_field_in_a_request_is_unknown():
    # camelCase machinePoolConfig is the READ shape; the create entity uses lowercase machinepoolconfig
    body = example("eks-create")
    body["spec"]["machinePoolConfig"] = body["spec"].pop("machinepoolconfig")
    errors = validate_body("v1SpectroEksClusterEntity", body)
    assert any(e.startswith("spec.machinePoolConfig: unknown field") for e in errors)


def test_wrong_type_and_enum():
    body = example("aws-create")
    body["spec"]["machinepoolconfig"][1]["poolConfig"]["size"] = "3"
    body["spec"]["machinepoolconfig"][1]["poolConfig"]["taints"][0]["effect"] = "NoWay"
    errors = validate_body("v1SpectroAwsClusterEntity", body)
    assert "spec.machinepoolconfig[1].poolConfig.size: expected integer, got string" in errors
    assert any(e.startswith("spec.machinepoolconfig[1].poolConfig.taints[0].effect: 'NoWay' is not one of")
               for e in errors)


def test_int32_range_and_rootdevicesize_bounds():
    body = example("eks-machinepool-update")
    body["poolConfig"]["size"] = 2 ** 31
    body["cloudConfig"]["rootDeviceSize"] = 2001
    errors = validate_body("v1EksMachinePoolConfigEntity", body)
    assert len(errors) == 2
    assert errors[0].startswith("cloudConfig.rootDeviceSize") and errors[1].startswith("poolConfig.size")


def test_null_arrays_and_optional_objects_accepted():
    body = example("eks-create")
    pool = body["spec"]["machinepoolconfig"][1]
    pool["poolConfig"]["taints"] = None
    pool["cloudConfig"]["azs"] = None
    pool["poolConfig"]["additionalLabels"] = None
    body["spec"]["fargateProfiles"] = None
    body["spec"]["cloudConfig"]["addons"] = None
    body["spec"]["cloudConfig"]["endpointAccess"] = None
    assert validate_body("v1SpectroEksClusterEntity", body) == []


def test_required_reference_may_not_be_null_and_required_missing():
    body = example("eks-create")
    body["spec"]["cloudConfig"] = None
    del body["spec"]["cloudAccountUid"]
    errors = validate_body("v1SpectroEksClusterEntity", body)
    assert "spec.cloudAccountUid: required field missing" in errors
    assert "spec.cloudConfig: must not be null" in errors


def test_null_scalar_rejected():
    body = example("eks-create")
    body["spec"]["cloudConfig"]["region"] = None
    assert validate_body("v1SpectroEksClusterEntity", body) == ["spec.cloudConfig.region: expected string, got null"]


def test_phantom_cloudtype_not_required_but_unknown_if_sent():
    body = example("aws-create")
    assert "cloudType" not in body["spec"]
    assert validate_body("v1SpectroAwsClusterEntity", body) == []
    body["spec"]["cloudType"] = "aws"
    assert validate_body("v1SpectroAwsClusterEntity", body) == ["spec.cloudType: unknown field (not in the spec)"]


def test_maps_allow_any_key_but_check_value_type():
    body = example("eks-create")
    body["metadata"]["labels"]["anything/goes"] = "yes"
    assert validate_body("v1SpectroEksClusterEntity", body) == []
    body["metadata"]["labels"]["n"] = 1
    assert validate_body("v1SpectroEksClusterEntity", body) == ["metadata.labels.n: expected string, got integer"]


def test_non_object_body_and_unknown_definition():
    assert validate_body("v1EksFargateProfiles", []) == ["<body>: expected object, got array"]
    with pytest.raises(KeyError):
        validate_body("v1NoSuchThing", {})
