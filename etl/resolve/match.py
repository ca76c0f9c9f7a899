"""Are two mentions the same attack? A symmetric, deterministic score with hard vetoes.

The evidence, in the order it counts:

* **date**: two day-precise dates must be equal (one day apart only when the site matches
  too: a late-night attack is dated differently by different outlets); coarser dates
  ("2008", "2025-11") must overlap; an undated report cannot describe an attack dated after
  its own publication, and a recent attack is the likely subject of an undated news report;
* **place**: the same country; the same city (fuzzy, accent- and spelling-tolerant); a named
  site that matches (``Tarlai`` inside ``Tarlai Kalan``, ``Koocha Risaldar`` vs
  ``Kocha Risaldar``) is strong evidence; two different named sites weigh against;
* **attack**: the same GTD attack type (compatible types such as bombing vs armed assault
  in a complex attack only weigh against; incompatible ones veto), suicide, target type;
* **figures**: tolls of the same order agree; wildly different tolls disagree.

A veto means "certainly not the same attack" and also stops clusters from chaining through a
vague mention. Scores are sums of small weights; thresholds live in :mod:`etl.resolve.cluster`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rapidfuzz import fuzz

from etl.resolve.features import MentionFeatures

#: Attack types that one attack can be given by different reports (a complex attack with a
#: suicide bomber and gunmen is a bombing to one outlet and an armed assault to another).
COMPATIBLE_ATTACK_TYPES: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in (
        ("Bombing/Explosion", "Armed Assault"),
        ("Bombing/Explosion", "Assassination"),
        ("Bombing/Explosion", "Facility/Infrastructure Attack"),
        ("Armed Assault", "Assassination"),
        ("Armed Assault", "Facility/Infrastructure Attack"),
        ("Armed Assault", "Hostage Taking (Barricade Incident)"),
        ("Armed Assault", "Hostage Taking (Kidnapping)"),
        ("Hostage Taking (Barricade Incident)", "Hostage Taking (Kidnapping)"),
        ("Armed Assault", "Unarmed Assault"),
    )
)

#: Words that say what kind of place a site is; two sites sharing only these are not the same.
GENERIC_PLACE_WORDS = frozenset(
    ["the", "a", "of", "hotel", "mosque", "imambargah", "market", "bazaar", "court", "courts", "complex", "district", "road", "street", "chowk", "area", "sector", "town", "city", "village", "camp", "base", "cantonment", "school", "university", "hospital", "church", "temple", "shrine", "police", "station", "checkpost", "check", "post", "office", "building", "bridge", "square", "gate"]
)

RECENT_DAYS = 30  # an undated news report is most likely about an attack of the last month


@dataclass(frozen=True, slots=True)
class Verdict:
    veto: bool
    score: float
    reason: str = ""


NO = Verdict(True, 0.0)


def names_match(a: str, b: str) -> bool:
    """Fuzzy equality of folded names, or one name's words inside the other's ("tarlai" / "tarlai kalan")."""
    if not a or not b:
        return False
    if a == b:
        return True
    if fuzz.ratio(a, b) >= 86:
        return True
    wa, wb = set(a.split()), set(b.split())
    small, large = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return bool(small - GENERIC_PLACE_WORDS) and small <= large


def _dates(a: MentionFeatures, b: MentionFeatures, site_match: bool) -> Verdict:
    # A report cannot describe an attack that happened after it was published (one day of slack
    # for time zones and late-night datelines).
    slack = dt.timedelta(days=1)
    for x, y in ((a, b), (b, a)):
        if x.published and y.date_start and y.date_start > x.published + slack:
            return Verdict(True, 0.0, "after publication")
    if a.date_start is None or b.date_start is None:
        dated = b if a.date_start is None else a
        undated = a if a.date_start is None else b
        if dated.date_start and undated.published and undated.dataset is None:
            age = (undated.published - dated.date_end).days if dated.date_end else None
            if age is not None and -1 <= age <= RECENT_DAYS:
                return Verdict(False, 1.5, "recent")
        return Verdict(False, 0.0)
    if a.date_precision == "day" and b.date_precision == "day":
        gap = abs((a.date_start - b.date_start).days)
        if gap == 0:
            return Verdict(False, 3.0)
        if gap == 1 and site_match:
            return Verdict(False, 1.5)
        return Verdict(True, 0.0, "different days")
    if a.date_end < b.date_start or b.date_end < a.date_start:  # type: ignore[operator]
        return Verdict(True, 0.0, "dates disjoint")
    coarse = {a.date_precision, b.date_precision}
    return Verdict(False, 0.5 if "year" in coarse else 1.5)


def _place(a: MentionFeatures, b: MentionFeatures) -> tuple[Verdict, bool]:
    """Place verdict and whether a named site matched."""
    if a.country and b.country and a.country != b.country:
        return Verdict(True, 0.0, "different countries"), False
    score = 0.0
    site = names_match(a.locality, b.locality)
    if a.city and b.city:
        if names_match(a.city, b.city):
            score += 1.5
        elif names_match(a.city, b.locality) or names_match(a.locality, b.city):
            score += 1.0  # one report names the site as if it were the town
        else:
            return Verdict(True, 0.0, "different cities"), False
    elif a.admin1 and b.admin1 and not (names_match(a.admin1, b.admin1) or a.admin1 in b.admin1 or b.admin1 in a.admin1):
        return Verdict(True, 0.0, "different provinces"), False
    elif (a.city and b.locality and names_match(a.city, b.locality)) or (
        b.city and a.locality and names_match(b.city, a.locality)
    ):
        score += 1.0
    if site:
        score += 3.0
    elif a.locality and b.locality:
        score -= 2.0  # two different named sites
    return Verdict(False, score), site


def _attack(a: MentionFeatures, b: MentionFeatures) -> Verdict:
    score = 0.0
    ta, tb = a.attack_type, b.attack_type
    if ta and tb and "Unknown" not in (ta, tb):
        if ta == tb:
            score += 1.0
        elif frozenset((ta, tb)) in COMPATIBLE_ATTACK_TYPES:
            score -= 0.5
        else:
            return Verdict(True, 0.0, "incompatible attack types")
    if a.suicide is not None and b.suicide is not None:
        score += 0.5 if a.suicide == b.suicide else -1.0
    ga, gb = a.target_type, b.target_type
    if ga and gb and "Unknown" not in (ga, gb):
        score += 0.5 if ga == gb else -0.5
    return Verdict(False, score)


def _figures(x: int | None, y: int | None, weight: float) -> float:
    if x is None or y is None:
        return 0.0
    low, high = sorted((x, y))
    if high <= 2 * low + 2:
        return 0.5 * weight
    if high > 4 * low + 5:
        return -1.5 * weight
    return 0.0


def compare(a: MentionFeatures, b: MentionFeatures) -> Verdict:
    """The evidence that ``a`` and ``b`` report the same attack (symmetric)."""
    place, site = _place(a, b)
    if place.veto:
        return place
    date = _dates(a, b, site)
    if date.veto:
        return date
    attack = _attack(a, b)
    if attack.veto:
        return attack
    score = place.score + date.score + attack.score
    score += _figures(a.killed, b.killed, 1.0) + _figures(a.wounded, b.wounded, 0.5)
    return Verdict(False, round(score, 3))
