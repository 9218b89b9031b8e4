"""Which regimens a scoped statement (a dose adjustment, a missed-dose rule, a monitoring entry)
reaches. The page's dosing summary and any client read scope this one way."""

from __future__ import annotations

from build_tools.model import Regimen


def reaches(node: object, regimen: Regimen) -> bool:
    """True when ``node``'s scope takes in ``regimen``: each list it gives (regimens,
    indications, populations, dosage forms) must include the regimen's, and two region lists
    must share a region (an empty list means no limit)."""
    regimens: list[str] = getattr(node, "regimens", [])
    if regimens and regimen.id not in regimens:
        return False
    indications: list[str] = getattr(node, "indications", [])
    if indications and not set(indications) & set(regimen.indications):
        return False
    populations: list[str] = getattr(node, "populations", [])
    if populations and regimen.population.group not in populations:
        return False
    forms: list[str] = getattr(node, "dosage_forms", [])
    if forms and regimen.dosage_forms and not set(forms) & set(regimen.dosage_forms):
        return False
    regions: list[str] = getattr(node, "regions", [])
    return not (regions and regimen.regions and not set(regions) & set(regimen.regions))
