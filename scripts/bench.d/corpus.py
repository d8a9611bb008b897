"""Writes a deterministic benchmark corpus of N case files (fixed seed) into DIR: groups of files
made from the shipped examples with fresh ids, in realistic proportions, with the references
between them kept (a QCAR or CAP answers its notice, a CAP its audit). 100 files a folder, and
the examples' delegate registry in `delegates/` (the cases name their delegates by id).
Usage: corpus.py N DIR"""
import os
import re
import random
import sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")

def read(path):
    # The examples cite evidence documents; the corpus cites none (their cost is measured apart,
    # by scripts/bench.d/evidence.sh), so its lines `file:`, `sha256:` and `size:` are left out.
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return "".join(l for l in f if not re.match(r"\s*(file|sha256|size):", l))

# (weight, [(file name, template path)], ids to make unique)
GROUPS = [
    (30, [("notice", "examples/notices/2024-030-bayview-claims/notice.yaml"),
          ("qcar", "examples/notices/2024-030-bayview-claims/qcar.yaml")],
     ["NNC-2024-030", "QCAR-2024-030"]),
    (20, [("notice", "examples/notices/2024-009-northside-indicators/notice.yaml"),
          ("cap", "examples/notices/2024-009-northside-indicators/cap.yaml")],
     ["NNC-2024-009", "CAP-2024-009"]),
    (20, [("notice", "examples/notices/2024-017-harbor-incidents/notice.yaml")], ["NNC-2024-017"]),
    (15, [("audit", "examples/audits/2024-acme-credentialing/audit.yaml"),
          ("cap", "examples/audits/2024-acme-credentialing/cap.yaml")],
     ["AUD-2024-ACME-CR", "CAP-2024-ACME-CR"]),
    (10, [("plan", "examples/actionplans/2023-acme-viip/plan.yaml")], ["AP-2023-ACME"]),
    (5, [("workplan", "tests/golden/due/workplan-reports/workplan.yaml")], ["WP-DUE"]),
]

def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    templates = [(w, [(name, read(path)) for name, path in files], ids) for w, files, ids in GROUPS]
    rnd = random.Random(20241123)
    os.makedirs(out, exist_ok=True)
    open(os.path.join(out, ".qicase.yaml"), "w").close()
    registry = os.path.join(ROOT, "examples", "delegates")
    os.makedirs(os.path.join(out, "delegates"), exist_ok=True)
    for name in sorted(os.listdir(registry)):
        with open(os.path.join(out, "delegates", name), "w", encoding="utf-8") as f:
            f.write(read(os.path.join("examples", "delegates", name)))
    written = 0
    group = 0
    while written < n:
        _, files, ids = rnd.choices(templates, weights=[t[0] for t in templates])[0]
        group += 1
        for name, text in files:
            if written == n:
                break
            for old in ids:
                text = text.replace(old, f"{old}-{group}")
            folder = os.path.join(out, f"f{written // 100:04d}")
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, f"g{group}-{name}.yaml"), "w", encoding="utf-8") as f:
                f.write(text)
            written += 1

main()
