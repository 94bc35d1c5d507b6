import Foundation
import Spreadsheet

// `follow-up --format xlsx`: "Oversigt" with the answer first (per education and year the
// country's dimensioned, realised and shortfall, and the worst KKR), then "Kommuner" and "KKR"
// (planned, realised, shortfall, share fulfilled; worst first; one I alt row per education and
// year as SUM formulas, so the shortfalls sum exactly), and the sources with their dates.

extension FollowUp {
    public func workbookBuilder(lang: Language, generated: Date?) -> WorkbookBuilder {
        var b = WorkbookBuilder(lang: lang)
        let w = Words(lang: lang)
        b.addFollowUpOverview(self, words: w, generated: generated)
        for level in [Level.municipality, .kkr] { b.addFollowUpLevel(self, level: level, words: w) }
        return b
    }

    public func writeXLSX(to path: String, lang: Language, generated: Date?) throws {
        try XLSXReport.write(workbookBuilder(lang: lang, generated: generated), title: titleLine(Words(lang: lang)), created: generated, to: path)
    }

    /// The mark of a line: Σ (summed from below) and/or illustrative.
    func remark(_ l: Line, _ w: Words) -> String {
        var parts: [String] = []
        if l.summed { parts.append(w.t("Σ sum af linjerne nedenunder", "Σ sum of the lines below")) }
        if l.illustrative { parts.append(w.illustrative) }
        return parts.joined(separator: "; ")
    }
}

extension WorkbookBuilder {
    static let signedStyle = CellStyle.plain.format("+#,##0;-#,##0;0")
    static let fulfilledStyle = CellStyle.plain.format("0.0%")

    mutating func addFollowUpOverview(_ f: FollowUp, words: FollowUp.Words, generated: Date?) {
        var rows: [[Cell]] = [[.text(f.titleLine(words), style: Self.titleStyle)], []]
        for line in f.summary(words) { rows.append([.text(line)]) }
        rows.append([])
        let header = [w("Uddannelse", "Education"), w("År", "Year"), w("Niveau", "Level"), w("Navn", "Name"),
                      words.dimensioned, words.realised, words.shortfall, words.fulfilled,
                      w("Værste KKR", "Worst KKR"), w("Værste KKR mangler", "Worst KKR shortfall")]
        rows.append(header.map { Cell.text($0, style: .header) })
        for s in f.sections {
            // The top line: the country, else the KKR together, else the municipalities together.
            let top: (level: String, name: String, d: Int, r: Int)?
            if let n = s.lines(.nation).first {
                top = (words.levelName(.nation), n.name, n.dimensioned, n.realised)
            } else if !s.lines(.kkr).isEmpty {
                let ls = s.lines(.kkr)
                top = ("KKR", words.total(.kkr), ls.reduce(0) { $0 + $1.dimensioned }, ls.reduce(0) { $0 + $1.realised })
            } else if !s.lines(.municipality).isEmpty {
                let ls = s.lines(.municipality)
                top = (words.levelName(.municipality), words.total(.municipality), ls.reduce(0) { $0 + $1.dimensioned }, ls.reduce(0) { $0 + $1.realised })
            } else {
                top = nil
            }
            guard let top else { continue }
            let worst = s.lines(.kkr).first  // lines are worst first
            rows.append([.text(s.name), .text(s.year), .text(top.level), .text(top.name),
                         .integer(top.d, style: Self.integerStyle), .integer(top.r, style: Self.integerStyle),
                         .integer(top.d - top.r, style: Self.signedStyle),
                         top.d == 0 ? .empty : .number(Double(top.r) / Double(top.d), style: Self.fulfilledStyle),
                         .text(worst?.name ?? ""), worst.map { Cell.integer($0.shortfall, style: Self.signedStyle) } ?? .empty])
        }
        rows.append([])
        func pair(_ a: String, _ b: String) { rows.append([.text(a, style: Self.titleStyle), .text(b)]) }
        pair(w("Scenarie", "Scenario"), "\(f.scenario): \(f.title)")
        pair(w("Realiseret", "Realised"), f.realisedFile)
        if let s = f.selection, !s.isEmpty {
            let names = s.kkr.map { "KKR \($0)" } + s.municipalities.map { c in f.registry.byCode[c].map { "\($0.name) (\(c))" } ?? c }
            pair(w("Udsnit", "Selection"), names.joined(separator: ", "))
        }
        if let a = f.agreedMinimum { pair(w("Aftalt minimum", "Agreed minimum"), "\(PlanFormat.int(a.places, lang)) (\(a.source))") }
        if let g = generated { pair(w("Dannet", "Generated"), XLSXReport.dateText(g, lang)) }
        rows.append([])
        for n in f.notes(words) { rows.append([.text(n, style: .note)]) }
        rows.append([])
        let srcHeader = [w("Kilde", "Source"), w("Udgiver og dokument", "Publisher and document"), w("Dato", "Date"), w("Status", "Status")]
        rows.append(srcHeader.map { Cell.text($0, style: .header) })
        rows.append([.text(w("Realiserede pladser", "Realised places")), .text(f.realisedFile), .text(""),
                     .text(f.anyIllustrative ? illustrativeMark : w("Givet med --realised", "Given with --realised"))])
        for src in f.sources {
            rows.append([.text(src.label), .text(src.citation ?? ""), .text(src.date ?? ""),
                         .text(src.illustrative ? illustrativeMark : w("Offentliggjort", "Published"))])
        }
        let widths = [30.0, 40, 16, 36, 14, 14, 12, 12, 16, 14]
        add(Sheet(name: w("Oversigt", "Summary"), columns: widths.map { Column(width: $0) }, rows: rows))
    }

