# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""PaletteModule: the base of every palette.aws module.

It gives every module both connection option sets, Palette (with env fallbacks) and AWS, builds the API
client on first use, sends every write through ``write()`` (which does nothing in check mode) and keeps
secrets out of failures.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import traceback

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.palette.aws.plugins.module_utils._api.client import PaletteClient
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError, PaletteConnectionError, PaletteError, PaletteLookupError
from ansible_collections.palette.aws.plugins.module_utils._api.retry import create_once
from ansible_collections.palette.aws.plugins.module_utils._api.waiter import WaitError, wait_for
from ansible_collections.palette.aws.plugins.module_utils._aws.options import aws_argument_spec

# Module code imports what it needs from here (the public base), not from the private files.
__all__ = [
    "PaletteApiError", "PaletteClient", "PaletteConnectionError", "PaletteError", "PaletteLookupError",
    "Failure", "PaletteModule", "WaitError", "aws_argument_spec", "first_env_fallback", "module_argument_spec",
    "palette_argument_spec", "scrub", "wait_argument_spec",
]

WRITE_METHODS = frozenset(["POST", "PUT", "PATCH", "DELETE"])
MASK = "********"

# Option name -> environment variables tried in order (INTERFACE.md section 0).
PALETTE_ENV = {
    "palette_host": ("PALETTE_HOST", "SPECTROCLOUD_HOST"),
    "palette_api_key": ("PALETTE_API_KEY", "SPECTROCLOUD_APIKEY"),
    "palette_project": ("PALETTE_PROJECT",),
}


class Failure(Exception):
    """A run that cannot go on. Flows raise it; only ``PaletteModule.run`` turns it into a module failure.

    ``msg`` says what failed and how to fix it (naming the option at fault); ``result`` holds extra keys of the
    failure (``errors``, ``checks``, the last state of a wait, ...).
    """

    def __init__(self, msg, **result):
        super(Failure, self).__init__(msg)
        self.msg = msg
        self.result = result


def first_env_fallback(*names):
    """Value of the first of ``names`` set to a non-empty string (env_fallback accepts empty ones)."""
    for name in names:
        value = os.environ.get(name)
        if value:
            return value
    raise AnsibleFallbackNotFound


def palette_argument_spec():
    return dict(
        palette_host=dict(type="str", fallback=(first_env_fallback, list(PALETTE_ENV["palette_host"]))),
        palette_api_key=dict(type="str", no_log=True,
                             fallback=(first_env_fallback, list(PALETTE_ENV["palette_api_key"]))),
        palette_project=dict(type="str", fallback=(first_env_fallback, list(PALETTE_ENV["palette_project"]))),
        validate_certs=dict(type="bool", default=True),
        palette_timeout=dict(type="int", default=60),
    )


def wait_argument_spec(timeout=3600):
    return dict(
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=timeout),
        wait_sleep=dict(type="int"),
    )


def module_argument_spec(argument_spec=None, wait=False):
    """The full argument spec of a module: Palette and AWS connection options, optionally the wait options,
    then the module's own options (which win on a name clash)."""
    spec = palette_argument_spec()
    spec.update(aws_argument_spec())
    if wait:
        spec.update(wait_argument_spec())
    spec.update(argument_spec or {})
    return spec


