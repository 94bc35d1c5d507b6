#!/usr/bin/env python3
"""Generate ILLUSTRATIVE realised-places files for `dimensionering follow-up` tests and examples.

Nothing here is published: no source gives realised SOSU places per KKR or per municipality for
2023. The files only have the right shape (code,education,year,realised,illustrative) and
plausible sizes, so that follow-up can be run and tested on them. Every row says illustrative=yes.

Base figures (published):
  Sources/DimensioneringKit/Resources/data/sosu-kkr-2022-2023.csv, columns hjaelper_2023 and
  assistent_2023 (KL's 2023 split per KKR, KKR Hovedstaden 25 November 2022, punkt 3.8).
Outputs (both deterministic: fixed seed, integer arithmetic, same bytes on every run):
  Sources/DimensioneringKit/Resources/Scenarios/data/realised/illustrative-sosu-2023-kkr.csv
      5 KKR x 2 educations: realised = round_half_up(published_2023 x rate / 1000).
  Sources/DimensioneringKit/Resources/Scenarios/data/realised/illustrative-sosu-2023-sjaelland.csv
      the 17 municipalities of KKR Sjælland x 2 educations: a municipality's base is its exact
      population share (1 January 2022, Resources/data/municipalities.csv) of Sjælland's
      published 2023 figure (955 assistent, 474 hjælper), not the tool's apportionment;
      realised = round_half_up(base x rate / 1000).
  rate: an integer per mille drawn per row with random.Random(SEED).randint(850, 1020), rows in
  file order (KKR file first, then the Sjælland file); values above 1000 give over-fulfilment,
  so follow-up meets both shortfalls and surpluses.
Usage: python3 scripts/make-illustrative-realised.py [--check]
"""
import csv
import io
import os
import random
import sys
from fractions import Fraction

SEED = 20230101
RATE_MIN, RATE_MAX = 850, 1020
YEAR = "2023"
EDUCATIONS = [("hjaelper", "hjaelper_2023"), ("assistent", "assistent_2023")]
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RES = os.path.join(REPO, "Sources", "DimensioneringKit", "Resources")
OUT_DIR = os.path.join(RES, "Scenarios", "data", "realised")
OUT_KKR = os.path.join(OUT_DIR, "illustrative-sosu-2023-kkr.csv")
OUT_SJ = os.path.join(OUT_DIR, "illustrative-sosu-2023-sjaelland.csv")


def round_half_up(x: Fraction) -> int:
    return int((x + Fraction(1, 2)) // 1)


def read_csv(name):
    with open(os.path.join(RES, "data", name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def render(rows):
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["code", "education", "year", "realised", "illustrative"])
    for r in rows:
        w.writerow(r + ["yes"])
    return out.getvalue()


def generate():
    rng = random.Random(SEED)
    kkr = read_csv("sosu-kkr-2022-2023.csv")
    kkr_rows = []
    for edu, col in EDUCATIONS:
        for r in kkr:
            rate = rng.randint(RATE_MIN, RATE_MAX)
            kkr_rows.append([r["kkr"], edu, YEAR, round_half_up(Fraction(int(r[col]) * rate, 1000))])
    sj_total = {edu: int(next(r for r in kkr if r["kkr"] == "Sjælland")[col]) for edu, col in EDUCATIONS}
    munis = [m for m in read_csv("municipalities.csv") if m["kkr"] == "Sjælland"]
    assert len(munis) == 17, len(munis)
    pop = sum(int(m["population_2022"]) for m in munis)
    sj_rows = []
    for edu, _ in EDUCATIONS:
        for m in munis:
            rate = rng.randint(RATE_MIN, RATE_MAX)
            base = Fraction(sj_total[edu] * int(m["population_2022"]), pop)
            sj_rows.append([m["code"], edu, YEAR, round_half_up(base * rate / 1000)])
    return {OUT_KKR: render(kkr_rows), OUT_SJ: render(sj_rows)}


def main():
    files = generate()
    if "--check" in sys.argv[1:]:
        bad = [p for p, text in files.items() if not os.path.exists(p) or open(p, encoding="utf-8", newline="").read() != text]
        for p in bad:
            print(f"make-illustrative-realised: {p} differs from a fresh generation", file=sys.stderr)
        return 1 if bad else 0
    os.makedirs(OUT_DIR, exist_ok=True)
    for p, text in files.items():
        tmp = p + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, p)
        print(f"wrote {p}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