    /// One sheet of municipality or KKR lines, every education and year, worst first within
    /// each; an I alt row per education and year (SUM formulas) under the filtered lines.
    mutating func addFollowUpLevel(_ f: FollowUp, level: FollowUp.Level, words: FollowUp.Words) {
        let sections = f.sections.filter { !$0.lines(level).isEmpty }
        guard !sections.isEmpty else { return }
        let municipal = level == .municipality
        let header = [w("Uddannelse", "Education"), w("År", "Year"),
                      municipal ? w("Kommunekode", "Municipality code") : w("Kode", "Code"),
                      municipal ? w("Kommune", "Municipality") : w("Navn", "Name"), "KKR",
                      words.dimensioned, words.realised, words.shortfall, words.fulfilled, w("Bemærkning", "Remark")]
        var rows: [[Cell]] = []
        var ranges: [(section: FollowUp.Section, first: Int, last: Int)] = []  // sheet rows (0-based), inclusive
        for s in sections {
            let first = rows.count + 1
            for l in s.lines(level) {
                rows.append([.text(s.name), .text(s.year), .text(l.code), .text(l.name), .text(l.kkr ?? ""),
                             .integer(l.dimensioned, style: Self.integerStyle), .integer(l.realised, style: Self.integerStyle),
                             .integer(l.shortfall, style: Self.signedStyle),
                             l.fulfilled.map { Cell.number($0.doubleValue, style: Self.fulfilledStyle) } ?? .empty,
                             .text(f.remark(l, words))])
            }
            // An I alt line only where it adds something (more than one line), as in the text report.
            if s.lines(level).count > 1 { ranges.append((s, first, rows.count)) }
        }
        let totalSigned = CellStyle.total.format("+#,##0;-#,##0;0")
        for (s, first, last) in ranges {
            let ls = s.lines(level)
            let d = ls.reduce(0) { $0 + $1.dimensioned }, r = ls.reduce(0) { $0 + $1.realised }
            let row = rows.count + 1
            func sum(_ col: Int) -> String {
                let c = CellAddress.columnName(col)
                return "SUM(\(c)\(first + 1):\(c)\(last + 1))"
            }
            let dRef = CellAddress.reference(row: row, column: 5), rRef = CellAddress.reference(row: row, column: 6)
            rows.append([.text(s.name, style: .total), .text(s.year, style: .total), .text("", style: .total),
                         .text(words.total(level), style: .total), .text("", style: .total),
                         .formula(sum(5), cached: .number(Double(d)), style: Self.totalStyle),
                         .formula(sum(6), cached: .number(Double(r)), style: Self.totalStyle),
                         .formula(sum(7), cached: .number(Double(d - r)), style: totalSigned),
                         d == 0 ? Cell(.empty, style: .total)
                             : .formula("\(rRef)/\(dRef)", cached: .number(Double(r) / Double(d)), style: CellStyle.total.format("0.0%")),
                         .text(ls.contains { $0.illustrative } ? words.illustrative : "", style: .total)])
        }
        let notes = [w("Mangler = dimensioneret − realiseret; negativ: flere end dimensioneret. Opfyldelse = realiseret / dimensioneret. Værste mangler først.",
                       "Shortfall = dimensioned − realised; negative: more than dimensioned. Fulfilled = realised / dimensioned. Worst shortfalls first.")]
        addTable(title: municipal ? w("Kommuner", "Municipalities") : "KKR", header: header, rows: rows, notes: notes,
                 frozenColumns: 4, totalRows: ranges.count)
    }
}
