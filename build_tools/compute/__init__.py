"""Values derived from a validated model that more than one output shows or exports.

Takes the model. Gives one implementation each of the dose calendar (``schedule``), schedule
summaries (``summaries``), adverse-reaction bands (``bands``) and unit conversions
(``quantities``), so the site, the export and FHIR never compute the same value two ways.
"""
