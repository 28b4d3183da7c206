"""eventwire: news reports of political violence in, an event database out, every field with its evidence."""

from eventwire.models import Article, Event, IngestReport, Skipped
from eventwire.settings import Settings

__version__ = "0.1.0"
__all__ = ["Article", "Event", "IngestReport", "Settings", "Skipped", "__version__"]
