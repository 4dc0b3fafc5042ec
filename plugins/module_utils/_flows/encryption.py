# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""kms_secret_encryption: check a KMS key (AWS + Palette) and enable EKS secrets encryption with it.

The AWS-side key checks live in ``_aws_kms``; this file finds the principal Palette uses, adds Palette's
own ``kmskeys/validate`` check and the cluster-side check, and makes the one write (the EKS cluster
config with ``encryptionConfig``), then reads it back to verify it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError, PaletteError
from ansible_collections.palette.aws.plugins.module_utils._api.lookup import get_cloud_config
from ansible_collections.palette.aws.plugins.module_utils._specs.validation import validate_kms_key

IRREVERSIBLE = ("EKS cannot disable secrets encryption or move it to another key once it is enabled; "
                "to use another key, create a new cluster")


def check(name, status, detail):
    return {"name": name, "status": status, "detail": detail}


# -- cluster side ---------------------------------------------------------------------------------

def encryption_of(cluster_config):
    """``{enabled, kms_key_arn, resources}`` from a read ``v1EksClusterConfig``."""
    enc = (cluster_config or {}).get("encryptionConfig") or {}
    enabled = bool(enc.get("isEnabled"))
    return {"enabled": enabled, "kms_key_arn": enc.get("provider") if enabled else None,
            "resources": list(enc.get("resources") or [])}


def build_cluster_config(cluster_config, key):
    """The full ``v1EksCloudClusterConfigEntity``: the current config with encryption enabled.

    The PUT replaces the whole cluster config, so every current field is sent back unchanged.
    """
    body = copy.deepcopy(cluster_config or {})
    enc = dict(body.get("encryptionConfig") or {})
    enc.update(isEnabled=True, provider=key)
    body["encryptionConfig"] = enc
    return {"clusterConfig": body}


def same_key(current, wanted, resolve):
    """True when two key references (ARN, alias, alias ARN, id) name the same key.

    ``resolve(ref)`` returns the key ARN of a reference, or None; it is only called when the strings differ.
    """
    if current == wanted:
        return True
    left, right = resolve(current), resolve(wanted)
    return bool(left) and left == right


def cluster_check(current, key, resolve):
    """Can the cluster take ``key``? ok when encryption is off or on with the same key."""
    if not current["enabled"]:
        return check("cluster_encryption", "ok", "Secrets encryption is off; it can be enabled with %s" % key)
    if same_key(current["kms_key_arn"], key, resolve):
        return check("cluster_encryption", "ok", "Secrets encryption is already enabled with %s" % key)
    return check("cluster_encryption", "fail",
                 "Secrets encryption is already enabled with %s, requested %s; %s"
                 % (current["kms_key_arn"], key, IRREVERSIBLE))


# -- principal ------------------------------------------------------------------------------------

def _user_of_access_key(iam, access_key):
    """ARN of the IAM user owning ``access_key`` (the key id, not the secret), or (None, reason)."""
    from ansible_collections.palette.aws.plugins.module_utils._aws.session import aws_error_message, aws_errors

    try:
        user = iam.get_access_key_last_used(AccessKeyId=access_key).get("UserName")
        if not user:
            return None, "AWS did not name the IAM user of the cloud account's access key"
        return iam.get_user(UserName=user)["User"]["Arn"], None
    except aws_errors() as exc:
        return None, ("the IAM user of the cloud account's access key cannot be found (%s); give principal_arn"
                      % aws_error_message(exc, "iam:GetAccessKeyLastUsed"))


