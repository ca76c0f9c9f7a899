"""Analysts' merges and splits, read back as clustering constraints.

Decisions are applied in the order they were made, so a later decision wins over an earlier
one: a split after a merge separates what the merge joined, and a merge after a split joins
what the split separated.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from etl.resolve.cluster import Constraints
from models import ResolutionDecision, ResolutionDecisionMention


def load_constraints(session: Session) -> tuple[Constraints, set[str]]:
    """The active decisions as constraints, and every mention key they mention."""
    rows = session.execute(
        select(ResolutionDecision.id, ResolutionDecision.kind, ResolutionDecisionMention.mention_key,
               ResolutionDecisionMention.side)
        .join(ResolutionDecisionMention, ResolutionDecisionMention.decision_id == ResolutionDecision.id)
        .where(ResolutionDecision.is_active.is_(True))
        .order_by(ResolutionDecision.created_at, ResolutionDecision.id, ResolutionDecisionMention.mention_key)
    ).all()
    decisions: dict[int, tuple[str, dict[str, list[str]]]] = {}
    for decision_id, kind, key, side in rows:
        decisions.setdefault(decision_id, (kind, defaultdict(list)))[1][side].append(key)
    ordered = list(decisions.values())
    keys = {key for _, sides in ordered for members in sides.values() for key in members}

    # Pairs each decision joins (must) or separates (cannot), then the latest word on each pair.
    latest: dict[frozenset[str], str] = {}
    groups: list[list[str]] = []
    for kind, sides in ordered:
        if kind == "merge":
            members = sorted(set(sides.get("a", [])) | set(sides.get("b", [])))
            groups.append(members)
            for x, y in itertools.combinations(members, 2):
                latest[frozenset((x, y))] = "must"
        else:
            a, b = sorted(set(sides.get("a", []))), sorted(set(sides.get("b", [])))
            groups.append(a)
            for x, y in itertools.combinations(a, 2):
                latest[frozenset((x, y))] = "must"
            for x in a:
                for y in b:
                    latest[frozenset((x, y))] = "cannot"
    # A must-link group is applied as a chain; drop the links a later split overrules.
    must_groups = []
    for members in groups:
        for component in _components(members, latest):
            if len(component) > 1:
                must_groups.append(component)
    cannot = {pair for pair, verdict in latest.items() if verdict == "cannot"}
    return Constraints(must_link=must_groups, cannot_link=cannot), keys


def _components(members: list[str], latest: dict[frozenset[str], str]) -> list[list[str]]:
    parent = {m: m for m in members}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for x, y in itertools.combinations(members, 2):
        if latest.get(frozenset((x, y))) == "must":
            parent[find(x)] = find(y)
    out: dict[str, list[str]] = defaultdict(list)
    for m in members:
        out[find(m)].append(m)
    return [sorted(v) for v in out.values()]
