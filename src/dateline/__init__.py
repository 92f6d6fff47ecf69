"""dateline: dated news articles to an evidence-linked ledger of events, quotes, times, places, actors.

The library mirrors the command line one to one::

    import dateline
    for item in dateline.extract(["articles/"]):
        ...
    ledger = dateline.Ledger("dateline.duckdb")
    ledger.ingest(["articles/"])
    ledger.events(country="RUS", as_frame=True)
"""

from .model import Article, Quarantined
from .pipeline import annotate, extract
from .settings import VERSION as __version__
from .store.ledger import Ledger

__all__ = ["Article", "Ledger", "Quarantined", "__version__", "annotate", "extract"]
