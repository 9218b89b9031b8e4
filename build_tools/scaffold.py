"""``monographs new``: start a monograph from a template with every section and TODO markers.

The template holds no invented facts: free-text fields say TODO, and entries that need numbers,
dates, units or coded values (doses, strengths, temperatures, sources) are commented-out examples
whose placeholders are TODO, so uncommenting one without filling it in fails validation. The
result validates as a draft with no errors; ``monographs validate`` lists each TODO as a warning.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from pathlib import Path

from build_tools.fmt import format_text, needs_quotes

DEFAULT_DIR = Path("monographs")
MODELINE = "# yaml-language-server: $schema=../schema/monograph.schema.json"

_TEMPLATE = """\
<<MODELINE>>
# New monograph. Replace every TODO with facts from the sources and cite them, then ask for review.
# The commented-out entries are examples: uncomment them, replace each ... and TODO, and delete
# the [] or {} before them. `monographs validate` lists the TODOs left; `monographs fmt` tidies up.
id: <<ID>>
identity:
  generic_name: <<NAME>>
  pronunciation: TODO pronunciation guide, e.g. nue SIN er sen
  brands: []
  # TODO brand names and where they are marketed:
  # - name: TODO
  #   regions: [...]  # ISO country codes, or EU
  synonyms:
    - TODO research codes, former names or common abbreviations (or remove the list)
  # TODO standard codes:
  # codes:
  #   rxcui: "..."
  #   atc: [...]
  #   unii: ...
  categories:
    - TODO pharmacologic category
dosage_forms: []
# TODO one entry per marketed form and strength:
# - form: TODO solution, tablet, powder for solution...
#   routes: [...]
#   strength:
#     amount: {value: ..., unit: mg}
#     per: {value: ..., unit: mL}
#   container: TODO single-dose vial, bottle...
#   cite: [...]
pharmacology:
  mechanism: TODO mechanism of action, in plain words
  pharmacokinetics: []
  # TODO pharmacokinetic numbers:
  # - parameter: ...  # half-life, time-to-peak, bioavailability, protein-binding...
  #   compartment: plasma
  #   value: {value: ..., unit: h}
  #   cite: [...]
  distribution: TODO distribution, in plain words
  metabolism: TODO metabolism, in plain words
  elimination: TODO elimination route(s), in plain words
indications: []
# TODO what the drug is used for (dosing regimens refer to the id):
# - id: ...
#   condition: TODO
#   labeled: ...  # true for a labelled indication, false for off-label use
#   cite: [...]
contraindications:
  items: []
  # TODO contraindications:
  # - condition: TODO
  #   cite: [...]
  # or, when the labelling lists none, replace items with:
  # none_listed:
  #   note: TODO how the source puts it
  #   cite: [...]
dosing: []
# TODO one regimen per indication, population and route, as ordered phases:
# - id: ...
#   indication: ...
#   population:
#     group: ...  # adult, pediatric, neonatal, geriatric or all
#   routes: [...]
#   phases:
#     - id: ...
#       kind: ...  # loading, initial, titration, maintenance, single, taper or repeat
#       dose:
#         amount: {value: ..., unit: mg}
#       frequency:
#         every: {value: ..., unit: d}
#       text: TODO the phase as a clinician would say it
#   cite: [...]
dose_adjustments: []
# TODO renal, hepatic and other dose adjustments:
# - kind: ...  # renal, hepatic, toxicity, interaction, age, weight or other
#   criterion:
#     parameter: creatinine clearance
#     range: {high: ..., unit: mL/min}
#   change:
#     action: ...  # reduce, extend-interval, avoid, not-recommended...
#     text: TODO
#   cite: [...]
missed_doses: []
# TODO what to do about a late or missed dose:
# - action: ...  # give-as-soon-as-possible, skip, give-if-within-window or contact-prescriber
#   text: TODO
#   cite: [...]
administration:
  preparation:
    - text: TODO preparation step, in order
  steps:
    - text: TODO administration step, in order
  considerations: []
  # TODO considerations such as sedation or imaging:
  # - topic: TODO
  #   text: TODO
