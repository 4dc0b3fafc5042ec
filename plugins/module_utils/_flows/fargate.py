# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fargate-profile steps of an existing EKS cluster, shared by ``aws_palette_cluster`` (inline ``fargate_profiles``)
and ``fargate_profile``.

    errors = validate_fargate(module, ctx, profiles)                     # before any write
    changed, before, after = reconcile_fargate(module, ctx, [profile], purge=False)
    changed, before = delete_fargate_profile(module, ctx, 'fp-web')

Palette replaces the whole list on each PUT, so every change is a read-modify-write (issue 12): the list is read
again right before the PUT (an empty or malformed read is an error, never "no profiles"), the change merged into
it, and the result read back: a profile another writer had, or added meanwhile, that is missing after our PUT is
a conflict, merged again and retried (``CONFLICT_RETRIES``), then a Failure. Helpers raise ``Failure`` and return.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.retry import CONFLICT_RETRIES
from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_context import api_step, load_child_context, object_diff, options_of
from ansible_collections.palette.aws.plugins.module_utils._specs import fargate as fargate_spec
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_options import FARGATE_PROFILE_OPTIONS
from ansible_collections.palette.aws.plugins.module_utils.palette import Failure


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


def _write_fargate(module, ctx, merge):
    """Read-modify-write of the whole list. ``merge(read_list)`` returns the list to PUT. Returns
    ``(changed, before_view, after_view)``; in check mode nothing is written (the prediction is returned)."""
    current = list((ctx.checked(module).get("spec") or {}).get("fargateProfiles") or [])
    new_list = merge(current)
    before, after = _fargate_view(current), _fargate_view(new_list)
    if _canon_view(before) == _canon_view(after):
        return False, before, after
    if module.check_mode:
        return True, before, after
    for _attempt in range(CONFLICT_RETRIES):
        current = _fresh_list(module, ctx)           # right before the write
        new_list = merge(current)
        if _canon_view(_fargate_view(current)) == _canon_view(_fargate_view(new_list)):
            return True, before, _fargate_view(new_list)  # another writer made the same change
        api_step(module, "replace the Fargate profiles of cluster %s" % ctx.name, module.write, "PUT",
                 paths.cloud_config("eks", ctx.config_uid, "/fargateProfiles"), body={"fargateProfiles": new_list})
        written = _fresh_list(module, ctx)
        lost = _lost(new_list, written)
        if not lost:
            ctx.refresh()
            return True, before, _fargate_view(written)
        module.warn("Fargate profiles of cluster %s changed by another writer during this update (%s); merging again"
                    % (ctx.name, ", ".join(lost)))
    ctx.refresh()
    raise Failure("conflict: the Fargate profiles of cluster %s were changed by another writer while this task "
                  "updated them, %d times in a row (%s); run the task again when the other writer is done"
                  % (ctx.name, CONFLICT_RETRIES, ", ".join(lost)))


def _fresh_list(module, ctx):
    return list((ctx.fresh(module).get("spec") or {}).get("fargateProfiles") or [])


def _lost(sent, written):
    """Profiles sent whose read-back differs (or is missing): another writer's PUT replaced ours."""
    have = _canon_view(_fargate_view(written))
    want = _canon_view(_fargate_view(sent))
    return sorted(name for name in want if have.get(name) != want[name])


def _canon_view(view):
    out = {}
    for name, profile in (view or {}).items():
        selectors = [(s.get("namespace"), sorted((s.get("labels") or {}).items())) for s in profile.get("selectors") or []]
        out[name] = dict(profile, subnets=sorted(profile.get("subnets") or []), selectors=sorted(selectors))
    return out


def reconcile_fargate(module, ctx, desired_list, purge=False, path="fargate_profiles", validate=True):
    """Make the listed profiles present (unset options keep their value); ``purge`` removes unlisted ones.

    Palette replaces the whole list, so one PUT carries every profile. Returns ``(changed, before, after)`` as
    ``{profile name: profile}`` maps of the whole list.
    """
    if validate:
        errors = validate_fargate(module, ctx, desired_list, path)
        if errors:
            raise Failure("; ".join(errors), errors=errors)
    return _write_fargate(module, ctx, lambda current: fargate_spec.merge_fargate_profile_list(
        current, desired_list, purge=purge))


def delete_fargate_profile(module, ctx, name):
    """Remove one profile (PUT of the list without it). Returns ``(changed, before)``."""
    if ctx.cloud_type != "eks":
        return False, None
    before = _fargate_view((ctx.checked(module).get("spec") or {}).get("fargateProfiles"))
    if name not in before:
        return False, None
    _write_fargate(module, ctx, lambda current: fargate_spec.merge_fargate_profiles(current, {"name": name}, "absent"))
    return True, before[name]


