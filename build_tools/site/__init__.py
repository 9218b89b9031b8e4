"""The clinicians' site: models in, Markdown pages and search documents out.

Takes the model and computed values. ``render`` writes a monograph page and the browse pages,
with ``display`` (safe, ISMP-style text of numbers and units) and ``svg`` (timelines and storage
charts); ``search_doc`` writes the small document the search indexer reads; ``search_index``
runs that indexer (``indexer_install`` pins and installs it). Knows nothing of the site
generator: the build stage hands these pages to whichever generator is in use.
"""
