"""Build tools for the drug monograph knowledge base: load, validate, model, render, export."""

__version__ = "0.1.0"
