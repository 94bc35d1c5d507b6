import Foundation
import Spreadsheet

extension Comparison {
    /// The comparison as a workbook: "Sammenligning" (one row per unit and level, places per
    /// column, the change against the reference column in places and in per cent: the year before
    /// for the years of a phase-in, else the first column), "Totaler" (each section's total per
    /// column, its change against the same reference, and its disproportionality), and the
    /// sources of every column.
    public func workbookBuilder(lang: Language) -> WorkbookBuilder {
        var b = WorkbookBuilder(lang: lang)
        let en = lang.english
        func w(_ da: String, _ e: String) -> String { en ? e : da }
        let intStyle = CellStyle.plain.format(NumberFormat.integer)
        let signedStyle = CellStyle.plain.format("+#,##0;-#,##0;0")
        let pctStyle = CellStyle.plain.format("+0.00%;-0.00%;0.00%")

        var header = [w("År", "Year"), w("Uddannelse", "Education"), w("Niveau", "Level"), w("Fordeles fra", "Split from"),
                      w("Kode", "Code"), w("Navn", "Name")]
        for (c, col) in columns.enumerated() {
            header.append(col.label)
            if c > 0 {
                header.append(w("Ændring ", "Change ") + againstLabel(c, lang))
                header.append(w("Ændring % ", "Change % ") + againstLabel(c, lang))
            }
        }
        var rows: [[Cell]] = []
        for s in sections {
            for r in s.rows {
                var row: [Cell] = [.text(s.year), .text(s.educationName), .text(Self.levelLabel(s, lang)), .text(r.parent), .text(r.code), .text(r.name)]
                for c in columns.indices {
                    row.append(r.entries[c].map { Cell.integer($0.seats, style: intStyle) } ?? .empty)
                    if c > 0 {
                        row.append(r.change(c).map { Cell.integer($0, style: signedStyle) } ?? .empty)
                        row.append(r.percent(c).map { Cell.number($0 / 100, style: pctStyle) } ?? .empty)
                    }
                }
                rows.append(row)
            }
        }
        var notes: [String] = []
        if let r = referenceSentence(lang) { notes.append(r) }
        // The --set / --variant changes of each column, as in every other format.
        for c in columns.indices { if let ch = changesText(c, lang) { notes.append("\(columns[c].label): \(ch)") } }
        if columns.contains(where: { $0.result.selection != nil }) {
            notes.append(w("Udsnit af planerne; tallene er beregnet for hele planen.", "A selection of the plans; the numbers are computed for the whole plan."))
        }
        b.addTable(title: w("Sammenligning", "Comparison"), header: header, rows: rows, notes: notes, frozenColumns: 6)

        var totalsHeader = [w("År", "Year"), w("Uddannelse", "Education"), w("Niveau", "Level")]
        for (c, col) in columns.enumerated() {
            totalsHeader.append(col.label)
            if c > 0 { totalsHeader.append(w("Ændring ", "Change ") + againstLabel(c, lang)) }
        }
        for col in columns { totalsHeader.append("Loosemore-Hanby \(col.label)") }
        var totals: [[Cell]] = []
        for s in sections {
            var row: [Cell] = [.text(s.year), .text(s.educationName), .text(Self.levelLabel(s, lang))]
            for c in columns.indices {
                let t = s.total(c)
                row.append(t.map { Cell.integer($0, style: intStyle) } ?? .empty)
                if c > 0 { row.append(s.totalChange(c).map { Cell.integer($0, style: signedStyle) } ?? .empty) }
            }
            for c in columns.indices {
                row.append(s.disproportionality(c).map { Cell.number($0.loosemoreHanby / 100, style: CellStyle.plain.format("0.000%")) } ?? .empty)
            }
            totals.append(row)
        }
        b.addTable(title: w("Totaler", "Totals"), header: totalsHeader, rows: totals,
                   notes: (referenceSentence(lang).map { [$0] } ?? []) + [w("Loosemore-Hanby: ½ Σ |andel af pladserne − nøgleandel|.", "Loosemore-Hanby: ½ Σ |share of places − key share|.")])

        // Sources of every column, each once.
        var header2 = [w("Kilde", "Source"), w("Udgiver og dokument", "Publisher and document"), w("Dato", "Date"), w("Status", "Status"), w("Brugt i", "Used in")]
        var order: [DataSource] = []
        var usedIn: [[String]] = []
        for col in columns {
            for src in col.result.sources {
                if let i = order.firstIndex(of: src) {
                    if !usedIn[i].contains(col.label) { usedIn[i].append(col.label) }
                } else {
                    order.append(src)
                    usedIn.append([col.label])
                }
            }
        }
        let srcRows: [[Cell]] = order.indices.map { i in
            let s = order[i]
            return [.text(s.label), .text(s.citation ?? ""), .text(s.date ?? ""),
                    .text(s.illustrative ? b.illustrativeMark : w("Offentliggjort", "Published")), .text(usedIn[i].joined(separator: ", "))]
        }
        if yearsAsColumns { header2.removeLast() }
        b.addTable(title: w("Kilder", "Sources"), header: header2,
                   rows: yearsAsColumns ? srcRows.map { Array($0.dropLast()) } : srcRows)
        return b
    }

    public func writeXLSX(to path: String, lang: Language, generated: Date?) throws {
        try XLSXReport.write(workbookBuilder(lang: lang), title: columns.first?.result.scenario.title, created: generated, to: path)
    }

    static func levelLabel(_ s: Section, _ lang: Language) -> String {
        switch s.kind {
        case .kkr: return "KKR"
        case .municipality: return lang.english ? "Municipality" : "Kommune"
        case .custom: return s.level.prefix(1).uppercased() + s.level.dropFirst()
        }
    }
}

extension MunicipalityListing {
    /// `kommuner --format xlsx`: code (text), name, KKR, residents, and an I alt row.
    public static func writeXLSX(_ registry: MunicipalityRegistry, selection: PlanSelection, lang: Language, generated: Date?, to path: String) throws {
        let shown = registry.all.filter { m in
            selection.isEmpty || selection.kkr.contains(m.kkr) || selection.municipalities.contains(m.code)
        }
        let en = lang.english
        let header = en ? ["Code", "Municipality", "KKR", "Residents 1 Jan 2022"] : ["Kommunekode", "Kommune", "KKR", "Indbyggere 1.1.2022"]
        let intStyle = CellStyle.plain.format(NumberFormat.integer)
        var rows: [[Cell]] = shown.map { [.text($0.code), .text($0.name), .text($0.kkr), .integer($0.population, style: intStyle)] }
        let total = shown.reduce(0) { $0 + $1.population }
        rows.append([.text("", style: .total), .text(en ? "Total" : "I alt", style: .total), .text("", style: .total),
                     .formula("SUM(D2:D\(shown.count + 1))", cached: .number(Double(total)), style: CellStyle.total.format(NumberFormat.integer))])
        var b = WorkbookBuilder(lang: lang)
        // The filter covers the municipalities only, not the I alt row.
        b.addTable(title: en ? "Municipalities" : "Kommuner", header: header, rows: rows,
                   notes: [(en ? "Source: " : "Kilde: ") + MunicipalityRegistry.populationSource + " (\(MunicipalityRegistry.populationDate))."], totalRows: 1)
        try XLSXReport.write(b, title: en ? "Municipalities" : "Kommuner", created: generated, to: path)
    }
}
