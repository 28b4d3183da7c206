"""Event extraction: from a cleaned Article to its list of Events, every field tied to its evidence.

from eventwire.extract import Extractor
events = Extractor().extract(article)
"""

from eventwire.extract.engine import Extractor

__all__ = ["Extractor"]