def find_principal(module, iam, account_uid):
    """(principal ARN or None, ``principal`` check) for the role or user Palette uses."""
    from ansible_collections.palette.aws.plugins.module_utils._aws.kms import palette_principal

    explicit = module.params.get("principal_arn")
    account = None
    if not explicit and account_uid:
        try:
            account = module.read_or_none(paths.aws_account(account_uid))
        except PaletteError as err:
            return None, check("principal", "unknown", "cannot read the cluster's cloud account: %s" % err)
    principal, how = palette_principal(account, explicit)
    spec = (account or {}).get("spec") or {}
    if principal is None and spec.get("credentialType") == "secret" and spec.get("accessKey") and iam is not None:
        principal, reason = _user_of_access_key(iam, spec["accessKey"])
        how = "IAM user of the access-key cloud account" if principal else reason
    if principal is None:
        return None, check("principal", "unknown", "The principal Palette uses is not known: %s" % how)
    return principal, check("principal", "ok", "%s (%s)" % (principal, how))


# -- checks ---------------------------------------------------------------------------------------

def _aws_clients(module, region):
    """(kms, iam, sts) for ``region``, or (None, reason) when AWS cannot be reached from here."""
    from ansible_collections.palette.aws.plugins.module_utils._aws.session import AwsConfigError, build_client

    params = dict(module.params, region=region or module.params.get("region"))
    try:
        return tuple(build_client(params, service) for service in ("kms", "iam", "sts")), None
    except AwsConfigError as exc:
        return None, str(exc)


def _aws_unusable(reason):
    return [check("key_exists", "unknown", "AWS checks skipped: %s" % reason)]


def aws_checks(module, key, region, account_uid, clients=None):
    """``principal`` plus the ``_aws_kms`` key checks; all ``unknown`` when AWS cannot be used.

    ``clients``: the ``(kms, iam, sts)`` of ``_aws_clients`` when the caller already built them.
    """
    from ansible_collections.palette.aws.plugins.module_utils._aws.kms import kms_key_checks

    reason = None
    if clients is None:
        clients, reason = _aws_clients(module, region)
    if clients is None:
        return _aws_unusable(reason), None
    kms, iam, sts = clients
    principal, principal_check = find_principal(module, iam, account_uid)
    return [principal_check] + kms_key_checks(kms, iam, sts, key, region, principal), kms


def key_checks(kms, key, region):
    """The checks of the key itself (exists, Enabled, spec, usage): what still matters for a key already in use.

    No principal, key policy or IAM check: those only matter to enable encryption (the grant EKS creates).
    """
    from ansible_collections.palette.aws.plugins.module_utils._aws.kms import describe_kms_key, key_attribute_checks

    meta, failed = describe_kms_key(kms, key, region)
    if failed:
        return [failed]
    return ([check("key_exists", "ok", "Key %s (%s) found in %s" % (meta["KeyId"], meta["Arn"], region))]
            + key_attribute_checks(meta))


def palette_check(module, key, region, account_uid):
    """Palette's own validation of the key with the cluster's cloud account."""
    if not account_uid:
        return check("palette_validation", "unknown", "The cluster's cloud account is not known")
    try:
        module.read(paths.kms_key_validate(region), query={"cloudAccountUid": account_uid, "keyArn": key})
    except PaletteApiError as err:
        if err.status and 400 <= err.status < 500:
            return check("palette_validation", "fail", "Palette rejected the key: %s" % err)
        return check("palette_validation", "unknown", "Palette could not validate the key: %s" % err)
    return check("palette_validation", "ok", "Palette validated %s with cloud account %s" % (key, account_uid))


def key_resolver(kms):
    """``resolve(ref)`` -> key ARN via kms:DescribeKey (None when it cannot tell), cached."""
    cache = {}

    def resolve(ref):
        if not ref:
            return None
        if ref not in cache:
            cache[ref] = None
            if kms is not None:
                from ansible_collections.palette.aws.plugins.module_utils._aws.session import aws_errors

                try:
                    cache[ref] = kms.describe_key(KeyId=ref)["KeyMetadata"]["Arn"]
                except aws_errors():
                    cache[ref] = None
        return cache[ref]

    return resolve


# -- module flow ----------------------------------------------------------------------------------

