# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Clusters: create entity, read normaliser and day-2 bodies (EKS ``eks`` and IaaS ``aws``).

``params`` are ``aws_palette_cluster`` options (INTERFACE.md section 1). ``current`` is what
``normalise_cluster`` returns. Validation lives in ``cluster_validation`` and is re-exported here.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


from ansible_collections.palette.aws.plugins.module_utils._specs import cluster_config as cc
from ansible_collections.palette.aws.plugins.module_utils._specs import fargate as fp
from ansible_collections.palette.aws.plugins.module_utils._specs import node_pool as np
from ansible_collections.palette.aws.plugins.module_utils._specs import settings as st
from ansible_collections.palette.aws.plugins.module_utils._specs import settings_table
from ansible_collections.palette.aws.plugins.module_utils._specs.cluster_validation import (
    cluster_name,
    endpoint_flags,
    endpoint_mode,
    validate_cluster,
    validate_run_options,
)
from ansible_collections.palette.aws.plugins.module_utils._specs.subnets import subnet_entries, subnets_from_read, zones_of

# validate_cluster and validate_run_options live in cluster_validation and are re-exported here
__all__ = ['build_create_entity', 'build_profile_entity', 'build_profiles_update', 'normalise_cluster',
           'immutable_changes', 'cluster_config_differences', 'build_cluster_config_update', 'desired_tags',
           'metadata_differences', 'build_metadata_patch', 'tags_to_labels', 'labels_to_tags',
           'eks_control_plane_pool', 'validate_cluster', 'validate_run_options', 'endpoint_flags', 'endpoint_mode']

KEY_ONLY_TAG = 'spectro__tag'  # Palette's value for a tag given without a value
# the day-2 parts of the cluster config, from its table (re-exported under their old names)
immutable_changes = cc.immutable_changes
cluster_config_differences = cc.differences
build_cluster_config_update = cc.build_update


# ------------------------------------------------------------------------------------------------ create

def build_create_entity(params, cloud_account_uid, profiles, refs=None):
    """``v1SpectroEksClusterEntity`` / ``v1SpectroAwsClusterEntity`` for ``POST /v1/spectroclusters/{eks|aws}``.

    ``profiles``: the ``cluster_profiles`` entries with ``uid`` resolved (or bare uid strings).
    EKS static placement adds Palette's synthetic ``cp-pool`` carrying ``control_plane_subnets``;
    endpoint_access defaults to ``public`` and the bastion is disabled (as Terraform does); IaaS gets
    ``clusterType: PureManage`` and an explicit ``controlPlaneLoadBalancer`` (default Internet-facing).
    """
    cloud_type = params['cloud_type']
    spec = {
        'cloudAccountUid': cloud_account_uid,
        'profiles': [build_profile_entity(p) for p in profiles or []],
        'cloudConfig': cc.create_cloud_config(params, cloud_type),
        'machinepoolconfig': _create_pools(params, cloud_type),
        'clusterConfig': {'machineManagementConfig': {'osPatchConfig': st.os_patch_config(None)},
                          'updateWorkerPoolsInParallel': bool(params.get('update_worker_pools_in_parallel'))},
    }
    if cloud_type == 'eks':
        spec['fargateProfiles'] = [fp.build_fargate_profile(p) for p in params.get('fargate_profiles') or []]
    else:
        spec['clusterType'] = 'PureManage'
    settings_table.add_to_create(spec, params, refs)
    return {'metadata': _metadata(cluster_name(params), tags_to_labels(params.get('tags')), params.get('description')),
            'spec': spec}


def _metadata(name, labels, description):
    meta = {'name': name, 'labels': labels or {}}
    if description is not None:
        meta['annotations'] = {'description': description}
    return meta


def tags_to_labels(tags):
    """Cluster ``tags`` -> ``metadata.labels``; a tag without value becomes Palette's key-only tag."""
    return dict((str(k), KEY_ONLY_TAG if val in (None, '') else str(val)) for k, val in (tags or {}).items())


def labels_to_tags(labels):
    return dict((k, None if val == KEY_ONLY_TAG else val) for k, val in (labels or {}).items())


def build_profile_entity(profile):
    """``v1SpectroClusterProfileEntity`` from ``{uid, pack_values, variables}`` (or a uid string)."""
    if isinstance(profile, str):
        profile = {'uid': profile}
    packs = []
    for pack in profile.get('pack_values') or []:
        entry = {'name': pack['name']}
        for key in ('tag', 'type', 'values'):
            if pack.get(key) is not None:
                entry[key] = pack[key]
        packs.append(entry)
    variables = [{'name': str(k), 'value': '' if val is None else str(val)}
                 for k, val in sorted((profile.get('variables') or {}).items())]
    return {'uid': profile['uid'], 'packValues': packs, 'variables': variables}


def build_profiles_update(profiles, action_type=None):
    """``v1SpectroClusterProfiles`` for ``PUT``/``PATCH /v1/spectroclusters/{uid}/profiles``."""
    body = {'profiles': [build_profile_entity(p) for p in profiles or []]}
    if action_type:
        body['spcApplySettings'] = {'actionType': action_type}
    return body


def _create_pools(params, cloud_type):
    pools = params.get('node_pools') or []
    # control plane first (IaaS), as Palette and Terraform order them
    ordered = [p for p in pools if p.get('control_plane')] + [p for p in pools if not p.get('control_plane')]
    bodies = [np.build_pool_entity(p, cloud_type) for p in ordered]
    if cloud_type == 'eks' and params.get('control_plane_subnets'):
        bodies.insert(0, eks_control_plane_pool(params['control_plane_subnets']))
    return bodies


