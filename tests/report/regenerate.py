"""Rebuild tests/report/data/decision.json and the snapshots from the live engine.

Run after a deliberate change to the engine, the knowledge base or the templates, then review
the diff: ``.venv/bin/python tests/report/regenerate.py``.
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
    kb = load_knowledge_base()
    q = load_questionnaire(ROOT / "examples" / "code_assistant_api.yaml")
    first = recommend(q, kb)
    open_ids = [r.candidate.model.id for r in first.shortlist if r.candidate.model.open_weights]
    run = validation_run(open_ids)
    record = DecisionRecord.build(q, kb=kb, validation=run, created_at=CREATED_AT)
    RECORD.parent.mkdir(parents=True, exist_ok=True)
    RECORD.write_text(record.to_json(), encoding="utf-8")
    print(f"wrote {RECORD}")
    from test_report_render import write_snapshots

    write_snapshots(DecisionRecord.from_json(RECORD.read_bytes()))


if __name__ == "__main__":
    main()
