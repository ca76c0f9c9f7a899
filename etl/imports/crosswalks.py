"""Crosswalks: how each dataset's names and codes map onto incidentdb's vocabularies.

The mappings are data, not code: CSV files in ``etl/reference/crosswalks/`` that an analyst
can read and extend (``#`` lines are comments). This module loads and validates them once
and answers the questions the dataset transforms ask:

* which ISO country a dataset's country name is (``countries.csv``);
* which first-level division (ISO 3166-2) a province name is (``admin1.csv``);
* which incidentdb actor a dataset's group name is, or that it is no actor at all
  (``actors.csv``, ``actor_patterns.csv``);
* which GTD attack type, suicide flag, target type and scope an event type has
  (``attack_types.csv``, ``target_types.csv``);
* which actors of a row become attributions, in which role (``roles.csv``).

Everything here is pure (no database): the loader turns actor *decisions* into actor ids.
:func:`crosswalk_digest` fingerprints the files, so a changed crosswalk makes the next
import re-derive rows whose content did not change.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

from etl.reference.divisions import admin1_divisions, countries
from models.vocab import ATTACK_TYPES, ATTRIBUTION_ROLES, TARGET_TYPES, VocabularyError, encode

DATASETS = ("gtd", "ucdp", "acled")
_FILES = (
    "countries.csv",
    "admin1.csv",
    "actors.csv",
    "actor_patterns.csv",
    "attack_types.csv",
    "target_types.csv",
    "roles.csv",
)
_ADMIN_SUFFIXES = (
    "governorate",
    "province",
    "region",
    "state",
    "district",
    "division",
    "department",
    "prefecture",
    "oblast",
    "wilayah",
    "wilaya",
    "muhafazat",
)


class CrosswalkError(ValueError):
    """A crosswalk file is inconsistent (unknown vocabulary value, bad pattern, bad code)."""


@functools.lru_cache(maxsize=65536)
def fold(value: str | None) -> str:
    """Case-, accent-, apostrophe- and hyphen-insensitive form of a name, for matching."""
    if not value:
        return ""
    text = unicodedata.normalize("NFKD", value)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['’‘`ʼ]", "", text)
    text = re.sub(r"[^0-9a-z]+", " ", text)
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("etl.reference").joinpath("crosswalks", name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    rows = []
    for row in csv.DictReader(lines):
        if None in row or None in row.values():
            raise CrosswalkError(f"{name}: wrong number of fields in {row} (quote values that contain commas)")
        rows.append({k: v.strip() for k, v in row.items()})
    return rows


@functools.cache
def crosswalk_digest() -> str:
    """8 hex digits identifying the crosswalk files' contents (part of the importer version)."""
    digest = hashlib.sha256()
    for name in _FILES:
        digest.update(resources.files("etl.reference").joinpath("crosswalks", name).read_bytes())
    return digest.hexdigest()[:8]


# -- countries and divisions ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CountryMatch:
    code: str | None  # None: a historical state or international waters (no ISO country)
    name: str | None  # incidentdb's name of the country


class UnknownCountry(LookupError):
    pass


@functools.cache
def _country_index() -> dict[str, str]:
    import pycountry

    index: dict[str, str] = {}
    known = {c.code for c in countries()}
    for entry in countries():
        for name in (entry.name, entry.official_name, entry.alpha3):
            if name:
                index.setdefault(fold(name), entry.code)
    for country in pycountry.countries:
        if country.alpha_2 not in known:
            continue
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                index.setdefault(fold(value), country.alpha_2)
    return index


@functools.cache
def _country_names() -> dict[str, str]:
    return {c.code: c.name for c in countries()}


@functools.cache
def _country_numeric() -> dict[int, str]:
    import pycountry

    numeric = {int(c.numeric): c.alpha_2 for c in pycountry.countries if getattr(c, "numeric", None)}
    return numeric


@functools.cache
def _country_crosswalk() -> dict[tuple[str, str], str]:
    names = _country_names()
    table: dict[tuple[str, str], str] = {}
    for row in _read("countries.csv"):
        code = row["country_code"].upper()
        if code and code not in names:
            raise CrosswalkError(f"countries.csv: {row['name']!r} maps to unknown country code {code!r}")
        table[(row["dataset"], fold(row["name"]))] = code
    return table


def country(dataset: str, name: str) -> CountryMatch:
    """The country a dataset names; raises :class:`UnknownCountry` when nothing matches."""
    key = fold(name)
    table = _country_crosswalk()
    for scope in (dataset, "*"):
        if (scope, key) in table:
            code = table[(scope, key)] or None
            return CountryMatch(code, _country_names().get(code) if code else None)
    code = _country_index().get(key)
    if code is None:
        raise UnknownCountry(name)
    return CountryMatch(code, _country_names()[code])


