import Foundation
import Spreadsheet

// Excel workbooks of the reports (`--format xlsx`). `WorkbookBuilder` collects sheets: a bilag
// (one row per municipality, one column per education, KKR subtotals and the total as SUM
// formulas with their values cached), a plain table, and the inputs and sources of a plan.
// Other reports (follow-up, sweep) add their own sheets with `addTable` and `addSources`.

/// Builds a report workbook sheet by sheet; `workbook(title:created:)` gives the plain value that
/// `XLSXReport.write` writes.
public struct WorkbookBuilder: Sendable {
    public var lang: Language
    public private(set) var sheets: [Sheet] = []

    public init(lang: Language) { self.lang = lang }

    var en: Bool { lang.english }

    /// Danish or English words.
    func w(_ da: String, _ en: String) -> String { self.en ? en : da }

    static let integerStyle = CellStyle.plain.format(NumberFormat.integer)
    static let totalStyle = CellStyle.total.format(NumberFormat.integer)
    static let totalTextStyle = CellStyle.total
    static let titleStyle = CellStyle(bold: true)

    /// The marking of figures that are not taken from a publication.
    public var illustrativeMark: String { w("Illustrativt tal (ikke offentliggjort)", "Illustrative figure (not published)") }

    // MARK: Sheet names

    /// A name Excel accepts, unique in this workbook (ignoring case): `[ ] : * ? / \` become `-`,
    /// at most 31 characters, a number appended on a clash.
    public func sheetName(_ wanted: String) -> String {
        var s = String(wanted.map { "[]:*?/\\".contains($0) ? "-" : $0 })
        while s.hasPrefix("'") { s.removeFirst() }
        while s.hasSuffix("'") { s.removeLast() }
        if s.isEmpty || s.lowercased() == "history" { s = "Ark" + s }
        s = Self.prefixUTF16(s, 31)
        let taken = Set(sheets.map { $0.name.lowercased() })
        var candidate = s
        var n = 2
        while taken.contains(candidate.lowercased()) {
            let suffix = " (\(n))"
            candidate = Self.prefixUTF16(s, 31 - suffix.utf16.count) + suffix
            n += 1
        }
        return candidate
    }

    static func prefixUTF16(_ s: String, _ n: Int) -> String {
        var out = ""
        for ch in s {
            if out.utf16.count + String(ch).utf16.count > n { break }
            out.append(ch)
        }
        return out
    }

    public mutating func add(_ sheet: Sheet) {
        var sheet = sheet
        sheet.name = sheetName(sheet.name)
        sheets.append(sheet)
    }

    // MARK: Plain tables

    /// A sheet with a header row (frozen, with a filter) and rows; `notes` go under the table.
    /// Column widths follow the longest text (numbers count as 10 characters).
    /// `totalRows`: that many rows at the end are totals, left out of the filter.
    public mutating func addTable(title: String, header: [String], rows: [[Cell]], notes: [String] = [],
                                  frozenColumns: Int = 0, totalRows: Int = 0) {
        var all: [[Cell]] = [header.map { Cell.text($0, style: .header) }] + rows
        let widths = Self.widths(header: header, rows: rows)
        if !notes.isEmpty {
            all.append([])
            all += notes.map { [Cell.text($0, style: .note)] }
        }
        let filter = rows.count <= totalRows ? nil : CellRange(firstRow: 0, firstColumn: 0, lastRow: rows.count - totalRows, lastColumn: max(header.count - 1, 0))
        add(Sheet(name: title, columns: widths.map { Column(width: $0) }, rows: all, frozenRows: 1,
                  frozenColumns: frozenColumns, autofilter: filter))
    }

    static func widths(header: [String], rows: [[Cell]]) -> [Double] {
        var widths = header.map { min(Double($0.count) + 2, 30) }
        for r in rows {
            for (c, cell) in r.enumerated() where c < widths.count {
                let len: Int
                switch cell.value {
                case .text(let s): len = s.count
                case .empty: len = 0
                default: len = 10
                }
                widths[c] = max(widths[c], min(Double(len) + 2, 60))
            }
        }
        return widths.map { max($0, 8) }
    }

    // MARK: Bilag

