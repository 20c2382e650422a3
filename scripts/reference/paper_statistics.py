#!/usr/bin/env python3
"""The statistics the paper states, recomputed by scipy from the paper's own tables
(src/main/resources/helen/paper/results_tables_2_3_6.csv, its 21 model x dataset cells without the
'average' rows), for helen's PaperStatisticsTest: the paired t-test Helen vs Adam on AUC (two-sided
and one-sided 'greater'), how many cells Helen has the best AUC in (strictly, and tied), and the
sample variance (ddof 1) of AUC x100 across the seven models per dataset and optimizer.

Run: /usr/bin/python3 scripts/reference/paper_statistics.py > src/test/resources/reference/paper_statistics.json
"""
import csv
import json
import sys
from pathlib import Path

import numpy as np
import scipy
import scipy.stats

TABLES = Path(__file__).resolve().parents[2] / "src/main/resources/helen/paper/results_tables_2_3_6.csv"


def main():
    rows = [r for r in csv.DictReader(TABLES.open()) if r["model"] != "average"]
    cells = {}
    for r in rows:
        cells.setdefault((r["dataset"], r["model"]), {})[r["optimizer"]] = float(r["auc_x100"])
    keys = sorted(cells)
    helen = [cells[k]["helen"] for k in keys]
    adam = [cells[k]["adam"] for k in keys]
    two = scipy.stats.ttest_rel(helen, adam)
    greater = scipy.stats.ttest_rel(helen, adam, alternative="greater")
    strict = sum(1 for k in keys if all(cells[k]["helen"] > v for o, v in cells[k].items() if o != "helen"))
    tied = sum(1 for k in keys if cells[k]["helen"] >= max(cells[k].values()))
    variance = {}
    for d in sorted({k[0] for k in keys}):
        for o in sorted({r["optimizer"] for r in rows}):
            v = [cells[k][o] for k in keys if k[0] == d]
            variance[d + "/" + o] = float(np.var(v, ddof=1))
    json.dump({"about": __doc__.strip().splitlines()[0], "scipy_version": scipy.__version__, "cells": len(keys),
               "t": float(two.statistic), "p_two_sided": float(two.pvalue), "p_one_sided_greater": float(greater.pvalue),
               "helen_best_strict": strict, "helen_best_or_tied": tied, "auc_x100_sample_variance": variance},
              sys.stdout, indent=1)


if __name__ == "__main__":
    main()
