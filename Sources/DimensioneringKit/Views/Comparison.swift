import Foundation

/// Scenarios (or years of one phase-in) side by side: places per KKR and per municipality,
/// changes, bounds that bind and disproportionality against each scenario's own key.
public struct Comparison: Sendable {
    public struct Column: Sendable {
        public var label: String
        public var result: PlanResult
        /// Only this year of the result (years of a phase-in as columns); nil: every year.
        public var yearIndex: Int?
    }
    public struct Entry: Sendable {
        public var seats: Int
        public var ideal: Rational
        public var key: Rational
        public var bound: BoundStatus
        public var min: Int
        public var max: Int?
    }
    public struct Row: Sendable {
        public var id: String
        public var code: String
        public var name: String
        public var parent: String
        public var entries: [Entry?]
        public func change(_ c: Int) -> Int? {
            guard let a = entries[0], let b = entries[c] else { return nil }
            return b.seats - a.seats
        }
        public func percent(_ c: Int) -> Double? {
            guard let a = entries[0], let d = change(c), a.seats > 0 else { return nil }
            return Double(d) * 100 / Double(a.seats)
        }
    }
    public struct Section: Sendable {
        public var year: String
        public var educationID: String
        public var educationName: String
        public var level: String
        public var kind: ScenarioLevel.UnitKind
        public var rows: [Row]
        public var multipleParents: Bool

        public func total(_ c: Int) -> Int? {
            let xs = rows.compactMap { $0.entries[c] }
            return xs.isEmpty ? nil : xs.reduce(0) { $0 + $1.seats }
        }
        /// Loosemore-Hanby ½Σ|seat share − key share| and Gallagher sqrt(½Σ diff²), percentage points.
        public func disproportionality(_ c: Int) -> (loosemoreHanby: Double, gallagher: Double)? {
            let xs = rows.compactMap { $0.entries[c] }
            let h = xs.reduce(0) { $0 + $1.seats }
            guard h > 0 else { return nil }
            var lh = 0.0, g = 0.0
            for e in xs {
                let d = ((Rational(e.seats) - e.ideal) / Rational(h)).doubleValue * 100
                lh += abs(d)
                g += d * d
            }
            return (lh / 2, (g / 2).squareRoot())
        }
        public func changed(_ c: Int) -> [Row] { rows.filter { ($0.change(c) ?? 0) != 0 } }
        public func largestChanges(_ c: Int, limit: Int = 5) -> [Row] {
            let ch = changed(c).enumerated().sorted { a, b in
                let x = abs(a.element.change(c)!), y = abs(b.element.change(c)!)
                return x != y ? x > y : a.offset < b.offset
            }
            return Array(ch.prefix(limit).map(\.element))
        }
        public func binding(_ c: Int) -> [(Row, Entry)] {
            rows.compactMap { r in r.entries[c].flatMap { $0.bound == .free ? nil : (r, $0) } }
        }
        public var title: String {
            let lv: String
            switch kind {
            case .kkr: lv = "KKR"
            case .municipality: lv = "kommuner"
            case .custom: lv = level
            }
            return (year.isEmpty ? "" : "\(year): ") + "\(educationName) — \(lv)"
        }
    }

    public var columns: [Column]
    public var sections: [Section]
    public var yearsAsColumns: Bool

    /// Builds the comparison. One result with several years: the years are the columns.
    public static func build(_ results: [(label: String, result: PlanResult)]) -> Comparison {
        var columns: [Column] = []
        var yearsAsColumns = false
        if results.count == 1, results[0].result.years.count > 1 {
            yearsAsColumns = true
            for (i, y) in results[0].result.years.enumerated() {
                columns.append(Column(label: y.year, result: results[0].result, yearIndex: i))
            }
        } else {
            var seen: [String: Int] = [:]
            for (l, r) in results {
                seen[l, default: 0] += 1
                columns.append(Column(label: seen[l]! > 1 ? "\(l) (\(seen[l]!))" : l, result: r, yearIndex: nil))
            }
        }
        var order: [String] = []
        var sections: [String: Section] = [:]
        var rowIndex: [String: [String: Int]] = [:]
        for (c, col) in columns.enumerated() {
            for (yi, y) in col.result.years.enumerated() where col.yearIndex == nil || col.yearIndex == yi {
                let year = yearsAsColumns ? "" : y.year
                for e in y.educations {
                    for l in e.levels where l.role != .cells {
                        let sk = "\(year)|\(e.id)|\(l.name)"
                        if sections[sk] == nil {
                            order.append(sk)
                            sections[sk] = Section(year: year, educationID: e.id, educationName: e.name, level: l.name, kind: l.units,
                                                   rows: [], multipleParents: l.groups.count > 1)
                            rowIndex[sk] = [:]
                        }
                        for g in l.groups {
                            for r in g.rows {
                                let id = (g.parentPath + [r.code]).joined(separator: "/")
                                let entry = Entry(seats: r.seats, ideal: r.ideal, key: r.key, bound: r.bound, min: r.min, max: r.max)
                                if let i = rowIndex[sk]![id] {
                                    sections[sk]!.rows[i].entries[c] = entry
                                } else {
                                    var entries = [Entry?](repeating: nil, count: columns.count)
                                    entries[c] = entry
                                    rowIndex[sk]![id] = sections[sk]!.rows.count
                                    sections[sk]!.rows.append(Row(id: id, code: r.code, name: r.name, parent: g.parentName, entries: entries))
                                }
                            }
                        }
                    }
                }
            }
        }
        return Comparison(columns: columns, sections: order.map { sections[$0]! }, yearsAsColumns: yearsAsColumns)
    }

