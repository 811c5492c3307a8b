"""Integrity checks over a loaded knowledge base: facts that are each valid but wrong together.

These run in ``modelrec kb validate`` (and the test suite) rather than at every load, because
they depend on the date (a shutdown date that has passed) and on the project's provenance rule
(no value may be admitted as unsourced); a user's own knowledge directory is held to them too.

- A successor chain ends at a current model (no dead ends at retired or deprecated models, no
  cycles).
- No model is presented as usable after its shutdown: a deprecated model whose ``shutdown_on``
  has passed must be ``retired``.
- No record's notes admit an unsourced value ("from memory", "not verified"): such a value must
  be null instead.
- Every model's creator is a known maker (its country decides origin requirements), except in
  records the user added (``kb add`` lists an uncatalogued maker among the missing facts).
- Every evidence score names a model of the knowledge base.

:func:`audit` is the softer report behind ``modelrec kb audit``: what looks stale.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..errors import Problem, closest_matches
from .loader import KnowledgeBase

__all__ = [
    "STALE_AFTER_DAYS",
    "UNSOURCED_PATTERN",
    "Audit",
    "audit",
    "integrity_problems",
    "newest_fact_date",
    "stale_days",
]

#: The knowledge base is called stale when its newest fact is older than this many days (the
#: wizard's sidebar and the report's first page both say so).
STALE_AFTER_DAYS = 90

#: Phrases by which a note admits that a value was not read from a source.
UNSOURCED_PATTERN = re.compile(
    r"\bfrom memory\b|\bnot (?:been )?verified\b|\bunverified\b|\brecalled\b|"
    r"\bnot checked against\b|\bguess(?:ed)?\b",
    re.IGNORECASE,
)


def _where(kb: KnowledgeBase, kind: str, record_id: str) -> tuple[str, int | None]:
    file, line = kb.locations.get((kind, record_id), (str(kb.root), None))
    return file, line


def integrity_problems(kb: KnowledgeBase, *, today: date | None = None) -> list[Problem]:
    """Every integrity problem in ``kb`` as of ``today`` (default: the current date)."""
    today = today or date.today()
    problems: list[Problem] = []

    def problem(kind: str, record_id: str, field: str | None, message: str) -> None:
        file, line = _where(kb, kind, record_id)
        problems.append(Problem(file, line, record_id, field, message))

    for m in kb.models:
        if m.status == "deprecated" and m.shutdown_on is not None and m.shutdown_on < today:
            problem(
                "models",
                m.id,
                "status",
                f"shut down on {m.shutdown_on} (before {today}): status must be 'retired' "
                f"with retired_on: {m.shutdown_on}",
            )
        if m.status in ("superseded", "retired", "deprecated") or m.successor:
            chain = kb.successor_chain(m)
            if m.successor and not chain:
                continue  # an unknown successor is reported by the loader
            if chain:
                last = chain[-1]
                if last.successor and last.successor in {m.id, *(x.id for x in chain)}:
                    problem("models", m.id, "successor", "successor chain loops back on itself")
                elif last.status != "current":
                    path = " → ".join([m.id, *(x.id for x in chain)])
                    problem(
                        "models",
                        m.id,
                        "successor",
                        f"successor chain ends at a {last.status} model ({path}); point it at "
                        "the model the provider recommends now",
                    )
    ids = [m.id for m in kb.models]
    for file, line, model_id in kb.orphan_scores:
        near = closest_matches(model_id, ids, n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        problems.append(
            Problem(file, line, None, "model", f"score for unknown model '{model_id}'{hint}")
        )
    if kb.makers:
        for m in kb.models:
            # a user-added model's maker may be uncatalogued: `kb add` lists it as missing
            if kb.maker(m.creator) is None and m.user_added is None:
                problem(
                    "models",
                    m.id,
                    "creator",
                    f"creator '{m.creator}' is not in makers.yaml (add the maker, or this name "
                    "as an alias): its country decides origin requirements",
                )
    for kind, records in (
        ("models", kb.models),
        ("licenses", tuple(kb.licenses.values())),
        ("hardware", kb.hardware),
        ("benchmarks", tuple(kb.benchmarks.values())),
        ("makers", tuple(kb.makers.values())),
    ):
        for record in records:
            for text in _notes(record):
                found = UNSOURCED_PATTERN.search(text)
                if found:
                    problem(
                        kind,
                        record.id,
                        "notes",
                        f"notes admit an unsourced value ('{found.group(0)}'): read it from a "
                        "source, or set it to null and say it is unknown",
                    )
    return problems


def _notes(record: Any) -> list[str]:
    """The record's notes and those of its nested sourced parts (prices, API blocks)."""
    texts = [record.notes] if getattr(record, "notes", None) else []
    for nested in ("rental_per_hour", "private_rental_per_hour", "purchase", "reasoning_overhead"):
        part = getattr(record, nested, None)
        if part is not None and getattr(part, "notes", None):
            texts.append(part.notes)
    api = getattr(record, "api", None)
    if api is not None:
        for part in (api.performance, api.unit_prices):
            if part is not None and part.notes:
                texts.append(part.notes)
    return texts


