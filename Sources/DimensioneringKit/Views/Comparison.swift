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
        /// True when each column is compared with the one before it (the years of a phase-in),
        /// false when every column is compared with the first (the baseline).
        public var yearOverYear = false
        /// The column column `c` is compared with.
        public func reference(_ c: Int) -> Int { yearOverYear ? c - 1 : 0 }
        public func change(_ c: Int) -> Int? {
            guard c > 0, let a = entries[reference(c)], let b = entries[c] else { return nil }
            return b.seats - a.seats
        }
        public func percent(_ c: Int) -> Double? {
            guard c > 0, let a = entries[reference(c)], let d = change(c), a.seats > 0 else { return nil }
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
        /// See `Row.yearOverYear`.
        public var yearOverYear = false
        public func reference(_ c: Int) -> Int { yearOverYear ? c - 1 : 0 }

        public func total(_ c: Int) -> Int? {
            let xs = rows.compactMap { $0.entries[c] }
            return xs.isEmpty ? nil : xs.reduce(0) { $0 + $1.seats }
        }
        /// The total's change in column `c` against the same reference as every row's change
        /// (the year before in a phase-in, else the first column): nil for the first column.
        public func totalChange(_ c: Int) -> Int? {
            guard c > 0, let a = total(reference(c)), let b = total(c) else { return nil }
            return b - a
        }
        /// The total's change in per cent of the reference's total (nil when that is 0).
        public func totalPercent(_ c: Int) -> Double? {
            guard let d = totalChange(c), let a = total(reference(c)), a > 0 else { return nil }
            return Double(d) * 100 / Double(a)
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
        public var title: String { title(.da) }
        public func title(_ lang: Language) -> String {
            let lv: String
            switch kind {
            case .kkr: lv = "KKR"
            case .municipality: lv = lang.english ? "municipalities" : "kommuner"
            case .custom: lv = level
            }
            return (year.isEmpty ? "" : "\(year): ") + "\(educationName) — \(lv)"
        }
    }

    public var columns: [Column]
    public var sections: [Section]
    public var yearsAsColumns: Bool

    /// The column column `c` is compared with: the one before it for the years of a phase-in,
    /// else the first (the baseline). Every row, total, caption and sentence uses this.
    public func reference(_ c: Int) -> Int { yearsAsColumns ? c - 1 : 0 }
    /// "2025/26 mod 2024/25", "2025/26 against 2024/25".
    public func againstLabel(_ c: Int, _ lang: Language) -> String {
        "\(columns[c].label) " + (lang.english ? "against " : "mod ") + columns[reference(c)].label
    }
    /// The sentence that says what the changes are against.
    public func referenceSentence(_ lang: Language) -> String? {
        guard columns.count > 1 else { return nil }
        if yearsAsColumns {
            return lang.english ? "Each study year is compared with the year before." : "Hvert studieår sammenlignes med året før."
        }
        return lang.english ? "Changes are against \(columns[0].label)." : "Ændringer er mod \(columns[0].label)."
    }

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
                                                   rows: [], multipleParents: l.groups.count > 1, yearOverYear: yearsAsColumns)
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
                                    sections[sk]!.rows.append(Row(id: id, code: r.code, name: r.name, parent: g.parentName, entries: entries,
                                                                  yearOverYear: yearsAsColumns))
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

    public func rendered(_ format: OutputFormat, lang: Language = .da) -> String {
        switch format {
        case .table, .xlsx: return text(markdown: false, lang: lang)  // xlsx: ComparisonWorkbook.swift
        case .markdown: return text(markdown: true, lang: lang)
        case .json: return json().rendered() + "\n"
        case .csv: return csv(danish: false)
        case .csvDanish: return csv(danish: true)
        case .html: return ViewsHTML.comparison(self)
        }
    }

    /// The results of column `c` (one year of a phase-in, or every year).
    func years(_ c: Int) -> [PlanYearResult] {
        let col = columns[c]
        if let i = col.yearIndex { return [col.result.years[i]] }
        return col.result.years
    }

    /// Each education's places in column `c` and their sum, from the column's own plan (so a
    /// variant with `education.assistent.total=6100` says 6.100), e.g.
    /// "Social- og sundhedshjælper 3.000, Social- og sundhedsassistent 6.100; i alt 9.100".
    public func educationTotals(_ c: Int, lang: Language = .da) -> String {
        let ys = years(c)
        var parts: [String] = []
        for y in ys {
            let prefix = ys.count > 1 && !y.year.isEmpty ? "\(y.year): " : ""
            let dimensioned = y.educations.filter { $0.role == .dimensioned }
            parts += dimensioned.map { "\(prefix)\($0.name) \(PlanFormat.int($0.total, lang))" }
        }
        // No sum across educations: in many scenarios they count the same students (intake and
        // the practice places for it).
        return parts.joined(separator: ", ")
    }

    /// One line per column: what it is, its method and its own totals.
    public func columnDescription(_ c: Int, lang: Language = .da) -> String {
        let col = columns[c]
        let s = col.result.scenario
        let en = lang.english
        var what: String
        if yearsAsColumns {
            what = (en ? "study year " : "studieår ") + col.label
        } else if c == 0 {
            what = s.title + (en ? " (baseline)" : " (grundlag)")
        } else if col.label == s.name {
            what = s.title
        } else {
            what = (en ? "variant of " : "variant af ") + s.name
        }
        what += "; " + (en ? s.method.rawValue : s.method.danishName)
        if let ch = changesText(c, lang) { what += "; " + ch }
        return "\(col.label): \(what). " + educationTotals(c, lang: lang)
    }

    /// A column's --set / --variant changes, what, from and to: "ændret: method sainte-lague → dhondt".
    public func changesText(_ c: Int, _ lang: Language) -> String? {
        let o = columns[c].result.scenario.overrides
        guard !o.isEmpty else { return nil }
        return (lang.english ? "changed: " : "ændret: ") + o.map { "\($0.path) \(PlanResult.valueText($0.from, lang)) → \(PlanResult.valueText($0.to, lang))" }.joined(separator: ", ")
    }

    /// "Assistent 6100 mod sosu-2023", "2024/25 mod 2023/24".
    func against(_ s: Section, _ c: Int, _ lang: Language) -> String { againstLabel(c, lang) }

    /// The largest changes, named: per column and section with changes, the total's change and
    /// the units that change most. The short summary at the top of a comparison.
    public func highlights(lang: Language = .da, perSection: Int = 3) -> [String] {
        let en = lang.english
        var out: [String] = []
        for c in columns.indices.dropFirst() {
            var any = false
            for s in sections {
                let big = s.largestChanges(c, limit: perSection)
                guard !big.isEmpty else { continue }
                any = true
                var t = "\(against(s, c, lang)), \(s.title(lang)): "
                if let a = s.total(s.reference(c)), let b = s.total(c), let d = s.totalChange(c) {
                    t += (en ? "total " : "i alt ") + "\(PlanFormat.int(a, lang)) → \(PlanFormat.int(b, lang)) (\(Self.signed(d, lang)))"
                }
                let n = s.changed(c).count
                t += "; " + (en ? "\(n) of \(s.rows.count) change" : n == 0 ? (s.rows.count == 1 ? "ingen ændring" : "ingen af de \(s.rows.count) ændres") : "\(n) af \(s.rows.count) ændres")
                t += (en ? ", most: " : ", mest: ") + big.map { r in
                    "\(r.name) \(Self.signed(r.change(c)!, lang))" + (r.entries[r.reference(c)].map { e in
                        " (\(PlanFormat.int(e.seats, lang)) → \(PlanFormat.int(e.seats + r.change(c)!, lang)))"
                    } ?? "")
                }.joined(separator: ", ")
                out.append(t)
            }
            if !any {
                out.append(againstLabel(c, lang) + (en ? ": no changes" : ": ingen ændringer"))
            }
        }
        return out
    }

    static func signed(_ v: Int, _ lang: Language) -> String {
        v > 0 ? "+" + PlanFormat.int(v, lang) : v < 0 ? "−" + PlanFormat.int(-v, lang) : "0"
    }

    func summaryLines(_ s: Section, lang: Language = .da) -> [String] {
        let en = lang.english
        var lines: [String] = []
        lines.append((en ? "Total: " : "I alt: ") + columns.indices.map { "\(columns[$0].label) \(s.total($0).map { PlanFormat.int($0, lang) } ?? "—")" }.joined(separator: "; "))
        for c in columns.indices.dropFirst() {
            let ch = s.changed(c)
            var t = (en ? "Changes " : "Ændringer ") + against(s, c, lang) + ": "
                + (en ? "\(ch.count) of \(s.rows.count) change" : ch.isEmpty ? (s.rows.count == 1 ? "ingen ændring" : "ingen af de \(s.rows.count) ændres") : "\(ch.count) af \(s.rows.count) ændres")
            let big = s.largestChanges(c)
            if !big.isEmpty {
                t += (en ? "; largest: " : "; størst: ") + big.map { r in
                    "\(r.name) \(Self.signed(r.change(c)!, lang))" + (r.percent(c).map { " (\(ViewFormat.signedPct($0)))" } ?? "")
                }.joined(separator: ", ")
            }
            lines.append(t)
        }
        for c in columns.indices {
            let b = s.binding(c)
            guard !b.isEmpty else { continue }
            lines.append((en ? "Binding bounds in \(columns[c].label): " : "Bundne grænser i \(columns[c].label): ") + b.map { r, e in
                e.bound == .atMinimum ? "\(r.name) (\(en ? "floor" : "gulv") \(e.min))" : "\(r.name) (\(en ? "cap" : "loft") \(e.max ?? 0))"
            }.joined(separator: ", "))
        }
        lines.append((en ? "Disproportionality against own key (Loosemore-Hanby / Gallagher, percentage points): "
                         : "Disproportionalitet mod egen nøgle (Loosemore-Hanby / Gallagher, procentpoint): ") + columns.indices.map { c in
            "\(columns[c].label) " + (s.disproportionality(c).map {
                "\(PlanFormat.decimal(Rational(Int(($0.loosemoreHanby * 10000).rounded())) / Rational(10000), 4, lang)) / "
                    + "\(PlanFormat.decimal(Rational(Int(($0.gallagher * 10000).rounded())) / Rational(10000), 4, lang))"
            } ?? "—")
        }.joined(separator: "; "))
        return lines
    }

    func text(markdown: Bool, lang: Language = .da) -> String {
        let en = lang.english
        var out = ""
        let title = (en ? "Comparison: " : "Sammenligning: ") + columns.map(\.label).joined(separator: " / ")
        out += markdown ? "# \(MarkdownSafe.escape(title))\n\n" : "\(title)\n\(String(repeating: "=", count: title.count))\n\n"
        let hl = highlights(lang: lang)
        if !hl.isEmpty {
            out += (en ? "In short (largest changes):" : "Kort fortalt (største ændringer):") + "\n" + (markdown ? "\n" : "")
            out += hl.map { "- " + (markdown ? MarkdownSafe.escape($0) : $0) }.joined(separator: "\n") + "\n\n"
        }
        out += (en ? "Columns:" : "Kolonner:") + "\n" + (markdown ? "\n" : "")
        for c in columns.indices { out += "- " + (markdown ? MarkdownSafe.escape(columnDescription(c, lang: lang)) : columnDescription(c, lang: lang)) + "\n" }
        if let r = referenceSentence(lang) { out += "- " + r + "\n" }
        if let sel = columns.first?.result.selection, !sel.isEmpty {
            let parts = sel.kkr.map { "KKR \($0)" } + sel.municipalities.map { c in columns[0].result.registry.byCode[c].map { "\($0.name) (\(c))" } ?? c }
            out += "- " + (en ? "Selection: " : "Udvalgt: ") + parts.joined(separator: ", ")
                + (en ? " (computed on the whole plan)" : " (beregnet på hele planen)") + "\n"
        }
        out += "\n"
        var starred = false
        for s in sections {
            let st = s.title(lang)
            out += markdown ? "## \(MarkdownSafe.escape(st))\n\n" : "\(st)\n\(String(repeating: "-", count: st.count))\n\n"
            for l in summaryLines(s, lang: lang) { out += "- " + (markdown ? MarkdownSafe.escape(l) : l) + "\n" }
            out += "\n"
            // Codes only where they mean something to a reader (municipality codes, not "sommer").
            let codes = s.kind == .municipality
            var header = (codes ? [en ? "Code" : "Kode"] : []) + [en ? "Name" : "Navn"]
            if s.multipleParents { header.append(en ? "Under" : "Under") }
            let first = header.count
            for (c, col) in columns.enumerated() {
                header.append(col.label)
                if c > 0 { header += ["Δ", "%"] }
            }
            var rows: [[String]] = []
            for r in s.rows {
                var row = (codes ? [r.code == r.name ? "" : r.code] : []) + [r.name]
                if s.multipleParents { row.append(r.parent) }
                for c in columns.indices {
                    row.append(r.entries[c].map { e in
                        if e.bound != .free { starred = true }
                        return PlanFormat.int(e.seats, lang) + (e.bound == .free ? "" : "*")
                    } ?? "—")
                    if c > 0 {
                        row.append(r.change(c).map { Self.signed($0, lang) } ?? "")
                        row.append(r.percent(c).map { PlanFormat.decimal(Rational(Int(($0 * 10).rounded())) / Rational(10), 1, lang) } ?? "")
                    }
                }
                rows.append(row)
            }
            var total = (codes ? [""] : []) + [en ? "Total" : "I alt"]
            if s.multipleParents { total.append("") }
            for c in columns.indices {
                total.append(s.total(c).map { PlanFormat.int($0, lang) } ?? "—")
                if c > 0 {
                    total.append(s.totalChange(c).map { Self.signed($0, lang) } ?? "")
                    total.append(s.totalPercent(c).map { PlanFormat.decimal(Rational(Int(($0 * 10).rounded())) / Rational(10), 1, lang) } ?? "")
                }
            }
            rows.append(total)
            let right = Set(first..<header.count)
            if markdown {
                out += "| " + header.map(MarkdownSafe.escape).joined(separator: " | ") + " |\n|" + header.indices.map { right.contains($0) ? "---:|" : "---|" }.joined() + "\n"
                for r in rows { out += "| " + r.map(MarkdownSafe.escape).joined(separator: " | ") + " |\n" }
                out += "\n"
            } else {
                out += TextTable(header: header, rows: rows, rightAligned: right).render() + "\n"
            }
        }
        if starred { out += en ? "* = a bound (floor or cap) binds.\n" : "* = en grænse (gulv eller loft) binder.\n" }
        return out
    }

    // MARK: JSON and CSV

    public func json() -> JSON {
        .object([
            ("columns", .array(columns.indices.map { i in
                let c = columns[i]
                return .object([("label", .string(c.label)), ("scenario", .string(c.result.scenario.name)),
                         ("files", .array(c.result.scenario.chain.map { .string($0) })),
                         ("method", .string(c.result.scenario.method.rawValue)),
                         ("overrides", .array(c.result.scenario.overrides.map { o in
                             .object([("path", .string(o.path)), ("from", o.from.map { .string($0) } ?? .null), ("to", .string(o.to))])
                         })),
                         ("education_totals", .object(years(i).flatMap { y in
                             y.educations.map { ((yearsAsColumns || y.year.isEmpty ? "" : y.year + "/") + $0.id, .int($0.total)) }
                         }))])
            })),
            ("compared_with", .string(yearsAsColumns ? "previous" : "first")),
            ("reference", .object(columns.indices.dropFirst().map { (columns[$0].label, .string(columns[reference($0)].label)) })),
            ("years_as_columns", .bool(yearsAsColumns)),
            ("sections", .array(sections.map { s in
                var f: [(String, JSON)] = []
                if !s.year.isEmpty { f.append(("year", .string(s.year))) }
                f += [("education", .string(s.educationID)), ("level", .string(s.level))]
                f.append(("totals", .object(columns.indices.map { (columns[$0].label, s.total($0).map { .int($0) } ?? .null) })))
                f.append(("total_change", .object(columns.indices.dropFirst().map { (columns[$0].label, s.totalChange($0).map { .int($0) } ?? .null) })))
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
        let withYear = sections.contains { !$0.year.isEmpty }
        var header = withYear ? [danish ? "Studieår" : "year"] : []
        header += danish ? ["Uddannelse", "Niveau", "Under", "Kode", "Navn"] : ["education", "level", "parent", "code", "name"]
        for (c, col) in columns.enumerated() {
            header.append(danish ? "Pladser \(col.label)" : "places_\(col.label)")
            if c > 0 {
                let ref = columns[reference(c)].label
                header += danish ? ["Ændring \(col.label) mod \(ref)", "Ændring \(col.label), %"] : ["change_\(col.label)", "pct_\(col.label)"]
            }
        }
        var rows: [[CSVWriter.Cell]] = []
        for s in sections {
            for r in s.rows {
                var row: [CSVWriter.Cell] = withYear ? [.text(s.year)] : []
                row += [.text(danish ? s.educationName : s.educationID), .text(s.level), .text(r.parent), .text(r.code), .text(r.name)]
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
