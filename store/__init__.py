"""followup's data and rules: models, the repository on disk, the schedule and the messages.

Nothing in this package imports textual, so every rule can be tested without a terminal.
"""
