# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""kms_secret_encryption and the create path of aws_palette_cluster: check a KMS key for EKS secrets encryption.

EKS secrets encryption is chosen when a cluster is created (REFERENCE.md section 11, issue 11 item 2): this file
never writes. The AWS-side key checks live in ``_aws.kms``; this file finds the principal Palette uses, adds
Palette's own ``kmskeys/validate`` check and the cluster-side check, and turns failed checks into a ``Failure``
that names the option and the fix. ``check_key_for_create`` is what the cluster create path runs before its POST.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError, PaletteError
from ansible_collections.palette.aws.plugins.module_utils._api.lookup import resolve_cloud_account
from ansible_collections.palette.aws.plugins.module_utils._aws.common import aws_error_message, aws_errors
from ansible_collections.palette.aws.plugins.module_utils._aws.common import check_result as check
from ansible_collections.palette.aws.plugins.module_utils._aws.kms import (
    describe_kms_key,
    key_attribute_checks,
    kms_key_checks,
    palette_principal,
)
from ansible_collections.palette.aws.plugins.module_utils._specs.validation import validate_kms_key, validate_region
from ansible_collections.palette.aws.plugins.module_utils.palette import Failure

IRREVERSIBLE = ("EKS cannot disable secrets encryption or move it to another key once it is enabled; "
                "to use another key, create a new cluster")
AT_CREATION = ("EKS secrets encryption is chosen when a cluster is created: create a new cluster with "
               "palette.aws.aws_palette_cluster and its option encryption_kms_key_arn (check the key first with "
               "kms_secret_encryption validate_only=true, region and cloud_account)")


# -- cluster side ---------------------------------------------------------------------------------

def encryption_of(cluster_config):
    """``{enabled, kms_key_arn, resources}`` from a read ``v1EksClusterConfig``."""
    enc = (cluster_config or {}).get("encryptionConfig") or {}
    enabled = bool(enc.get("isEnabled"))
    return {"enabled": enabled, "kms_key_arn": enc.get("provider") if enabled else None,
            "resources": list(enc.get("resources") or [])}


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
    from ansible_collections.palette.aws.plugins.module_utils._aws.session import AwsConfigError, build_client, register_secrets

    params = dict(module.params, region=region or module.params.get("region"))
    try:
        clients = tuple(build_client(params, service) for service in ("kms", "iam", "sts"))
    except AwsConfigError as exc:
        return None, str(exc)
    register_secrets(module, clients[0])
    return clients, None


def _aws_unusable(reason):
    return [check("key_exists", "unknown", "AWS checks skipped: %s" % reason)]


def aws_checks(module, key, region, account_uid, clients=None):
    """``principal`` plus the ``_aws_kms`` key checks; all ``unknown`` when AWS cannot be used.

    ``clients``: the ``(kms, iam, sts)`` of ``_aws_clients`` when the caller already built them.
    """
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
        if err.status and 400 <= err.status < 500 and err.status not in (401, 403, 429):
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
                try:
                    cache[ref] = kms.describe_key(KeyId=ref)["KeyMetadata"]["Arn"]
                except aws_errors():
                    cache[ref] = None
        return cache[ref]

    return resolve


# -- failures -------------------------------------------------------------------------------------

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
        fixes.append("change the key policy so that the principal Palette uses may call kms:CreateGrant and "
                     "kms:DescribeKey on the key (directly, or through the account root principal as AWS's default "
                     "key policy does) and so that it permits kms:Encrypt and kms:Decrypt, or give another key")
    if "iam_permissions" in names:
        fixes.append("let the principal Palette uses call kms:CreateGrant, kms:DescribeKey, kms:ListAliases and "
                     "kms:ListKeys in IAM (palette.aws.sts_role include_kms_policy=true attaches that policy; set "
                     "principal_arn when Palette uses another principal than the one checked)")
    if "cluster_encryption" in names:
        fixes.append("give the key already in use, %s, or create a new cluster for another key"
                     % (current or {}).get("kms_key_arn"))
    return fixes


def checks_failure(option, key, checks, where, current=None, in_use=False, **result):
    """``Failure``: ``<option>: key ... fails checks: name (detail); ... To fix: ...``."""
    failed = [c for c in checks if c["status"] == "fail"]
    return Failure("%s: key %s fails checks: %s. To fix: %s."
                   % (option, key, "; ".join("%s (%s)" % (c["name"], c["detail"]) for c in failed),
                      "; ".join(_fixes(failed, where, current, in_use))), checks=checks, **result)


def _warn_unknown(module, checks):
    for unknown in (c for c in checks if c["status"] == "unknown"):
        module.warn("KMS check %s could not be verified: %s" % (unknown["name"], unknown["detail"]))


def check_key_for_create(module, key, region, account_uid):
    """The key checks the create path of aws_palette_cluster runs before its POST; returns the checks.

    Raises Failure (naming ``encryption_kms_key_arn``) when a check fails, or when one is ``unknown`` and the user
    did not opt in with ``accept_unverified_key: true``: secrets encryption cannot be changed after the create.
    """
    checks, dummy = aws_checks(module, key, region, account_uid)
    checks.append(palette_check(module, key, region, account_uid))
    where = "%s, the region of the cluster" % region
    if any(c["status"] == "fail" for c in checks):
        raise checks_failure("encryption_kms_key_arn", key, checks, where)
    unknown = [c for c in checks if c["status"] == "unknown"]
    if unknown and not module.params.get("accept_unverified_key"):
        raise Failure("encryption_kms_key_arn: key %s could not be fully checked (%s) and secrets encryption cannot be "
                      "changed after the cluster is created; fix what stopped the checks, or set "
                      "accept_unverified_key: true to create the cluster with this key anyway"
                      % (key, "; ".join("%s: %s" % (c["name"], c["detail"]) for c in unknown)), checks=checks)
    _warn_unknown(module, checks)
    return checks


