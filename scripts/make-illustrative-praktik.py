#!/usr/bin/env python3
"""Illustrative (invented) pædagog praktikpladser per municipality and specialisation in KKR
Sjælland, for the scenario paedagog-sjaelland-praktik-kapacitet. Not published figures.

capacity(m, s) = round_half_up(820 × population share of m × share of s × (1 + v(m, s) / 100)),
shares 39/24/37 (dagtilbud / skole-fritid / social-special, KL 11 Feb 2019) and
v(m, s) = ((int(code) × 7 + index(s) × 13) % 41) − 20, a fixed spread of −20..+20 %.
Writes the matrix and its two margins (sums). `--check` verifies the files as shipped.
"""
import csv, sys, os
from decimal import Decimal, ROUND_HALF_UP

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..", "Sources", "DimensioneringKit", "Resources")
data = os.path.join(root, "Scenarios", "data")
specs = [("dagtilbud", 39), ("skole-fritid", 24), ("social-special", 37)]

with open(os.path.join(root, "data", "municipalities.csv"), encoding="utf-8") as f:
    ms = [r for r in csv.DictReader(f) if r["kkr"] == "Sjælland"]
total_pop = sum(int(r["population_2022"]) for r in ms)

def cap(code, pop, i, share):
    v = (int(code) * 7 + i * 13) % 41 - 20
    q = Decimal(820) * Decimal(pop) / Decimal(total_pop) * Decimal(share) / 100 * (1 + Decimal(v) / 100)
    return int(q.quantize(Decimal(1), rounding=ROUND_HALF_UP))

matrix = [(r["code"], s, cap(r["code"], int(r["population_2022"]), i, share)) for r in ms for i, (s, share) in enumerate(specs)]
files = {
    "illustrative-praktikpladser-sjaelland.csv": "code,specialisation,places,illustrative\n" + "".join(f"{c},{s},{p},yes\n" for c, s, p in matrix),
    "illustrative-praktikpladser-sjaelland-kommuner.csv": "code,max,illustrative\n" + "".join(
        f"{r['code']},{sum(p for c, _, p in matrix if c == r['code'])},yes\n" for r in ms),
    "illustrative-praktikpladser-sjaelland-specialisering.csv": "unit,places,max,illustrative\n" + "".join(
        f"{s},{sum(p for _, t, p in matrix if t == s)},{sum(p for _, t, p in matrix if t == s)},yes\n" for s, _ in specs),
}
check = "--check" in sys.argv
ok = True
for name, text in files.items():
    path = os.path.join(data, name)
    if check:
        with open(path, encoding="utf-8") as f:
            if f.read() != text:
                print(f"{name}: differs from the script's output"); ok = False
    else:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
sys.exit(0 if ok else 1)
