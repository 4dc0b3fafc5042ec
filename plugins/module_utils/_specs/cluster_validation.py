# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input validation of ``aws_palette_cluster`` (re-exported by ``cluster``).

``validate_cluster(params, current=None)`` returns ``(errors, warnings)``: errors name the option
and the fix; warnings carry the docs' cautions (e.g. a public endpoint without 0.0.0.0/0).
``validate_run_options(params)`` returns the errors of the wait options and ``force_delete_after``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._specs import fargate as fp
from ansible_collections.palette.aws.plugins.module_utils._specs import node_pool as np
from ansible_collections.palette.aws.plugins.module_utils._specs import settings_table
from ansible_collections.palette.aws.plugins.module_utils._specs import validation as v
from ansible_collections.palette.aws.plugins.module_utils._specs.cluster_config import endpoint_flags
from ansible_collections.palette.aws.plugins.module_utils._specs.options import ENDPOINT_ACCESS, LOAD_BALANCER_SCHEMES
from ansible_collections.palette.aws.plugins.module_utils._specs.subnets import subnet_pairs, zones_of

CLOUD_TYPES = ('eks', 'aws')
EKS_ONLY = ('endpoint_access', 'public_access_cidrs', 'private_access_cidrs', 'control_plane_subnets',
            'encryption_kms_key_arn', 'fargate_profiles')
AWS_ONLY = ('control_plane_load_balancer',)
OPEN_CIDR = '0.0.0.0/0'


REVIEW_REPAVE_STATES = ('', 'Pending', 'Approved')


def cluster_name(params):
    """The cluster's name: option ``cluster`` (alias ``name``)."""
    return params.get('cluster') if params.get('cluster') is not None else params.get('name')


def endpoint_mode(access):
    """``endpointAccess`` read -> ``endpoint_access`` option value (None when neither is set)."""
    public, private = bool((access or {}).get('public')), bool((access or {}).get('private'))
    if public and private:
        return 'private_and_public'
    return 'public' if public else ('private' if private else None)


def validate_run_options(params):
    """Errors of the options that steer a run rather than describe the cluster (any ``state``): the wait
    options and ``force_delete_after``. Checked first, before any request."""
    errors = v.validate_wait_options(params)
    errors += v.validate_range(params.get('force_delete_after'), 0, None, 'force_delete_after')
    errors += v.validate_choice(params.get('review_repave_state'), REVIEW_REPAVE_STATES, 'review_repave_state')
    return errors


def validate_cluster(params, current=None):
    """``(errors, warnings)`` for ``aws_palette_cluster`` params; ``current`` = normalised cluster (update)."""
    current = current or None
    cloud_type = params.get('cloud_type') or (current or {}).get('cloud_type')
    errors = _basic(params, current, cloud_type)
    if cloud_type not in CLOUD_TYPES:
        return errors, []
    warnings = []
    errors += _cloud_type_options(params, cloud_type)
    region = params.get('region') or (current or {}).get('region')
    static = bool(params.get('vpc_id') or (current or {}).get('vpc_id'))
    errors += _placement(params, cloud_type, static, region, current)
    if cloud_type == 'eks':
        errors += _endpoint(params, current, warnings)
        errors += v.validate_kms_key(params.get('encryption_kms_key_arn'), 'encryption_kms_key_arn', region)
        errors += _fargate(params, static)
    errors += _pools(params, cloud_type, current)
    errors += _settings(params, current)
    return errors, warnings


