"""What a user did that stops a command from running at all (exit code 2).

Problems in the standards themselves are diagnostics, not exceptions.
"""


class PlaybookError(Exception):
    """Base class: the command could not run; the message says why and what to do."""


class ProjectNotFound(PlaybookError):
    """The folder given is not a playbook project."""


class UsageError(PlaybookError):
    """The command was asked for something it cannot do."""


class CannotWrite(PlaybookError):
    """The file system refused an output: a file where a folder should be, a dangling link, no permission."""


class LinkOutside(PlaybookError):
    """A symbolic link on the way to one of the project's own folders leads out of the project."""

    def __init__(self, link: str, target: str) -> None:
        super().__init__(
            f"{link} is a symbolic link to {target}, outside the project: playbook does not write "
            f"through it; remove the link (rm {link}) and run the command again"
        )
        self.link = link  # relative to the root, as diagnostics name paths
        self.target = target
