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

import inspect
import json
import os
import sys
import traceback
from urllib.parse import quote, quote_plus

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
    "palette_validate_certs": ("PALETTE_VALIDATE_CERTS",),
    "palette_ca_bundle": ("PALETTE_CA_BUNDLE",),
}
# ansible-core 2.19+ only shows a traceback string given to fail_json when tracebacks are enabled (and extracts
# the pending exception's own text when none is given); older cores always show the string they are given.
# (ansible-test's import check swaps AnsibleModule for a stand-in without fail_json: then assume the newer core.)
_TRACEBACK_GATED = not hasattr(AnsibleModule, "fail_json") or \
    inspect.signature(AnsibleModule.fail_json).parameters.get("exception") is not None
# A secret line of a multi-line secret (a kubeconfig) this long is masked on its own too.
_SECRET_LINE = 20


class Failure(Exception):
    """A run that cannot go on. Flows raise it; only ``PaletteModule.run`` turns it into a module failure.

    ``msg`` says what failed and how to fix it (naming the option at fault); ``result`` holds extra keys of the
    failure (``errors``, ``checks``, the last state of a wait, ...).
    """

    def __init__(self, msg, **result):
        super(Failure, self).__init__(msg)
        self.msg = msg
        self.result = result

    @classmethod
    def from_error(cls, err, action=None, **result):
        """The Failure of a Palette or wait error: ``action: error`` plus ``error`` (API) or the wait's states."""
        msg = "%s: %s" % (action, err) if action else str(err)
        if isinstance(err, PaletteApiError):
            result["error"] = err.to_dict()
        if isinstance(err, WaitError):
            result.update(last_state=err.last_state, states=err.history, elapsed=round(err.elapsed, 1))
        return cls(msg, **result)


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
        palette_validate_certs=dict(type="bool", default=True,
                                    fallback=(first_env_fallback, list(PALETTE_ENV["palette_validate_certs"]))),
        palette_ca_bundle=dict(type="path", fallback=(first_env_fallback, list(PALETTE_ENV["palette_ca_bundle"]))),
        # AWS endpoints only since 1.0.0 (Palette has palette_validate_certs); kept here until the AWS options own it.
        validate_certs=dict(type="bool", default=True),
        palette_timeout=dict(type="int", default=60),
    )


def _default(value, default):
    return default if value is None else value


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


def secret_forms(secret):
    """The ways a secret string can show in a message: as is, URL-encoded, escaped in a repr or in JSON, and
    (for a multi-line secret such as a kubeconfig) each of its long lines."""
    forms = set([secret, quote(secret, safe=""), quote(secret), quote_plus(secret), repr(secret)[1:-1],
                 json.dumps(secret)[1:-1], repr(secret.encode("utf-8"))[2:-1]])
    for line in secret.splitlines():
        if len(line.strip()) >= _SECRET_LINE:
            forms.add(line.strip())
    return forms


