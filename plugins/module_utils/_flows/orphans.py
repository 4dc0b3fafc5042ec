# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""orphaned_resources(_info): the module side of ``_aws_orphans`` (clients, the Palette guard, results)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteError
from ansible_collections.palette.aws.plugins.module_utils._api.lookup import find_cluster
from ansible_collections.palette.aws.plugins.module_utils._aws.orphans import find_orphans, purge_orphans
from ansible_collections.palette.aws.plugins.module_utils._aws.session import aws_client, aws_error_message, aws_errors
from ansible_collections.palette.aws.plugins.module_utils._specs import validation as v


def validate(module):
    """Fails the module on a cluster name Palette cannot have (nothing could be tagged with it), before any call."""
    errors = v.validate_dns1123_label(module.params["cluster_name"], "cluster_name", "cluster name")
    if errors:
        module.fail_json(msg="; ".join(errors))


def _clients(module):
    return lambda service: aws_client(module, service)


def report(module):
    """find_orphans for the module's cluster_name; fails the module on AWS errors."""
    try:
        return find_orphans(_clients(module), module.params["cluster_name"])
    except aws_errors() as exc:
        module.fail_json(msg=aws_error_message(exc, "orphan discovery for cluster %s" % module.params["cluster_name"]))


def live_cluster_state(module):
    """State of a Palette cluster of that name that still exists (not Deleted), else None."""
    try:
        cluster = find_cluster(module.client, name=module.params["cluster_name"])
    except PaletteError as err:
        module.fail_api(err, "cannot check in Palette that cluster %s is deleted (set require_cluster_deleted=false "
                             "to skip this check)" % module.params["cluster_name"])
    if cluster is None:
        return None
    return (cluster.get("status") or {}).get("state") or "Unknown"


def guard(module):
    """Refuses to purge while Palette still has the cluster: its resources are not orphans yet."""
    if not module.params["require_cluster_deleted"]:
        return
    state = live_cluster_state(module)
    if state is not None:
        module.fail_json(msg="cluster %s still exists in Palette (state %s); its AWS resources are not orphans. "
                             "Delete it first (aws_palette_cluster state=absent, with force_delete once it has been "
                             "stuck in Deleting for 15 minutes)" % (module.params["cluster_name"], state),
                         cluster_state=state)


def _failed_entries(failures):
    return ["%s %s: %s" % (rtype, entry["id"], entry["error"]) for rtype, entries in sorted(failures.items())
            for entry in entries]


def purge(module):
    """purge_orphans for the module's options; fails (with the partial result) when something could not go."""
    params = module.params
    try:
        result = purge_orphans(_clients(module), params["cluster_name"], include_volumes=params["include_volumes"],
                               check_mode=module.check_mode, wait_timeout=params["wait_timeout"])
    except aws_errors() as exc:
        module.fail_json(msg=aws_error_message(exc, "orphan purge for cluster %s" % params["cluster_name"]))
    failures = _failed_entries(result["failures"])
    if failures:
        module.fail_json(msg="could not delete %d orphaned resource(s) of cluster %s (re-run to retry): %s"
                         % (len(failures), params["cluster_name"], "; ".join(failures)), **result)
    return result
