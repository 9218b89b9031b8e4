"""A deterministic synthetic corpus: valid, realistic-size monographs for benchmarks and scale tests.

Each monograph is derived from the nusinersen monograph's structure with varied names, brands,
categories, indications, doses, schedules, storage limits and about 140 adverse reactions, so a
file is about 17 KB like a real, full monograph. The same seed always gives the same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

_SYLLABLES = ["ta", "ri", "mo", "xa", "ve", "lu", "zon", "pra", "ne", "ki", "sol", "bi", "dra", "fen"]
_SUFFIXES = ["mab", "nib", "pril", "sartan", "olol", "cillin", "mycin", "azole", "statin", "tide"]
_CATEGORIES = ["Antisense oligonucleotide", "Monoclonal antibody", "Kinase inhibitor",
               "ACE inhibitor", "Beta blocker", "Cephalosporin", "Glycopeptide antibiotic",
               "Anticoagulant", "Corticosteroid", "Antiemetic"]
_CONDITIONS = ["Spinal muscular atrophy", "Hypertension", "Atrial fibrillation", "Pneumonia",
               "Rheumatoid arthritis", "Type 2 diabetes mellitus", "Hypothyroidism", "Asthma",
               "Deep vein thrombosis", "Nausea and vomiting"]
_SYSTEMS = ["Gastrointestinal", "Central nervous system", "Respiratory", "Dermatologic",
            "Hematologic and oncologic", "Genitourinary", "Cardiovascular", "Hepatic"]
_TERMS = ["nausea", "headache", "rash", "dizziness", "cough", "fatigue", "diarrhea", "pruritus",
          "thrombocytopenia", "insomnia", "edema", "arthralgia", "back pain", "fever", "anemia"]


def _name(rng: random.Random, i: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(2)) + _SUFFIXES[i % len(_SUFFIXES)] + f"{i:05d}"


def _band(percent: float | None) -> str:
    if percent is None:
        return "postmarketing"
    return "gt-10-percent" if percent > 10 else "1-to-10-percent" if percent >= 1 else "lt-1-percent"


def monograph(i: int, seed: int = 7) -> dict[str, Any]:
    """The i-th synthetic monograph as plain data."""
    rng = random.Random(seed * 1_000_003 + i)
    generic = _name(rng, i)
    ident = f"synth-{i:05d}"
    brand = (generic[:5] + "ex").capitalize() + f"{i:05d}"
    dose = rng.choice([5, 10, 12, 20, 40, 100, 250, 500])
    reactions = []
    for k in range(140):
        percent = None if k % 7 == 6 else round(rng.uniform(0.1, 60), 1)
        reaction: dict[str, Any] = {
            "term": f"{rng.choice(_TERMS).capitalize()} variant {k}",
            "system": rng.choice(_SYSTEMS),
            "band": _band(percent),
            "cite": ["label"],
        }
        if percent is not None:
            reaction["percent"] = percent
        reactions.append(reaction)
    return {
        "id": ident,
        "identity": {
            "generic_name": generic,
            "brands": [{"name": brand, "regions": ["US"]}],
            "synonyms": [f"{generic} sodium"],
            "categories": [rng.choice(_CATEGORIES)],
        },
        "dosage_forms": [{
            "form": "solution", "routes": ["intravenous"],
            "strength": {"amount": {"value": dose, "unit": "mg"}, "per": {"value": 5, "unit": "mL"}},
            "brands": [brand], "cite": ["label"],
        }],
        "indications": [{"id": "main", "condition": rng.choice(_CONDITIONS), "labeled": True,
                         "cite": ["label"]}],
        "dosing": [{
            "id": "adult", "indications": ["main"], "population": {"group": "adult"},
            "routes": ["intravenous"],
            "phases": [
                {"id": "loading", "kind": "loading", "dose": {"basis": "per-administration", "amount": {"value": dose, "unit": "mg"}},
                 "frequency": {"every": {"value": rng.choice([7, 14]), "unit": "d"}}, "count": 3},
                {"id": "maintenance", "kind": "maintenance",
                 "dose": {"basis": "per-administration", "amount": {"value": dose, "unit": "mg"}},
                 "frequency": {"every": {"value": rng.choice([1, 2, 4]), "unit": "mo"}},
                 "start_after": {"value": 30, "unit": "d"},
                 "text": "Maintenance doses continue while the patient benefits."},
            ],
            "cite": ["label"],
        }],
        "storage": {
            "conditions": [{"applies_to": "Intact vials", "kind": "refrigerated",
                            "temperature": {"gte": 2, "lte": 8, "unit": "Cel"},
                            "temperature_f": {"gte": 36, "lte": 46, "unit": "[degF]"},
                            "protect_from_light": True}],
            "excursions": [{"applies_to": "Intact vials", "temperature": {"lte": 30, "unit": "Cel"},
                            "temperature_f": {"lte": 86, "unit": "[degF]"},
                            "max_duration": {"value": rng.choice([7, 14, 30]), "unit": "d"}}],
            "cite": ["label"],
        },
        "interactions": {"none_known": {"cite": ["label"]}},
        "adverse_reactions": reactions,
        "monitoring": [{"id": "platelets", "parameter": "Platelet count",
                        "timing": [{"when": "baseline"}, {"when": "before-each-dose"}],
                        "thresholds": [{"comparator": "lt", "value": {"value": 50, "unit": "10*9/L"},
                                        "action": "Hold the dose and recheck."}],
                        "cite": ["label"]}],
        "sources": [{"id": "label", "title": f"{brand} prescribing information (synthetic)",
                     "publisher": "Synthetic corpus", "url": f"https://example.org/{ident}",
                     "accessed": "2026-01-01", "kind": "label"}],
        "review": {"status": "draft", "last_updated": "2026-01-01"},
    }


def write_corpus(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Write ``count`` synthetic monographs into ``folder``; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        data = monograph(i, seed)
        path = folder / f"{data['id']}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100),
                        encoding="utf-8")
        paths.append(path)
    return paths