REPLACED_NOTE = ("replaced: EKS cannot change a Fargate profile in place, so Palette deletes and recreates it; "
                 "its pods are rescheduled")


def _aws_error_types():
    from ansible_collections.palette.aws.plugins.module_utils._aws.session import aws_errors

    return aws_errors()


def check_private_subnets(module, region, subnet_ids, vpc_id=None):
    """Raise Failure naming any subnet that does not exist, is outside the cluster's VPC ``vpc_id`` or routes to an
    internet gateway (Fargate needs private subnets). When AWS cannot be asked (no credentials, no permission) warn
    and go on: Palette checks too."""
    from ansible_collections.palette.aws.plugins.module_utils._aws.session import AwsConfigError, aws_error_message, build_client
    from ansible_collections.palette.aws.plugins.module_utils._aws.subnets import annotate_public, describe_subnets

    name = module.params["name"]
    skipped = "subnets of Fargate profile %s not checked in AWS (%s); set validate_subnets: false to skip the check"
    try:
        ec2 = build_client(dict(module.params, region=region or module.params.get("region")), "ec2")
        subnets = describe_subnets(ec2, subnet_ids=subnet_ids)
        missing = sorted(set(subnet_ids) - set(s["SubnetId"] for s in subnets))
        if not missing:
            annotate_public(ec2, subnets)
    except AwsConfigError as exc:
        module.warn(skipped % (name, exc))
        return
    except _aws_error_types() as exc:
        module.warn(skipped % (name, aws_error_message(exc, "ec2:DescribeSubnets")))
        return
    if missing:
        raise Failure("Fargate profile %s: subnet(s) not found in region %s: %s; give subnets of the cluster's VPC"
                      % (name, region, ", ".join(missing)))
    outside = sorted(s["SubnetId"] for s in subnets if vpc_id and s.get("VpcId") != vpc_id)
    if outside:
        raise Failure("Fargate profile %s: subnet(s) %s are not in the cluster's VPC %s; give private subnets of %s"
                      % (name, ", ".join(outside), vpc_id, vpc_id))
    public = sorted(s["SubnetId"] for s in subnets if s.get("Public"))
    if public:
        what = "subnet %s routes" % public[0] if len(public) == 1 else "subnets %s route" % ", ".join(public)
        raise Failure("Fargate profile %s: %s to an internet gateway (public); Fargate pods run only in private "
                      "subnets, so give subnets whose route table has no route to an internet gateway (a NAT "
                      "gateway is fine)" % (name, what))


def run_fargate_profile(module):
    """present: add or replace the profile in the cluster's list; absent: remove it. Others stay. Returns the result."""
    params = module.params
    name = params["name"]
    options = options_of(module, FARGATE_PROFILE_OPTIONS)
    ctx = load_child_context(module, "fargate_profile")
    if ctx is None:
        if params["state"] == "absent":
            return module.resource_result("fargate_profile", {}, changed=False, replaced=False)
        _raise_errors(fargate_spec.validate_fargate_profile(options))
        after = fargate_spec.normalise_fargate_profile(fargate_spec.build_fargate_profile(options))
        return module.resource_result("fargate_profile", dict(after, cluster_uid=None), changed=True, replaced=False,
                                      diff=object_diff(None, after, "Fargate profile %s of cluster %s"
                                                       % (name, params["cluster"])))
    what = "Fargate profile %s of cluster %s" % (name, ctx.name)
    if ctx.cloud_type != "eks":
        raise Failure("cluster %s is an AWS IaaS cluster; Fargate profiles exist only on EKS clusters" % ctx.name)
    if params["state"] == "absent":
        changed, before = delete_fargate_profile(module, ctx, name)
        return module.resource_result("fargate_profile", {}, changed=changed, replaced=False,
                                      diff=object_diff(before, None, what))
    desired = fargate_spec.effective_fargate_profile(options, ctx.fargate_read(module))
    _raise_errors(fargate_spec.validate_fargate_profile(desired, static=ctx.static(module)))
    if params["validate_subnets"] and params.get("subnets"):
        config = ctx.cluster_config(module)
        check_private_subnets(module, config.get("region"), params["subnets"], config.get("vpcId"))
    changed, before_all, after_all = reconcile_fargate(module, ctx, [desired], validate=False)
    before, after = before_all.get(name), after_all.get(name)
    replaced = bool(changed and before is not None)
    return module.resource_result("fargate_profile", dict(after or {}, cluster_uid=ctx.uid), changed=changed,
                                  replaced=replaced,
                                  diff=object_diff(before, after, what, REPLACED_NOTE if replaced else None))


def _raise_errors(errors):
    if errors:
        raise Failure("; ".join(errors), errors=errors)