    // MARK: Text and Markdown

    public func rendered(_ format: OutputFormat) -> String {
        switch format {
        case .table, .xlsx: return text(markdown: false)  // xlsx: ComparisonWorkbook.swift
        case .markdown: return text(markdown: true)
        case .json: return json().rendered() + "\n"
        case .csv: return csv(danish: false)
        case .csvDanish: return csv(danish: true)
        case .html: return ViewsHTML.comparison(self)
        }
    }

    func summaryLines(_ s: Section) -> [String] {
        var lines: [String] = []
        lines.append("I alt: " + columns.indices.map { "\(columns[$0].label) \(s.total($0).map(ViewFormat.int) ?? "—")" }.joined(separator: "; "))
        for c in columns.indices.dropFirst() {
            let ch = s.changed(c)
            var t = "Ændringer \(columns[c].label) mod \(columns[0].label): \(ch.count) af \(s.rows.count) ændres"
            let big = s.largestChanges(c)
            if !big.isEmpty {
                t += "; størst: " + big.map { r in
                    "\(r.name) \(ViewFormat.signed(r.change(c)!))" + (r.percent(c).map { " (\(ViewFormat.signedPct($0)))" } ?? "")
                }.joined(separator: ", ")
            }
            lines.append(t)
        }
        for c in columns.indices {
            let b = s.binding(c)
            guard !b.isEmpty else { continue }
            lines.append("Bundne grænser i \(columns[c].label): " + b.map { r, e in
                e.bound == .atMinimum ? "\(r.name) (gulv \(e.min))" : "\(r.name) (loft \(e.max ?? 0))"
            }.joined(separator: ", "))
        }
        lines.append("Disproportionalitet mod egen nøgle (Loosemore-Hanby / Gallagher, procentpoint): " + columns.indices.map { c in
            "\(columns[c].label) " + (s.disproportionality(c).map { "\(ViewFormat.dec($0.loosemoreHanby, 4)) / \(ViewFormat.dec($0.gallagher, 4))" } ?? "—")
        }.joined(separator: "; "))
        return lines
    }

