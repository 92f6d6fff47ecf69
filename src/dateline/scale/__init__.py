"""Scale: multiprocess coding, the Spark engine, Parquet ledgers, and reports-vs-events views.

Each concept has its own module: :mod:`.parallel` (``--jobs N``), :mod:`.progress` (counting
inputs for the progress bar), :mod:`.spark` (``--engine spark``), :mod:`.parquet` (Parquet ledger
tables: load and query), :mod:`.dedup` (near-duplicate articles) and :mod:`.happenings`
(events of several reports merged into one happening).
"""
