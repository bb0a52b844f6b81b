"""Errors the command line reports as one line on stderr with exit code 2."""

from __future__ import annotations


class UserError(Exception):
    """Bad input from the user: a file, an option or a value. Exit code 2, no traceback."""
