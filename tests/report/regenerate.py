"""Rebuild tests/report/data/decision.json and the snapshots from the live engine.

Run after a deliberate change to the engine or the knowledge base, then review the diff:
``.venv/bin/python tests/report/regenerate.py``. After a change to the templates or the
renderer only, ``--snapshots`` re-renders the snapshots from the stored record (the record
stays as it is, so the diff shows only what the rendering changed).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import CREATED_AT, RECORD, ROOT, validation_run

from recommender.engine import load_questionnaire, recommend
from recommender.kb import load_knowledge_base
from recommender.report import DecisionRecord


def main() -> None:
    from test_report_render import write_snapshots

    if "--snapshots" not in sys.argv:
        build_record()
    write_snapshots(DecisionRecord.from_json(RECORD.read_bytes()))


def build_record() -> None:
    kb = load_knowledge_base()
    q = load_questionnaire(ROOT / "examples" / "code_assistant_api.yaml")
    first = recommend(q, kb)
    open_ids = [r.candidate.model.id for r in first.shortlist if r.candidate.model.open_weights]
    run = validation_run(open_ids)
    record = DecisionRecord.build(q, kb=kb, validation=run, created_at=CREATED_AT)
    RECORD.parent.mkdir(parents=True, exist_ok=True)
    RECORD.write_text(record.to_json(), encoding="utf-8")
    print(f"wrote {RECORD}")


if __name__ == "__main__":
    main()