def country_by_numeric(code: int) -> CountryMatch | None:
    """The country with ISO 3166-1 numeric ``code`` (ACLED's ``iso`` column), if any."""
    alpha2 = _country_numeric().get(code)
    if alpha2 is None or alpha2 not in _country_names():
        return None
    return CountryMatch(alpha2, _country_names()[alpha2])


def country_name(code: str) -> str | None:
    return _country_names().get(code)


def _strip_admin_suffix(key: str) -> str:
    for suffix in _ADMIN_SUFFIXES:
        if key.endswith(" " + suffix):
            return key[: -len(suffix) - 1]
        if key.startswith(suffix + " of "):
            return key[len(suffix) + 4 :]
    return key


@functools.cache
def _admin1_index() -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    index: dict[tuple[str, str], str] = {}
    names: dict[str, str] = {}
    for division in admin1_divisions():
        names[division.code] = division.name
        for name in (division.name, division.iso_name):
            index.setdefault((division.country_code, fold(name)), division.code)
            index.setdefault((division.country_code, _strip_admin_suffix(fold(name))), division.code)
    return index, names


@functools.cache
def _admin1_crosswalk() -> dict[tuple[str, str, str], str]:
    _, names = _admin1_index()
    table: dict[tuple[str, str, str], str] = {}
    for row in _read("admin1.csv"):
        code = row["admin1_code"].upper()
        if code not in names:
            raise CrosswalkError(f"admin1.csv: {row['name']!r} maps to unknown division {code!r}")
        table[(row["dataset"], row["country_code"].upper(), fold(row["name"]))] = code
    return table


@functools.cache
def admin1(dataset: str, country_code: str | None, name: str | None) -> tuple[str | None, str | None]:
    """``(ISO 3166-2 code, incidentdb name)`` of a division, or ``(None, name as given)``."""
    if not name:
        return None, None
    if not country_code:
        return None, name
    index, names = _admin1_index()
    table = _admin1_crosswalk()
    key = fold(name)
    for candidate in (key, _strip_admin_suffix(key)):
        for scope in (dataset, "*"):
            code = table.get((scope, country_code, candidate))
            if code:
                return code, names[code]
        code = index.get((country_code, candidate))
        if code:
            return code, names[code]
    return None, name


# -- actors ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActorDecision:
    """What a dataset's actor name means.

    ``skip``: not a perpetrator (no attribution). Otherwise try ``candidates`` in the actor
    dictionary in order; if none matches, create ``create_name`` (kind ``kind``) flagged for
    review. ``state`` is set when the name is a state's forces or government (the actor is
    the country itself).
    """

    skip: bool = False
    candidates: tuple[str, ...] = ()
    create_name: str | None = None
    kind: str = "militant_group"
    mapped: bool = False  # an explicit crosswalk row or pattern decided it


@functools.cache
def _actor_crosswalk() -> dict[tuple[str, str], str]:
    return {(row["dataset"], fold(row["name"])): row["actor"] for row in _read("actors.csv")}


@functools.cache
def _actor_patterns() -> list[tuple[str, re.Pattern[str], str, str]]:
    patterns = []
    for row in _read("actor_patterns.csv"):
        try:
            compiled = re.compile(row["pattern"], re.IGNORECASE)
        except re.error as exc:
            raise CrosswalkError(f"actor_patterns.csv: bad pattern {row['pattern']!r}: {exc}") from None
        patterns.append((row["dataset"], compiled, row["actor"], row["kind"] or "militant_group"))
    return patterns


_TRAILING_PARENS = re.compile(r"^(?P<name>.+?)\s*\((?P<inner>[^()]*)\)\s*$")
_ABBREVIATED = re.compile(r"^(?P<abbr>[A-Za-z0-9\-]{2,12}):\s*(?P<name>.+)$")


@functools.cache
def actor_decision(dataset: str, name: str) -> ActorDecision:
    """Decide what ``name`` (one actor as the dataset spells it) refers to."""
    name = " ".join(name.split())
    key = fold(name)
    crosswalk = _actor_crosswalk()
    for scope in (dataset, "*"):
        if (scope, key) in crosswalk:
            target = crosswalk[(scope, key)]
            if not target:
                return ActorDecision(skip=True, mapped=True)
            return ActorDecision(candidates=(target,), create_name=target, mapped=True)
    for scope, pattern, target, kind in _actor_patterns():
        if scope not in (dataset, "*"):
            continue
        match = pattern.fullmatch(name)
        if not match:
            continue
        if not target:
            return ActorDecision(skip=True, mapped=True)
        groups = match.groupdict()
        if "{country}" in target:
            try:
                found = country(dataset, groups.get("country") or "")
            except UnknownCountry:
                continue
            if found.code is None:
                continue
            target = target.replace("{country}", found.name or "")
        return ActorDecision(candidates=(target,), create_name=target, kind=kind, mapped=True)
    candidates = [name]
    abbreviated = _ABBREVIATED.match(name)
    if abbreviated:
        full = abbreviated.group("name")
        candidates.append(full)
        parens = _TRAILING_PARENS.match(full)
        if parens:
            candidates.append(parens.group("name"))
        candidates.append(abbreviated.group("abbr"))
    else:
        parens = _TRAILING_PARENS.match(name)
        if parens:
            candidates.append(parens.group("name"))
            inner = parens.group("inner")
            if re.fullmatch(r"[A-Za-z0-9\-]{2,12}", inner) and inner.upper() == inner:
                candidates.append(inner)  # "Baloch Liberation Army (BLA)" -> "BLA"
    return ActorDecision(candidates=tuple(dict.fromkeys(candidates)), create_name=name)