def _basic(params, current, cloud_type):
    errors = v.validate_dns1123_label(cluster_name(params), 'cluster', 'cluster name')
    if params.get('cloud_account') is not None and not str(params['cloud_account']).strip():
        errors.append('cloud_account: empty; give the Palette cloud account name or uid')
    if current is None:
        for key, fix in (('cloud_type', 'eks (EKS) or aws (IaaS)'), ('region', 'the AWS region, e.g. us-east-1'),
                         ('cloud_account', 'the Palette cloud account name or uid'),
                         ('cluster_profiles', 'at least the infrastructure profile')):
            if not params.get(key):
                errors.append('%s: required to create the cluster; give %s' % (key, fix))
    errors += v.validate_choice(params.get('cloud_type'), CLOUD_TYPES, 'cloud_type')
    errors += v.validate_region(params.get('region'), 'region')
    errors += v.validate_aws_id(params.get('vpc_id'), 'vpc', 'vpc_id')
    errors += v.validate_tags(params.get('tags'), 'tags')
    for index, profile in enumerate(params.get('cluster_profiles') or []):
        where = v.item('', 'cluster_profiles', index)
        if not isinstance(profile, dict) or not (profile.get('uid') or profile.get('name')):
            errors.append('%s: give the profile uid, or its name (and version)' % where)
            continue
        for key in ('name', 'uid', 'version'):
            if profile.get(key) is not None and not str(profile[key]).strip():
                errors.append('%s: empty; give the profile %s or leave it out' % (v.join(where, key), key))
        if profile.get('uid') and not v.is_uid(profile['uid']):
            errors.append('%s: %r is not a Palette uid (24 hex digits); give the profile name instead'
                          % (v.join(where, 'uid'), profile['uid']))
        errors += v.validate_list_of_dicts(profile.get('pack_values'), v.join(where, 'pack_values'), ('name',))
    return errors


def _cloud_type_options(params, cloud_type):
    errors = []
    wrong = EKS_ONLY if cloud_type == 'aws' else AWS_ONLY
    other = 'eks' if cloud_type == 'aws' else 'aws'
    for key in wrong:
        if params.get(key) not in (None, [], {}):
            errors.append('%s: only for cloud_type %s; remove it for a cloud_type %s cluster'
                          % (key, other, cloud_type))
    errors += v.validate_choice(params.get('endpoint_access'), ENDPOINT_ACCESS, 'endpoint_access')
    errors += v.validate_choice(params.get('control_plane_load_balancer'), LOAD_BALANCER_SCHEMES,
                                'control_plane_load_balancer')
    return errors


def _placement(params, cloud_type, static, region, current):
    errors = []
    cp_subnets = params.get('control_plane_subnets')
    errors += v.validate_list_of_dicts(cp_subnets, 'control_plane_subnets', ('az', 'subnet_id'))
    # a zone may carry several subnets (public + private), as entries of its own or comma-joined ids
    for index, subnet in enumerate(s for s in cp_subnets or [] if isinstance(s, dict)):
        where = v.item('', 'control_plane_subnets', index)
        errors += v.validate_az(subnet.get('az'), v.join(where, 'az'), region) if subnet.get('az') else []
        for _az, subnet_id in subnet_pairs([subnet]) or [(None, subnet.get('subnet_id'))]:
            errors += v.validate_aws_id(subnet_id, 'subnet', v.join(where, 'subnet_id'))
    if cloud_type == 'eks' and static and current is None:
        zones = zones_of(cp_subnets)
        if len(zones) < 2:
            errors.append('control_plane_subnets: EKS static placement needs subnets in at least two availability '
                          'zones of vpc %s; list them as az/subnet_id pairs' % params.get('vpc_id'))
    if not static and cp_subnets:
        errors.append('control_plane_subnets: subnets mean static placement; set vpc_id too, or remove them for '
                      'dynamic placement')
    for index, pool in enumerate(params.get('node_pools') or []):
        errors += np.validate_pool_placement(pool, static, region, v.item('', 'node_pools', index))
    return errors


def _endpoint(params, current, warnings):
    errors = []
    mode = params.get('endpoint_access') or (current or {}).get('endpoint_access') or 'public'
    public_cidrs = params.get('public_access_cidrs')
    private_cidrs = params.get('private_access_cidrs')
    errors += v.validate_cidr_list(public_cidrs, 'public_access_cidrs')
    errors += v.validate_cidr_list(private_cidrs, 'private_access_cidrs')
    public, private = endpoint_flags(mode)
    if public_cidrs and not public:
        errors.append('public_access_cidrs: endpoint_access is %s, so there is no public endpoint; use '
                      'endpoint_access public or private_and_public, or remove public_access_cidrs' % mode)
    if private_cidrs and not private:
        errors.append('private_access_cidrs: endpoint_access is %s, so there is no private endpoint; use '
                      'endpoint_access private or private_and_public, or remove private_access_cidrs' % mode)
    for cidr in public_cidrs or []:
        if not v.validate_cidr(cidr, '') and not v.is_public_cidr_candidate(cidr):
            warnings.append('public_access_cidrs: %s is a private or reserved range and cannot reach the public '
                            'endpoint; put it in private_access_cidrs' % cidr)
    explicit = current is None or public_cidrs is not None or params.get('endpoint_access') is not None
    effective = public_cidrs if public_cidrs is not None else (current or {}).get('public_access_cidrs') or []
    if public and explicit and OPEN_CIDR not in effective:
        warnings.append(_open_cidr_warning(mode))
    return errors


