#!/usr/bin/env python3
"""Prints an .xlsx workbook as JSON, read with openpyxl: an independent reader for the tests.

    python3 scripts/xlsx-dump.py FILE.xlsx

Output: {"properties": {...}, "sheets": [{"name", "freeze", "auto_filter", "column_widths",
"cells": [{"ref", "value", "cached", "number_format", "bold", "italic", "fill", "top_border",
"bottom_border"}]}]}. "value" is what the file stores (a formula as "=..."), "cached" the value
saved with it (what Excel shows before recalculating). Every cell that has a value or a style is
listed, in row order. Exits 2 when openpyxl is missing.
"""
import json
import sys

try:
    import openpyxl
except ImportError:
    sys.stderr.write("xlsx-dump: python3 cannot import openpyxl (scripts/install-deps.sh installs it)\n")
    sys.exit(2)


def color(c):
    if c is None or c.rgb is None or not isinstance(c.rgb, str):
        return None
    return c.rgb[-6:].upper()


def main(path):
    wb = openpyxl.load_workbook(path)  # formulas as text
    cached = openpyxl.load_workbook(path, data_only=True)  # the values saved with them
    props = wb.properties
    out = {
        "properties": {
            "title": props.title,
            "subject": props.subject,
            "creator": props.creator,
            "created": props.created.isoformat() if props.created else None,
            "modified": props.modified.isoformat() if props.modified else None,
        },
        "sheets": [],
    }
    for ws in wb.worksheets:
        cws = cached[ws.title]
        widths = {}
        for letter, dim in sorted(ws.column_dimensions.items()):
            if dim.customWidth and dim.width is not None:
                widths[letter] = dim.width
        cells = []
        for row in ws.iter_rows():
            for cell in row:
                styled = cell.has_style and cell.style_id != 0
                if cell.value is None and not styled:
                    continue
                fill = None
                if cell.fill is not None and cell.fill.fill_type == "solid":
                    fill = color(cell.fill.fgColor)
                cells.append({
                    "ref": cell.coordinate,
                    "value": cell.value,
                    "type": cell.data_type,
                    "cached": cws[cell.coordinate].value,
                    "number_format": cell.number_format,
                    "bold": bool(cell.font.b),
                    "italic": bool(cell.font.i),
                    "fill": fill,
                    "top_border": cell.border.top.style,
                    "bottom_border": cell.border.bottom.style,
                })
        out["sheets"].append({
            "name": ws.title,
            "freeze": ws.freeze_panes,
            "auto_filter": ws.auto_filter.ref,
            "column_widths": widths,
            "max_row": ws.max_row,
            "max_column": ws.max_column,
            "cells": cells,
        })
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write("usage: xlsx-dump.py FILE.xlsx\n")
        sys.exit(64)
    main(sys.argv[1])
