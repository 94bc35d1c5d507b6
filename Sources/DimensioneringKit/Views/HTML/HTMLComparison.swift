import Foundation

extension ViewsHTML {
    // MARK: Comparison

    /// Scenarios or variants side by side: the totals and largest changes first, then one section
    /// per education and level with the change per unit as sorted bars, then assumptions and sources.
    public static func comparison(_ c: Comparison, lang: Language = .da, stamp: ReportStamp? = nil) -> String {
        let t = Words(lang)
        let labels = c.columns.map(\.label)
        let title = t("Sammenligning", "Comparison") + ": " + labels.joined(separator: " / ")
        var b = "<header><p class=\"kicker\">\(t("Sammenligning af scenarier", "Comparison of scenarios"))</p><h1>\(escape(title))</h1>"
        b += "<ul class=\"muted\">" + c.columns.map { col in
            "<li><strong>\(escape(col.label))</strong>: \(escape(col.result.scenario.title)) (\(escape(methodName(col.result.scenario.method, lang))))"
                + (c.changesText(c.columns.firstIndex { $0.label == col.label } ?? 0, lang).map { "; " + escape($0) } ?? "") + "</li>"
        }.joined() + "</ul>" + (c.referenceSentence(lang).map { "<p class=\"muted\">\(escape($0))</p>" } ?? "") + "</header>\n"

        // The answer: totals and the largest changes per section.
        b += "<section class=\"answer\" aria-label=\"\(t("Resultat", "Result"))\">"
        for s in c.sections {
            var line = "<strong>\(escape(sectionTitle(s, lang)))</strong>: " + escape(c.columns.indices.map { "\(labels[$0]) \(s.total($0).map(t.int) ?? "—")" }.joined(separator: "; "))
            for col in c.columns.indices.dropFirst() {
                let ch = s.changed(col)
                line += ". " + escape(c.againstLabel(col, lang) + ": " + (s.totalChange(col).map { t("i alt ", "total ") + t.signed($0) + "; " } ?? "")
                                      + t("\(t.int(ch.count)) af \(t.int(s.rows.count)) ændres", "\(t.int(ch.count)) of \(t.int(s.rows.count)) change"))
                let big = s.largestChanges(col, limit: 3)
                if !big.isEmpty {
                    line += escape(t("; størst: ", "; largest: ") + big.map { "\($0.name) \(t.signed($0.change(col)!))" }.joined(separator: ", "))
                }
            }
            b += "<p>\(line).</p>"
        }
        let illustrative = uniq(c.columns.flatMap { $0.result.sources.filter(\.illustrative).map(\.label) })
        if !illustrative.isEmpty {
            b += "<p class=\"illu\">" + escape(t("Bygger på illustrative tal (ikke offentliggjort): ", "Rests on illustrative figures (not published): ") + illustrative.joined(separator: "; ")) + "</p>"
        }
        b += "</section>\n"

        var toc: [(String, String)] = []
        var body = ""
        for (si, s) in c.sections.enumerated() {
            let id = "afsnit-\(si + 1)"
            toc.append((id, sectionTitle(s, lang)))
            body += "<section class=\"part\" id=\"\(id)\"><h2>\(escape(sectionTitle(s, lang)))</h2>\n" + comparisonSection(c, s, lang: lang) + "</section>\n"
        }
        toc.append(("forudsaetninger", t("Forudsætninger", "Assumptions")))
        body += "<section id=\"forudsaetninger\" class=\"break\"><h2>\(escape(t("Forudsætninger", "Assumptions")))</h2>\n"
        var seen: [String] = []
        for col in c.columns {
            let key = col.result.scenario.name + "|" + col.result.scenario.method.rawValue + "|" + col.result.scenario.educations.map { $0.totals.map { "\($0.total)" }.joined(separator: ",") }.joined(separator: ";")
            if seen.contains(key) { continue }
            seen.append(key)
            body += "<h3>\(escape(c.yearsAsColumns ? col.result.scenario.title : col.label))</h3>\n" + assumptions(col.result, lang: lang)
        }
        body += "<h3>\(t("Metode", "Method"))</h3><p>\(escape(methodText(lang)))" + escape(t(
            " Disproportionalitet måles mod hvert scenaries egen nøgle: Loosemore-Hanby = ½ Σ |pladsandel − nøgleandel|, Gallagher = √(½ Σ forskel²), i procentpoint.",
            " Disproportionality is measured against each scenario's own key: Loosemore-Hanby = ½ Σ |seat share − key share|, Gallagher = √(½ Σ difference²), in percentage points.")) + "</p>\n"
        let notes = notes(c.columns.map(\.result), lang: lang)
        if !notes.isEmpty { body += "<h3>\(t("Bemærkninger", "Notes"))</h3><ul>" + notes.map { "<li>\(escape($0))</li>" }.joined() + "</ul>\n" }
        body += "<h3>\(t("Kilder", "Sources"))</h3>\n" + sources(c.columns.map(\.result), lang: lang) + "</section>\n"

        b += "<nav class=\"toc\" aria-label=\"\(t("Indhold", "Contents"))\"><h2>\(t("Indhold", "Contents"))</h2><ol>"
            + toc.map { "<li><a href=\"#\($0.0)\">\(escape($0.1))</a></li>" }.joined() + "</ol></nav>\n"
        b += searchBox(lang) + body + footer(stamp, lang: lang)
        return page(title: title, body: b, lang: lang)
    }