def eks_control_plane_pool(subnets):
    """Palette's synthetic EKS ``cp-pool``: size 0, it only carries the control-plane subnets (one entry per zone,
    that zone's subnet ids comma-joined, REFERENCE.md 11.1)."""
    return {
        'cloudConfig': {'azs': zones_of(subnets), 'subnets': subnet_entries(subnets),
                        'capacityType': 'spot', 'spotMarketOptions': {'maxPrice': '0.0'}},
        'poolConfig': {'name': np.EKS_CONTROL_PLANE_POOL, 'isControlPlane': True, 'labels': ['control-plane'],
                       'size': 0, 'taints': None, 'useControlPlaneAsWorker': False,
                       'updateStrategy': {'type': 'RollingUpdateScaleOut'}},
    }


# -------------------------------------------------------------------------------------------------- read

def normalise_cluster(cluster, cloud_config, overview=None):
    """The ``cluster`` result (INTERFACE.md section 1) from GET cluster + GET cloud config (+ overview)."""
    meta, spec, status = (cluster.get(k) or {} for k in ('metadata', 'spec', 'status'))
    cloud_type = spec.get('cloudType')
    cc_spec = (cloud_config or {}).get('spec') or {}
    cfg = cc_spec.get('clusterConfig') or {}
    pools = cc_spec.get('machinePoolConfig') or []
    control = [p for p in pools if p.get('isControlPlane')] if cloud_type == 'eks' else []
    # Karpenter's pools are not the user's (REFERENCE.md 11.10): never listed, compared or counted
    workers = [p for p in pools if p not in control and not np.is_karpenter(p)]
    encryption = cfg.get('encryptionConfig') or {}
    access = cfg.get('endpointAccess') or {}
    lb = cfg.get('controlPlaneLoadBalancer') or ''
    return {
        'uid': meta.get('uid'),
        'name': meta.get('name'),
        'cloud_type': cloud_type,
        'state': status.get('state'),
        'health': (((overview or {}).get('status') or {}).get('health') or {}).get('state'),
        'api_endpoints': ['%s:%s' % (e.get('host'), e.get('port')) for e in status.get('apiEndpoints') or [] if e.get('host')],
        'region': cfg.get('region'),
        'cloud_account_uid': (cc_spec.get('cloudAccountRef') or {}).get('uid'),
        'cloud_config_uid': (spec.get('cloudConfigRef') or {}).get('uid'),
        'vpc_id': cfg.get('vpcId') or None,
        'ssh_key_name': cfg.get('sshKeyName') or None,
        'endpoint_access': endpoint_mode(access) if cloud_type == 'eks' else None,
        'public_access_cidrs': list(access.get('publicCIDRs') or []) if cloud_type == 'eks' else None,
        'private_access_cidrs': list(access.get('privateCIDRs') or []) if cloud_type == 'eks' else None,
        'control_plane_subnets': _control_plane_subnets(control) if cloud_type == 'eks' else None,
        'control_plane_load_balancer': (('internal' if lb.lower() == 'internal' else 'internet-facing')
                                        if cloud_type == 'aws' else None),
        'encryption': {'enabled': bool(encryption.get('isEnabled')),
                       'kms_key_arn': encryption.get('provider') or None},
        'tags': labels_to_tags(meta.get('labels')),
        'description': (meta.get('annotations') or {}).get('description'),
        'node_pools': sorted((np.normalise_pool(p, cloud_type) for p in workers),
                             key=lambda p: (not p['control_plane'], p['name'] or '')),
        'karpenter_pools': sorted(p.get('name') for p in pools if np.is_karpenter(p)),
        'fargate_profiles': [fp.normalise_fargate_profile(f) for f in cc_spec.get('fargateProfiles') or []],
        'os_patch': st.normalise_os_patch(cluster),
        'update_worker_pools_in_parallel': bool((spec.get('clusterConfig') or {}).get('updateWorkerPoolsInParallel')),
        'cluster_profiles': [{'uid': t.get('uid'), 'name': t.get('name'), 'version': t.get('profileVersion')}
                             for t in spec.get('clusterProfileTemplates') or []],
    }


def _control_plane_subnets(control_pools):
    subnets = []
    for pool in control_pools:
        subnets += subnets_from_read(pool.get('subnetIds'))
    return sorted(subnets, key=lambda s: (s['az'], s['subnet_id']))


# ------------------------------------------------------------------------------------------------ day 2

def desired_tags(params, current):
    """Tags after applying ``tags`` with ``purge_tags`` (default true) to the current ones."""
    tags = params.get('tags')
    if tags is None:
        return dict(current.get('tags') or {})
    if params.get('purge_tags', True) is False:
        merged = dict(current.get('tags') or {})
        merged.update(tags)
        return merged
    return dict(tags)


def metadata_differences(params, current):
    diffs = {}
    tags = desired_tags(params, current)
    if tags_to_labels(tags) != tags_to_labels(current.get('tags')):
        diffs['tags'] = (current.get('tags'), tags)
    if params.get('description') is not None and params['description'] != current.get('description'):
        diffs['description'] = (current.get('description'), params['description'])
    return diffs


def build_metadata_patch(params, current):
    """``v1ObjectMetaInputEntitySchema`` for ``PATCH .../metadata``, or None when nothing changes."""
    if not metadata_differences(params, current):
        return None
    description = params.get('description')
    if description is None:
        description = current.get('description')
    return {'metadata': _metadata(current.get('name') or cluster_name(params),
                                  tags_to_labels(desired_tags(params, current)), description)}
