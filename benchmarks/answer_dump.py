"""Every answer of the given question sets, one JSON line each: to check that a speed change changes no answer.

    PORTAL_DATA_DIR=$PWD/var/eval .venv/bin/python benchmarks/answer_dump.py before.jsonl SET...
    (change the code)
    PORTAL_DATA_DIR=$PWD/var/eval .venv/bin/python benchmarks/answer_dump.py after.jsonl SET...
    cmp before.jsonl after.jsonl

A SET is a folder with manifest.json and questions.jsonl (the `evaluate --cv` folds; never the
team's held-out set). Each set is indexed into a temporary collection, as `evaluate` does, and each
question answered by `chat.answering.answer_question`; a line holds the answer's text, kind,
reason, language, citations, tables and enquiry fields. The CPU seconds per set go to stderr.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def main() -> None:
    import django

    django.setup()
    from chat.answering import answer_question
    from knowledge.evaluation import load_set, temporary_index

    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        for folder in sys.argv[2:]:
            eval_set = load_set(Path(folder))
            with temporary_index(eval_set) as failures:
                started = time.process_time()
                for question in eval_set.questions:
                    answer = answer_question(str(question["question"]))
                    line = {
                        "set": Path(folder).name,
                        "id": question.get("id"),
                        "text": answer.text,
                        "language": answer.language,
                        "kind": answer.kind,
                        "reason": answer.reason,
                        "citations": answer.citations,
                        "enquiry": answer.enquiry,
                        "tables": [repr(t) for t in answer.tables],
                    }
                    out.write(json.dumps(line, ensure_ascii=False, sort_keys=True, default=str) + "\n")
                seconds = time.process_time() - started
            print(
                f"{folder}: {len(eval_set.questions)} questions, "
                f"{1000 * seconds / max(len(eval_set.questions), 1):.1f} ms CPU each, failures {failures}",
                file=sys.stderr,
            )


if __name__ == "__main__":
    main()
