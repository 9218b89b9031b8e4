"""Loading and checking: bytes in, a list of problems (and, for a valid file, its model) out.

Takes the model. ``load`` reads YAML strictly and keeps every value's line and column;
``schema_check`` holds a document to the JSON Schema; ``rules`` are the clinical lint rules (one
concern per module); ``validate`` runs all three over files and the corpus, on every core.
"""