    /// "+1,4", "−14,3", "0,0".
    static func signedPercent(_ d: Double, _ lang: Language) -> String {
        let s = Words(lang).dec(abs(d), 1)
        return (d >= 0.05 ? "+" : d <= -0.05 ? "−" : "") + s
    }

    static func sectionTitle(_ s: Comparison.Section, _ lang: Language) -> String {
        let t = Words(lang)
        let lv: String
        switch s.kind {
        case .kkr: lv = "KKR"
        case .municipality: lv = t("kommuner", "municipalities")
        case .custom: lv = s.level
        }
        return (s.year.isEmpty ? "" : "\(s.year): ") + "\(s.educationName) — \(lv)"
    }

    /// The columns in groups that fit a printed A4 page (portrait, 8.8 pt): the code and name
    /// and at most four compared columns (places, change, per cent) beside them, three when a
    /// parent column is shown too. A comparison of two to four columns stays one table.
    static func columnParts(_ c: Comparison, multipleParents: Bool) -> [[Int]] {
        let per = multipleParents ? 3 : 4
        let all = Array(c.columns.indices)
        guard all.count > per else { return [all] }
        return stride(from: 0, to: all.count, by: per).map { Array(all[$0..<min($0 + per, all.count)]) }
    }

    static func comparisonSection(_ c: Comparison, _ s: Comparison.Section, lang: Language) -> String {
        let t = Words(lang)
        // A code that only repeats the name (KKR, sites) is left out.
        let codes = s.kind == .municipality && s.rows.contains { $0.code != $0.name }
        func seats(_ e: Comparison.Entry?) -> Cell {
            guard let e else { return Cell(text: "—", numeric: true) }
            let mark = e.bound == .atMinimum ? " (" + t("gulv", "floor") + ")" : e.bound == .atMaximum ? " (" + t("loft", "cap") + ")" : ""
            return Cell(text: t.int(e.seats) + mark, sortValue: String(e.seats), numeric: true)
        }
        // One table per group of columns, so that a printed A4 page holds every column (six
        // years of a phase-in are 16 number columns): each part repeats the code and name, and
        // each has its own total row.
        var h = ""
        for part in columnParts(c, multipleParents: s.multipleParents) {
            var header: [(String, Bool)] = codes ? [(t("Kode", "Code"), s.kind == .municipality)] : []
            header.append((t("Navn", "Name"), false))
            if s.multipleParents { header.append((s.kind == .municipality ? "KKR" : t("Under", "Within"), false)) }
            for i in part {
                header.append((c.columns[i].label, true))
                if i > 0 { header += [("Δ " + c.columns[i].label, true), ("%", true)] }
            }
            var rows: [[Cell]] = []
            for r in s.rows {
                var row = codes ? [Cell(text: r.code, sortValue: r.code, numeric: s.kind == .municipality)] : []
                row.append(Cell(text: r.name))
                if s.multipleParents { row.append(Cell(text: r.parent)) }
                for i in part {
                    row.append(seats(r.entries[i]))
                    if i > 0 {
                        let d = r.change(i)
                        row.append(Cell(text: d.map(t.signed) ?? "", sortValue: d.map(String.init), numeric: true, cls: d.map { $0 > 0 ? "pos" : $0 < 0 ? "neg" : "" }))
                        row.append(Cell(text: r.percent(i).map { signedPercent($0, lang) } ?? "", sortValue: r.percent(i).map { String(format: "%.4f", $0) }, numeric: true))
                    }
                }
                rows.append(row)
            }
            var total = [Cell(text: t("I alt", "Total"), span: codes ? 2 : 1)]
            if s.multipleParents { total.append(Cell(text: "")) }
            for i in part {
                total.append(Cell(text: s.total(i).map(t.int) ?? "—", numeric: true))
                if i > 0 {
                    // The same reference as every row's change above it.
                    total.append(Cell(text: s.totalChange(i).map(t.signed) ?? "", numeric: true))
                    total.append(Cell(text: s.totalPercent(i).map { signedPercent($0, lang) } ?? "", numeric: true))
                }
            }
            let caption = part.count < c.columns.count
                ? t("Kolonne \(c.columns[part.first!].label)–\(c.columns[part.last!].label)", "Columns \(c.columns[part.first!].label)–\(c.columns[part.last!].label)")
                    + (part.first! > 0 ? t(" (Δ mod \(c.columns[c.reference(part.first!)].label) for \(c.columns[part.first!].label))",
                                           " (Δ against \(c.columns[c.reference(part.first!)].label) for \(c.columns[part.first!].label))") : "")
                : nil
            h += table(header: header, rows: rows, foot: [("sub", total)], caption: caption)
        }
        let dis = c.columns.indices.compactMap { i in s.disproportionality(i).map { "\(c.columns[i].label) \(t.dec($0.loosemoreHanby, 2)) / \(t.dec($0.gallagher, 2))" } }
        if !dis.isEmpty {
            h += "<p class=\"muted\">" + escape(t("Disproportionalitet mod egen nøgle (Loosemore-Hanby / Gallagher, procentpoint): ",
                                                  "Disproportionality against the own key (Loosemore-Hanby / Gallagher, percentage points): ") + dis.joined(separator: "; ")) + "</p>\n"
        }
        // The change per unit, sorted: the largest increase first, the largest decrease last.
        for col in c.columns.indices.dropFirst() {
            let changed = s.changed(col)
            guard !changed.isEmpty else {
                h += "<p>\(escape(t("Ingen ændringer for ", "No changes for ") + c.againstLabel(col, lang) + "."))</p>\n"
                continue
            }
            let sorted = changed.enumerated().sorted { a, b in
                let x = a.element.change(col)!, y = b.element.change(col)!
                return x != y ? x > y : a.offset < b.offset
            }.map(\.element)
            let shown = sorted.count > 40 ? Array(sorted.prefix(20) + sorted.suffix(20)) : sorted
            let bars = shown.map { Bar(label: $0.name, value: Double($0.change(col)!), text: t.signed($0.change(col)!)) }
            let title = t("Ændring i pladser, ", "Change in places, ") + c.againstLabel(col, lang)
            var caption = title + t(". Sorteret, største stigning først. \(t.int(changed.count)) af \(t.int(s.rows.count)) ændres; resten er uændrede.",
                                    ". Sorted, largest increase first. \(t.int(changed.count)) of \(t.int(s.rows.count)) change; the rest are unchanged.")
            if shown.count < sorted.count { caption += t(" Viser de 20 største stigninger og fald.", " Showing the 20 largest increases and decreases.") }
            h += figure(self.bars(bars, title: title), caption: caption)
        }
        return h
    }
}
