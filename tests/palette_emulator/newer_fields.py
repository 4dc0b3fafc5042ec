"""Fields the live Palette API has that the spec subset (palette-sdk-go @ dbd0431) does not define.

Source: REFERENCE.md section 11.8; terraform-provider-spectrocloud @ 0b65bb1 on a newer SDK sends them
(``spectrocloud/schemas/override_cluster_api_config.go``: YAML string at cloud-config and at machine-pool level;
``override_health_check_configuration.go`` + ``expandOverrideHealthCheckConfiguration``: YAML string on
``V1MachinePoolConfigEntity``, flattened from the read pool ``OverrideHealthCheckConfiguration``).

The strict validator accepts exactly these extra properties on exactly these definitions (request and read
shapes); everything else outside the spec stays an ``unknown field``.  PUTs replace the stored object, so a
PUT that leaves them out resets them - as the live API does with a body built from a fixed field list.
"""

_YAML = {"type": "string"}

NEWER_THAN_SPEC = {
    # cluster level (create cloudConfig, PUT .../clusterConfig, read spec.clusterConfig)
    "v1EksClusterConfig": {"overrideClusterAPIConfig": _YAML},
    "v1AwsClusterConfig": {"overrideClusterAPIConfig": _YAML},
    # pool level: request poolConfig and the flat read pools
    "v1MachinePoolConfigEntity": {"overrideClusterAPIConfig": _YAML, "overrideHealthCheckConfiguration": _YAML},
    "v1EksMachinePoolConfig": {"overrideClusterAPIConfig": _YAML, "overrideHealthCheckConfiguration": _YAML},
    "v1AwsMachinePoolConfig": {"overrideClusterAPIConfig": _YAML, "overrideHealthCheckConfiguration": _YAML},
}


def extra_properties(definition):
    return dict(NEWER_THAN_SPEC.get(definition) or {})