def scrub(value, secrets):
    """Copy of ``value`` with every secret string masked, in keys and values, at any depth."""
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, MASK)
        return value
    if isinstance(value, dict):
        return dict((scrub(k, secrets), scrub(v, secrets)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return type(value)(scrub(item, secrets) for item in value)
    return value


class PaletteModule(AnsibleModule):
    """AnsibleModule plus both connection option sets, a lazy client and the write chokepoint.

    Every module takes the Palette options (``palette_argument_spec``) and the AWS options
    (``_aws_options.aws_argument_spec``), whether it calls both APIs or one: that is what lets one
    ``module_defaults`` block for ``group/palette.aws.palette`` carry both sets (INTERFACE.md section 0).
    A module ignores the set of the API it does not call. ``wait=True`` adds the
    ``wait``/``wait_timeout``/``wait_sleep`` options. Options of the module's own ``argument_spec`` win over
    these (``aws_palette_cluster``'s ``region`` is the cluster's region). Building the spec never imports
    boto3: Palette-only modules must not pay for it.
    """

    client_class = PaletteClient  # tests may swap it

    def __init__(self, argument_spec=None, wait=False, **kwargs):
        super(PaletteModule, self).__init__(argument_spec=module_argument_spec(argument_spec, wait=wait), **kwargs)
        self.writes = []
        self._client = None

    # -- connection ---------------------------------------------------------------------------

    @property
    def client(self):
        """The PaletteClient, built (and its project resolved) on first use."""
        if self._client is None:
            self._client = self._connect()
        return self._client

    def _connect(self):
        params = self.params
        for option in ("palette_host", "palette_api_key"):
            if not params.get(option):
                self.fail_json(msg="missing Palette connection option %s: set it, or the environment variable %s"
                               % (option, " or ".join(PALETTE_ENV[option])))
        client = self.client_class(params["palette_host"], params["palette_api_key"],
                                   validate_certs=params.get("validate_certs", True),
                                   timeout=params.get("palette_timeout") or 60)
        if params.get("palette_project"):
            try:
                client.resolve_project(params["palette_project"])
            except PaletteError as err:
                self.fail_api(err, "cannot select Palette project %r" % params["palette_project"])
        return client

    # -- reads --------------------------------------------------------------------------------

    def read(self, path, query=None):
        return self.client.get(path, query=query)

    def read_or_none(self, path, query=None):
        """GET, or None when the object does not exist (404 / ResourceNotFound)."""
        try:
            return self.client.get(path, query=query)
        except PaletteApiError as err:
            if err.is_not_found:
                return None
            raise

    def paginate(self, method, path, body=None, query=None, items_key="items"):
        return self.client.paginate(method, path, body=body, query=query, items_key=items_key)

    # -- writes -------------------------------------------------------------------------------

    def write(self, method, path, body=None, query=None, idempotent=None):
        """The only way to change Palette. In check mode: no API call, returns None.

        ``idempotent=True`` marks a read-only POST (validate, search) as safe to retry.
        """
        method = method.upper()
        if method not in WRITE_METHODS:
            raise ValueError("write() is for %s, not %s" % ("/".join(sorted(WRITE_METHODS)), method))
        if self.check_mode:
            return None
        self.writes.append((method, path))
        return self.client.request(method, path, body=body, query=query, idempotent=idempotent)

    def create(self, path, body, find_fn, query=None):
        """POST a create without ever duplicating it (see ``_retry.create_once``).

        ``find_fn()`` returns the uid of an object with the desired name, or None. Returns
        ``CreateOutcome(value=uid, adopted, attempts)``, or None in check mode.
        """
        if self.check_mode:
            return None

        def attempt():
            answer = self.write("POST", path, body=body, query=query, idempotent=False) or {}
            return answer.get("uid")

        return create_once(attempt, find_fn, policy=self.client.retry_policy, sleep=self.client.sleep)

    # -- waiting ------------------------------------------------------------------------------

    def wait(self, fetch, done, failed=None, what="the operation", describe=None, timeout=None, progress=None):
        """``wait_for`` with the module's wait_timeout / wait_sleep; a no-op (None) in check mode.

        ``progress(value, elapsed)`` is called after every poll (see ``_wait.wait_for``).
        """
        if self.check_mode:
            return None
        options = dict(failed=failed, what=what,
                       timeout=timeout if timeout is not None else self.params.get("wait_timeout", 3600),
                       max_interval=self.params.get("wait_sleep"), progress=progress)
        if describe is not None:
            options["describe"] = describe
        return wait_for(fetch, done, **options)

    # -- entry point ----------------------------------------------------------------------------

    def run(self, flow, *args, **kwargs):
        """Run ``flow(self, *args, **kwargs)`` and exit with the result dict it returns.

        This is the one place where a module ends: a ``Failure``, a Palette or wait error, or any unexpected
        exception (the last-resort guard) becomes a failure whose every text is scrubbed of secrets.
        """
        try:
            result = flow(self, *args, **kwargs)
        except Failure as failure:
            self.fail_json(msg=failure.msg, **failure.result)
        except (PaletteError, WaitError) as err:
            self.fail_api(err)
        except Exception as exc:  # pylint: disable=broad-except
            self.fail_json(msg="palette.aws: unexpected %s: %s; this is a bug, please report it with this message"
                               % (type(exc).__name__, exc), exception=traceback.format_exc())
        self.exit_json(**scrub(result or {}, self._secrets()))

    def resource_result(self, key, value, changed=False, diff=None, **extra):
        """The result dict of a module that manages one resource: ``value`` under ``key`` (never splatted)."""
        result = dict(extra, changed=changed)
        result[key] = value
        if diff is not None and self._diff:
            result["diff"] = diff
        return result

    # -- results ------------------------------------------------------------------------------

    def _secrets(self):
        secrets = set(s for s in self.no_log_values if isinstance(s, str) and s)
        if self.params.get("palette_api_key"):
            secrets.add(self.params["palette_api_key"])
        return sorted(secrets, key=len, reverse=True)  # longest first: no partial leftovers

    def fail_json(self, msg, **kwargs):  # pylint: disable=arguments-differ
        """fail_json, with every secret masked even inside API messages and nested values."""
        secrets = self._secrets()
        super(PaletteModule, self).fail_json(msg=scrub(msg, secrets), **scrub(kwargs, secrets))

    def fail_api(self, err, action=None, **result):
        """Fail with a Palette error: msg says what failed; ``error`` / wait details alongside."""
        msg = "%s: %s" % (action, err) if action else str(err)
        if isinstance(err, PaletteApiError):
            result["error"] = err.to_dict()
        if isinstance(err, WaitError):
            result.update(last_state=err.last_state, states=err.history, elapsed=round(err.elapsed, 1))
        self.fail_json(msg=msg, **result)

    def exit_resource(self, key, value, changed=False, diff=None, **extra):
        """exit_json with the resource under ``key`` (never splatted at the top level)."""
        self.exit_json(**scrub(self.resource_result(key, value, changed, diff, **extra), self._secrets()))
