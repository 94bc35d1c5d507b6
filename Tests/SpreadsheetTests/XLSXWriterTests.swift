import Foundation
import Spreadsheet
import Testing

/// 2024-03-01T12:00:00Z
let fixedDate = Date(timeIntervalSince1970: 1_709_294_400)

/// A small bilag-shaped workbook: text codes, integers, exact decimals, percentages, per-row and
/// column formulas with their values, a total row, a note, frozen header, widths and a filter.
func sampleWorkbook(created: Date = fixedDate) -> Workbook {
    let int = CellStyle.plain.format(NumberFormat.integer)
    let dec = CellStyle.plain.format(NumberFormat.decimal2)
    let pct = CellStyle.plain.format(NumberFormat.percent2)
    let total = CellStyle.total.format(NumberFormat.integer)
    let header = ["Kommunekode", "Kommune", "Hjælper", "Assistent", "I alt", "Andel"].map { Cell.text($0, style: .header) }
    let bilag = Sheet(
        name: "Bilag Sjælland",
        columns: [10, 24, 12, 12, 12, 10].map { Column(width: $0) },
        rows: [
            header + [Cell(.empty, style: .header)],
            [.text("0101"), .text("København"), .integer(1234, style: int), .decimal(Decimal(string: "2345.25")!, style: dec),
             .formula("=C2+D2", cached: .number(3579.25), style: dec), .number(0.123456, style: pct)],
            [.text("259"), .text("Køge"), .integer(35, style: int), .number(70, style: int),
             .formula("C3+D3", cached: .number(105), style: int), .decimal(Decimal(string: "0.0234")!, style: pct)],
            [.text("147"), .text("Frederiksberg \"A & B\" <c> 'd' _x0041_"), .integer(0, style: int), .number(-1.5, style: dec),
             .formula("=C4+D4", cached: .number(-1.5), style: dec), .number(0, style: pct)],
            [.text("I alt", style: .total), .text("", style: .total), .formula("=SUM(C2:C4)", cached: .number(1269), style: total),
             .formula("=SUM(D2:D4)", cached: .number(2413.75), style: CellStyle.total.format(NumberFormat.decimal2)),
             .formula("=SUM(E2:E4)", cached: .number(3683.25), style: CellStyle.total.format(NumberFormat.decimal2)),
             .formula("=IF(E5>0,\"ok\",\"tom\")", cached: .text("ok"), style: .total)],
            [],
            [.text("Kilde: Danmarks Statistik, FOLK1A.\nAnden linje\tmed tabulator.", style: .note)],
        ],
        frozenRows: 1, frozenColumns: 2,
        autofilter: CellRange(firstRow: 0, firstColumn: 0, lastRow: 3, lastColumn: 5)
    )
    let method = Sheet(
        name: "Metode",
        rows: [
            [.text("Største heltal"), .integer(XLSXWriter.maxExactInteger), .integer(-XLSXWriter.maxExactInteger)],
            [.text("Nøgle"), .decimal(Decimal(string: "0.012345678901234")!, style: CellStyle.plain.format(NumberFormat.percent4))],
            [.text(String(repeating: "æ", count: XLSXWriter.maxTextLength))],
        ]
    )
    return Workbook(
        sheets: [bilag, method],
        properties: DocumentProperties(title: "Dimensionering 2024", author: "dimensionering", created: created)
    )
}

/// What openpyxl must report for one cell.
struct ExpectedCell {
    var value: Any?
    var cached: Any?
    var numberFormat: String
    var bold: Bool
    var italic: Bool
    var fill: String?
    var top: String?
    var bottom: String?
}

func expectedCells(_ sheet: Sheet) -> [String: ExpectedCell] {
    var cells: [String: ExpectedCell] = [:]
    for (r, row) in sheet.rows.enumerated() {
        for (c, cell) in row.enumerated() {
            let value: Any?, cached: Any?
            switch cell.value {
            case .empty: value = nil; cached = nil
            case let .text(s): value = s.isEmpty ? nil : s; cached = value
            case let .number(d): value = d; cached = d
            case let .decimal(d): value = Double(d.description)!; cached = value
            case let .integer(i): value = Double(i); cached = value
            case let .formula(f, .number(d)): value = f.hasPrefix("=") ? f : "=" + f; cached = d
            case let .formula(f, .text(s)): value = f.hasPrefix("=") ? f : "=" + f; cached = s
            }
            if value == nil && cell.style == .plain { continue }
            let border: (CellStyle.Border?) -> String? = { b in
                switch b { case nil: return nil; case .thin: return "thin"; case .medium: return "medium"; case .double: return "double" }
            }
            cells[CellAddress.reference(row: r, column: c)] = ExpectedCell(
                value: value, cached: cached, numberFormat: cell.style.numberFormat ?? "General",
                bold: cell.style.bold, italic: cell.style.italic,
                fill: cell.style.fill.map { String(format: "%06X", $0) },
                top: border(cell.style.topBorder), bottom: border(cell.style.bottomBorder))
        }
    }
    return cells
}

