"""The build: files in, a published site source, search index and export out.

Takes every stage below. ``pipeline`` checks, renders and exports each file on every core and
keeps the results in a content-addressed store; ``publish`` writes the export atomically;
``site_source`` writes every generated page into the folder the site generator reads, and after
the generator has run builds the search index and the export over its output. A site generator
(mkdocs, Zensical) is only an adapter on top of these two steps.
"""
