"""Playbook: sales standards as code.

The package is a pipeline: ``load`` reads the standards into a source tree with positions,
``validate`` turns it into diagnostics, and the ``cli`` only parses arguments and calls them.
"""

__version__ = "0.1.0"
