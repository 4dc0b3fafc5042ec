# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Clusters: create entity, read normaliser and day-2 bodies (EKS ``eks`` and IaaS ``aws``).

``params`` are ``aws_palette_cluster`` options (INTERFACE.md section 1). ``current`` is what
``normalise_cluster`` returns. Validation lives in ``cluster_validation`` and is re-exported here.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.palette.aws.plugins.module_utils._specs import fargate as fp
from ansible_collections.palette.aws.plugins.module_utils._specs import node_pool as np
from ansible_collections.palette.aws.plugins.module_utils._specs import settings as st
from ansible_collections.palette.aws.plugins.module_utils._specs.cluster_validation import (
    endpoint_flags,
    endpoint_mode,
    validate_cluster,
    validate_run_options,
)

# validate_cluster and validate_run_options live in cluster_validation and are re-exported here
__all__ = ['build_create_entity', 'build_profile_entity', 'build_profiles_update', 'normalise_cluster',
           'immutable_changes', 'cluster_config_differences', 'build_cluster_config_update', 'desired_tags',
           'metadata_differences', 'build_metadata_patch', 'tags_to_labels', 'labels_to_tags',
           'eks_control_plane_pool', 'validate_cluster', 'validate_run_options', 'endpoint_flags', 'endpoint_mode']

KEY_ONLY_TAG = 'spectro__tag'  # Palette's value for a tag given without a value
_LB_SCHEME = {'internet-facing': 'Internet-facing', 'internal': 'internal'}
_CLUSTER_CONFIG_KEYS = {
    'eks': ('addons', 'bastionDisabled', 'controlPlaneLoadBalancer', 'encryptionConfig', 'endpointAccess',
            'region', 'sshKeyName', 'vpcId'),
    'aws': ('bastionDisabled', 'controlPlaneLoadBalancer', 'hybridConfig', 'region', 'sshKeyName', 'vpcId'),
}


# ------------------------------------------------------------------------------------------------ create

def build_create_entity(params, cloud_account_uid, profiles, backup_location_uid=None):
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
        'cloudConfig': _eks_cloud_config(params) if cloud_type == 'eks' else _aws_cloud_config(params),
        'machinepoolconfig': _create_pools(params, cloud_type),
        'clusterConfig': _cluster_config(params),
    }
    if cloud_type == 'eks':
        spec['fargateProfiles'] = [fp.build_fargate_profile(p) for p in params.get('fargate_profiles') or []]
    else:
        spec['clusterType'] = 'PureManage'
    policies = {}
    if params.get('backup'):
        policies['backupPolicy'] = st.build_backup(params['backup'], location_uid=backup_location_uid)
    if params.get('scan'):
        policies['scanPolicy'] = st.build_scan(params['scan'])
    if policies:
        spec['policies'] = policies
    return {'metadata': _metadata(params['name'], tags_to_labels(params.get('tags')), params.get('description')),
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


def _eks_cloud_config(params):
    public, private = endpoint_flags(params.get('endpoint_access') or 'public')
    cfg = {'region': params['region'], 'bastionDisabled': True,
           'endpointAccess': {'public': public, 'private': private,
                              'publicCIDRs': list(params.get('public_access_cidrs') or []),
                              'privateCIDRs': list(params.get('private_access_cidrs') or [])}}
    _put(cfg, 'vpcId', params.get('vpc_id'))
    _put(cfg, 'sshKeyName', params.get('ssh_key_name'))
    if params.get('encryption_kms_key_arn'):
        cfg['encryptionConfig'] = {'isEnabled': True, 'provider': params['encryption_kms_key_arn']}
    return cfg


def _aws_cloud_config(params):
    cfg = {'region': params['region'],
           'controlPlaneLoadBalancer': _LB_SCHEME[params.get('control_plane_load_balancer') or 'internet-facing']}
    _put(cfg, 'vpcId', params.get('vpc_id'))
    _put(cfg, 'sshKeyName', params.get('ssh_key_name'))
    return cfg


def _put(mapping, key, value):
    if value:
        mapping[key] = value


def _create_pools(params, cloud_type):
    pools = params.get('node_pools') or []
    # control plane first (IaaS), as Palette and Terraform order them
    ordered = [p for p in pools if p.get('control_plane')] + [p for p in pools if not p.get('control_plane')]
    bodies = [np.build_pool_entity(p, cloud_type) for p in ordered]
    if cloud_type == 'eks' and params.get('control_plane_subnets'):
        bodies.insert(0, eks_control_plane_pool(params['control_plane_subnets']))
    return bodies


def eks_control_plane_pool(subnets):
    """Palette's synthetic EKS ``cp-pool``: size 0, it only carries the control-plane subnets."""
    return {
        'cloudConfig': {'azs': [s['az'] for s in subnets],
                        'subnets': [{'az': s['az'], 'id': s['subnet_id']} for s in subnets],
                        'capacityType': 'spot', 'spotMarketOptions': {'maxPrice': '0.0'}},
        'poolConfig': {'name': np.EKS_CONTROL_PLANE_POOL, 'isControlPlane': True, 'labels': ['control-plane'],
                       'size': 0, 'taints': None, 'useControlPlaneAsWorker': False,
                       'updateStrategy': {'type': 'RollingUpdateScaleOut'}},
    }


def _cluster_config(params):
    cfg = {'machineManagementConfig': {'osPatchConfig': st.os_patch_config(params.get('os_patch'))},
           'updateWorkerPoolsInParallel': bool(params.get('update_worker_pools_in_parallel'))}
    rbacs = st.rbac_entities(params.get('rbac')) if params.get('rbac') else []
    if rbacs:
        cfg['resources'] = {'rbacs': rbacs}
    return cfg


# -------------------------------------------------------------------------------------------------- read

def normalise_cluster(cluster, cloud_config, overview=None):
    """The ``cluster`` result (INTERFACE.md section 1) from GET cluster + GET cloud config (+ overview)."""
    meta, spec, status = (cluster.get(k) or {} for k in ('metadata', 'spec', 'status'))
    cloud_type = spec.get('cloudType')
    cc_spec = (cloud_config or {}).get('spec') or {}
    cfg = cc_spec.get('clusterConfig') or {}
    pools = cc_spec.get('machinePoolConfig') or []
    control = [p for p in pools if p.get('isControlPlane')] if cloud_type == 'eks' else []
    workers = [p for p in pools if p not in control]
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
        'fargate_profiles': [fp.normalise_fargate_profile(f) for f in cc_spec.get('fargateProfiles') or []],
        'os_patch': st.normalise_os_patch(cluster),
        'update_worker_pools_in_parallel': bool((spec.get('clusterConfig') or {}).get('updateWorkerPoolsInParallel')),
        'cluster_profiles': [{'uid': t.get('uid'), 'name': t.get('name'), 'version': t.get('profileVersion')}
                             for t in spec.get('clusterProfileTemplates') or []],
    }