storage:
  conditions: []
  # TODO storage conditions, in both temperature scales as labelled:
  # - applies_to: TODO intact vials
  #   kind: ...  # refrigerated, frozen, room-temperature, controlled-room-temperature or cool
  #   temperature: {low: ..., high: ..., unit: Cel}
  #   temperature_f: {low: ..., high: ..., unit: "[degF]"}
  #   cite: [...]
  excursions: []
  # TODO allowed times out of storage:
  # - applies_to: TODO
  #   temperature: {high: ..., unit: Cel}
  #   temperature_f: {high: ..., unit: "[degF]"}
  #   max_duration: {value: ..., unit: d}
  #   cite: [...]
  in_use: []
  # TODO limits once opened, drawn up, reconstituted or diluted:
  # - after: ...  # withdrawal-from-vial, opening, reconstitution, dilution, first-use...
  #   max_duration: {value: ..., unit: h}
  #   cite: [...]
interactions:
  items: []
  # TODO interacting drugs, classes or foods:
  # - agent: TODO
  #   effect: TODO
  #   severity: ...  # contraindicated, major, moderate or minor
  #   cite: [...]
  # or, when none are known, replace items with:
  # none_known:
  #   note: TODO
  #   cite: [...]
adverse_reactions: []
# TODO adverse reactions with their incidence:
# - term: TODO
#   system: TODO
#   percent: ...
#   band: ...  # gt-10-percent, 1-to-10-percent, lt-1-percent or postmarketing
#   cite: [...]
warnings: []
# TODO boxed warnings and precautions:
# - id: ...
#   topic: TODO
#   text: TODO
#   cite: [...]
monitoring: []
# TODO what to monitor, when, and what result triggers what:
# - id: ...
#   parameter: TODO
#   timing:
#     - when: ...  # baseline, before-each-dose, periodically...
#   cite: [...]
pregnancy_lactation:
  pregnancy:
    - text: TODO pregnancy considerations
  lactation:
    - text: TODO lactation considerations
patient_education:
  uses:
    - TODO what the drug is used for, in words patients use
  common_side_effects:
    - TODO common side effects to mention if bothersome
  seek_help_now:
    - TODO warning signs that need medical help right away
sources: []
# TODO every document the facts come from, cited by id from the sections above:
# - id: ...
#   title: TODO
#   publisher: TODO
#   url: https://...
#   accessed: "YYYY-MM-DD"
#   kind: ...  # label, reference, guideline, article or other
review:
  status: draft
  last_updated: "<<TODAY>>"
  changes:
    - date: "<<TODAY>>"
      summary: Draft started from the template; TODO summarise the sources used.
"""


def slugify(name: str) -> str:
    """The monograph id for a generic name: lowercase ASCII letters, digits and single hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:64].rstrip("-")


def _scalar(text: str) -> str:
    """A YAML scalar for text, quoted only when it has to be."""
    return json.dumps(text, ensure_ascii=False) if needs_quotes(text) else text


def scaffold(generic_name: str, today: dt.date | None = None) -> str:
    """A new monograph's YAML text: every section, TODO markers, valid as a draft."""
    name = " ".join(generic_name.split())
    slug = slugify(name)
    if not slug:
        raise ValueError(f"cannot make an id from '{generic_name}'; use the generic name in Latin letters")
    date = (today or dt.date.today()).isoformat()
    text = (_TEMPLATE.replace("<<MODELINE>>", MODELINE).replace("<<ID>>", _scalar(slug))
            .replace("<<NAME>>", _scalar(name)).replace("<<TODAY>>", date))
    return format_text(text, f"{slug}.yaml")


def _cmd_new(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    if not folder.is_dir():
        print(f"monographs: no such folder: {folder}", file=sys.stderr)
        return 2
    try:
        text = scaffold(args.generic_name)
    except ValueError as exc:
        print(f"monographs: {exc}", file=sys.stderr)
        return 2
    path = folder / f"{slugify(' '.join(args.generic_name.split()))}.yaml"
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError:
        print(f"monographs: {path} already exists; edit it instead (nothing was written)",
              file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"monographs: cannot write {path}: {exc.strerror}", file=sys.stderr)
        return 1
    print(path)
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``new GENERIC-NAME [--dir monographs]`` to the ``monographs`` command."""
    p = subparsers.add_parser("new", help="start a monograph from the template (TODO markers)")
    p.add_argument("generic_name", metavar="GENERIC-NAME", help="generic name, e.g. nusinersen")
    p.add_argument("--dir", default=str(DEFAULT_DIR), help="monograph folder (default: monographs/)")
    p.set_defaults(func=_cmd_new)
