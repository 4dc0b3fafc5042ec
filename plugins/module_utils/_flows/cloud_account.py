# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Palette AWS cloud accounts: request bodies, read normalisation, comparison and the present/absent flow.

Palette never returns the secret key of an account, so it cannot be compared: ``update_secret``
decides whether a re-run sends it (``always``) or only creates and other changes do (``on_create``).
The secret goes into request bodies only; results and diffs never carry it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.diff import SECRET_MARKER, normalise
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteError
from ansible_collections.palette.aws.plugins.module_utils._api.lookup import list_cloud_accounts, search_cluster_summaries
from ansible_collections.palette.aws.plugins.module_utils._specs import validation as v
from ansible_collections.palette.aws.plugins.module_utils.palette import Failure

# Fields compared for idempotence; the secret key is not readable, external_id is compared but hidden.
COMPARED = ("name", "description", "credential_type", "partition", "access_key", "role_arn", "external_id",
            "policy_arns")
# The description (the first field of the docs' "Add AWS Account" form) lives in metadata.annotations.
DESCRIPTION_KEY = "description"
HIDDEN = ("external_id",)


# The options of each credential type; the other type's are refused, not silently ignored.
CREDENTIAL_OPTIONS = {"secret": ("access_key", "secret_key"), "sts": ("role_arn", "policy_arns")}
REQUIRED = {"secret": ("access_key", "secret_key"), "sts": ("role_arn",)}
_FIX = {"access_key": "the AWS access key id", "secret_key": "the AWS secret access key",
        "role_arn": "the ARN of the IAM role Palette assumes (palette.aws.sts_role returns it)"}


def validate_params(params):
    """Errors in the options of state=present (each names its option and the fix); [] = valid."""
    if params["state"] != "present":
        return []
    kind = params["credential_type"]
    other = "sts" if kind == "secret" else "secret"
    errors = []
    if params.get("description") is not None and len(params["description"]) > 1000:
        errors.append("description: %d characters; give at most 1000" % len(params["description"]))
    for key in REQUIRED[kind]:
        if not params.get(key):
            errors.append("%s: required with credential_type %s; give %s" % (key, kind, _FIX[key]))
    for key in CREDENTIAL_OPTIONS[other]:
        if params.get(key) not in (None, [], ""):
            errors.append("%s: only used with credential_type %s, but credential_type is %s; remove %s or set "
                          "credential_type: %s" % (key, other, kind, key, other))
    if kind == "sts":
        errors += v.validate_iam_arn(params.get("role_arn") or None, "role_arn", "role", params["partition"])
        policy_arns = params.get("policy_arns") or []
        for index, arn in enumerate(policy_arns):
            errors += v.validate_iam_arn(arn, v.item("", "policy_arns", index), "policy", params["partition"])
        for dup in v.duplicates(policy_arns):
            errors.append("policy_arns: %s is listed more than once; list each policy once" % dup)
    return errors


def palette_sts_info(client, partition="aws"):
    """Palette's AWS account id and the tenant's external id for STS roles (GET .../account/sts)."""
    answer = client.get(paths.AWS_ACCOUNT_STS, query={"partition": partition}) or {}
    return {"account_id": answer.get("accountId"), "external_id": answer.get("externalId"),
            "partition": answer.get("partition") or partition}


def build_spec(params, external_id=None, current=None):
    """The ``v1AwsCloudAccount`` body for the options (secret included; never return it)."""
    spec = {"credentialType": params["credential_type"], "partition": params["partition"]}
    if params["credential_type"] == "secret":
        spec["accessKey"] = params["access_key"]
        spec["secretKey"] = params["secret_key"]
        return spec
    spec["sts"] = {"arn": params["role_arn"], "externalId": external_id}
    policy_arns = params.get("policy_arns")
    if policy_arns is None:
        # Unset = unmanaged: keep what the account has.
        policy_arns = (current or {}).get("policy_arns") or []
    spec["policyARNs"] = list(policy_arns)
    return spec


def build_body(name, spec, existing=None, description=None):
    """A ``v1AwsAccount`` body; keeps the annotations of an existing account (PCG ``overlordUid``...).

    ``description`` None keeps the current one; "" removes it.
    """
    metadata = {"name": name}
    annotations = dict(((existing or {}).get("metadata") or {}).get("annotations") or {})
    if description is not None:
        annotations.pop(DESCRIPTION_KEY, None)
        if description:
            annotations[DESCRIPTION_KEY] = description
    if annotations:
        metadata["annotations"] = annotations
    return {"metadata": metadata, "spec": spec}


def normalise_account(doc):
    """The module's view of a ``v1AwsAccount`` read (never a secret)."""
    meta = doc.get("metadata") or {}
    spec = doc.get("spec") or {}
    sts = spec.get("sts") or {}
    kind = spec.get("credentialType") or "secret"
    return {
        "uid": meta.get("uid"),
        "name": meta.get("name"),
        "description": (meta.get("annotations") or {}).get(DESCRIPTION_KEY) or None,
        "credential_type": kind,
        "partition": spec.get("partition") or "aws",
        "access_key": spec.get("accessKey") if kind == "secret" else None,
        "role_arn": sts.get("arn") if kind == "sts" else None,
        "external_id": sts.get("externalId") if kind == "sts" else None,
        "policy_arns": sorted(spec.get("policyARNs") or []) if kind == "sts" else None,
        "state": (doc.get("status") or {}).get("state"),
        "annotations": meta.get("annotations") or {},
    }


