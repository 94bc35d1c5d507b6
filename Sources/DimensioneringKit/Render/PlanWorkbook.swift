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
    /// A bilag sheet: the document's bilag table, cell for cell. A KKR subtotal is a SUM formula
    /// over its municipalities and the total a SUM over the subtotals, each with the document's
    /// value cached; shares and rates are the document's values.
    public mutating func addBilag(_ table: ReportTable, isSelection: Bool, name: String? = nil) {
        func ref(_ row: Int, _ col: Int) -> String { CellAddress.reference(row: row, column: col) }
        var rows: [[Cell]] = [table.columns.map { Cell.text($0.header, style: .header) }]
        var blockStart = 1
        var subtotalRows: [Int] = []
        var notes: [String] = table.footnotes
        func summable(_ k: ReportTable.Column.Kind) -> Bool {
            switch k { case .places, .total, .count: return true; default: return false }
        }
        for r in table.rows {
            let at = rows.count
            var cells: [Cell] = []
            for (c, (cell, col)) in zip(r.cells, table.columns).enumerated() {
                let style = r.isSum ? Self.totalStyle : Self.integerStyle
                switch cell {
                case .text(let t): cells.append(.text(t, style: r.isSum ? Self.totalTextStyle : .plain))
                case .int(let n), .marked(let n, _), .signed(let n):
                    if r.isSum && summable(col.kind) {
                        let f = r.kind == .subtotal
                            ? "SUM(\(ref(blockStart, c)):\(ref(at - 1, c)))"
                            : (subtotalRows.isEmpty ? "SUM(\(ref(1, c)):\(ref(at - 1, c)))" : "SUM(" + subtotalRows.map { ref($0, c) }.joined(separator: ",") + ")")
                        cells.append(.formula(f, cached: .number(Double(n)), style: style))
                    } else {
                        cells.append(.integer(n, style: style))
                    }
                case .decimal(let q, let d):
                    cells.append(.decimal(Decimal(string: q.decimalString(places: d)) ?? 0, style: r.isSum ? CellStyle.total.format(d == 0 ? NumberFormat.integer : NumberFormat.decimal2) : CellStyle.plain.format(d == 0 ? NumberFormat.integer : NumberFormat.decimal2)))
                case .none, .empty: cells.append(Cell(.empty, style: r.isSum ? Self.totalStyle : .plain))
                }
            }
            rows.append(cells)
            if r.kind == .subtotal { subtotalRows.append(at); blockStart = at + 1 }
        }
        if table.columns.contains(where: { if case .places(_, .intake) = $0.kind { return true }; return false })
            && table.columns.contains(where: { if case .total = $0.kind { return true }; return false }) {
            notes.append(w("Optag (overbooking/frafald) indgår ikke i I alt.", "Intake (overbooking/dropout) is not included in the total."))
        }
        if isSelection {
            notes.append(w("Udsnit af planen; tallene er beregnet for hele planen.", "A selection of the plan; the numbers are computed for the whole plan."))
        }
        if !notes.isEmpty {
            rows.append([])
            rows += notes.map { [Cell.text($0, style: .note)] }
        }
        let nameWidth = table.rows.reduce(12) { m, r in
            if case .text(let n) = r.cells[1] { return max(m, n.count) }
            return m
        }
        let columns = table.columns.enumerated().map { i, c -> Column in
            i == 1 ? Column(width: Double(nameWidth + 2)) : Column(width: max(10, min(Double(c.header.count) / 2 + 4, 24)))
        }
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
                    for g in l.groups {
                        let names = Dictionary(g.rows.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
                        for t in g.ties {
                            pair(w("Uafgjort", "Tie"), (y.year.isEmpty ? "" : y.year + ", ") + "\(e.name): " + PlanLabels.tie(t, english: en, names: names))
                        }
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
    /// For a program that writes one workbook at a time (the CLI): libxlsxwriter's own stderr
    /// lines are held back while a workbook is closed (see XLSXWriter.holdBackLibraryMessages).
    public static func holdBackLibraryMessages() { XLSXWriter.holdBackLibraryMessages = true }

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
    public func workbookBuilder(lang: Language, generated: Date?, columns: BilagColumns = BilagColumns(), previous: PlanResult? = nil) -> WorkbookBuilder {
        var b = WorkbookBuilder(lang: lang)
        let bilag = self.bilag()
        b.addOverview(self, bilag: bilag, generated: generated)
        for t in document(lang, layout: .bilag, columns: columns, previous: previous).tables where t.group == "bilag" {
            b.addBilag(t, isSelection: selection != nil)
        }
        b.addOtherLevels(self, bilag: bilag)
        b.addSources(self)
        return b
    }

    public func writeXLSX(to path: String, lang: Language, generated: Date?, columns: BilagColumns = BilagColumns(), previous: PlanResult? = nil) throws {
        try XLSXReport.write(workbookBuilder(lang: lang, generated: generated, columns: columns, previous: previous), title: scenario.title, created: generated, to: path)
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
        // The document's answer, changes and stale marks: the same words as every other format.
        let doc = plan.document(lang)
        if let m = doc.titleMark { pair(w("Bemærk", "Note"), w("Titlen er ", "The title was ") + m + ".") }
        if let k = plan.splitAssumption(lang) { pair(w("Fordeling i KKR", "Split within a KKR"), k) }
        rows.append([])
        for a in doc.answer { rows.append([.text(a, style: Self.titleStyle)]) }
        if !doc.changes.isEmpty {
            rows.append([])
            rows.append([w("Ændret (--set)", "Changed (--set)"), w("Scenariets værdi", "Scenario's value"), w("Brugt", "Used")].map { Cell.text($0, style: .header) })
            for c in doc.changes { rows.append([.text(c.path), .text(c.from), .text(c.to)]) }
        }
        rows.append([])
        let multi = plan.years.count > 1 || !(plan.years.first?.year.isEmpty ?? true)
        let header = (multi ? [w("År", "Year")] : []) + [w("Uddannelse", "Education"), w("Pladser", "Places")]
        rows.append(header.map { Cell.text($0, style: .header) })
        let placesCol = multi ? 2 : 1
        for y in plan.years {
            let table = bilag.first { $0.year == y.year }
            // One block per kind of places; "I alt" adds the educations of that kind only (not the
            // intake, not an education that breaks another's places down otherwise).
            for kind in PlaceKind.allCases {
                let es = y.educations.filter { plan.placeKind(of: $0.id) == kind }
                guard !es.isEmpty else { continue }
                let first = rows.count
                var total = 0
                var excluded: [Int] = []
                for e in es {
                    var places = e.total
                    if let t = table, let c = t.columns.firstIndex(where: { $0.id == e.id }), let v = t.totalLine?.values[c] { places = v }
                    let outside = kind == .intake || plan.isBreakdown(e.id)
                    if outside { excluded.append(rows.count) } else { total += places }
                    let mark = kind == .intake ? w(" (optag, ikke i I alt)", " (intake, not in total)")
                        : plan.isBreakdown(e.id) ? w(" (samme pladser fordelt anderledes, ikke i I alt)", " (the same places split otherwise, not in total)") : ""
                    rows.append((multi ? [Cell.text(y.year)] : []) + [.text(e.name + mark), .integer(places, style: Self.integerStyle)])
                }
                guard kind != .intake, es.count - excluded.count > 1 else { continue }
                let col = CellAddress.columnName(placesCol)
                var formula = "SUM(\(col)\(first + 1):\(col)\(rows.count))"
                for r in excluded { formula += "-\(col)\(r + 1)" }
                rows.append((multi ? [Cell.text(y.year, style: Self.totalTextStyle)] : [])
                            + [.text(w("I alt, ", "Total, ") + PlanResult.kindWord(kind, total, lang), style: Self.totalTextStyle),
                               .formula(formula, cached: .number(Double(total)), style: Self.totalStyle)])
            }
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
