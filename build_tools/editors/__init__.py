"""Editors' tools: canonical formatting (``fmt``), a new monograph from a template (``scaffold``),
the clinical diff between two versions and the change list (``clinical_diff``), and the
generated editor pages: rule list and schema reference (``schema_doc``).

Takes loading, checking and the model; gives text for editors, never the site's or the export's
own content.
"""
