# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""THE node pool table: one row per option (issue 10 item 2).

A row says where the option lives in the request entity ``{cloudConfig, poolConfig}`` (the flat read pool has
the same keys without the first level), how it is converted to and from the API, how it is compared, its
default on create, whether it is immutable, which pools may carry it (cloud type, role) and how its value is
checked. ``node_pool`` (build, read, compare) and ``pool_validation`` (validation, immutable guard) iterate
``ROWS``; ``pool_options`` derives the argument_spec from it.

Adding a pool option = one ``Row`` here (+ its docs and tests; a value check may go in ``pool_checks``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._specs import pool_checks as c
from ansible_collections.palette.aws.plugins.module_utils._specs import subnets as sn
from ansible_collections.palette.aws.plugins.module_utils._specs.options import (
    AMI_TYPES,
    CAPACITY_TYPES,
    TAINT_EFFECTS,
    UPDATE_STRATEGIES,
)

BOTH = ('eks', 'aws')
DEFAULT_AMI_TYPE = 'AL2023_x86_64_STANDARD'
ROOT_VOLUME_TYPES = ('gp2', 'gp3', 'io1', 'io2')
SKIP_K8S_UPGRADE = ('enabled', 'disabled')


class Row(object):
    """One pool option. ``place`` is the path in the request entity, or ``{cloud type: path}``.

    ``role``: None (any pool), ``worker`` or ``control_plane``. ``default``: value or ``f(eff, cloud_type)``,
    applied on create only. ``check(value, path)`` returns error strings. ``tf``: the Terraform attribute.
    """

    def __init__(self, key, arg, place=None, clouds=BOTH, role=None, default=None, immutable=False, check=None,
                 to_api=None, from_api=None, canon=None, put=None, get=None, tf=None):
        self.key, self.arg, self.clouds, self.role = key, arg, clouds, role
        self._place, self.default, self.immutable, self.check = place, default, immutable, check
        self.to_api = to_api or (lambda value: value)
        self.from_api = from_api or (lambda raw: raw)
        self.canon = canon or (lambda value: value)
        self._put, self._get, self.tf = put, get, tf

    def place(self, cloud_type):
        return self._place.get(cloud_type) if isinstance(self._place, dict) else self._place

    def applies(self, cloud_type, control_plane=None):
        if cloud_type not in self.clouds:
            return False
        if self.role is None or control_plane is None:
            return True
        return (self.role == 'control_plane') == bool(control_plane)

    def put(self, entity, value, cloud_type):
        """Write ``value`` (option-shaped; None removes it) into the request entity."""
        if self._put is not None:
            return self._put(entity, value, cloud_type)
        path = self.place(cloud_type)
        api = None if value is None else self.to_api(value)
        if api is None:  # unset, or a value the API spells as "absent" (an empty launch-template list)
            pop_path(entity, path)
        else:
            set_path(entity, path, api)

    def get(self, read, cloud_type):
        """The option-shaped value of a flat read pool."""
        if self._get is not None:
            return self._get(read, cloud_type)
        return self.from_api(get_path(read, self.place(cloud_type)[1:]))


def get_path(doc, path):
    for key in path:
        doc = doc.get(key) if isinstance(doc, dict) else None
    return doc


def set_path(doc, path, value):
    for key in path[:-1]:
        if not isinstance(doc.get(key), dict):
            doc[key] = {}
        doc = doc[key]
    doc[path[-1]] = value


def pop_path(doc, path):
    """Remove the leaf and every parent it leaves empty."""
    parents = []
    for key in path[:-1]:
        if not isinstance(doc.get(key), dict):
            return
        parents.append((doc, key))
        doc = doc[key]
    doc.pop(path[-1], None)
    for parent, key in reversed(parents):
        if parent[key]:
            break
        del parent[key]


def _put_subnets(entity, value, cloud_type):
    cloud = entity.setdefault('cloudConfig', {})
    if value:
        cloud['subnets'] = sn.subnet_entries(value)
        cloud['azs'] = sn.zones_of(value)
    else:
        cloud.pop('subnets', None)


def _put_control_plane(entity, value, cloud_type):
    pool = entity.setdefault('poolConfig', {})
    pool['isControlPlane'] = bool(value)
    pool.setdefault('labels', ['control-plane' if value else 'worker'])


def _security_groups_to_api(ids):
    return [{'id': group} for group in sorted(set(ids))] or None


def _security_groups_from_api(refs):
    return sorted(set(r['id'] for r in refs or [] if isinstance(r, dict) and r.get('id')))


def _sorted(value):
    return sorted(value) if value is not None else None


def _int_or_none(raw):
    return raw or None


_SUBNET = dict(az=dict(type='str', required=True), subnet_id=dict(type='str', required=True))
_TAINT = dict(key=dict(type='str', required=True, no_log=False), value=dict(type='str'),
              effect=dict(type='str', required=True, choices=list(TAINT_EFFECTS)))
_LT = ('cloudConfig', 'awsLaunchTemplate')

ROWS = (
    Row('name', dict(type='str', required=True), ('poolConfig', 'name'), tf='name'),
    Row('control_plane', dict(type='bool'), ('poolConfig', 'isControlPlane'), default=False, immutable=True,
        from_api=bool, canon=bool, put=_put_control_plane, tf='control_plane (aws)'),
    Row('count', dict(type='int'), ('poolConfig', 'size'), tf='count'),
    Row('min_size', dict(type='int'), ('poolConfig', 'minSize'), tf='min'),
    Row('max_size', dict(type='int'), ('poolConfig', 'maxSize'), tf='max'),
    Row('instance_type', dict(type='str'), ('cloudConfig', 'instanceType'), check=c.instance_type,
        from_api=_int_or_none, tf='instance_type'),
    Row('capacity_type', dict(type='str', choices=list(CAPACITY_TYPES)), ('cloudConfig', 'capacityType'),
        default='on-demand', from_api=lambda raw: raw or 'on-demand', tf='capacity_type'),
    Row('max_price', dict(type='str'), ('cloudConfig', 'spotMarketOptions', 'maxPrice'), check=c.price,
        tf='max_price'),
    Row('azs', dict(type='list', elements='str'), ('cloudConfig', 'azs'), to_api=sorted,
        from_api=lambda raw: sorted(raw or []), canon=_sorted, tf='azs'),
    Row('subnets', dict(type='list', elements='dict', options=_SUBNET), ('cloudConfig', 'subnets'),
        put=_put_subnets, get=lambda read, _t: sn.subnets_from_read(read.get('subnetIds')),
        canon=lambda value: sn.subnet_pairs(value) if value is not None else None,
        tf='az_subnets'),
    Row('disk_size_gb', dict(type='int'), ('cloudConfig', 'rootDeviceSize'), check=c.int_range(1, 2000),
        default=lambda eff, cloud_type: 60 if cloud_type == 'eks' else None, from_api=_int_or_none,
        tf='disk_size_gb'),
    Row('ami_type', dict(type='str', choices=list(AMI_TYPES)), ('cloudConfig', 'amiType'), clouds=('eks',),
        default=DEFAULT_AMI_TYPE, immutable=True, from_api=_int_or_none, tf='ami_type'),
    Row('ami_id', dict(type='str'), _LT + ('ami', 'id'), clouds=('eks',), check=c.aws_ids('ami'),
        tf='eks_launch_template.ami_id'),
    Row('labels', dict(type='dict'), ('poolConfig', 'additionalLabels'), check=c.labels, to_api=c.str_map,
        from_api=c.str_map, canon=c.str_map_or_none, tf='additional_labels'),
    Row('taints', dict(type='list', elements='dict', options=_TAINT), ('poolConfig', 'taints'), check=c.taints,
        to_api=c.taint_bodies, from_api=c.canon_taints, canon=c.canon_taints_or_none, tf='taints'),
    Row('additional_tags', dict(type='dict'), ('poolConfig', 'additionalTags'), check=c.tags, to_api=c.str_map,
        from_api=c.str_map, canon=c.str_map_or_none, tf='additional_tags (eks) / additional_labels tags'),
    Row('update_strategy', dict(type='str', choices=list(UPDATE_STRATEGIES)), ('poolConfig', 'updateStrategy', 'type'),
        default='RollingUpdateScaleOut', from_api=lambda raw: raw or 'RollingUpdateScaleOut', tf='update_strategy'),
    Row('max_surge', dict(type='str'), ('poolConfig', 'updateStrategy', 'maxSurge'), check=c.int_or_percent,
        tf='override_scaling.max_surge'),
    Row('max_unavailable', dict(type='str'), ('poolConfig', 'updateStrategy', 'maxUnavailable'),
        check=c.int_or_percent, tf='override_scaling.max_unavailable'),
    Row('node_repave_interval', dict(type='int'), ('poolConfig', 'nodeRepaveInterval'), clouds=('aws',),
        role='worker', check=c.int_range(0, 2 ** 31 - 1), tf='node_repave_interval'),
    # issue 13 item 1
    Row('additional_security_groups', dict(type='list', elements='str'),
        {'eks': _LT + ('additionalSecurityGroups',), 'aws': ('cloudConfig', 'additionalSecurityGroups')},
        check=c.aws_ids('sg'), to_api=_security_groups_to_api, from_api=_security_groups_from_api, canon=_sorted,
        tf='eks_launch_template.additional_security_groups (eks) / additional_security_groups (aws)'),
    Row('root_volume_type', dict(type='str', choices=list(ROOT_VOLUME_TYPES)), _LT + ('rootVolume', 'type'),
        clouds=('eks',), tf='eks_launch_template.root_volume_type'),
    Row('root_volume_iops', dict(type='int'), _LT + ('rootVolume', 'iops'), clouds=('eks',),
        check=c.int_range(100, 256000), tf='eks_launch_template.root_volume_iops'),
    Row('root_volume_throughput', dict(type='int'), _LT + ('rootVolume', 'throughput'), clouds=('eks',),
        check=c.int_range(125, 1000), tf='eks_launch_template.root_volume_throughput'),
    Row('skip_k8s_upgrade', dict(type='str', choices=list(SKIP_K8S_UPGRADE)), ('poolConfig', 'skipK8sUpgrade'),
        clouds=('aws',), role='worker', default='disabled', from_api=lambda raw: raw or 'disabled',
        tf='skip_k8s_upgrade'),
    # sent (false) on every pool as the SDK does (x-omitempty false); only an IaaS control plane may set it true
    Row('control_plane_as_worker', dict(type='bool'), ('poolConfig', 'useControlPlaneAsWorker'), default=False,
        from_api=bool, canon=lambda value: None if value is None else bool(value), tf='control_plane_as_worker'),
    Row('override_kubeadm_configuration', dict(type='str'), ('poolConfig', 'overrideKubeadmConfiguration'),
        clouds=('aws',), role='worker', check=c.kubeadm_overrides, tf='override_kubeadm_configuration'),
    Row('annotations', dict(type='dict'), ('poolConfig', 'additionalAnnotations'), check=c.annotations,
        to_api=c.str_map, from_api=c.str_map, canon=c.str_map_or_none, tf='additional_annotations'),
)

BY_KEY = dict((row.key, row) for row in ROWS)
KEYS = tuple(row.key for row in ROWS)