def _load(module):
    """``ClusterContext`` of the ``cluster`` option; fails the module unless it is an EKS cluster."""
    from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_context import load_cluster_context

    ctx = load_cluster_context(module, module.params["cluster"], required=not module.check_mode)
    if ctx is None:
        # A dry run of a deploy play: the cluster task only predicted the create.
        module.warn("cluster %s does not exist; check mode predicts secrets encryption as if the cluster had been "
                    "created, without the key checks" % module.params["cluster"])
        key = module.params["kms_key_arn"]
        module.exit_resource("encryption", {"enabled": True, "kms_key_arn": key, "resources": [], "cluster_uid": None,
                                            "cloud_config_uid": None}, changed=not module.params["validate_only"], checks=[],
                             diff={"before": {}, "after": {"encryption": {"enabled": True, "kms_key_arn": key}}})
    if ctx.cloud_type != "eks":
        module.fail_json(msg="cluster %s is an AWS IaaS cluster (cloud_type aws); secrets encryption with a KMS key "
                             "is an EKS feature" % module.params["cluster"])
    return ctx


def _account_uid(module, ctx):
    """Uid of the cluster's cloud account (``spec.cloudAccountRef`` of the cloud config)."""
    spec = ctx.load(module).get("spec") or {}
    return (spec.get("cloudAccountRef") or {}).get("uid") or (ctx.cluster.get("spec") or {}).get("cloudAccountUid")


KEY_CHECKS = ("key_exists", "key_enabled", "key_spec", "key_usage")
KEY_FIX = ("give a symmetric ENCRYPT_DECRYPT key (key spec SYMMETRIC_DEFAULT, key usage ENCRYPT_DECRYPT) that exists "
           "and is Enabled in %s")
SKIPPED_WHEN_IN_USE = ("nothing to change, so the checks that only matter to enable it (principal, key_policy, "
                       "iam_permissions, palette_validation) were not run; validate_only=true runs them")


def _fixes(failed, where, current, in_use):
    """How to fix the failed checks, one clause per kind of failure; ``where``: the cluster's region, in words."""
    names = set(c["name"] for c in failed)
    fixes = []
    if in_use and names & set(KEY_CHECKS):
        fixes.append("the cluster's secrets are encrypted with this key and EKS cannot move them to another key: "
                     "enable the key again (or cancel its deletion) in AWS KMS, in %s" % where)
    elif names & set(KEY_CHECKS):
        fix = KEY_FIX % where
        if names & set(KEY_CHECKS) == set(["key_enabled"]):
            fix += ", or enable this key in AWS KMS"
        fixes.append(fix)
    elif "palette_validation" in names:
        fixes.append("give a key that Palette accepts with the cluster's cloud account: " + KEY_FIX % where)
    if "key_policy" in names:
        fixes.append("change the key policy so that the principal Palette uses may call kms:Encrypt, kms:Decrypt, "
                     "kms:CreateGrant and kms:DescribeKey on the key, or give another key")
    if "iam_permissions" in names:
        fixes.append("let the principal Palette uses call kms:CreateGrant, kms:DescribeKey, kms:ListAliases and "
                     "kms:ListKeys in IAM (set principal_arn when Palette uses another principal than the one checked)")
    if "cluster_encryption" in names:
        fixes.append("give the key already in use, %s, or create a new cluster for another key" % current["kms_key_arn"])
    return fixes


def _fail_checks(module, key, checks, encryption, region, in_use=False):
    """Fail with ``kms_key_arn: key ... fails checks: name (detail); ... To fix: ...``."""
    failed = [c for c in checks if c["status"] == "fail"]
    where = "%sthe region of cluster %s" % ("%s, " % region if region else "", module.params["cluster"])
    module.fail_json(msg="kms_key_arn: key %s fails checks: %s. To fix: %s."
                     % (key, "; ".join("%s (%s)" % (c["name"], c["detail"]) for c in failed),
                        "; ".join(_fixes(failed, where, encryption, in_use))),
                     checks=checks, encryption=encryption)


