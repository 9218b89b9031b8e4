"""Rendered pages: golden Markdown for nusinersen, and the browse pages."""

from __future__ import annotations

import pytest

from build_tools.check.load import load_file
from build_tools.model import Monograph
from build_tools.site.browse import browse_entry, render_indexes
from build_tools.site.render import render_monograph
from tests.conftest import FIXTURES, compare_golden

GOLDEN = FIXTURES.parent / "golden"


def _model(name: str) -> Monograph:
    return Monograph.model_validate(load_file(FIXTURES / "valid" / f"{name}.yaml").data)


def test_nusinersen_page_golden() -> None:
    compare_golden(GOLDEN / "nusinersen.md", render_monograph(_model("nusinersen")))


def test_page_shows_key_numbers_in_clinical_form() -> None:
    page = render_monograph(_model("nusinersen"))
    for text in ("12 mg (5 mL)", "every 14 days", "30 days after the previous dose",
                 "2 to 8 °C (36 to 46 °F)", "up to 14 days", "up to 30 h in total",
                 "use within 4 h", "&gt; 0.2 g/L → Consider repeat testing", "CA only",
                 "Unreviewed draft", 'id="source-1"', 'role="img"'):
        assert text in page, text
    assert page.index("## Dosing") < page.index("## Storage") < page.index("## Adverse reactions")


def test_adverse_reactions_sorted_by_incidence_within_band() -> None:
    page = render_monograph(_model("nusinersen"))
    assert page.index("Proteinuria") < page.index("Lower respiratory tract infection") < page.index(
        "Fever") < page.index("Thrombocytopenia") < page.index("Urinary tract infection")


def test_indexes_golden() -> None:
    pages = render_indexes([browse_entry(_model("nusinersen")), browse_entry(_model("base"))])
    assert "- [Spinraza](../monographs/nusinersen.md) \\(brand of nusinersen\\)" in pages["browse/a-z.md"]
    for uri, text in pages.items():
        compare_golden(GOLDEN / uri.replace("/", "-"), text)


@pytest.mark.parametrize("name", ["hydrOXYzine", "vitamin B12", "NovoLOG", "insulin aspart"])
def test_names_are_shown_exactly_as_written(name: str) -> None:
    """Tall Man lettering (a safety convention against look-alike names), units and acronyms
    keep their case: the page title is the generic name as the monograph writes it."""
    model = _model("base").model_copy(update={"identity": _model("base").identity.model_copy(
        update={"generic_name": name})})
    page = render_monograph(model)
    assert f"\n# {name}\n" in page
    assert f'"title": "{name}"' in page or f"title: {name}" in page


def test_a_brand_listed_per_region_is_one_a_to_z_entry() -> None:
    from build_tools.site.browse import BrowseEntry

    entry = BrowseEntry("examplomab", "examplomab", ("Examplo", "Examplo", "EXAMPLO", "Other"), (), ())
    page = render_indexes([entry])["browse/a-z.md"]
    assert page.count(r"\(brand of examplomab\)") == 2, page  # Examplo once, Other once
