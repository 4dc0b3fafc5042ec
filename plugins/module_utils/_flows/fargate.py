# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Machine-pool and Fargate-profile reconcile steps of an existing cluster.

Shared by ``aws_palette_cluster`` (inline ``node_pools`` / ``fargate_profiles``), ``node_pool`` and
``fargate_profile``. Every function takes the module (a ``PaletteModule``) and a ``ClusterContext``:

    ctx = load_cluster_context(module, module.params['cluster'])      # fails the module if absent
    changed, before, after = reconcile_pool(module, ctx, desired_pool)  # option-shaped dicts
    changed, before = delete_pool(module, ctx, 'workers')
    changed, before, after = reconcile_fargate(module, ctx, [profile], purge=False)
    changed, before = delete_fargate_profile(module, ctx, 'fp-web')
    result = wait_pool_ready(module, ctx, 'workers', timeout=1800, progress=callback)

``desired_pool`` / ``profile`` use the option names of ``_specs.options`` (``None`` = unmanaged).
``before`` / ``after`` are normalised option-shaped dicts (``None`` when the object did not / will not
exist), ready for a ``diff``. All writes go through ``module.write`` / ``module.create``, so check mode
writes nothing and still returns the predicted ``after``. Input errors fail the module (``fail_json``)
before any write; API errors fail it through ``module.fail_api`` with the action that failed.
After a write the context's cloud config is re-read lazily (``ctx.refresh``), and only then: a run that
changes nothing reads it once.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_context import api_step, load_child_context, object_diff, options_of
from ansible_collections.palette.aws.plugins.module_utils._specs import fargate as fargate_spec
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_options import FARGATE_PROFILE_OPTIONS


def _fargate_view(read_list):
    """``{name: normalised profile}`` of a read (or request) ``fargateProfiles`` list."""
    return dict((p.get("name"), fargate_spec.normalise_fargate_profile(p)) for p in read_list or [])


def validate_fargate(module, ctx, profiles, path="fargate_profiles"):
    """Errors for a list of desired profiles (EKS only; static placement needs subnets)."""
    if ctx.cloud_type != "eks":
        return ["%s: Fargate profiles exist only on EKS clusters (cluster %s has cloud type %s); remove them"
                % (path, ctx.name, ctx.cloud_type)]
    static = ctx.static(module) if ctx.exists else None
    current = ctx.fargate_read(module) if ctx.exists else []
    errors = []
    for index, profile in enumerate(profiles or []):
        effective = fargate_spec.effective_fargate_profile(profile, current)
        errors += fargate_spec.validate_fargate_profile(effective, "%s[%d]" % (path, index), static=static)
    names = [p.get("name") for p in profiles or []]
    for name in sorted(set(n for n in names if names.count(n) > 1)):
        errors.append("%s: profile %s is listed more than once; list each profile once" % (path, name))
    return errors


def _put_fargate(module, ctx, new_list, before, after):
    if _canon_view(before) == _canon_view(after):
        return False
    api_step(module, "replace the Fargate profiles of cluster %s" % ctx.name, module.write, "PUT",
          paths.cloud_config("eks", ctx.config_uid, "/fargateProfiles"), body={"fargateProfiles": new_list})
    if not module.check_mode:
        ctx.refresh()
    return True


def _canon_view(view):
    out = {}
    for name, profile in (view or {}).items():
        selectors = [(s.get("namespace"), sorted((s.get("labels") or {}).items())) for s in profile.get("selectors") or []]
        out[name] = dict(profile, subnets=sorted(profile.get("subnets") or []), selectors=sorted(selectors))
    return out


def reconcile_fargate(module, ctx, desired_list, purge=False, path="fargate_profiles", validate=True):
    """Make the listed profiles present (unset options keep their value); ``purge`` removes unlisted ones.

    Palette replaces the whole list, so one PUT carries every profile. Returns
    ``(changed, before, after)`` as ``{profile name: profile}`` maps of the whole list.
    """
    if validate:
        errors = validate_fargate(module, ctx, desired_list, path)
        if errors:
            module.fail_json(msg="; ".join(errors))
    current = ctx.fargate_read(module)
    new_list = fargate_spec.merge_fargate_profile_list(current, desired_list, purge=purge)
    before, after = _fargate_view(current), _fargate_view(new_list)
    return _put_fargate(module, ctx, new_list, before, after), before, after


