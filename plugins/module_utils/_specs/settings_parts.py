# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Builders, readers and validators of the newer cluster settings (REFERENCE.md 10.1, 10.2, 10.7).

Namespaces with resource quotas, the host-cluster setting (Palette Virtual Clusters), the agent-upgrade lock,
the on-demand OS patch time and the profile-change install trigger. Pure functions; ``settings_table`` wires
them into rows.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re

from ansible_collections.palette.aws.plugins.module_utils._specs import validation as v

HOST_ENDPOINT_TYPES = ('Ingress', 'LoadBalancer')
ZERO_TIME = '0001-01-01T00:00:00.000Z'
# a namespace name written /.../ or ~/.../ is a regular expression (Terraform's rule)
_REGEX_NAME = re.compile(r'^~?/.+/$')
_IANA = re.compile(r'^(UTC|GMT|[A-Z][A-Za-z_]+(/[A-Za-z0-9_+-]+){1,2}|Etc/GMT[+-]\d{1,2})$')


# ----------------------------------------------------------------------------------------- namespaces

def normalise_namespaces(read):
    """``v1ClusterNamespaceResources`` -> ``[{name, cpu_cores, memory_mib, gpu_limit}]`` sorted by name."""
    out = []
    for item in (read or {}).get('items') or []:
        alloc = ((item.get('spec') or {}).get('resourceAllocation') or {})
        gpu = (alloc.get('gpuConfig') or {}).get('limit')
        out.append({'name': (item.get('metadata') or {}).get('name'),
                    'cpu_cores': float(alloc['cpuCores']) if alloc.get('cpuCores') is not None else None,
                    'memory_mib': int(alloc['memoryMiB']) if alloc.get('memoryMiB') is not None else None,
                    'gpu_limit': gpu if gpu not in (None, 0) else None})
    return sorted(out, key=lambda n: n['name'] or '')


def desired_namespaces(desired):
    return sorted(({'name': n.get('name'),
                    'cpu_cores': float(n['cpu_cores']) if n.get('cpu_cores') is not None else None,
                    'memory_mib': int(n['memory_mib']) if n.get('memory_mib') is not None else None,
                    'gpu_limit': n.get('gpu_limit') or None} for n in desired or []),
                  key=lambda n: n['name'] or '')


def namespaces_differences(desired, current):
    want = desired_namespaces(desired)
    have = current or []
    return {'namespaces': (have, want)} if want != have else {}


def namespace_entities(desired):
    """``[v1ClusterNamespaceResourceInputEntity]`` of the desired namespaces (the whole set)."""
    out = []
    for ns in desired_namespaces(desired):
        alloc = {}
        if ns['cpu_cores'] is not None:
            alloc['cpuCores'] = ns['cpu_cores']
        if ns['memory_mib'] is not None:
            alloc['memoryMiB'] = ns['memory_mib']
        if ns['gpu_limit'] is not None:
            alloc['gpuConfig'] = {'limit': ns['gpu_limit'], 'provider': 'nvidia'}
        spec = {'isRegex': bool(_REGEX_NAME.match(ns['name'] or ''))}
        if alloc:
            spec['resourceAllocation'] = alloc
        out.append({'metadata': {'name': ns['name']}, 'spec': spec})
    return out


def build_namespaces(desired, _current=None, _refs=None):
    """``v1ClusterNamespaceResourcesUpdateEntity`` for ``PUT .../config/namespaces``."""
    return {'namespaces': namespace_entities(desired)}


def validate_namespaces(desired, _current=None, path='namespaces'):
    errors = []
    for index, ns in enumerate(desired or []):
        where = v.item('', path, index)
        name = ns.get('name') or ''
        if not _REGEX_NAME.match(name):
            errors += v.validate_dns1123_label(name, v.join(where, 'name'), 'namespace name')
        for key in ('cpu_cores', 'memory_mib'):
            if ns.get(key) is not None and ns[key] <= 0:
                errors.append('%s: must be more than 0 (or leave it unset for no quota)' % v.join(where, key))
        errors += v.validate_range(ns.get('gpu_limit'), -1, 2147483647, v.join(where, 'gpu_limit'))
    for dup in v.duplicates([ns.get('name') for ns in desired or []]):
        errors.append('%s: the namespace %s is listed more than once' % (path, dup))
    return errors