def scrub(value, secrets):
    """Copy of ``value`` with every secret string masked, in keys and values, at any depth.

    ``secrets`` are matched literally: give every form to mask (see ``secret_forms``), longest first.
    """
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
        self._running = False  # inside run(): failures are raised to it, not exited on the spot

    # -- connection ---------------------------------------------------------------------------

    @property
    def client(self):
        """The PaletteClient, built (and its project resolved) on first use."""
        if self._client is None:
            self._client = self._connect()
        return self._client

    def _connect(self):
        try:
            return self.connect(self.params)
        except Failure as failure:
            if self._running:
                raise
            self.fail_json(msg=failure.msg, **failure.result)

    def connect(self, params):
        """A PaletteClient for ``params`` (the Palette connection options); raises Failure naming the option."""
        for option in ("palette_host", "palette_api_key"):
            if not params.get(option):
                raise Failure("missing Palette connection option %s: set it, or the environment variable %s"
                              % (option, " or ".join(PALETTE_ENV[option])))
        ca_bundle = params.get("palette_ca_bundle")
        if ca_bundle and not os.path.isfile(ca_bundle):
            raise Failure("palette_ca_bundle: no file at %s; give the path of a PEM file of the CA certificates that "
                          "signed Palette's certificate (or unset it to use the system CAs)" % ca_bundle)
        validate = params.get("palette_validate_certs")
        try:
            client = self.client_class(params["palette_host"], params["palette_api_key"],
                                       validate_certs=True if validate is None else validate,
                                       timeout=params.get("palette_timeout") or 60, ca_bundle=ca_bundle)
            if params.get("palette_project"):
                client.resolve_project(params["palette_project"])
        except PaletteError as err:
            raise Failure.from_error(err, "cannot select Palette project %r" % params["palette_project"]
                                     if params.get("palette_project") else "cannot connect to Palette")
        return client

    # -- reads --------------------------------------------------------------------------------

    def read(self, path, query=None, expect=None):
        """GET ``path``; ``expect`` ("object", "resource", "items", "page", "list" or a Shape, see _api/answers.py)
        makes an empty, truncated or wrongly shaped answer a PaletteApiError instead of None / {}."""
        return self.client.get(path, query=query, expect=expect)

    def read_object(self, path, query=None, expect="object"):
        """GET a JSON object: never None or a non-object (an empty or odd answer raises PaletteApiError)."""
        return self.client.get(path, query=query, expect=expect)

    def read_or_none(self, path, query=None, expect="object"):
        """GET a JSON object, or None when it does not exist (404 / ResourceNotFound); any other answer that is
        not an object raises PaletteApiError."""
        try:
            return self.client.get(path, query=query, expect=expect)
        except PaletteApiError as err:
            if err.is_not_found:
                return None
            raise

    def read_items(self, path, query=None):
        """The ``items`` list of a GET answering ``{"items": [...]}`` (null = []); any other answer raises."""
        return self.client.get_items(path, query=query)

    def paginate(self, method, path, body=None, query=None, items_key="items"):
        """Every item of every page; a page that is not ``{items_key: [...], listmeta}`` raises PaletteApiError."""
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

    def create(self, path, body, find_fn, query=None, confirm=None):
        """POST a create without ever duplicating it (see ``_api/retry.create_once``).

        ``find_fn()`` returns the uid of an object with the desired name, or None. A create answer without a
        uid (empty, truncated, no ``uid``) is looked up with ``find_fn``; so is a uid that ``confirm(uid)``
        (optional: a read, False when it answers 404) cannot see right after the create.
        Returns ``CreateOutcome(value=uid, adopted, attempts)``, or None in check mode.
        """
        if self.check_mode:
            return None

        def attempt():
            try:
                answer = self.write("POST", path, body=body, query=query, idempotent=False)
            except PaletteApiError as err:
                if 200 <= err.status < 300:  # committed, but its answer is unreadable: find it by name
                    return None
                raise
            return answer.get("uid") if isinstance(answer, dict) else None

        return create_once(attempt, find_fn, policy=self.client.retry_policy, sleep=self.client.sleep,
                           confirm_fn=confirm)

    # -- waiting ------------------------------------------------------------------------------

    def wait(self, fetch, done, failed=None, what="the operation", describe=None, timeout=None, progress=None,
             expected=None, action=None, last_as=None):
        """``wait_for`` with the module's wait_timeout / wait_sleep: THE Palette wait. None in check mode.

        ``progress(value, elapsed)`` is called after every poll; ``describe(value)`` names a state (a change of
        it makes the next poll come sooner); ``expected`` is how many seconds the operation usually takes (polls
        are denser around then, see ``_api/waiter.Schedule``). A timeout or ``failed`` raises WaitError, or,
        with ``action``, a Failure ``"<action>: <why>"`` carrying ``last_state``, ``states``, ``elapsed`` and
        the last fetched value under ``last_as`` (e.g. ``machines``).
        """
        if self.check_mode:
            return None
        options = dict(failed=failed, what=what,
                       timeout=timeout if timeout is not None else _default(self.params.get("wait_timeout"), 3600),
                       max_interval=self.params.get("wait_sleep"), progress=progress, expected=expected)
        if describe is not None:
            options["describe"] = describe
        try:
            return wait_for(fetch, done, **options)
        except WaitError as err:
            if action is None:
                raise
            raise Failure.from_error(err, action, **({last_as: err.last} if last_as else {}))

    # -- entry point ----------------------------------------------------------------------------

    def run(self, flow, *args, **kwargs):
        """Run ``flow(self, *args, **kwargs)`` and exit with the result dict it returns.

        This is the one place where a module ends: a ``Failure``, a Palette or wait error, or any unexpected
        exception (the last-resort guard) becomes a failure whose every text - message and traceback - is
        scrubbed of secrets (every no_log value, the API key, in URL-encoded and escaped forms too).
        """
        failure = None
        self._running = True
        try:
            result = flow(self, *args, **kwargs)
        except Failure as err:
            failure = err
        except (PaletteError, WaitError) as err:
            failure = Failure.from_error(err)
        except Exception as exc:  # pylint: disable=broad-except
            failure = Failure("palette.aws: unexpected %s: %s; this is a bug, please report it with this message"
                              % (type(exc).__name__, exc), exception=traceback.format_exc())
        finally:
            self._running = False
        if failure is not None:
            # outside the except block: no pending exception for ansible-core to add unscrubbed to the result
            self.fail_json(msg=failure.msg, **failure.result)
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
        """Every form of every secret to mask: no_log values (module options, and what flows add to
        ``no_log_values``, e.g. kubeconfig contents), the API key and AWS keys however they were given."""
        secrets = set(s for s in self.no_log_values if isinstance(s, str) and s)
        for option in ("palette_api_key", "aws_secret_key", "session_token"):
            if isinstance(self.params.get(option), str) and self.params[option]:
                secrets.add(self.params[option])
        forms = set()
        for secret in secrets:
            forms.update(secret_forms(secret))
        return sorted((f for f in forms if f), key=len, reverse=True)  # longest first: no partial leftovers

    def fail_json(self, msg, **kwargs):  # pylint: disable=arguments-differ
        """fail_json, with every secret masked even inside API messages, nested values and the traceback."""
        if "exception" not in kwargs and sys.exc_info()[1] is not None and (
                _TRACEBACK_GATED or self._verbosity >= 3 or self._debug):
            # else ansible-core would add the pending exception's traceback (with its text) unscrubbed
            kwargs["exception"] = traceback.format_exc()
        secrets = self._secrets()
        super(PaletteModule, self).fail_json(msg=scrub(msg, secrets), **scrub(kwargs, secrets))

    def fail_api(self, err, action=None, **result):
        """Fail with a Palette error: msg says what failed; ``error`` / wait details alongside.

        For the entry point only (``run``): flows raise ``Failure.from_error(err, action)`` instead.
        """
        failure = Failure.from_error(err, action, **result)
        self.fail_json(msg=failure.msg, **failure.result)

    def exit_resource(self, key, value, changed=False, diff=None, **extra):
        """exit_json with the resource under ``key`` (never splatted at the top level).

        For the entry point only: flows return ``module.resource_result(...)`` from ``run``'s flow instead.
        """
        self.exit_json(**scrub(self.resource_result(key, value, changed, diff, **extra), self._secrets()))