    func text(markdown: Bool) -> String {
        var out = ""
        let title = "Sammenligning: " + columns.map(\.label).joined(separator: " / ")
        out += markdown ? "# \(title)\n\n" : "\(title)\n\(String(repeating: "=", count: title.count))\n\n"
        for c in columns {
            let s = c.result.scenario
            out += (markdown ? "- " : "") + "\(c.label): \(s.title) (\(s.chain.joined(separator: " ← ")); \(s.method.danishName))\n"
        }
        out += "\n"
        for s in sections {
            out += markdown ? "## \(s.title)\n\n" : "\(s.title)\n\(String(repeating: "-", count: s.title.count))\n\n"
            for l in summaryLines(s) { out += (markdown ? "- " : "") + l + "\n" }
            out += "\n"
            var header = ["Kode", "Navn"]
            if s.multipleParents { header.append("Under") }
            let first = header.count
            for (c, col) in columns.enumerated() {
                header.append(col.label)
                if c > 0 { header += ["Δ", "%"] }
            }
            var rows: [[String]] = []
            for r in s.rows {
                var row = [r.code, r.name]
                if s.multipleParents { row.append(r.parent) }
                for c in columns.indices {
                    row.append(r.entries[c].map { String($0.seats) + ($0.bound == .free ? "" : "*") } ?? "—")
                    if c > 0 {
                        row.append(r.change(c).map(ViewFormat.signed) ?? "")
                        row.append(r.percent(c).map { ViewFormat.dec($0, 1) } ?? "")
                    }
                }
                rows.append(row)
            }
            var total = ["", "I alt"]
            if s.multipleParents { total.append("") }
            for c in columns.indices {
                total.append(s.total(c).map(String.init) ?? "—")
                if c > 0 {
                    if let a = s.total(0), let b = s.total(c) {
                        total += [ViewFormat.signed(b - a), a > 0 ? ViewFormat.dec(Double(b - a) * 100 / Double(a), 1) : ""]
                    } else { total += ["", ""] }
                }
            }
            rows.append(total)
            let right = Set(first..<header.count)
            if markdown {
                out += "| " + header.joined(separator: " | ") + " |\n|" + header.indices.map { right.contains($0) ? "---:|" : "---|" }.joined() + "\n"
                for r in rows { out += "| " + r.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n" }
                out += "\n"
            } else {
                out += TextTable(header: header, rows: rows, rightAligned: right).render() + "\n"
            }
        }
        out += (markdown ? "" : "") + "* = en grænse (gulv eller loft) binder.\n"
        return out
    }

    // MARK: JSON and CSV

    public func json() -> JSON {
        .object([
            ("columns", .array(columns.map { c in
                .object([("label", .string(c.label)), ("scenario", .string(c.result.scenario.name)),
                         ("files", .array(c.result.scenario.chain.map { .string($0) })),
                         ("method", .string(c.result.scenario.method.rawValue))])
            })),
            ("years_as_columns", .bool(yearsAsColumns)),
            ("sections", .array(sections.map { s in
                var f: [(String, JSON)] = []
                if !s.year.isEmpty { f.append(("year", .string(s.year))) }
                f += [("education", .string(s.educationID)), ("level", .string(s.level))]
                f.append(("totals", .object(columns.indices.map { (columns[$0].label, s.total($0).map { .int($0) } ?? .null) })))
                f.append(("changed", .object(columns.indices.dropFirst().map { (columns[$0].label, .int(s.changed($0).count)) })))
                f.append(("largest_changes", .object(columns.indices.dropFirst().map { c in
                    (columns[c].label, .array(s.largestChanges(c).map { r in
                        .object([("code", .string(r.code)), ("name", .string(r.name)), ("change", .int(r.change(c)!))])
                    }))
                })))
                f.append(("binding", .object(columns.indices.map { c in
                    (columns[c].label, .object(s.binding(c).map { r, e in (r.id, .string(e.bound.rawValue)) }))
                })))
                f.append(("disproportionality", .object(columns.indices.map { c in
                    (columns[c].label, s.disproportionality(c).map { d in
                        .object([("loosemore_hanby", .number(String(format: "%.6f", d.loosemoreHanby))),
                                 ("gallagher", .number(String(format: "%.6f", d.gallagher)))])
                    } ?? .null)
                })))
                f.append(("rows", .array(s.rows.map { r in
                    var rf: [(String, JSON)] = [("id", .string(r.id)), ("code", .string(r.code)), ("name", .string(r.name))]
                    rf.append(("places", .object(columns.indices.map { (columns[$0].label, r.entries[$0].map { .int($0.seats) } ?? .null) })))
                    rf.append(("change", .object(columns.indices.dropFirst().map { (columns[$0].label, r.change($0).map { .int($0) } ?? .null) })))
                    return .object(rf)
                })))
                return .object(f)
            })),
        ])
    }

    public func csv(danish: Bool) -> String {
        var header = ["year", "education", "level", "parent", "code", "name"]
        for (c, col) in columns.enumerated() {
            header.append("places_\(col.label)")
            if c > 0 { header += ["change_\(col.label)", "pct_\(col.label)"] }
        }
        var rows: [[CSVWriter.Cell]] = []
        for s in sections {
            for r in s.rows {
                var row: [CSVWriter.Cell] = [.text(s.year), .text(s.educationID), .text(s.level), .text(r.parent), .text(r.code), .text(r.name)]
                for c in columns.indices {
                    row.append(.number(r.entries[c].map { String($0.seats) } ?? ""))
                    if c > 0 {
                        row.append(.number(r.change(c).map(String.init) ?? ""))
                        row.append(.number(r.percent(c).map { String(format: "%.2f", $0) } ?? ""))
                    }
                }
                rows.append(row)
            }
        }
        return CSVWriter(danish: danish).render(header: header, rows: rows)
    }
}
