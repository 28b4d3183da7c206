"""Exceptions of the library. The CLI and API translate them at the edge; the library only raises."""


class EventwireError(Exception):
    """Base of every error eventwire raises on purpose."""


class InputError(EventwireError):
    """An input cannot be read as an article; the message is the one-line reason recorded for it."""


class StoreError(EventwireError):
    """The database cannot be opened, migrated or written."""


class NotFoundError(EventwireError):
    """No stored incident or article has the id asked for."""


class DatasetError(EventwireError):
    """A benchmark data set is missing or not laid out as expected."""


class ModelError(EventwireError):
    """A language model or trained weights needed for this step are not installed."""
