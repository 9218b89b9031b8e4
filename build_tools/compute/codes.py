"""Standard codes as apps look them up: a monograph's codes in one place, and NDC package codes
in the 11-digit form pharmacy systems use. The export's lookups and its index share these."""

from __future__ import annotations

from build_tools.model import Monograph

JSON = dict[str, object]


def ndc11(code: str) -> str:
    """The 11-digit (5-4-2) form of a hyphenated 10-digit NDC, without hyphens (4-4-2 gains a
    leading zero, 5-3-2 one before the product, 5-4-1 one before the package; 5-4-2 stays)."""
    labeler, product, package = code.split("-")
    return labeler.zfill(5) + product.zfill(4) + package.zfill(2)


def monograph_codes(m: Monograph) -> dict[str, object]:
    """The monograph's ingredient codes and its products' NDC package codes (label order)."""
    codes = m.identity.codes
    ndc = [n for form in m.dosage_forms for n in form.ndc]
    return {"rxcui": codes.rxcui if codes else None, "unii": codes.unii if codes else None,
            "atc": list(codes.atc) if codes else [], "ndc": list(dict.fromkeys(ndc))}


def brand_key(name: str) -> str:
    """A brand name as a lookup key: case-folded, runs of spaces as one."""
    return " ".join(name.casefold().split())
