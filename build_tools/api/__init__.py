"""The export for apps: models in, canonical JSON documents out.

Takes the model and computed values. ``canonical`` is the one JSON encoding (sorted keys, fixed
numbers); ``documents`` builds a monograph's export document, index entry and the index and meta
documents; ``contract`` holds them to ``schema/export.schema.json``; ``fhir`` gives the HL7 FHIR
R5 view. Writes no files: the build stage publishes what this stage makes.
"""
