#!/usr/bin/env python3
"""Derive age-band counts per municipality from Statistics Denmark's FOLK1A 2020K1 export.

Input : FOLK1A-20q1.xlsx, the StatBank table FOLK1A for 2020K1 (1 January 2020), English export:
        All Denmark, 5 regions, 98 municipalities and Christiansø (411), single years of age 0..125,
        men and women as two columns (see ../shared/data/dst-folk1a-2020K1/SOURCE.txt).
Output: Sources/DimensioneringKit/Resources/data/folk1a-2020K1-age-bands.csv with one row per
        municipality (98 rows, 3-digit code as a string, Danish name and KKR from
        Resources/data/municipalities.csv), men + women summed, and the columns
            code,name,kkr,total,0-5,6-16,17-19,20-24,25-34,35-39,40-64,65-66,67-74,75-84,85+
        The bands are the finest common partition of the bands of the shipped KL-style key
        (65-66, 67-74, 75-84, 85+) and of the age groups of udligningsloven § 4 (0-5, 6-16,
        17-19, 20-24, 25-34, 35-39, 40-64, 65-74, 75-84, 85+), so either can be summed from them.
        Rows in the order of municipalities.csv.

Checks (any failure: message on stderr, exit 1, nothing written):
  - every area has ages 0..125 exactly once, counts are non-negative integers, time is 2020K1;
  - the 98 municipality codes of the export are exactly those of municipalities.csv;
  - All Denmark = sum of the 98 municipalities + Christiansø, for every age;
  - each region = sum of its municipalities (by the KKR column of municipalities.csv), every age;
    FOLK1A counts Christiansø (84 residents on 1 January 2020) in Region Hovedstaden, so that
    region's figure is its 29 municipalities + Christiansø;
  - with --derived FILE: total and the bands 65-66, 67-74, 75-84, 85+, 65+, 80+ of the
    helper's DERIVED_folk1a_2020K1_kommune_elderly_bands.csv equal ours for every municipality
    and for its extra Christiansø row.

Usage:
  python3 scripts/derive-age-bands.py --xlsx PATH/FOLK1A-20q1.xlsx [--derived PATH/DERIVED_...csv]
        [--out FILE | --check]
  --check compares the committed output byte for byte with a fresh derivation (exit 1 if not).
Requires openpyxl (pip install openpyxl). Deterministic: same input, byte-identical output.
"""
import argparse
import csv
import io
import os
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(REPO, "Sources", "DimensioneringKit", "Resources", "data")
DEFAULT_OUT = os.path.join(DATA, "folk1a-2020K1-age-bands.csv")
DEFAULT_XLSX = "/work/shared/data/dst-folk1a-2020K1/FOLK1A-20q1.xlsx"
MAX_AGE = 125
BANDS = [(0, 5), (6, 16), (17, 19), (20, 24), (25, 34), (35, 39), (40, 64),
         (65, 66), (67, 74), (75, 84), (85, None)]
REGION_CODES = {"084": "Hovedstaden", "085": "Sjælland", "083": "Syddanmark",
                "082": "Midtjylland", "081": "Nordjylland"}


class Failure(Exception):
    pass


def band_label(lo, hi):
    return f"{lo}+" if hi is None else f"{lo}-{hi}"


def read_municipalities():
    path = os.path.join(DATA, "municipalities.csv")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if len(rows) != 98:
        raise Failure(f"{path}: expected 98 municipalities, found {len(rows)}")
    return rows


def read_folk1a(path):
    import openpyxl  # imported here so --help works without it
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = wb.worksheets[0]
    counts = {}   # area code -> [count by age 0..125] (men + women)
    names = {}
    time = area = None
    for lineno, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if lineno <= 3:
            continue  # title, units, sex header ("Men", "Women")
        row = tuple(row) + (None,) * (8 - len(row))
        t, _, code, name, age, _, men, women = row[:8]
        if t is not None:
            time = str(t)
        if code is not None:
            area = str(code)
            if area in counts:
                raise Failure(f"{path}:{lineno}: area {area} appears twice")
            counts[area] = [None] * (MAX_AGE + 1)
            names[area] = str(name)
        if time != "2020K1":
            raise Failure(f"{path}:{lineno}: time is {time!r}, expected 2020K1")
        if area is None:
            raise Failure(f"{path}:{lineno}: figure before any area")
        try:
            a = int(str(age))
        except ValueError:
            raise Failure(f"{path}:{lineno}: age {age!r} is not a whole number")
        if not 0 <= a <= MAX_AGE or counts[area][a] is not None:
            raise Failure(f"{path}:{lineno}: age {a} out of range or repeated for area {area}")
        for label, v in (("Men", men), ("Women", women)):
            if not isinstance(v, int) or v < 0:
                raise Failure(f"{path}:{lineno}: {label} = {v!r} is not a count")
        counts[area][a] = men + women
    for area, c in counts.items():
        missing = [a for a, v in enumerate(c) if v is None]
        if missing:
            raise Failure(f"{path}: area {area} lacks ages {missing[:5]}...")
    return counts, names