def _verify(module, ctx, key):
    config = get_cloud_config(module.client, "eks", ctx.config_uid) or {}
    after = encryption_of((config.get("spec") or {}).get("clusterConfig"))
    if not after["enabled"] or after["kms_key_arn"] != key:
        module.fail_json(msg="Palette accepted the cluster config of %s but its cloud config does not show secrets "
                             "encryption with %s (it shows %s)" % (module.params["cluster"], key, after))
    return after


def _all_checks(module, ctx, key, current, region):
    """(checks, in_use): AWS checks, Palette's validation and the cluster check, in that order.

    ``in_use``: secrets encryption is already on with this key (nothing will be written). Then only the key's own
    checks run (a disabled or deleted key breaks the cluster's secrets); the principal, key policy, IAM and
    Palette checks only decide whether encryption can be enabled, so they are not run (nor reported), which saves
    the cloud account and ``kmskeys/validate`` reads; the ``cluster_encryption`` detail says so. ``validate_only``
    always runs every check.
    """
    clients, reason = _aws_clients(module, region)
    kms = clients[0] if clients else None
    cluster = cluster_check(current, key, key_resolver(kms))
    in_use = current["enabled"] and cluster["status"] == "ok"
    if in_use and not module.params["validate_only"]:
        checks = key_checks(kms, key, region) if kms else _aws_unusable(reason)
        cluster["detail"] += "; " + SKIPPED_WHEN_IN_USE
        return checks + [cluster], in_use
    account_uid = _account_uid(module, ctx)
    if clients is None:
        checks = _aws_unusable(reason)
    else:
        checks, dummy = aws_checks(module, key, region, account_uid, clients=clients)
    checks.append(palette_check(module, key, region, account_uid))
    checks.append(cluster)
    return checks, in_use


def _region(module, cluster_config):
    """The cluster's region (``region`` only when it cannot be read); warns when ``region`` differs."""
    params = module.params
    region = cluster_config.get("region") or params.get("region")
    if params.get("region") and region != params["region"]:
        module.warn("region %s ignored: the key must be in the cluster's region %s" % (params["region"], region))
    return region


def run(module):
    params = module.params
    key = params["kms_key_arn"]
    if params["state"] == "absent":
        module.fail_json(msg="state=absent is not supported: %s" % IRREVERSIBLE)
    errors = validate_kms_key(key, "kms_key_arn")
    if errors:
        module.fail_json(msg="; ".join(errors))
    try:
        ctx = _load(module)
        cluster_config = ctx.cluster_config(module)
        current = encryption_of(cluster_config)
        ids = {"cluster_uid": ctx.uid, "cloud_config_uid": ctx.config_uid}
        region = _region(module, cluster_config)
        checks, in_use = _all_checks(module, ctx, key, current, region)
        if any(c["status"] == "fail" for c in checks):
            _fail_checks(module, key, checks, dict(current, **ids), region, in_use)
        for unknown in (c for c in checks if c["status"] == "unknown"):
            module.warn("KMS check %s could not be verified: %s" % (unknown["name"], unknown["detail"]))
        if params["validate_only"] or current["enabled"]:
            module.exit_resource("encryption", dict(current, **ids), changed=False, checks=checks)
        body = build_cluster_config(cluster_config, key)
        module.write("PUT", paths.cloud_config("eks", ctx.config_uid, "/clusterConfig"), body=body)
        # Check mode: the prediction is the body we would send; otherwise what Palette now reports.
        after = encryption_of(body["clusterConfig"]) if module.check_mode else _verify(module, ctx, key)
    except PaletteError as err:
        module.fail_api(err, "cannot enable secrets encryption of cluster %s" % params["cluster"])
    diff = {"before": {"encryption": {"enabled": current["enabled"], "kms_key_arn": current["kms_key_arn"]}},
            "after": {"encryption": {"enabled": True, "kms_key_arn": key}}}
    module.exit_resource("encryption", dict(after, **ids), changed=True, diff=diff, checks=checks)
