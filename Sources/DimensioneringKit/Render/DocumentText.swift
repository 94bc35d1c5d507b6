import Foundation

/// Text and Markdown of a report document. Computes nothing: every number is the document's,
/// written by `ReportNumbers`; Markdown escapes in one place (`MarkdownSafe.escape`).
extension ReportDocument {
    public var text: String { render(markdown: false) }
    public var markdown: String { render(markdown: true) }

    func render(markdown md: Bool) -> String {
        let en = lang.english
        let N = ReportNumbers(lang)
        func esc(_ s: String) -> String { md ? MarkdownSafe.escape(s) : s }
        var out = ""
        func heading(_ level: Int, _ s: String) {
            if md { out += String(repeating: "#", count: level) + " " + esc(s) + "\n\n" }
            else if level <= 2 { out += s + "\n" + String(repeating: level == 1 ? "=" : "-", count: s.count) + "\n\n" }
            else { out += s + "\n\n" }
        }
        func list(_ label: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            out += (md ? "**" + esc(label) + "**\n\n" : label + "\n") + items.map { "- " + esc($0) + "\n" }.joined() + "\n"
        }
        heading(1, title)
        if let m = titleMark { out += esc((en ? "Note: the title was " : "Bemærk: titlen er ") + m + ".") + "\n\n" }
        if !answer.isEmpty { out += answer.map { (md ? "**" + esc($0) + "**" : $0) + "\n" }.joined() + "\n" }
        out += facts.map { (md ? "- " : "") + esc("\($0.label): \($0.value)") + "\n" }.joined() + "\n"
        list(en ? "Changes to the scenario (--set):" : "Ændringer i scenariet (--set):",
             changes.map { "\($0.path): \($0.from) → \($0.to)" })
        list(en ? "Sources:" : "Kilder:", sources)
        list(en ? "Notes:" : "Bemærkninger:", notes)
        for b in blocks {
            switch b {
            case .heading(let level, let s): heading(level, s)
            case .paragraph(let s): out += esc(s) + "\n\n"
            case .table(let t):
                out += t.grid(N, markdown: md)
                for f in t.footnotes { out += (md ? "> " + esc(f) : f) + "\n" }
                if !t.footnotes.isEmpty { out += "\n" }
            }
        }
        return out
    }
}

extension ReportTable {
    func grid(_ N: ReportNumbers, markdown: Bool) -> String {
        let header = columns.map(\.header)
        let body = rows.map { r in zip(r.cells, columns).map { N.text($0, $1.kind) } }
        let right = Set(columns.indices.filter { columns[$0].isNumeric || columns[$0].kind == .code })
        if markdown {
            var s = "| " + header.map(MarkdownSafe.escape).joined(separator: " | ") + " |\n"
            s += "|" + header.indices.map { right.contains($0) ? "---:|" : "---|" }.joined() + "\n"
            for (i, r) in body.enumerated() {
                let cells = r.map { c -> String in
                    let e = MarkdownSafe.escape(c)
                    return rows[i].isSum && !e.isEmpty ? "**\(e)**" : e
                }
                s += "| " + cells.joined(separator: " | ") + " |\n"
            }
            return s + "\n"
        }
        return TextTable(header: header, rows: body, rightAligned: right).render() + "\n"
    }
}

/// CSV of a report document: one table per file. The tables of one group (e.g. the bilag of each
/// study year) go into the one CSV, with a year column when there are several years.
extension ReportDocument {
    /// The CSV of the tables in `group`; nil when the document has none.
    public func csv(group: String, danish: Bool) -> String? {
        let ts = tables.filter { $0.group == group }
        guard let first = ts.first else { return nil }
        let N = ReportNumbers(danish ? .da : .en)
        let multi = Set(ts.map(\.year)).count > 1 || !(first.year.isEmpty)
        var header: [String] = multi ? [danish ? "Studieår" : "year"] : []
        if !danish { header.append("row_type") }
        header += first.columns.map { danish ? $0.header : $0.key }
        var rows: [[CSVWriter.Cell]] = []
        for t in ts {
            for r in t.rows {
                var row: [CSVWriter.Cell] = multi ? [.text(t.year)] : []
                if !danish { row.append(.text(r.kind.rawValue)) }
                row += r.cells.map { N.csv($0) }
                rows.append(row)
            }
        }
        return CSVWriter(danish: danish).render(header: header, rows: rows)
    }

    /// How many tables a CSV of `group` leaves out.
    public func tablesOutside(group: String) -> Int { tables.filter { $0.group != group }.count }
}