def derive(xlsx, derived=None):
    munis = read_municipalities()
    counts, names = read_folk1a(xlsx)
    codes = [m["code"] for m in munis]
    export_munis = set(counts) - {"000", "411"} - set(REGION_CODES)
    if export_munis != set(codes):
        raise Failure(f"{xlsx}: municipality codes differ from municipalities.csv: "
                      f"only in export {sorted(export_munis - set(codes))}, "
                      f"only in municipalities.csv {sorted(set(codes) - export_munis)}")
    for a in range(MAX_AGE + 1):
        s = sum(counts[c][a] for c in codes) + counts["411"][a]
        if s != counts["000"][a]:
            raise Failure(f"age {a}: All Denmark {counts['000'][a]} != municipalities + Christiansø {s}")
        for rcode, kkr in REGION_CODES.items():
            s = sum(counts[m["code"]][a] for m in munis if m["kkr"] == kkr)
            if kkr == "Hovedstaden":
                s += counts["411"][a]  # FOLK1A counts Christiansø in Region Hovedstaden
            if s != counts[rcode][a]:
                raise Failure(f"age {a}: {names[rcode]} {counts[rcode][a]} != its municipalities {s}")

    def band(code, lo, hi):
        return sum(counts[code][lo:(MAX_AGE if hi is None else hi) + 1])

    header = ["code", "name", "kkr", "total"] + [band_label(lo, hi) for lo, hi in BANDS]
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    table = {}
    for m in munis:
        c = m["code"]
        row = [band(c, lo, hi) for lo, hi in BANDS]
        total = sum(counts[c])
        assert sum(row) == total
        table[c] = dict(zip(header[3:], [total] + row))
        w.writerow([c, m["name"], m["kkr"], total] + row)

    if derived:
        with open(derived, encoding="utf-8", newline="") as f:
            drows = {r["kommune_kode"]: r for r in csv.DictReader(f)}
        # The helper's file also has a row for Christiansø (411, not a municipality).
        if set(drows) != set(codes) | {"411"}:
            raise Failure(f"{derived}: area codes differ from the export's 98 municipalities + 411")
        c411 = counts["411"]
        table["411"] = {"total": sum(c411), "65-66": sum(c411[65:67]), "67-74": sum(c411[67:75]),
                        "75-84": sum(c411[75:85]), "85+": sum(c411[85:])}
        for c in codes + ["411"]:
            d, t = drows[c], table[c]
            ours = {"total": t["total"], "a65_66": t["65-66"], "a67_74": t["67-74"],
                    "a75_84": t["75-84"], "a85plus": t["85+"],
                    "a65plus": t["65-66"] + t["67-74"] + t["75-84"] + t["85+"],
                    "a80plus": band(c, 80, None)}
            for k, v in ours.items():
                if int(d[k]) != v:
                    raise Failure(f"{derived}: {c} {k} = {d[k]}, derived from the xlsx {v}")
    return out.getvalue(), counts, codes, munis


def summary(counts, codes, munis):
    def s(lo, hi=None, sel=codes):
        return sum(sum(counts[c][lo:(MAX_AGE if hi is None else hi) + 1]) for c in sel)
    lines = [f"All Denmark (000) total {sum(counts['000'])}, Christiansø (411) {sum(counts['411'])}",
             f"98 municipalities: total {s(0)}, 65+ {s(65)}, 65-66 {s(65, 66)}, 67-74 {s(67, 74)}, "
             f"75-84 {s(75, 84)}, 85+ {s(85)}, 80+ {s(80)}"]
    for kkr in ["Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland"]:
        sel = [m["code"] for m in munis if m["kkr"] == kkr]
        lines.append(f"  {kkr}: {len(sel)} municipalities, total {s(0, None, sel)}, 65+ {s(65, None, sel)}, "
                     f"85+ {s(85, None, sel)}")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--xlsx", default=DEFAULT_XLSX)
    p.add_argument("--derived", help="helper's DERIVED_folk1a_2020K1_kommune_elderly_bands.csv to cross-check")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--out", default=DEFAULT_OUT)
    g.add_argument("--check", action="store_true", help="compare with the committed file, write nothing")
    args = p.parse_args()
    try:
        text, counts, codes, munis = derive(args.xlsx, args.derived)
    except (Failure, OSError) as e:
        print(f"derive-age-bands: {e}", file=sys.stderr)
        return 1
    print(summary(counts, codes, munis), file=sys.stderr)
    if args.check:
        with open(DEFAULT_OUT, encoding="utf-8", newline="") as f:
            if f.read() != text:
                print(f"derive-age-bands: {DEFAULT_OUT} differs from a fresh derivation", file=sys.stderr)
                return 1
        print(f"OK: {DEFAULT_OUT} matches", file=sys.stderr)
        return 0
    d = os.path.dirname(os.path.abspath(args.out))
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".age-bands-")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, args.out)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
