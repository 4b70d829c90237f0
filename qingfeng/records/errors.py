"""Whole-file import failures: nothing of the file is written, and the message says why."""


class ImportError_(Exception):  # noqa: N801 - the trailing underscore keeps it apart from the builtin ImportError
    """The file cannot be imported at all (unreadable, wrong format, missing required columns)."""


class HeaderError(ImportError_):
    """The header row cannot be used: a required column is missing or two headers name one column."""
