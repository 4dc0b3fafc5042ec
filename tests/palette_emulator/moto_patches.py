"""Small patches that fill moto 5.2.5 gaps the collection relies on (see ../shared TOOLCHAIN.md).

Call ``apply()`` in the process that runs the moto server (``ThreadedMotoServer`` in-process, as the
test harness and ``python -m palette_emulator --with-moto`` do).  ``apply()`` is idempotent.

1. Service Quotas: ``GetServiceQuota``, ``GetAWSDefaultServiceQuota``, ``ListServiceQuotas`` and
   ``ListAWSDefaultServiceQuotas`` answer from a JSON file named by ``$PALETTE_TEST_QUOTAS_FILE`` (read
   on every call, so tests can rewrite it)::

       {"ec2": {"L-1216C47A": 64, "L-34B43A08": {"Value": 32}, "L-0263D0A3": 5},
        "vpc": {"L-F678F1CE": 5}, "elasticloadbalancing": {"L-E9E9831D": 20}}

   A quota that is not in the file keeps moto's behaviour: the ``vpc`` defaults moto ships, otherwise
   ``NoSuchResourceException`` (so "quota unknown" can be tested).
2. IAM ``SimulatePrincipalPolicy``: evaluates the inline and attached managed policies of the user
   (plus its groups) or role named by ``PolicySourceArn``: an action/resource pair is ``allowed`` when an
   Allow statement matches (``*``/``?`` wildcards in Action/NotAction/Resource/NotResource) and no Deny
   statement does (``explicitDeny``); otherwise ``implicitDeny``.  Conditions are ignored.
"""

import fnmatch
import json
import os
from urllib.parse import unquote

QUOTAS_ENV = "PALETTE_TEST_QUOTAS_FILE"

QUOTA_NAMES = {
    ("ec2", "L-1216C47A"): "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances",
    ("ec2", "L-34B43A08"): "All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests",
    ("ec2", "L-0263D0A3"): "EC2-VPC Elastic IPs",
    ("vpc", "L-F678F1CE"): "VPCs per Region",
    ("vpc", "L-A4707A72"): "Internet gateways per Region",
    ("vpc", "L-FE5A380F"): "NAT gateways per Availability Zone",
    ("vpc", "L-DF5E4CA3"): "Network interfaces per Region",
    ("elasticloadbalancing", "L-53DA6B97"): "Application Load Balancers per Region",
    ("elasticloadbalancing", "L-69A177A2"): "Network Load Balancers per Region",
    ("elasticloadbalancing", "L-E9E9831D"): "Classic Load Balancers per Region",
}
SERVICE_NAMES = {"ec2": "Amazon Elastic Compute Cloud (Amazon EC2)",
                 "vpc": "Amazon Virtual Private Cloud (Amazon VPC)",
                 "elasticloadbalancing": "Elastic Load Balancing (ELB)"}

_APPLIED = False


def load_quota_file():
    path = os.environ.get(QUOTAS_ENV)
    if not path or not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _quota(service, code, raw, region, account):
    if not isinstance(raw, dict):
        raw = {"Value": raw}
    return {
        "ServiceCode": service, "ServiceName": raw.get("ServiceName", SERVICE_NAMES.get(service, service)),
        "QuotaArn": "arn:aws:servicequotas:%s:%s:%s/%s" % (region, account, service, code),
        "QuotaCode": code, "QuotaName": raw.get("QuotaName", QUOTA_NAMES.get((service, code), code)),
        "Value": float(raw["Value"]), "Unit": raw.get("Unit", "None"),
        "Adjustable": bool(raw.get("Adjustable", True)), "GlobalQuota": bool(raw.get("GlobalQuota", False)),
    }


def _patch_service_quotas():
    from moto.servicequotas import models, responses
    from moto.servicequotas.exceptions import NoSuchResource

    backend_cls = models.ServiceQuotasBackend
    original_get = backend_cls.get_service_quota
    original_list = backend_cls.list_aws_default_service_quotas

    def get_service_quota(self, service_code, quota_code):
        entry = (load_quota_file().get(service_code) or {}).get(quota_code)
        if entry is not None:
            return _quota(service_code, quota_code, entry, self.region_name, self.account_id)
        return original_get(self, service_code, quota_code)

    def list_quotas(self, service_code):
        from_file = load_quota_file().get(service_code) or {}
        try:
            base = list(original_list(self, service_code))
        except NoSuchResource:
            if not from_file:
                raise
            base = []
        out = {q["QuotaCode"]: q for q in base}
        for code, raw in from_file.items():
            out[code] = _quota(service_code, code, raw, self.region_name, self.account_id)
        return list(out.values())

    backend_cls.get_service_quota = get_service_quota
    backend_cls.list_aws_default_service_quotas = list_quotas

    resp_cls = responses.ServiceQuotasResponse

    def get_aws_default_service_quota(self):
        params = json.loads(self.body)
        quota = self.backend.get_service_quota(str(params.get("ServiceCode")), str(params.get("QuotaCode")))
        return json.dumps({"Quota": quota})

    def list_service_quotas(self):
        params = json.loads(self.body)
        return json.dumps({"Quotas": self.backend.list_aws_default_service_quotas(str(params.get("ServiceCode")))})

    resp_cls.get_aws_default_service_quota = get_aws_default_service_quota
    resp_cls.list_service_quotas = list_service_quotas


