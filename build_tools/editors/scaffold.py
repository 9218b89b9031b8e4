"""``monographs new``: start a monograph from a template with every section and TODO markers.

The template holds no invented facts: free-text fields say TODO, and entries that need numbers,
dates, units or coded values (doses, strengths, temperatures, sources) are commented-out examples
whose placeholders (``...`` for values, TODO for text) fail validation or warn until filled in.
Allowed values shown in the examples are read from the models. The result validates as an
incomplete draft with no errors (the build leaves it out); ``monographs validate`` lists each
TODO and what is missing as warnings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import yaml
from pydantic import BaseModel

from build_tools import model as models
from build_tools.check.rules.corpus import drug_key
from build_tools.editors.fmt import format_text, needs_quotes
from build_tools.plumbing.cmdline import DEFAULT_DIR

MODELINE = "# yaml-language-server: $schema=../schema/monograph.schema.json"

_TEMPLATE = """\
<<MODELINE>>
# New monograph. Replace each placeholder below with facts from the sources and cite them, then
# ask for review. The commented-out entries are examples: uncomment them, replace each ... and
# placeholder, and delete the [] or {} before them. `monographs validate` lists what is left;
# `monographs fmt` tidies up.
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
#   routes: [...]  # <<DosageForm.routes>>
#   strength:
#     amount: {value: ..., unit: mg}
#     per: {value: ..., unit: mL}
#   container: TODO single-dose vial, bottle...
#   cite: [...]
pharmacology:
  mechanism: TODO mechanism of action, in plain words
  pharmacokinetics: []
  # TODO pharmacokinetic numbers:
  # - parameter: ...  # <<PkValue.parameter>>
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
#   indications: [...]
#   population:
#     group: ...  # <<Population.group>>
#   routes: [...]
#   phases:
#     - id: ...
#       kind: ...  # <<Phase.kind>>
#       dose:
#         basis: ...  # <<Dose.basis>>
#         amount: {value: ..., unit: mg}
#       frequency:
#         every: {value: ..., unit: d}
#       text: TODO the phase as a clinician would say it
#   cite: [...]
dose_adjustments: []
# TODO renal, hepatic and other dose adjustments:
# - kind: ...  # <<DoseAdjustment.kind>>
#   criterion:
#     parameter: creatinine clearance
#     range: {gte: ..., lte: ..., unit: mL/min}  # each end: gte/gt, lte/lt as the label says
#   change:
#     action: ...  # <<Change.action>>
#     text: TODO
#   cite: [...]
missed_doses: []
# TODO what to do about a late or missed dose:
# - action: ...  # <<MissedDose.action>>
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
  #   kind: ...  # <<StorageCondition.kind>>
  #   temperature: {gte: ..., lte: ..., unit: Cel}
  #   temperature_f: {gte: ..., lte: ..., unit: "[degF]"}
  #   cite: [...]
  excursions: []
  # TODO allowed times out of storage:
  # - applies_to: TODO
  #   temperature: {lte: ..., unit: Cel}
  #   temperature_f: {lte: ..., unit: "[degF]"}
  #   max_duration: {value: ..., unit: d}
  #   cite: [...]
  in_use: []
  # TODO limits once opened, drawn up, reconstituted or diluted:
  # - applies_to: TODO
  #   after: ...  # <<InUseLimit.after>>
  #   max_duration: {value: ..., unit: h}
  #   then: ...  # <<InUseLimit.then>>
  #   cite: [...]
interactions:
  items: []
  # TODO interacting drugs, classes or foods:
  # - agent: TODO
  #   effect: TODO
  #   severity: ...  # <<Interaction.severity>>
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
#   band: ...  # <<AdverseReaction.band>>
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
#     - when: ...  # <<Timing.when>>
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
#   kind: ...  # <<Source.kind>>
#   version: TODO label revision, e.g. Revised: 6/2023
#   revised: YYYY-MM  # the label's revision date
review:
  # incomplete: not published until every section is given (or listed under not_applicable with
  # its reason) and no TODO is left; then set status: draft.
  status: incomplete
  last_updated: "<<TODAY>>"
  changes:
    - date: "<<TODAY>>"
      summary: Draft started from the template; TODO summarise the sources used.
"""


#: Greek letters in drug names, spelled as in INNs (interferon alfa, interferon beta-1a).
_GREEK = str.maketrans({"α": "alfa", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon",
                        "κ": "kappa", "λ": "lambda", "ω": "omega"})


_CHOICE = re.compile(r"<<(\w+)\.(\w+)>>")


def _choices(match: re.Match[str]) -> str:
    """The allowed values of a model field (a Literal, or a list of one), from the models."""
    model: type[BaseModel] = getattr(models, match.group(1))
    values = _literal_values(model.model_fields[match.group(2)].annotation)
    return ", ".join(values[:-1]) + f" or {values[-1]}" if len(values) > 1 else "".join(values)


def _literal_values(annotation: Any) -> list[str]:
    """The strings of the first Literal inside an annotation (through list, Optional, Annotated)."""
    if get_origin(annotation) is Literal:
        return [str(v) for v in get_args(annotation)]
    for arg in get_args(annotation):
        found = _literal_values(arg)
        if found:
            return found
    return []


def slugify(name: str) -> str:
    """The monograph id for a generic name: lowercase ASCII letters, digits and single hyphens."""
    spelled = unicodedata.normalize("NFKC", name).lower().translate(_GREEK)
    ascii_name = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii")
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
    text = _CHOICE.sub(_choices, _TEMPLATE)
    text = (text.replace("<<MODELINE>>", MODELINE).replace("<<ID>>", _scalar(slug))
            .replace("<<NAME>>", _scalar(name)).replace("<<TODAY>>", date))
    return format_text(text, f"{slug}.yaml")


def existing_drug(folder: Path, generic_name: str) -> tuple[str, str] | None:
    """The monograph file in ``folder`` whose generic name or a synonym names the same drug as
    ``generic_name`` (salt words left out), with that name; None when there is none. Files that
    do not parse are skipped: validate reports them."""
    key = drug_key(generic_name)
    if not key:
        return None
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            identity = data["identity"]
            names = [identity["generic_name"], *identity.get("synonyms", [])]
        except (OSError, UnicodeDecodeError, yaml.YAMLError, TypeError, KeyError, AttributeError):
            continue
        for name in names:
            if isinstance(name, str) and drug_key(name) == key:
                return path.as_posix(), name
    return None


def _cmd_new(args: argparse.Namespace) -> int:
    """Run ``monographs new``: 0 when written, 1 when the file exists, 2 for usage errors."""
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
    existing = existing_drug(folder, args.generic_name)
    if existing is not None and not path.exists():
        print(f"monographs: '{args.generic_name}' is the drug of {existing[0]} ('{existing[1]}'); "
              "edit that monograph instead (a salt form or another name goes in its synonyms); "
              "nothing was written", file=sys.stderr)
        return 1
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