# -- module flow ----------------------------------------------------------------------------------

def _account_uid(module, ctx):
    """Uid of the cluster's cloud account (``spec.cloudAccountRef`` of the cloud config)."""
    spec = ctx.load(module).get("spec") or {}
    return (spec.get("cloudAccountRef") or {}).get("uid") or (ctx.cluster.get("spec") or {}).get("cloudAccountUid")


def _region(module, cluster_config):
    """The cluster's region (``region`` only when it cannot be read); warns when ``region`` differs."""
    params = module.params
    region = cluster_config.get("region") or params.get("region")
    if params.get("region") and region != params["region"]:
        module.warn("region %s ignored: the key must be in the cluster's region %s" % (params["region"], region))
    return region


def _before_create(module, key):
    """validate_only for a cluster that does not exist yet: the checks a create would run, in ``region``."""
    params = module.params
    if not params.get("region"):
        raise Failure("region: cluster %s does not exist, so its region cannot be read; give the region the cluster "
                      "will be created in" % params["cluster"])
    account_uid = None
    if params.get("cloud_account"):
        account_uid = resolve_cloud_account(module.client, params["cloud_account"], option="cloud_account")
    checks, dummy = aws_checks(module, key, params["region"], account_uid)
    if account_uid:
        checks.append(palette_check(module, key, params["region"], account_uid))
    if any(c["status"] == "fail" for c in checks):
        raise checks_failure("kms_key_arn", key, checks, "%s (region)" % params["region"])
    _warn_unknown(module, checks)
    encryption = {"enabled": False, "kms_key_arn": None, "resources": [], "cluster_uid": None,
                  "cloud_config_uid": None}
    return module.resource_result("encryption", encryption, checks=checks)


def _checks_of_cluster(module, ctx, key, current, region):
    """The checks of a cluster encrypted with ``key``: the key's own checks, or every check with validate_only."""
    clients, reason = _aws_clients(module, region)
    kms = clients[0] if clients else None
    cluster = cluster_check(current, key, key_resolver(kms))
    if cluster["status"] != "ok" or not module.params["validate_only"]:
        checks = key_checks(kms, key, region) if kms else _aws_unusable(reason)
        if cluster["status"] == "ok":
            cluster["detail"] += "; " + SKIPPED_WHEN_IN_USE
        return checks + [cluster]
    account_uid = _account_uid(module, ctx)
    checks = _aws_unusable(reason) if clients is None else aws_checks(module, key, region, account_uid, clients)[0]
    return checks + [palette_check(module, key, region, account_uid), cluster]


def run(module):
    """kms_secret_encryption: reports the cluster's secrets encryption with ``kms_key_arn``; never writes."""
    params = module.params
    key = params["kms_key_arn"]
    if params["state"] == "absent":
        raise Failure("state=absent is not supported: %s" % IRREVERSIBLE)
    errors = validate_kms_key(key, "kms_key_arn") + validate_region(params.get("region"), "region")
    if errors:
        raise Failure("; ".join(errors))
    # Late import: the cluster context pulls in the cluster flows, which import this file.
    from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_context import load_cluster_context

    ctx = load_cluster_context(module, params["cluster"], required=False)
    if ctx is None:
        if params["validate_only"]:
            return _before_create(module, key)
        raise Failure("cluster %r not found by name or uid in this Palette scope (project %s); %s"
                      % (params["cluster"], params.get("palette_project") or "none: tenant", AT_CREATION))
    if ctx.cloud_type != "eks":
        raise Failure("cluster %s is an AWS IaaS cluster (cloud_type aws); secrets encryption with a KMS key is an "
                      "EKS feature" % params["cluster"])
    try:
        cluster_config = ctx.cluster_config(module)
    except PaletteError as err:
        raise Failure("cannot read the cloud config of cluster %s: %s" % (params["cluster"], err))
    current = encryption_of(cluster_config)
    encryption = dict(current, cluster_uid=ctx.uid, cloud_config_uid=ctx.config_uid)
    if not current["enabled"]:
        raise Failure("cluster %s was created without secrets encryption and nothing was changed: %s"
                      % (params["cluster"], AT_CREATION), encryption=encryption)
    region = _region(module, cluster_config)
    checks = _checks_of_cluster(module, ctx, key, current, region)
    if any(c["status"] == "fail" for c in checks):
        in_use = not any(c["name"] == "cluster_encryption" and c["status"] == "fail" for c in checks)
        raise checks_failure("kms_key_arn", key, checks, "%sthe region of cluster %s" % (
            "%s, " % region if region else "", params["cluster"]), current, in_use=in_use, encryption=encryption)
    _warn_unknown(module, checks)
    return module.resource_result("encryption", encryption, checks=checks)