# -- event types, target types, roles ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventType:
    attack_type: str | None
    suicide: bool | None
    target_type: str | None
    in_scope: bool


def _yes_no(value: str, where: str) -> bool | None:
    if not value:
        return None
    if value.lower() in ("yes", "1", "true"):
        return True
    if value.lower() in ("no", "0", "false"):
        return False
    raise CrosswalkError(f"{where}: {value!r} is not yes or no")


def _vocab(value: str, vocabulary: tuple[str, ...], name: str, where: str) -> str | None:
    if not value:
        return None
    try:
        return encode(value, vocabulary, name=name)
    except VocabularyError as exc:
        raise CrosswalkError(f"{where}: {exc}") from None


@functools.cache
def _event_types() -> dict[tuple[str, str, str], EventType]:
    table = {}
    for row in _read("attack_types.csv"):
        where = f"attack_types.csv ({row['dataset']} {row['column']}={row['value']})"
        table[(row["dataset"], row["column"].lower(), fold(row["value"]))] = EventType(
            attack_type=_vocab(row["attack_type"], ATTACK_TYPES, "attack type", where),
            suicide=_yes_no(row["suicide"], where),
            target_type=_vocab(row["target_type"], TARGET_TYPES, "target type", where),
            in_scope=bool(_yes_no(row["in_scope"] or "yes", where)),
        )
    return table


def event_type(dataset: str, column: str, value: str | None) -> EventType | None:
    """The mapping of ``column = value`` (e.g. ACLED sub_event_type "Suicide bomb"), if listed."""
    if value is None:
        return None
    return _event_types().get((dataset, column.lower(), fold(value)))


@functools.cache
def _target_rules() -> list[tuple[str, str, re.Pattern[str] | str, str]]:
    rules = []
    for row in _read("target_types.csv"):
        where = f"target_types.csv ({row['dataset']} {row['column']}={row['value']})"
        target = _vocab(row["target_type"], TARGET_TYPES, "target type", where)
        if target is None:
            raise CrosswalkError(f"{where}: target_type is empty")
        column = row["column"].lower()
        matcher: re.Pattern[str] | str
        if column in ("actor2",):
            try:
                matcher = re.compile(row["value"], re.IGNORECASE)
            except re.error as exc:
                raise CrosswalkError(f"{where}: bad pattern: {exc}") from None
        else:
            matcher = fold(row["value"])
        rules.append((row["dataset"], column, matcher, target))
    return rules


def target_type(dataset: str, values: dict[str, str | None]) -> str | None:
    """The first target-type rule of ``dataset`` whose column matches ``values``."""
    for scope, column, matcher, target in _target_rules():
        if scope != dataset:
            continue
        value = values.get(column)
        if not value:
            continue
        if isinstance(matcher, re.Pattern):
            if matcher.fullmatch(value.strip()):
                return target
        elif fold(value) == matcher:
            return target
    return None


@functools.cache
def _roles() -> list[tuple[str, str, str, str, str | None]]:
    rules = []
    for row in _read("roles.csv"):
        role = row["role"].lower()
        if role != "none" and role not in ATTRIBUTION_ROLES:
            raise CrosswalkError(f"roles.csv: {role!r} is not an attribution role or none")
        value = row["value"]
        rules.append(
            (row["dataset"], row["column"].lower(), "*" if value == "*" else fold(value), row["actor_column"].lower(),
             None if role == "none" else role)
        )
    return rules


def role(dataset: str, actor_column: str, values: dict[str, str | None]) -> str | None:
    """The attribution role of the actor in ``actor_column`` (None: no attribution).

    ``values`` holds the row's cells by lower-case column name. The first rule of the
    dataset for that actor column whose condition holds decides; no rule means no role.
    """
    for scope, column, value, target, decided in _roles():
        if scope != dataset or target != actor_column:
            continue
        if value == "*" or fold(values.get(column) or "") == value:
            return decided
    return None


def validate() -> None:
    """Load every crosswalk, raising :class:`CrosswalkError` on the first inconsistency."""
    _country_crosswalk()
    _admin1_crosswalk()
    _actor_crosswalk()
    _actor_patterns()
    _event_types()
    _target_rules()
    _roles()