def desired_view(params, spec, current=None):
    """The normalised fields the options ask for, shaped like ``normalise_account`` (unset description: kept)."""
    sts = spec.get("sts") or {}
    kind = spec["credentialType"]
    description = params.get("description")
    return {
        "name": params["name"],
        "description": (current or {}).get("description") if description is None else (description or None),
        "credential_type": kind,
        "partition": spec["partition"],
        "access_key": spec.get("accessKey"),
        "role_arn": sts.get("arn"),
        "external_id": sts.get("externalId"),
        "policy_arns": sorted(spec.get("policyARNs") or []) if kind == "sts" else None,
    }


def differences(desired, current):
    """Names of the compared fields that differ (normalised: None == [] == "")."""
    return [k for k in COMPARED if normalise(desired.get(k)) != normalise((current or {}).get(k))]


def public_view(view):
    """A result/diff copy: compared fields only, hidden ones as a marker, never the secret key."""
    out = {}
    for key in COMPARED:
        value = (view or {}).get(key)
        out[key] = SECRET_MARKER if key in HIDDEN and value else value
    return out


def result_view(account):
    """The ``cloud_account`` result: the normalised account without hidden values."""
    out = dict((k, v) for k, v in account.items() if k not in HIDDEN)
    out["external_id_set"] = bool(account.get("external_id"))
    return out


def find_account(client, name):
    """The AWS cloud account named ``name`` in the current scope, or None."""
    for account in list_cloud_accounts(client):
        if (account.get("metadata") or {}).get("name") == name:
            return account
    return None


class AccountFlow:
    """present/absent for one account; ``module`` is the PaletteModule (writes go through it)."""

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.client = module.client

    def _external_id(self, current):
        """The external id to send for an STS account: the tenant's, from Palette."""
        info = palette_sts_info(self.client, self.params["partition"])
        if info["external_id"]:
            # Treated as a secret like sts_role's external_id option: masked in every output.
            self.module.no_log_values.add(info["external_id"])
        return info["external_id"] or (current or {}).get("external_id")

    def validate(self, spec):
        """POST the credentials to Palette's validate endpoint (read-only, also in check mode)."""
        self.client.post(paths.AWS_ACCOUNT_VALIDATE, body=spec, idempotent=True)

    def present(self):
        params = self.params
        existing = find_account(self.client, params["name"])
        current = normalise_account(existing) if existing else None
        external_id = self._external_id(current) if params["credential_type"] == "sts" else None
        spec = build_spec(params, external_id, current)
        desired = desired_view(params, spec, current)
        changes = differences(desired, current) if current else ["created"]
        secret_sent = params["credential_type"] == "secret" and (
            not current or bool(changes) or params["update_secret"] == "always")
        if current and secret_sent and not changes:
            changes = ["secret_key"]
        before = public_view(current) if current else {}
        after = public_view(desired)
        if secret_sent:
            after["secret_key"] = SECRET_MARKER
        diff = {"before": before, "after": after}
        if not changes:
            return False, result_view(current), diff, changes
        self.validate(spec)
        if current is None:
            uid = self._create(build_body(params["name"], spec, description=params.get("description")))
        else:
            uid = current["uid"]
            self.module.write("PUT", paths.aws_account(uid),
                              body=build_body(params["name"], spec, existing, params.get("description")))
        return True, self._result(uid, desired, current), diff, changes

    def _create(self, body):
        def find_uid():
            found = find_account(self.client, self.params["name"])
            return ((found or {}).get("metadata") or {}).get("uid")

        outcome = self.module.create(paths.AWS_ACCOUNTS, body, find_uid)
        return outcome.value if outcome else None

    def _result(self, uid, desired, current):
        """The account as Palette now has it; in check mode the prediction."""
        if self.module.check_mode or not uid:
            predicted = dict(current or {}, **desired)
            predicted.update(uid=uid, state=(current or {}).get("state"))
            predicted.setdefault("annotations", {})
            return result_view(predicted)
        return result_view(normalise_account(self.client.get(paths.aws_account(uid))))

    def users(self, uid):
        """Names of the clusters of this scope (not deleted) that run on the account ``uid``."""
        return sorted((s.get("metadata") or {}).get("name") for s in search_cluster_summaries(self.client)
                      if ((s.get("specSummary") or {}).get("cloudAccountMeta") or {}).get("uid") == uid)

    def absent(self):
        existing = find_account(self.client, self.params["name"])
        if existing is None:
            return False, None, {"before": {}, "after": {}}, []
        current = normalise_account(existing)
        users = self.users(current["uid"])
        if users:
            # refused before the DELETE, so check mode predicts what the real run meets (issue 12 item 5)
            raise Failure("cloud account %s is used by cluster(s) %s; a cloud account cannot be removed while clusters "
                          "use it: delete them first (palette.aws.aws_palette_cluster state=absent)"
                          % (self.params["name"], ", ".join(users)), clusters=users)
        self.module.write("DELETE", paths.aws_account(current["uid"]))
        return True, result_view(current), {"before": public_view(current), "after": {}}, ["deleted"]


def run(module):
    """The cloud_account flow: validation, then present/absent; returns the result dict."""
    errors = validate_params(module.params)
    if errors:
        raise Failure("; ".join(errors))
    flow = AccountFlow(module)
    try:
        if module.params["state"] == "absent":
            changed, account, diff, changes = flow.absent()
        else:
            changed, account, diff, changes = flow.present()
    except PaletteError as err:
        raise Failure("cloud account %r: %s" % (module.params["name"], err),
                      **({"error": err.to_dict()} if hasattr(err, "to_dict") else {}))
    return module.resource_result("cloud_account", account, changed=changed, diff=diff, changes=changes)