# ------------------------------------------------------------------------------------------ host cluster

def normalise_host_cluster(cluster):
    """``spec.clusterConfig.hostClusterConfig`` of a cluster -> option shape."""
    cfg = (((cluster or {}).get('spec') or {}).get('clusterConfig') or {}).get('hostClusterConfig') or {}
    endpoint = cfg.get('clusterEndpoint') or {}
    config = endpoint.get('config') or {}
    enabled = bool(cfg.get('isHostCluster'))
    return {'enabled': enabled,
            'endpoint_type': (endpoint.get('type') or None) if enabled else None,
            'ingress_host': ((config.get('ingressConfig') or {}).get('host') or None) if enabled else None,
            'load_balancer_source_ranges': sorted((config.get('loadBalancerConfig') or {})
                                                  .get('loadBalancerSourceRanges') or []) if enabled else []}


def _host_effective(desired):
    desired = desired or {}
    enabled = bool(desired.get('enabled'))
    return {'enabled': enabled,
            'endpoint_type': (desired.get('endpoint_type') or 'Ingress') if enabled else None,
            'ingress_host': desired.get('ingress_host') if enabled else None,
            'load_balancer_source_ranges': sorted(desired.get('load_balancer_source_ranges') or []) if enabled else []}


def host_cluster_differences(desired, current):
    want = _host_effective(desired)
    have = current or _host_effective(None)
    return dict((k, (have.get(k), want[k])) for k in want if want[k] != have.get(k))


def host_cluster_config(desired):
    """``v1HostClusterConfig``; disabled = ``{isHostCluster: false}`` (Terraform's body)."""
    eff = _host_effective(desired)
    if not eff['enabled']:
        return {'isHostCluster': False}
    config = {}
    if eff['endpoint_type'] == 'Ingress' and eff['ingress_host']:
        config['ingressConfig'] = {'host': eff['ingress_host']}
    if eff['endpoint_type'] == 'LoadBalancer' and eff['load_balancer_source_ranges']:
        config['loadBalancerConfig'] = {'loadBalancerSourceRanges': eff['load_balancer_source_ranges']}
    endpoint = {'type': eff['endpoint_type']}
    if config:
        endpoint['config'] = config
    return {'isHostCluster': True, 'clusterEndpoint': endpoint}


def build_host_cluster(desired, _current=None, _refs=None):
    """``v1HostClusterConfigEntity`` for ``PATCH .../clusterConfig/hostCluster``."""
    return {'hostClusterConfig': host_cluster_config(desired)}


def validate_host_cluster(desired, _current=None, path='host_cluster'):
    desired = desired or {}
    errors = v.validate_choice(desired.get('endpoint_type'), HOST_ENDPOINT_TYPES, v.join(path, 'endpoint_type'))
    kind = desired.get('endpoint_type') or 'Ingress'
    if desired.get('ingress_host') and kind != 'Ingress':
        errors.append('%s: only with endpoint_type Ingress; remove it or set endpoint_type: Ingress'
                      % v.join(path, 'ingress_host'))
    if desired.get('load_balancer_source_ranges') and kind != 'LoadBalancer':
        errors.append('%s: only with endpoint_type LoadBalancer' % v.join(path, 'load_balancer_source_ranges'))
    errors += v.validate_cidr_list(desired.get('load_balancer_source_ranges'),
                                   v.join(path, 'load_balancer_source_ranges'))
    if not desired.get('enabled') and any(desired.get(k) for k in ('endpoint_type', 'ingress_host',
                                                                   'load_balancer_source_ranges')):
        errors.append('%s: the endpoint options need enabled: true' % v.join(path, 'enabled'))
    return errors