    /// The bilag of one study year: Kommunekode (text), Kommune, KKR, one column per education,
    /// I alt; KKR subtotals and the total as SUM formulas (bold, line above), numbers as numbers.
    public mutating func addBilag(_ table: BilagTable, name: String? = nil, illustrativeRegions: Bool = true) {
        let first = 3  // first education column
        let iAlt = first + table.columns.count
        let dimensioned = table.columns.indices.filter { table.columns[$0].intakeOf == nil }
        let header = [w("Kommunekode", "Municipality code"), w("Kommune", "Municipality"), "KKR"]
            + table.columns.map { $0.intakeOf == nil ? $0.name : $0.name + w(" (optag)", " (intake)") }
            + [w("I alt", "Total")]
        var rows: [[Cell]] = [header.map { Cell.text($0, style: .header) }]
        var blockStart = 1  // sheet row of the first line of the current KKR
        var subtotalRows: [Int] = []
        var notes: [String] = []
        func ref(_ row: Int, _ col: Int) -> String { CellAddress.reference(row: row, column: col) }
        for line in table.lines {
            let r = rows.count
            var cells: [Cell]
            switch line.kind {
            case let .municipality(code, name, kkr):
                cells = [.text(code), .text(name), .text(kkr)]
                cells += line.values.map { $0.map { Cell.integer($0, style: Self.integerStyle) } ?? .empty }
                cells.append(.integer(line.total, style: Self.integerStyle))
            case let .region(name, kkr, illustrative):
                let mark = illustrative && illustrativeRegions ? " *" : ""
                if illustrative && illustrativeRegions {
                    notes.append("* \(name): " + illustrativeMark)
                }
                cells = [.text(""), .text(name + mark), .text(kkr)]
                cells += line.values.map { $0.map { Cell.integer($0, style: Self.integerStyle) } ?? .empty }
                cells.append(.integer(line.total, style: Self.integerStyle))
            case let .kkrTotal(kkr):
                cells = [.text("", style: Self.totalTextStyle), .text(w("I alt KKR \(kkr)", "Total KKR \(kkr)"), style: Self.totalTextStyle),
                         .text(kkr, style: Self.totalTextStyle)]
                for (c, v) in line.values.enumerated() {
                    let col = first + c
                    cells.append(v.map { .formula("SUM(\(ref(blockStart, col)):\(ref(r - 1, col)))", cached: .number(Double($0)), style: Self.totalStyle) }
                                 ?? Cell(.empty, style: Self.totalStyle))
                }
                cells.append(.formula("SUM(\(ref(blockStart, iAlt)):\(ref(r - 1, iAlt)))", cached: .number(Double(line.total)), style: Self.totalStyle))
                subtotalRows.append(r)
                blockStart = r + 1
            case .total:
                let label = table.isSelection ? w("I alt", "Total") : w("I alt, hele landet", "Total, Denmark")
                cells = [.text("", style: Self.totalTextStyle), .text(label, style: Self.totalTextStyle), .text("", style: Self.totalTextStyle)]
                func sum(_ col: Int) -> String {
                    subtotalRows.isEmpty ? "0" : "SUM(" + subtotalRows.map { ref($0, col) }.joined(separator: ",") + ")"
                }
                for (c, v) in line.values.enumerated() {
                    cells.append(v.map { .formula(sum(first + c), cached: .number(Double($0)), style: Self.totalStyle) }
                                 ?? Cell(.empty, style: Self.totalStyle))
                }
                cells.append(.formula(sum(iAlt), cached: .number(Double(line.total)), style: Self.totalStyle))
            }
            rows.append(cells)
        }
        if dimensioned.count < table.columns.count {
            notes.append(w("Optag (overbooking/frafald) indgår ikke i I alt.", "Intake (overbooking/dropout) is not included in the total."))
        }
        if table.isSelection {
            notes.append(w("Udsnit af planen; tallene er beregnet for hele planen.", "A selection of the plan; the numbers are computed for the whole plan."))
        }
        if !notes.isEmpty {
            rows.append([])
            rows += notes.map { [Cell.text($0, style: .note)] }
        }
        let nameWidth = table.lines.reduce(12) { m, l in
            switch l.kind {
            case let .municipality(_, n, _): return max(m, n.count)
            case let .region(n, _, _): return max(m, n.count + 2)
            case let .kkrTotal(k): return max(m, k.count + 10)
            case .total: return max(m, 20)
            }
        }
        let columns = [Column(width: 14), Column(width: Double(nameWidth + 2)), Column(width: 14)]
            + table.columns.map { Column(width: max(14, min(Double($0.name.count) / 2 + 4, 24))) } + [Column(width: 10)]
        let yearName = table.year.isEmpty ? "" : " " + table.year
        add(Sheet(name: name ?? w("Bilag", "Annex") + yearName, columns: columns, rows: rows, frozenRows: 1, frozenColumns: 2))
    }

    // MARK: Inputs and sources

