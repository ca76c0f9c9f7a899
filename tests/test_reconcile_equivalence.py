"""Reconciliation's shortcut for one-mention incidents gives what the general votes give."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.resolve.figures import ReportedFigure, reconcile_one, reconcile_pool
from etl.resolve.reconcile import (
    _MentionRow,
    apply_overrides,
    derive_alone,
    derive_many,
    derive_one,
)

names = st.one_of(st.none(), st.sampled_from(["", "-", "Islamabad", "islamabad", "Tarlai Kalan", "G-11", "Straße"]))


@st.composite
def mentions(draw: st.DrawFn) -> _MentionRow:
    start = draw(st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1))))
    end = None if start is None else start + dt.timedelta(days=draw(st.integers(0, 400)))
    return _MentionRow(
        key=draw(st.sampled_from(["GTD|1|0", "Dawn|a|0"])),
        is_primary=draw(st.booleans()),
        date_start=start,
        date_end=end,
        date_precision=draw(st.sampled_from([None, "day", "month", "year"])),
        country=draw(st.sampled_from([None, "PK", "IQ"])),
        admin1=draw(names),
        city=draw(names),
        locality=draw(names),
        attack_type=draw(st.sampled_from([None, "", "Unknown", "Bombing/Explosion", "Armed Assault"])),
        suicide=draw(st.sampled_from([None, True, False])),
        target_type=draw(st.sampled_from([None, "", "Unknown", "Police", "Business"])),
    )


@st.composite
def figures(draw: st.DrawFn) -> dict[str, list[ReportedFigure]]:
    out: dict[str, list[ReportedFigure]] = {}
    for category in ("killed", "wounded"):
        rows = []
        for _ in range(draw(st.integers(0, 3))):
            low = draw(st.integers(0, 300))
            qualifier = draw(st.sampled_from(["exact", "at_least", "about", "range", "up_to", "more_than"]))
            high = low + draw(st.integers(0, 50)) if qualifier == "range" else None
            at = draw(st.one_of(st.none(), st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2030, 1, 1),
                                                        timezones=st.just(dt.UTC))))
            rows.append(ReportedFigure(low, high, qualifier, at, draw(st.booleans()), draw(st.booleans()),
                                       draw(st.sampled_from(["total", "perpetrators", "civilians"])), "k"))
        out[category] = rows
    return out


@settings(max_examples=400, deadline=None)
@given(mentions(), figures())
def test_one_mention_shortcut_equals_the_votes(mention: _MentionRow, ledger: dict[str, list[ReportedFigure]]) -> None:
    fast = apply_overrides(derive_one(mention, ledger), [])
    general = apply_overrides(derive_many([mention], ledger), [])
    assert fast == general


@settings(max_examples=300, deadline=None)
@given(figures(), st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1))))
def test_one_figure_shortcut_equals_the_rule(ledger: dict[str, list[ReportedFigure]], attack: dt.date | None) -> None:
    for figure in ledger["killed"]:
        assert reconcile_one(figure) == reconcile_pool([figure], attack)


def test_slug_suffixes_stay_unique_when_six_hex_digits_collide() -> None:
    """A base shared by thousands of incidents (undated bombings in one town) gives two of them
    the same first six hex digits now and then: those two get longer suffixes."""
    import hashlib

    from etl.resolve.reconcile import _suffixed

    seen: dict[str, int] = {}
    keys: dict[int, str] = {}
    for i in range(100_000):
        keys[i] = f"Dawn|report-{i}|0"
        prefix = hashlib.sha1(keys[i].encode()).hexdigest()[:6]
        if prefix in seen:
            twins = (seen[prefix], i)
            break
        seen[prefix] = i
    slugs = _suffixed("undated-damascus-bombing", keys)
    assert len(set(slugs.values())) == len(keys)
    assert all(len(slugs[t].rsplit("-", 1)[1]) == 8 for t in twins)
    others = [i for i in keys if i not in twins]
    assert all(len(slugs[i].rsplit("-", 1)[1]) == 6 for i in others)
    assert _suffixed("undated-damascus-bombing", dict(reversed(list(keys.items())))) == slugs  # order-free


@settings(max_examples=400, deadline=None)
@given(mentions(), figures())
def test_lone_dataset_row_shortcut_equals_the_rule(mention: _MentionRow,
                                                   ledger: dict[str, list[ReportedFigure]]) -> None:
    """The importer's flattened rule for a row on its own (primary, no as-of time) is the rule."""
    ledger = {c: [ReportedFigure(f.low, f.high, f.qualifier, None, True, f.is_current, f.population, mention.key)
                  for f in rows] for c, rows in ledger.items()}
    mention.is_primary = True
    expected = apply_overrides(derive_one(mention, ledger), [])
    lone = [(c, f.population, f.low, f.high, f.qualifier, f.is_current, "evidence")
            for c, rows in ledger.items() for f in rows]
    values, place, slug_base = derive_alone(
        mention.key, mention.date_start, mention.date_end, mention.date_precision, mention.country, mention.admin1,
        mention.city, mention.locality, mention.attack_type, mention.suicide, mention.target_type, lone,
    )
    assert values == (expected.title, expected.date_start, expected.date_end, expected.date_precision,
                      expected.attack_type, expected.suicide, expected.target_type, expected.killed_best,
                      expected.killed_low, expected.killed_high, expected.wounded_best, expected.wounded_low,
                      expected.wounded_high)
    assert place == (expected.country, expected.admin1, expected.city, expected.locality)
    assert slug_base == expected.slug_base
