"""Build tools for the drug monograph knowledge base.

The data flow, one stage per folder, imports running one way (bottom to top)::

    model, plumbing   the ground: pydantic models, units, problems; file and process helpers
    check             strict YAML loading, schema check, clinical lint rules, validate
    compute           values derived from a model that several outputs share
    site | api        Markdown pages and search documents | canonical JSON export and FHIR
    editors           fmt, scaffold, clinical diff, generated editor pages
    build             pipeline, store, publishing, the generator-independent site build
    cli, mkdocs_plugin, zensical, bench   thin adapters on top
"""

__version__ = "0.1.0"
