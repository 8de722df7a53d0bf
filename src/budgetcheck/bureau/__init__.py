"""Pre-acceptance for a whole bureau: parallel batches (``parallel``), the per-submission work a
worker process or a Dask worker does (``work``), and the batch into a review history (``batch``).

Nothing here is imported by a plain ``validate`` of one file.
"""
