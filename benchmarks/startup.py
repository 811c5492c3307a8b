"""Start-up cost of `import recommender` and of `modelrec` commands, against bare Python.

Each command runs as a fresh process, --runs times (default 15), interleaved with the baseline
(`python -c pass`) so machine noise hits both alike. Prints median wall times and the extra
cost over the baseline, then which heavy libraries the match and recommend commands imported.
The commands share a fresh MODELREC_HOME whose embedding cache one untimed run of each fills
first (its time is printed too: the first run after installing or after a knowledge change).
Usage: .venv/bin/python benchmarks/startup.py [--runs N] [--only match,recommend]
       [--embedder SPEC]   (sets MODELREC_EMBEDDER for the commands)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MODELREC = str(BIN / "modelrec")
TEXT = "社内規程のPDFを検索して回答するボット"
EXAMPLE = str(ROOT / "examples" / "ja_support_onprem.yaml")
BASELINE = "python -c pass (baseline)"
COMMANDS = {
    BASELINE: [sys.executable, "-c", "pass"],
    # -P: import recommender from PYTHONPATH or site-packages, not from the current directory
    "python -c 'import recommender'": [sys.executable, "-P", "-c", "import recommender"],
    "modelrec --help": [MODELREC, "--help"],
    "modelrec kb validate": [MODELREC, "kb", "validate"],
    "modelrec kb list": [MODELREC, "kb", "list"],
    "modelrec match TEXT": [MODELREC, "match", TEXT],
    "modelrec recommend ja_support_onprem": [MODELREC, "recommend", EXAMPLE],
}
#: Commands whose first run on a fresh home embeds the taxonomy or model descriptions.
EMBEDDING = ("modelrec match TEXT", "modelrec recommend ja_support_onprem")
HEAVY = ("torch", "transformers", "sentence_transformers", "sklearn", "pandas", "scipy")
PROBE = """
import contextlib, io, json, sys
from recommender.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    main(sys.argv[1:])
print(json.dumps([m for m in {heavy!r} if m in sys.modules]))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", help="comma-separated words: keep commands containing one")
    parser.add_argument("--embedder", help="MODELREC_EMBEDDER for the commands")
    args = parser.parse_args()
    commands = {
        name: cmd
        for name, cmd in COMMANDS.items()
        if name == BASELINE or not args.only or any(w in name for w in args.only.split(","))
    }
    home = tempfile.mkdtemp(prefix="modelrec-startup-")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "MODELREC_HOME": home}
    if args.embedder:
        env["MODELREC_EMBEDDER"] = args.embedder
    first = {}
    for name in (n for n in commands if n in EMBEDDING):
        start = time.perf_counter()
        subprocess.run(commands[name], check=True, stdout=subprocess.DEVNULL, env=env)
        first[name] = time.perf_counter() - start
    times: dict[str, list[float]] = {name: [] for name in commands}
    status: dict[str, int] = {}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            start = time.perf_counter()
            done = subprocess.run(
                cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
            )
            times[name].append(time.perf_counter() - start)
            status[name] = done.returncode
    baseline = statistics.median(times[BASELINE])
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; embedder {env.get('MODELREC_EMBEDDER', 'default')}; "
        f"{args.runs} runs"
    )
    print(f"{'command':38} {'median s':>9} {'over baseline s':>16} {'ratio':>6}")
    for name, ts in times.items():
        med = statistics.median(ts)
        note = f"  (exit status {status[name]})" if status[name] else ""
        print(f"{name:38} {med:9.3f} {med - baseline:16.3f} {med / baseline:6.1f}{note}")
    for name, seconds in first.items():
        print(f"first run on a fresh home (embeds into the cache): {name} {seconds:.2f} s")
    for name in (n for n in commands if n in EMBEDDING):
        out = subprocess.run(
            [sys.executable, "-P", "-c", PROBE.format(heavy=HEAVY), *commands[name][1:]],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        ).stdout
        loaded = json.loads(out.strip().splitlines()[-1])
        print(f"heavy libraries imported by {name}: {', '.join(loaded) or 'none'}")


if __name__ == "__main__":
    main()