/// Compares a JSON value from openpyxl with the expected one: numbers as doubles, text exactly.
func same(_ json: Any?, _ expected: Any?) -> Bool {
    switch (json, expected) {
    case (nil, nil), (is NSNull, nil): return true
    case let (j as NSNumber, e as Double): return j.doubleValue == e
    case let (j as String, e as String): return j == e
    default: return false
    }
}

@Suite struct XLSXWriterTests {
    @Test("openpyxl reads back every cell's value, cached result, number format and style")
    func independentReader() throws {
        let dir = try temporaryDirectory("writer")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bilag.xlsx").path
        let workbook = sampleWorkbook()
        try XLSXWriter.write(workbook, to: path)
        // Nothing but the workbook is left in the folder (the temporary file was renamed).
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["bilag.xlsx"])

        let dump = try openpyxlDump(path)
        let properties = try #require(dump["properties"] as? [String: Any])
        #expect(properties["title"] as? String == "Dimensionering 2024")
        #expect(properties["creator"] as? String == "dimensionering")
        #expect((properties["created"] as? String)?.hasPrefix("2024-03-01T12:00:00") == true)
        #expect((properties["modified"] as? String)?.hasPrefix("2024-03-01T12:00:00") == true)

        let sheets = try #require(dump["sheets"] as? [[String: Any]])
        #expect(sheets.map { $0["name"] as? String } == workbook.sheets.map(\.name))
        for (sheet, read) in zip(workbook.sheets, sheets) {
            let expected = expectedCells(sheet)
            let cells = try #require(read["cells"] as? [[String: Any]])
            #expect(Set(cells.compactMap { $0["ref"] as? String }) == Set(expected.keys), "cells of \(sheet.name)")
            for cell in cells {
                let ref = try #require(cell["ref"] as? String)
                guard let e = expected[ref] else { continue }
                let place = "\(sheet.name)!\(ref)"
                #expect(same(cell["value"], e.value), "\(place) value \(String(describing: cell["value"]))")
                #expect(same(cell["cached"], e.cached), "\(place) cached \(String(describing: cell["cached"]))")
                #expect(cell["number_format"] as? String == e.numberFormat, "\(place) number format")
                #expect(cell["bold"] as? Bool == e.bold, "\(place) bold")
                #expect(cell["italic"] as? Bool == e.italic, "\(place) italic")
                #expect(cell["fill"] as? String == e.fill, "\(place) fill")
                #expect(cell["top_border"] as? String == e.top, "\(place) top border")
                #expect(cell["bottom_border"] as? String == e.bottom, "\(place) bottom border")
                // Numbers are stored as numbers, never as text.
                if e.value is Double { #expect(cell["type"] as? String == "n", "\(place) type") }
            }
        }
        let bilag = sheets[0]
        #expect(bilag["freeze"] as? String == "C2")
        #expect(bilag["auto_filter"] as? String == "A1:F4")
        let widths = try #require(bilag["column_widths"] as? [String: Double])
        for (c, column) in workbook.sheets[0].columns.enumerated() {
            // Excel stores a width plus the cell padding (e.g. 12 → 12.7109375).
            let stored = try #require(widths[CellAddress.columnName(c)])
            #expect(stored >= column.width! && stored < column.width! + 1, "width of column \(c)")
        }
        #expect(sheets[1]["freeze"] is NSNull)
        #expect((sheets[1]["column_widths"] as? [String: Double])?.isEmpty == true)
    }