# ---------------------------------------------------------------------- IAM policy simulation
def _as_list(value):
    if value is None:
        return None
    return value if isinstance(value, list) else [value]


def _match_any(patterns, value, case_insensitive):
    for p in patterns:
        if case_insensitive:
            if fnmatch.fnmatchcase(value.lower(), p.lower()):
                return True
        elif fnmatch.fnmatchcase(value, p):
            return True
    return False


def _statement_matches(stmt, action, resource):
    actions, not_actions = _as_list(stmt.get("Action")), _as_list(stmt.get("NotAction"))
    if actions is not None and not _match_any(actions, action, True):
        return False
    if not_actions is not None and _match_any(not_actions, action, True):
        return False
    if actions is None and not_actions is None:
        return False
    resources, not_resources = _as_list(stmt.get("Resource")), _as_list(stmt.get("NotResource"))
    if resources is not None and not _match_any(resources, resource, False):
        return False
    if not_resources is not None and _match_any(not_resources, resource, False):
        return False
    return True


def evaluate(documents, action, resource="*"):
    """documents: list of (source id, policy dict).  Returns (decision, matched source ids)."""
    allow, deny = [], []
    for source, doc in documents:
        for stmt in _as_list(doc.get("Statement")) or []:
            if _statement_matches(stmt, action, resource):
                (deny if stmt.get("Effect") == "Deny" else allow).append(source)
    if deny:
        return "explicitDeny", deny
    if allow:
        return "allowed", allow
    return "implicitDeny", []


def _load_doc(raw):
    if isinstance(raw, dict):
        return raw
    text = raw if raw.lstrip().startswith("{") else unquote(raw)
    return json.loads(text)


def _managed_doc(policy):
    version = next((v for v in policy.versions if v.version_id == policy.default_version_id), policy.versions[0])
    return _load_doc(version.document)


def principal_documents(backend, arn):
    from moto.iam.exceptions import NotFoundException as IAMNotFoundException
    name = arn.rsplit("/", 1)[-1]
    docs = []
    if ":user/" in arn:
        user = backend.users.get(name)
        if user is None:
            raise IAMNotFoundException("The user with name %s cannot be found." % name)
        holders = [user] + [g for g in backend.groups.values() if user in g.users]
    elif ":role/" in arn:
        role = next((r for r in backend.roles.values() if r.name == name), None)
        if role is None:
            raise IAMNotFoundException("The role with name %s cannot be found." % name)
        holders = [role]
    else:
        raise IAMNotFoundException("PolicySourceArn %s is not a user or role" % arn)
    for h in holders:
        for pname, raw in h.policies.items():
            docs.append((pname, _load_doc(raw)))
        for parn, policy in h.managed_policies.items():
            docs.append((parn, _managed_doc(policy)))
    return docs


def _patch_iam():
    from moto.core.responses import ActionResult
    from moto.iam import responses

    def simulate_principal_policy(self):
        arn = self._get_param("PolicySourceArn")
        actions = self._get_param("ActionNames", []) or []
        resources = self._get_param("ResourceArns", []) or ["*"]
        docs = principal_documents(self.backend, arn)
        results = []
        for action in actions:
            for resource in resources:
                decision, sources = evaluate(docs, action, resource)
                results.append({
                    "EvalActionName": action, "EvalResourceName": resource, "EvalDecision": decision,
                    "MatchedStatements": [{"SourcePolicyId": s, "SourcePolicyType": "IAM Policy"} for s in sources],
                    "MissingContextValues": [],
                })
        return ActionResult({"EvaluationResults": results, "IsTruncated": False})

    responses.IamResponse.simulate_principal_policy = simulate_principal_policy


def apply():
    global _APPLIED
    if _APPLIED:
        return
    _patch_service_quotas()
    _patch_iam()
    _APPLIED = True