def _open_cidr_warning(mode):
    if mode == 'public':
        return ('endpoint_access is public but public_access_cidrs does not include 0.0.0.0/0: the Palette docs '
                'warn that Palette will then not open the endpoint to all addresses, and with a public-only '
                'endpoint the nodes must reach it from their public addresses too. Add 0.0.0.0/0 or, as the docs '
                'recommend, use endpoint_access: private_and_public.')
    return ('endpoint_access is private_and_public and public_access_cidrs does not include 0.0.0.0/0: the '
            'public endpoint accepts only the listed CIDRs (nodes use the private endpoint). The Palette docs '
            'say to add 0.0.0.0/0 to open it to all addresses.')


def _fargate(params, static):
    errors = []
    profiles = params.get('fargate_profiles') or []
    for index, profile in enumerate(profiles):
        errors += fp.validate_fargate_profile(profile, v.item('', 'fargate_profiles', index), static=static)
    for dup in v.duplicates([p.get('name') for p in profiles]):
        errors.append('fargate_profiles: the name %s is used twice; profile names must be unique' % dup)
    return errors


def _pools(params, cloud_type, current):
    pools = params.get('node_pools')
    existing = dict((p['name'], p) for p in (current or {}).get('node_pools') or [])
    errors = []
    for index, pool in enumerate(pools or []):
        old = existing.get(pool.get('name'))
        errors += np.validate_node_pool(pool, cloud_type, v.item('', 'node_pools', index), current=old)
        if old:
            errors += np.pool_immutable_changes(pool, old)
    for dup in v.duplicates([p.get('name') for p in pools or []]):
        errors.append('node_pools: the name %s is used twice; pool names must be unique' % dup)
    karpenter = set((current or {}).get('karpenter_pools') or [])
    for index, pool in enumerate(pools or []):
        if pool.get('name') in karpenter:
            errors.append('%s: node pool %s is managed by Karpenter (label spectrocloud.com/managed-by:karpenter); '
                          'it is never changed by palette.aws, so remove it from node_pools'
                          % (v.item('', 'node_pools', index), pool['name']))
    after = _pools_after(pools or [], existing, params.get('purge_node_pools'))
    workers = [p for p in after if not p.get('control_plane')]
    control = [p for p in after if p.get('control_plane')]
    if (current is None or pools is not None) and not workers:
        errors.append('node_pools: a cluster needs at least one worker pool (a pool without control_plane: true)')
    if cloud_type == 'aws' and (current is None or pools is not None):
        if not control:
            errors.append('node_pools: an IaaS cluster needs one control-plane pool; add a pool with '
                          'control_plane: true, count 1, 3 or 5 and an instance_type'
                          + (' (purge_node_pools would delete the existing one)' if current else ''))
        elif len(control) > 1:
            errors.append('node_pools: %d control-plane pools (%s); an IaaS cluster has exactly one'
                          % (len(control), ', '.join(p.get('name') or '?' for p in control)))
    return errors


def _pools_after(pools, existing, purge):
    """The pools the cluster will have: listed ones over current ones (current dropped with purge)."""
    merged = {} if purge else dict(existing)
    for pool in pools:
        old = existing.get(pool.get('name')) or {}
        merged[pool.get('name')] = {'control_plane': pool.get('control_plane')
                                    if pool.get('control_plane') is not None else old.get('control_plane')}
    return list(merged.values())


def _settings(params, current):
    # a setting's current value is optional in ``current``: when absent (e.g. backup), it is assumed to exist
    if current is None:
        return settings_table.validate(params)
    return settings_table.validate(params, dict((row.key, current.get(row.key, {})) for row in settings_table.ROWS))