# ------------------------------------------------------------------------------- timezone / agent lock

def validate_timezone(value, _current=None, path='timezone'):
    """An IANA time zone name (``America/New_York``, ``UTC``); checked against the zone database when there is one."""
    if value is None:
        return []
    if not _IANA.match(value):
        return ['%s: %r is not an IANA time zone name; use e.g. America/New_York, Europe/Paris or UTC'
                % (path, value)]
    try:
        import zoneinfo  # Python 3.9+; without it (or without tzdata) the pattern check is all we can do
        zoneinfo.ZoneInfo(value)
    except ImportError:
        return []
    except Exception:  # pylint: disable=broad-except  # ZoneInfoNotFoundError, or no tzdata at all
        if zoneinfo.available_timezones():
            return ['%s: %r is not a known IANA time zone; use e.g. America/New_York, Europe/Paris or UTC'
                    % (path, value)]
    return []


def agent_upgrades_paused(cluster):
    """Whether Palette's agent upgrades are locked: annotation ``spectroComponentsUpgradeForbidden``."""
    annotations = ((cluster or {}).get('metadata') or {}).get('annotations') or {}
    return str(annotations.get('spectroComponentsUpgradeForbidden')).lower() == 'true'


def build_agent_upgrades(desired, _current=None, _refs=None):
    """``v1ClusterUpgradeSettingsEntity`` for ``POST .../upgrade/settings``."""
    return {'spectroComponents': 'lock' if desired else 'unlock'}


# ---------------------------------------------------------------------------------- profile install

def pending_profile_changes(cluster):
    """True when profile changes wait for the spc-apply trigger (``status.spcApply.canBeApplied`` false)."""
    spc = ((cluster or {}).get('status') or {}).get('spcApply')
    return spc is not None and not spc.get('canBeApplied')


def install_differences(desired, current):
    """Only ``true`` asks for anything: pending changes are installed; ``false`` leaves them pending."""
    return {'install_profile_changes': (False, True)} if desired and current is False else {}


# ----------------------------------------------------------------------------------- OS patch time

def parse_patch_time(text):
    """An RFC 3339 date-time -> aware datetime in UTC; None for empty / Palette's zero time; ValueError if bad."""
    if not text or str(text).startswith('0001-'):
        return None
    text = str(text).strip().replace('z', 'Z')
    if text.endswith('Z'):
        text = text[:-1] + '+00:00'
    match = re.match(r'^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?([+-]\d{2}:\d{2})$', text)
    if not match:
        raise ValueError(text)
    stamp = datetime.datetime.strptime(match.group(1) + 'T' + match.group(2) + match.group(4).replace(':', ''),
                                       '%Y-%m-%dT%H:%M:%S%z')
    return stamp.astimezone(datetime.timezone.utc)


def canon_patch_time(text):
    """Canonical ``YYYY-MM-DDTHH:MM:SSZ`` (what results and diffs show), or None."""
    try:
        stamp = parse_patch_time(text)
    except ValueError:
        return text
    return stamp.strftime('%Y-%m-%dT%H:%M:%SZ') if stamp else None


def validate_patch_after(value, current=None, path='os_patch.patch_after', now=None):
    """RFC 3339; a new value more than 10 minutes in the past is refused (Terraform's rule)."""
    if value in (None, ''):
        return []
    try:
        stamp = parse_patch_time(value)
    except ValueError:
        return ['%s: %r is not an RFC 3339 date-time; use e.g. 2026-12-24T02:00:00Z' % (path, value)]
    if stamp is None or canon_patch_time(value) == canon_patch_time(current):
        return []
    now = now or datetime.datetime.now(datetime.timezone.utc)
    if stamp < now - datetime.timedelta(minutes=10):
        return ['%s: %s is more than 10 minutes in the past; give a time from now on (the nodes are patched once '
                'after it)' % (path, canon_patch_time(value))]
    return []