def delete_fargate_profile(module, ctx, name):
    """Remove one profile (PUT of the list without it). Returns ``(changed, before)``."""
    if ctx.cloud_type != "eks":
        return False, None
    current = ctx.fargate_read(module)
    before = _fargate_view(current)
    if name not in before:
        return False, None
    new_list = fargate_spec.merge_fargate_profiles(current, {"name": name}, state="absent")
    _put_fargate(module, ctx, new_list, before, _fargate_view(new_list))
    return True, before[name]


REPLACED_NOTE = ("replaced: EKS cannot change a Fargate profile in place, so Palette deletes and recreates it; "
                 "its pods are rescheduled")


def _aws_error_types():
    from ansible_collections.palette.aws.plugins.module_utils._aws.session import aws_errors

    return aws_errors()


def check_private_subnets(module, region, subnet_ids):
    """Fail naming any subnet that does not exist or routes to an internet gateway (Fargate needs private
    subnets). When AWS cannot be asked (no credentials, no permission) warn and go on: Palette checks too."""
    from ansible_collections.palette.aws.plugins.module_utils._aws.session import AwsConfigError, aws_error_message, build_client
    from ansible_collections.palette.aws.plugins.module_utils._aws.subnets import SubnetLookupError, subnets_routing_to_igw

    skipped = "subnets of Fargate profile %s not checked in AWS (%s); set validate_subnets: false to skip the check"
    try:
        ec2 = build_client(dict(module.params, region=region or module.params.get("region")), "ec2")
        public = subnets_routing_to_igw(ec2, subnet_ids)
    except AwsConfigError as exc:
        module.warn(skipped % (module.params["name"], exc))
        return
    except SubnetLookupError as exc:
        module.fail_json(msg="Fargate profile %s: %s (region %s); give subnets of the cluster's VPC"
                             % (module.params["name"], exc, region))
    except _aws_error_types() as exc:
        module.warn(skipped % (module.params["name"], aws_error_message(exc, "ec2:DescribeSubnets")))
        return
    if public:
        what = "subnet %s routes" % public[0] if len(public) == 1 else "subnets %s route" % ", ".join(public)
        module.fail_json(msg="Fargate profile %s: %s to an internet gateway (public); Fargate pods run only in private "
                             "subnets, so give subnets whose route table has no route to an internet gateway (a NAT "
                             "gateway is fine)" % (module.params["name"], what))


def run_fargate_profile(module):
    """present: add or replace the profile in the cluster's list; absent: remove it. Others stay."""
    params = module.params
    name = params["name"]
    ctx = load_child_context(module, "fargate_profile", replaced=False)
    if ctx is None:
        errors = fargate_spec.validate_fargate_profile(options_of(module, FARGATE_PROFILE_OPTIONS))
        if errors:
            module.fail_json(msg="; ".join(errors))
        after = fargate_spec.normalise_fargate_profile(
            fargate_spec.build_fargate_profile(options_of(module, FARGATE_PROFILE_OPTIONS)))
        module.exit_resource("fargate_profile", dict(after, cluster_uid=None), changed=True, replaced=False,
                             diff=object_diff(None, after, "Fargate profile %s of cluster %s" % (name, params["cluster"])))
    what = "Fargate profile %s of cluster %s" % (name, ctx.name)
    if ctx.cloud_type != "eks":
        module.fail_json(msg="cluster %s is an AWS IaaS cluster; Fargate profiles exist only on EKS clusters"
                             % ctx.name)
    if params["state"] == "absent":
        changed, before = delete_fargate_profile(module, ctx, name)
        module.exit_resource("fargate_profile", {}, changed=changed, replaced=False, diff=object_diff(before, None, what))
    desired = fargate_spec.effective_fargate_profile(options_of(module, FARGATE_PROFILE_OPTIONS), ctx.fargate_read(module))
    errors = fargate_spec.validate_fargate_profile(desired, static=ctx.static(module))
    if errors:
        module.fail_json(msg="; ".join(errors))
    if params["validate_subnets"] and params.get("subnets"):
        check_private_subnets(module, ctx.cluster_config(module).get("region"), params["subnets"])
    changed, before_all, after_all = reconcile_fargate(module, ctx, [desired], validate=False)
    before, after = before_all.get(name), after_all.get(name)
    replaced = bool(changed and before is not None)
    module.exit_resource("fargate_profile", dict(after or {}, cluster_uid=ctx.uid), changed=changed,
                         replaced=replaced, diff=object_diff(before, after, what, REPLACED_NOTE if replaced else None))