    /// "Input og kilder": method, tie rule, notes, ties, and every source with its date; figures
    /// that are not published are marked "Illustrativt tal (ikke offentliggjort)".
    public mutating func addSources(_ plan: PlanResult) {
        let s = plan.scenario
        var rows: [[Cell]] = []
        func pair(_ a: String, _ b: String) { rows.append([.text(a, style: Self.titleStyle), .text(b)]) }
        rows.append([.text(w("Input, metode og kilder", "Inputs, method and sources"), style: Self.titleStyle)])
        rows.append([])
        pair(w("Scenarie", "Scenario"), "\(s.name): \(s.title)")
        pair(w("Metode", "Method"), en ? s.method.rawValue : s.method.danishName)
        pair(w("Uafgjort afgøres efter", "Ties are decided by"), en ? s.ties.description : s.ties.danishDescription)
        if let a = plan.ageData {
            pair(w("Aldersfordelt befolkning", "Population by age"),
                 a.sourceText(lang))
        }
        if let m = s.agreedMinimum {
            pair(w("Aftalt minimum", "Agreed minimum"), "\(PlanFormat.int(m.places, lang)) (\(m.source))")
        }
        for n in s.notes { pair(w("Bemærkning", "Note"), n) }
        var seen = Set<String>()
        for y in plan.years {
            for e in y.educations {
                for l in e.levels {
                    for note in l.notes + l.groups.flatMap(\.notes) {
                        let t = note.text(lang)
                        if seen.insert(t).inserted { pair(w("Bemærkning", "Note"), (y.year.isEmpty ? "" : y.year + ", ") + "\(e.name): " + t) }
                    }
                    for t in l.groups.flatMap(\.ties) {
                        let text = en ? t.description
                            : "\(t.units.joined(separator: ", ")) står lige om \(t.seats) plad\(t.seats == 1 ? "s" : "ser"); afgjort efter \(t.rule.danishDescription): \(t.winners.joined(separator: ", "))"
                        pair(w("Uafgjort", "Tie"), (y.year.isEmpty ? "" : y.year + ", ") + "\(e.name): " + text)
                    }
                }
            }
        }
        rows.append([])
        let header = [w("Kilde", "Source"), w("Udgiver og dokument", "Publisher and document"), w("Dato", "Date"), w("Status", "Status")]
        rows.append(header.map { Cell.text($0, style: .header) })
        for src in plan.sources {
            rows.append([.text(src.label), .text(src.citation ?? ""), .text(src.date ?? ""),
                         .text(src.illustrative ? illustrativeMark : w("Offentliggjort", "Published"))])
        }
        let widths = [28.0, 60, 18, 36]
        add(Sheet(name: w("Input og kilder", "Inputs and sources"), columns: widths.map { Column(width: $0) }, rows: rows))
    }

    // MARK: Result

    public func workbook(title: String?, created: Date) -> Workbook {
        Workbook(sheets: sheets, properties: DocumentProperties(title: title, author: "dimensionering", created: created))
    }
}

/// Writing a report workbook; the CLI's only way to Spreadsheet.
public enum XLSXReport {
    /// The date a workbook records as created: `ReportDate` (SOURCE_DATE_EPOCH), else nil (no
    /// date shown; the file records 1 January 2000 so that the same input gives the same bytes).
    public static func sourceDate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Date? {
        try ReportDate.fromSourceDateEpoch(environment)
    }

    static let fixedDate = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01T00:00:00Z

    public static func dateText(_ d: Date, _ lang: Language) -> String { ReportDate.text(d, lang) }

    /// Writes `builder`'s sheets to `path` through `AtomicFile` (atomic, never over one of the
    /// command's inputs, a device or FIFO written in place). A file that cannot be written: exit 73.
    public static func write(_ builder: WorkbookBuilder, title: String?, created: Date?, to path: String,
                             inputs: [String] = TextDecoding.filesRead) throws {
        let wb = builder.workbook(title: title, created: created ?? fixedDate)
        do {
            try AtomicFile.write(to: path, inputs: inputs) { scratch in
                try XLSXWriter.write(wb, scratchPath: scratch, reportedPath: path)
            }
        } catch let e as XLSXWriteError {
            switch e {
            case .io, .library:
                throw DimensioneringError.cannotCreateOutput(path: path, reason: e.description)
            default:
                throw DimensioneringError.internalError("workbook refused: \(e)")
            }
        }
    }
}

extension PlanResult {
    /// The plan as a workbook: "Oversigt", one bilag sheet per study year, the levels that are
    /// not municipalities, and "Input og kilder".
    public func workbookBuilder(lang: Language, generated: Date?) -> WorkbookBuilder {
        var b = WorkbookBuilder(lang: lang)
        let bilag = self.bilag()
        b.addOverview(self, bilag: bilag, generated: generated)
        for t in bilag { b.addBilag(t) }
        b.addOtherLevels(self, bilag: bilag)
        b.addSources(self)
        return b
    }

    public func writeXLSX(to path: String, lang: Language, generated: Date?) throws {
        try XLSXReport.write(workbookBuilder(lang: lang, generated: generated), title: scenario.title, created: generated, to: path)
    }
}