@dataclass(frozen=True)
class Audit:
    """What looks stale in a knowledge base (``modelrec kb audit``)."""

    today: date
    oldest: list[tuple[str, str, date]]  #: (kind, id, as_of), oldest first
    quiet_makers: list[tuple[str, date | None]]  #: (maker, newest release) with none recently
    deprecated_chains: list[tuple[str, str]]  #: (model, successor) where the successor is
    #: itself deprecated or retired
    shutting_down: list[tuple[str, date]]  #: deprecated models with a shutdown date ahead
    newest_fact: date | None

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "newest_fact": None if self.newest_fact is None else self.newest_fact.isoformat(),
            "oldest": [{"kind": k, "id": i, "as_of": d.isoformat()} for k, i, d in self.oldest],
            "quiet_makers": [
                {"maker": n, "newest_release": None if d is None else d.isoformat()}
                for n, d in self.quiet_makers
            ],
            "deprecated_chains": [{"model": a, "successor": b} for a, b in self.deprecated_chains],
            "shutting_down": [
                {"model": a, "shutdown_on": d.isoformat()} for a, d in self.shutting_down
            ],
        }


def newest_fact_date(kb: KnowledgeBase) -> date | None:
    """The newest ``as_of`` in the knowledge base: how current it is at best."""
    dates = [x.as_of for x in (*kb.models, *kb.licenses.values(), *kb.hardware)]
    return max(dates) if dates else None


def stale_days(newest: date | None, today: date) -> int | None:
    """Days since the newest fact when over :data:`STALE_AFTER_DAYS`, else None."""
    if newest is None:
        return None
    days = (today - newest).days
    return days if days > STALE_AFTER_DAYS else None


def audit(
    kb: KnowledgeBase, *, today: date | None = None, oldest: int = 15, quiet_months: int = 6
) -> Audit:
    """Where the next refresh should look: the oldest facts, makers with no release recorded in
    the last ``quiet_months``, deprecated models whose successors are deprecated too, and
    announced shutdowns ahead."""
    today = today or date.today()
    dated: list[tuple[str, str, date]] = [
        *(("models", m.id, m.as_of) for m in kb.models),
        *(("licenses", x.id, x.as_of) for x in kb.licenses.values()),
        *(("hardware", h.id, h.as_of) for h in kb.hardware),
    ]
    dated.sort(key=lambda t: (t[2], t[0], t[1]))
    newest: dict[str, date | None] = defaultdict(lambda: None)
    for m in kb.models:
        maker = kb.maker(m.creator)
        name = maker.name if maker else m.creator
        current = newest[name]
        if m.released is not None and (current is None or m.released > current):
            newest[name] = m.released
        else:
            newest.setdefault(name, current)
    cutoff = today - timedelta(days=round(quiet_months * 30.44))
    quiet = sorted(
        ((n, d) for n, d in newest.items() if d is None or d < cutoff),
        key=lambda t: (t[1] or date.min, t[0]),
    )
    chains = []
    for m in kb.models:
        if m.status in ("deprecated", "retired") and m.successor:
            nxt = kb.successor_chain(m)[:1]
            if nxt and nxt[0].status in ("deprecated", "retired"):
                chains.append((m.id, nxt[0].id))
    shutting = sorted(
        ((m.id, m.shutdown_on) for m in kb.models if m.status == "deprecated" and m.shutdown_on),
        key=lambda t: (t[1], t[0]),
    )
    return Audit(
        today=today,
        oldest=dated[:oldest],
        quiet_makers=quiet,
        deprecated_chains=chains,
        shutting_down=[(a, d) for a, d in shutting if d is not None],
        newest_fact=newest_fact_date(kb),
    )
