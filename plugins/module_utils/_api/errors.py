# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTP client for the Palette REST API v1: auth, project scope, pagination, errors, retries."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class PaletteError(Exception):
    """Base of every error this collection raises about Palette."""


class PaletteLookupError(PaletteError):
    """A name or uid given by the user matches nothing (or too much) in Palette."""


class PaletteApiError(PaletteError):
    """A failed Palette API call: HTTP status, Palette error code, message and ref."""

    transient = False  # connection errors only: worth another attempt
    ambiguous = False  # connection errors only: the request may have been carried out

    def __init__(self, status, code=None, message=None, ref=None, method=None, path=None,
                 retry_after=None, details=None):
        self.status = status
        self.code = code
        self.message = message or code or "unknown error"
        self.ref = ref
        self.method = method
        self.path = path
        self.retry_after = retry_after
        self.details = details
        super(PaletteApiError, self).__init__(self.__str__())

    @property
    def is_not_found(self):
        return self.status == 404 or self.code == "ResourceNotFound"

    def __str__(self):
        what = ("%s %s" % (self.method or "", self.path or "")).strip()
        cause = "%s %s" % (self.status, self.code) if self.status else self.code
        text = "Palette API %s failed (%s): %s" % (what, cause, self.message)
        return text + (" [ref %s]" % self.ref if self.ref else "")

    def to_dict(self):
        keys = ("status", "code", "message", "ref", "method", "path")
        return dict((k, getattr(self, k)) for k in keys)


class PaletteConnectionError(PaletteApiError):
    """No HTTP answer at all (refused, reset, timeout, TLS, DNS); ``status`` is 0."""

    def __init__(self, code, message, method=None, path=None, transient=False, ambiguous=False):
        self.transient = transient
        self.ambiguous = ambiguous
        super(PaletteConnectionError, self).__init__(0, code, message, method=method, path=path)