extension WorkbookBuilder {
    /// "Oversigt": title, scenario, method, places per education and in all, generated-on date.
    public mutating func addOverview(_ plan: PlanResult, bilag: [BilagTable], generated: Date?) {
        let s = plan.scenario
        var rows: [[Cell]] = [[.text(s.title, style: Self.titleStyle)], []]
        func pair(_ a: String, _ b: String) { rows.append([.text(a, style: Self.titleStyle), .text(b)]) }
        pair(w("Scenarie", "Scenario"), s.name)
        pair(w("Metode", "Method"), en ? s.method.rawValue : s.method.danishName)
        if let sel = plan.selection, !sel.isEmpty {
            let names = sel.kkr.map { "KKR \($0)" } + sel.municipalities.map { c in plan.registry.byCode[c].map { "\($0.name) (\(c))" } ?? c }
            pair(w("Udsnit", "Selection"), names.joined(separator: ", ") + w(" (tal fra hele planen)", " (numbers from the whole plan)"))
        }
        if let g = generated { pair(w("Dannet", "Generated"), XLSXReport.dateText(g, lang)) }
        if plan.restsOnIllustrativeData {
            pair(w("Bemærk", "Note"), w("Planen bygger delvis på illustrative tal (ikke offentliggjort); se Input og kilder.",
                                        "The plan rests in part on illustrative figures (not published); see Inputs and sources."))
        }
        rows.append([])
        let multi = plan.years.count > 1 || !(plan.years.first?.year.isEmpty ?? true)
        let header = (multi ? [w("År", "Year")] : []) + [w("Uddannelse", "Education"), w("Pladser", "Places")]
        rows.append(header.map { Cell.text($0, style: .header) })
        let placesCol = multi ? 2 : 1
        for y in plan.years {
            let table = bilag.first { $0.year == y.year }
            let first = rows.count
            var total = 0
            for e in y.educations {
                var places = e.total
                if let t = table, let c = t.columns.firstIndex(where: { $0.id == e.id }), let v = t.totalLine?.values[c] { places = v }
                let isIntake: Bool
                if case .intake = e.role { isIntake = true } else { isIntake = false }
                if !isIntake { total += places }
                rows.append((multi ? [Cell.text(y.year)] : []) + [.text(e.name + (isIntake ? w(" (optag, ikke i I alt)", " (intake, not in total)") : "")),
                                                                  .integer(places, style: Self.integerStyle)])
            }
            let last = rows.count - 1
            let intakeRows = y.educations.enumerated().filter { if case .intake = $0.element.role { return true }; return false }.map { first + $0.offset }
            let col = CellAddress.columnName(placesCol)
            var formula = "SUM(\(col)\(first + 1):\(col)\(last + 1))"
            for r in intakeRows { formula += "-\(col)\(r + 1)" }
            rows.append((multi ? [Cell.text(y.year, style: Self.totalTextStyle)] : [])
                        + [.text(w("I alt", "Total"), style: Self.totalTextStyle),
                           .formula(formula, cached: .number(Double(total)), style: Self.totalStyle)])
        }
        let columns = (multi ? [Column(width: 12)] : []) + [Column(width: 48), Column(width: 12)]
        add(Sheet(name: w("Oversigt", "Summary"), columns: columns, rows: rows))
    }

    /// Levels whose units are not municipalities (sites, seasons, specialisations; KKR when no
    /// bilag shows them) as one long table.
    public mutating func addOtherLevels(_ plan: PlanResult, bilag: [BilagTable]) {
        let multi = plan.years.count > 1 || !(plan.years.first?.year.isEmpty ?? true)
        var rows: [[Cell]] = []
        for y in plan.years {
            let inBilag = Set(bilag.first { $0.year == y.year }?.columns.map(\.id) ?? [])
            for e in y.educations {
                for l in e.levels where l.units != .municipality {
                    if l.units == .kkr && inBilag.contains(e.id) { continue }
                    for g in l.groups {
                        for r in g.rows {
                            rows.append((multi ? [Cell.text(y.year)] : [])
                                        + [.text(e.name), .text(Self.levelName(l, lang)), .text(g.parentName), .text(r.code), .text(r.name),
                                           .integer(r.seats, style: Self.integerStyle)])
                        }
                    }
                }
            }
        }
        guard !rows.isEmpty else { return }
        let header = (multi ? [w("År", "Year")] : [])
            + [w("Uddannelse", "Education"), w("Niveau", "Level"), w("Fordeles fra", "Split from"), w("Kode", "Code"), w("Navn", "Name"), w("Pladser", "Places")]
        addTable(title: w("Andre niveauer", "Other levels"), header: header, rows: rows)
    }

    static func levelName(_ l: PlanLevelResult, _ lang: Language) -> String {
        switch l.units {
        case .kkr: return "KKR"
        case .municipality: return lang.english ? "Municipality" : "Kommune"
        case .custom: return l.name.prefix(1).uppercased() + l.name.dropFirst()
        }
    }
}
