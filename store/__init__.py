"""followup's data and rules: models, the repository on disk, the schedule and the messages.

Nothing in this package imports textual, so every rule can be tested without a terminal.
"""

# The one place the version is written: pyproject.toml reads it from here.
__version__ = "0.1.0"
