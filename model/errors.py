"""Errors raised by the model core for bad input."""

from __future__ import annotations


class ScenarioError(ValueError):
    """A scenario file or override that cannot be used. The message names the file,
    the key and what is allowed, on one line."""
