"""Split the written bank into dev and holdout, once, before the parser changes.

    python eval/split.py            # writes eval/dev.yaml and eval/holdout.yaml

Stratified by category with a fixed seed, so the split is reproducible and both
parts have the same mix. Refuses to overwrite an existing split (pass --force
only if the bank itself was wrong, and say so in the notes).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bank import CATEGORIES, load  # noqa: E402

SEED = 20261129
HOLDOUT_SHARE = 0.4


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    out = {"dev": HERE / "dev.yaml", "holdout": HERE / "holdout.yaml"}
    if not args.force and any(p.exists() for p in out.values()):
        print("the split exists already; --force to redo it", file=sys.stderr)
        return 1
    raw = {}
    for path in sorted((HERE / "bank").glob("*.yaml")):
        load(path)  # validate
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            raw[item["id"]] = item
    rng = random.Random(SEED)
    parts: dict[str, list[dict]] = {"dev": [], "holdout": []}
    for category in CATEGORIES:
        ids = sorted(i for i, item in raw.items() if item["category"] == category)
        rng.shuffle(ids)
        cut = round(len(ids) * HOLDOUT_SHARE)
        parts["holdout"] += [raw[i] for i in sorted(ids[:cut])]
        parts["dev"] += [raw[i] for i in sorted(ids[cut:])]
    for name, items in parts.items():
        text = yaml.safe_dump(items, sort_keys=False, allow_unicode=True, width=110)
        out[name].write_text(
            f"# {name} part of the question bank (eval/split.py, seed {SEED}); do not edit by hand\n" + text,
            encoding="utf-8",
        )
        print(f"{out[name].name}: {len(items)} conversations")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