def _control_plane_subnets(control_pools):
    subnets = []
    for pool in control_pools:
        subnets += [{'az': az, 'subnet_id': sid} for az, sid in (pool.get('subnetIds') or {}).items()]
    return sorted(subnets, key=lambda s: s['az'])


# ------------------------------------------------------------------------------------------------ day 2

def _canon_subnets(value):
    return sorted((s.get('az'), s.get('subnet_id')) for s in value or [])


def immutable_changes(params, current):
    """``["field: current X, requested Y", ...]`` for what Palette cannot change on an existing cluster."""
    changes = []
    simple = ('cloud_type', 'region', 'vpc_id', 'ssh_key_name', 'endpoint_access',
              'update_worker_pools_in_parallel', 'control_plane_load_balancer')
    for key in simple:
        want = params.get(key)
        if want not in (None, '') and want != current.get(key):
            changes.append('%s: current %s, requested %s' % (key, current.get(key), want))
    subnets = params.get('control_plane_subnets')
    if subnets is not None and _canon_subnets(subnets) != _canon_subnets(current.get('control_plane_subnets')):
        changes.append('control_plane_subnets: current %s, requested %s'
                       % (_canon_subnets(current.get('control_plane_subnets')), _canon_subnets(subnets)))
    key_arn = params.get('encryption_kms_key_arn')
    encryption = current.get('encryption') or {}
    # enabling encryption later is allowed; changing the key of an encrypted cluster is not (EKS)
    if key_arn and encryption.get('enabled') and key_arn != encryption.get('kms_key_arn'):
        changes.append('encryption_kms_key_arn: current %s, requested %s' % (encryption.get('kms_key_arn'), key_arn))
    return changes


def cluster_config_differences(params, current):
    """Day-2 cloud-config changes (endpoint CIDRs, enabling encryption): ``{option: (current, desired)}``."""
    diffs = {}
    for key in ('public_access_cidrs', 'private_access_cidrs'):
        want = params.get(key)
        if want is not None and sorted(want) != sorted(current.get(key) or []):
            diffs[key] = (current.get(key), want)
    key_arn = params.get('encryption_kms_key_arn')
    if key_arn and not (current.get('encryption') or {}).get('enabled'):
        diffs['encryption_kms_key_arn'] = (None, key_arn)
    return diffs


def build_cluster_config_update(params, current, cloud_type):
    """``v1EksCloudClusterConfigEntity`` / ``v1AwsCloudClusterConfigEntity`` for ``PUT .../clusterConfig``.

    ``current`` is the raw cloud-config read (``v1EksCloudConfig``/``v1AwsCloudConfig``) or its
    ``spec.clusterConfig``: every current field is sent back, with the desired CIDRs / encryption.
    """
    if current and 'spec' in current:
        current = current['spec'].get('clusterConfig')
    cfg = dict((k, copy.deepcopy(val)) for k, val in (current or {}).items()
               if k in _CLUSTER_CONFIG_KEYS[cloud_type] and val is not None)
    if cloud_type == 'eks':
        access = cfg.setdefault('endpointAccess', {})
        for key, field in (('public_access_cidrs', 'publicCIDRs'), ('private_access_cidrs', 'privateCIDRs')):
            if params.get(key) is not None:
                access[field] = list(params[key])
        key_arn = params.get('encryption_kms_key_arn')
        if key_arn and not (cfg.get('encryptionConfig') or {}).get('isEnabled'):
            cfg['encryptionConfig'] = {'isEnabled': True, 'provider': key_arn}
    return {'clusterConfig': cfg}


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
    return {'metadata': _metadata(current.get('name') or params.get('name'),
                                  tags_to_labels(desired_tags(params, current)), description)}