    @Test("the same workbook gives byte-identical files; the created date is the one given")
    func determinism() throws {
        let dir = try temporaryDirectory("determinism")
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.xlsx").path, b = dir.appendingPathComponent("b.xlsx").path
        try XLSXWriter.write(sampleWorkbook(), to: a)
        Thread.sleep(forTimeInterval: 1.1)  // a clock-second later: any "now" in the file would differ
        try XLSXWriter.write(sampleWorkbook(), to: b)
        let first = try Data(contentsOf: URL(fileURLWithPath: a))
        #expect(first == (try Data(contentsOf: URL(fileURLWithPath: b))))
        // The date is taken from the properties, not from the clock.
        let c = dir.appendingPathComponent("c.xlsx").path
        try XLSXWriter.write(sampleWorkbook(created: fixedDate.addingTimeInterval(86_400)), to: c)
        #expect(first != (try Data(contentsOf: URL(fileURLWithPath: c))))
        // No zip entry carries today's date (libxlsxwriter stamps entries with a fixed one).
        let years = try runPython(["-c", """
            import sys, zipfile
            print(sorted({i.date_time[0] for i in zipfile.ZipFile(sys.argv[1]).infolist()}))
            """, a])
        let currentYear = Calendar(identifier: .gregorian).component(.year, from: Date())
        #expect(!String(decoding: years, as: UTF8.self).contains(String(currentYear)))
        // Overwriting replaces the file whole.
        try XLSXWriter.write(sampleWorkbook(created: fixedDate.addingTimeInterval(86_400)), to: a)
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: c)))
    }

    static let invalid: [(String, @Sendable (inout Workbook) -> Void, XLSXWriteError)] = {
        func cell(_ c: Cell) -> @Sendable (inout Workbook) -> Void { { $0.sheets[1].rows[0][1] = c } }
        return [
            ("slash", { $0.sheets[0].name = "KKR/Sjælland" }, .invalidSheetName("KKR/Sjælland", .forbiddenCharacter("/"))),
            ("bracket", { $0.sheets[0].name = "[a]" }, .invalidSheetName("[a]", .forbiddenCharacter("["))),
            ("question", { $0.sheets[0].name = "Hvad?" }, .invalidSheetName("Hvad?", .forbiddenCharacter("?"))),
            ("32 chars", { $0.sheets[0].name = String(repeating: "x", count: 32) },
             .invalidSheetName(String(repeating: "x", count: 32), .tooLong(32))),
            ("empty", { $0.sheets[0].name = "" }, .invalidSheetName("", .empty)),
            ("apostrophe", { $0.sheets[0].name = "'Bilag'" }, .invalidSheetName("'Bilag'", .startsOrEndsWithApostrophe)),
            ("History", { $0.sheets[0].name = "history" }, .invalidSheetName("history", .reserved)),
            ("duplicate", { $0.sheets[1].name = "BILAG SJÆLLAND" }, .duplicateSheetName("BILAG SJÆLLAND")),
            ("no sheets", { $0.sheets = [] }, .noSheets),
            ("control character", cell(.text("a\u{1}b")), .controlCharacter(sheet: "Metode", place: "B1", scalar: 1)),
            ("NUL", cell(.text("a\u{0}b")), .controlCharacter(sheet: "Metode", place: "B1", scalar: 0)),
            ("NaN", cell(.number(.nan)), .nonFiniteNumber(sheet: "Metode", cell: "B1")),
            ("infinity", cell(.formula("=1/0", cached: .number(.infinity))), .nonFiniteNumber(sheet: "Metode", cell: "B1")),
            ("big integer", cell(.integer(XLSXWriter.maxExactInteger + 1)),
             .integerOutOfRange(sheet: "Metode", cell: "B1", value: XLSXWriter.maxExactInteger + 1)),
            ("long text", cell(.text(String(repeating: "a", count: 32_768))),
             .textTooLong(sheet: "Metode", cell: "B1", length: 32_768)),
            ("empty formula", cell(.formula("=", cached: .number(0))),
             .invalidFormula(sheet: "Metode", cell: "B1", reason: "it is empty")),
            ("long number format", cell(.integer(1, style: CellStyle.plain.format(String(repeating: "0", count: 128)))),
             .invalidNumberFormat(sheet: "Metode", cell: "B1", format: String(repeating: "0", count: 128))),
            ("width", { $0.sheets[0].columns[2].width = 256 },
             .invalidColumnWidth(sheet: "Bilag Sjælland", column: "C", width: 256)),
            ("freeze", { $0.sheets[0].frozenRows = -1 }, .invalidFreeze(sheet: "Bilag Sjælland", rows: -1, columns: 2)),
            ("autofilter", { $0.sheets[0].autofilter = CellRange(firstRow: 3, firstColumn: 0, lastRow: 1, lastColumn: 2) },
             .invalidAutofilter(sheet: "Bilag Sjælland", range: "rows 3...1, columns 0...2")),
            ("created at the epoch", { $0.properties.created = Date(timeIntervalSince1970: 0) },
             .invalidCreatedDate(Date(timeIntervalSince1970: 0))),
            ("control character in a title", { $0.properties.title = "a\u{7}" },
             .controlCharacter(sheet: nil, place: "property title", scalar: 7)),
        ]
    }()

    @Test("invalid workbooks are refused with a typed error, before any file is made",
          arguments: invalid.indices)
    func validation(_ index: Int) throws {
        let (label, change, expected) = Self.invalid[index]
        let dir = try temporaryDirectory("invalid")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.xlsx").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        var workbook = sampleWorkbook()
        change(&workbook)
        #expect(throws: expected, "\(label)") { try XLSXWriter.write(workbook, to: path) }
        #expect(!expected.description.isEmpty)
        // The old file is untouched and nothing else is left behind.
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("old".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.xlsx"])
    }

    @Test("a libxlsxwriter failure (a folder that does not exist) is a typed error, not a crash")
    func libraryError() throws {
        let path = "/nonexistent-\(UUID().uuidString)/out.xlsx"
        do {
            try XLSXWriter.write(sampleWorkbook(), to: path)
            Issue.record("writing into a missing folder succeeded")
        } catch let XLSXWriteError.library(code, message, reported) {
            #expect(code != 0)
            #expect(!message.isEmpty)
            #expect(reported == path)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("sheet names at the limits are accepted")
    func limits() throws {
        let dir = try temporaryDirectory("limits")
        defer { try? FileManager.default.removeItem(at: dir) }
        var workbook = sampleWorkbook()
        workbook.sheets[0].name = String(repeating: "ø", count: 31)
        workbook.sheets[1].name = "Data (2024) - a, b & c; 'x'y"
        let path = dir.appendingPathComponent("limits.xlsx").path
        try XLSXWriter.write(workbook, to: path)
        #expect(try XLSXReader.sheetNames(path) == workbook.sheets.map(\.name))
    }
}
