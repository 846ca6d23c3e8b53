"""What a user did that stops a command from running at all (exit code 2).

Problems in the standards themselves are diagnostics, not exceptions.
"""


class PlaybookError(Exception):
    """Base class: the command could not run; the message says why and what to do."""


class ProjectNotFound(PlaybookError):
    """The folder given is not a playbook project."""


class UsageError(PlaybookError):
    """The command was asked for something it cannot do."""
