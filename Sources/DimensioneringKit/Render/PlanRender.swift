import Foundation

/// Labels in Danish (default) or English.
struct PlanLabels {
    let english: Bool
    var code: String { english ? "Code" : "Kode" }
    var name: String { english ? "Name" : "Navn" }
    var key: String { english ? "Share, %" : "Andel, %" }
    var ideal: String { english ? "Ideal quota" : "Beregnet andel (før afrunding)" }
    var places: String { english ? "Places" : "Pladser" }
    var min: String { english ? "Floor" : "Gulv" }
    var max: String { english ? "Cap" : "Loft" }
    var published: String { english ? "Published" : "Offentliggjort" }
    var diff: String { english ? "Diff." : "Forskel" }
    var total: String { english ? "Total" : "I alt" }
    var year: String { english ? "Study year" : "Studieår" }
    var method: String { english ? "Method" : "Metode" }
    var ties: String { english ? "Ties" : "Uafgjort" }
    var note: String { english ? "Note" : "Bemærk" }
    var scenario: String { "Scenarie" }
    func places(_ n: Int) -> String {
        PlanFormat.thousands(n, separator: english ? "," : ".") + (english ? (n == 1 ? " place" : " places") : (n == 1 ? " plads" : " pladser"))
    }
    func level(_ l: PlanLevelResult) -> String {
        switch l.units {
        case .kkr: return "KKR"
        case .municipality: return english ? "Municipality" : "Kommune"
        case .custom: return l.name.prefix(1).uppercased() + l.name.dropFirst()
        }
    }
    /// The one wording of a tie: the tied units by name, the places, the rule and who got them.
    static func tie(_ t: Tie, english: Bool, names: [String: String] = [:]) -> String {
        func list(_ xs: [String]) -> String {
            let n = xs.map { names[$0] ?? $0 }
            guard n.count > 1 else { return n.first ?? "" }
            return n.dropLast().joined(separator: ", ") + (english ? " and " : " og ") + n.last!
        }
        let places = english ? (t.seats == 1 ? "1 place" : "\(t.seats) places") : (t.seats == 1 ? "1 plads" : "\(t.seats) pladser")
        let rule: String
        switch t.rule {
        case .inputOrder: rule = english ? "the order in the scenario" : "rækkefølgen i scenariet"
        case .lot(let seed): rule = english ? "lot (seed \(seed))" : "lodtrækning (startværdi \(seed))"
        case .fail: rule = english ? "no rule (stop)" : "ingen regel (stop)"
        }
        return english
            ? "Tie: \(list(t.units)) are tied for \(places); decided by \(rule): \(list(t.winners))"
            : "Uafgjort: \(list(t.units)) står lige om \(places); afgjort efter \(rule): \(list(t.winners))"
    }
    func decimal(_ s: String) -> String { english ? s : s.replacingOccurrences(of: ".", with: ",") }
}

/// How a plan's table is laid out: `bilag` (one row per municipality, one column per
/// education, subtotals per KKR) or `long` (one row per unit per level).
public enum PlanLayout: String, Sendable, CaseIterable {
    case bilag, long
}

extension PlanResult {
    public func rendered(_ format: OutputFormat, lang: Language, layout: PlanLayout = .long,
                         columns: BilagColumns = BilagColumns(), previous: PlanResult? = nil) -> String {
        let doc = { (l: Language) in self.document(l, layout: layout, columns: columns, previous: previous) }
        switch format {
        case .table, .xlsx: return doc(lang).text  // xlsx: PlanWorkbook.swift
        case .markdown: return doc(lang).markdown
        case .json: return json(lang: lang, columns: columns, previous: previous).rendered() + "\n"
        // A CSV holds one table: the bilag, or (no bilag, or --layout long) one row per unit per level.
        case .csv: return layout == .bilag && hasBilag ? doc(.en).csv(group: "bilag", danish: false) ?? "" : csv(danish: false)
        case .csvDanish: return layout == .bilag && hasBilag ? doc(.da).csv(group: "bilag", danish: true) ?? "" : csv(danish: true)
        case .html: return ViewsHTML.plan(self, lang: lang, columns: columns, previous: previous)
        }
    }

    /// True when some education reaches the municipalities (the plan has a bilag).
    var hasBilag: Bool {
        years.contains { $0.educations.contains { $0.levels.contains { $0.units == .municipality && $0.role == .plain } } }
    }

    /// How many allocation tables a bilag CSV leaves out (they are in --layout long and xlsx);
    /// 0 when the plan has no bilag (its CSV is the long table).
    public var tablesOutsideBilagCSV: Int {
        guard hasBilag else { return 0 }
        return years.reduce(0) { n, y in n + y.educations.reduce(0) { $0 + otherLevels($1).reduce(0) { $0 + $1.groups.count } } }
    }

    /// The long layout (one table per level).
    public func rendered(_ format: OutputFormat, english: Bool = false) -> String {
        rendered(format, lang: english ? .en : .da, layout: .long)
    }

    var singleYear: Bool { years.count == 1 && years[0].year.isEmpty }

    // MARK: The words the document takes from the plan (notes, sources, selection)

    /// Every note of the plan, worded once, in order: the scenario's, then the levels' and groups'.
    func allNotes(_ lang: Language) -> [String] {
        var out: [String] = []
        func add(_ s: String) { if !out.contains(s) { out.append(s) } }
        for n in scenario.notes { add(n) }
        for y in years {
            for e in y.educations {
                for l in e.levels {
                    for n in l.notes { add(Self.capitalised(n.text(lang))) }
                    for g in l.groups { for n in g.notes { add(Self.capitalised(n.text(lang))) } }
                }
            }
        }
        return out
    }

    static func capitalised(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    func sourceLines(_ lang: Language) -> [String] {
        let en = lang.english
        return sources.map { s in
            var t = s.label
            if let d = s.date { if !t.contains(d) { t += " (\(d))" } } else if !s.illustrative { t += en ? " (date not given)" : " (dato ikke oplyst)" }
            if let c = s.citation { t += ": " + c }
            if s.illustrative { t += en ? " — Illustrative figure (not published)" : " — Illustrativt tal (ikke offentliggjort)" }
            return t
        }
    }

    func selectionText(_ lang: Language) -> String? {
        guard let sel = selection, !sel.isEmpty else { return nil }
        let parts = sel.kkr.map { "KKR \($0)" } + sel.municipalities.map { c in registry.byCode[c].map { "\($0.name) (\(c))" } ?? c }
        return (lang.english ? "Selection: " : "Udvalgt: ") + parts.joined(separator: ", ")
            + (lang.english ? " (computed on the whole plan)" : " (beregnet på hele planen)")
    }

    // MARK: Bilag layout

    /// Column headers of a bilag table: full education names; intake columns "Optag inkl. overbooking".
    func bilagColumnNames(_ t: BilagTable, _ lang: Language) -> [String] {
        let en = lang.english
        let y = years.first { $0.year == t.year }
        return t.columns.map { c in
            guard let of = c.intakeOf else { return c.name }
            let e = y?.educations.first { $0.id == c.id }
            let base = y?.educations.first { $0.id == of }?.name ?? of
            if case .intake(_, .dropout)? = e?.role {
                return en ? "Intake incl. dropout (\(base))" : "Optag inkl. frafald (\(base))"
            }
            return en ? "Intake incl. overbooking (\(base))" : "Optag inkl. overbooking (\(base))"
        }
    }

    /// The lines of a bilag as shown: with one KKR the KKR subtotal is the total.
    func shownLines(_ t: BilagTable) -> [BilagTable.Line] {
        let kkrTotals = t.lines.filter { if case .kkrTotal = $0.kind { return true }; return false }.count
        return kkrTotals == 1 ? t.lines.filter { $0.kind != .total } : t.lines
    }

    func lineLabel(_ l: BilagTable.Line, _ t: BilagTable, _ lang: Language) -> (code: String, name: String, kkr: String) {
        let en = lang.english
        let partial = !(selection?.municipalities.isEmpty ?? true)
        switch l.kind {
        case .municipality(let code, let name, let kkr): return (code, name, kkr)
        case .region(let name, let kkr, let illustrative):
            return ("", name + (illustrative ? (en ? " (illustrative)" : " (illustrativt)") : ""), kkr)
        case .kkrTotal(let kkr):
            return ("", "KKR \(kkr)" + (partial ? (en ? ", selected, total" : ", udvalgte i alt") : (en ? ", total" : " i alt")), kkr)
        case .total:
            return ("", t.isSelection ? (en ? "Total (selected)" : "I alt (udvalgte)") : (en ? "Denmark total" : "Hele landet i alt"), "")
        }
    }

    func isSubtotal(_ l: BilagTable.Line) -> Bool {
        switch l.kind { case .kkrTotal, .total: return true; default: return false }
    }

    /// The levels the bilag does not show (KKR keys aside): sites, seasons, specialisations, and
    /// every level of an education that does not reach the municipalities.
    func otherLevels(_ e: PlanEducationResult) -> [PlanLevelResult] {
        let bilagLevel = e.levels.lastIndex { $0.units == .municipality && $0.role == .plain }
        guard let b = bilagLevel else { return e.levels }
        // A KKR level is in the bilag's subtotals; shown on its own only when it says more
        // (a floor or cap, or a published figure that differs).
        func saysMore(_ l: PlanLevelResult) -> Bool {
            l.groups.contains { g in g.rows.contains { r in r.min > 0 || r.max != nil || (r.published.map { $0 != Rational(r.seats) } ?? false) } }
        }
        return e.levels.enumerated().filter { i, l in
            i != b && !(l.units == .municipality && l.role == .plain) && (l.units != .kkr || saysMore(l))
        }.map(\.element)
    }

    // MARK: JSON

    public func json() -> JSON { json(lang: .da) }

    public func json(lang: Language, columns: BilagColumns = BilagColumns(), previous: PlanResult? = nil) -> JSON {
        let doc = document(lang, layout: .bilag, columns: columns, previous: previous)
        var fields: [(String, JSON)] = [
            ("scenario", .string(scenario.name)),
            ("title", .string(scenario.title)),
            ("files", .array(scenario.chain.map { .string($0) })),
            ("method", .string(scenario.method.rawValue)),
            ("ties", .string(scenario.ties.description)),
        ]
        if let a = ageData {
            var age: [(String, JSON)] = [("file", .string(a.file)), ("quarter", .string(a.quarter)), ("shipped", .bool(a.shipped))]
            if let r = a.readAs { age.append(("read_as", .string(r))) }
            age.append(("source", .string("Danmarks Statistik, FOLK1A (\(ShippedAgeData.dateText(quarter: a.quarter)))")))
            fields.append(("age_data", .object(age)))
        }
        fields.append(("sources", .array(sources.map { s in
            var f: [(String, JSON)] = [("label", .string(s.label))]
            f.append(("citation", s.citation.map { .string($0) } ?? .null))
            f.append(("date", s.date.map { .string($0) } ?? .null))
            f.append(("illustrative", .bool(s.illustrative)))
            return .object(f)
        })))
        fields.append(("illustrative_inputs", .bool(restsOnIllustrativeData)))
        if let m = doc.titleMark { fields.append(("title_mark", .string(m))) }
        fields.append(("answer", .array(doc.answer.map { .string($0) })))
        // The values as TOML text (the document shows them formatted for the language).
        fields.append(("overrides", .array(scenario.overrides.map { c in
            .object([("path", .string(c.path)), ("from", c.from.map { .string($0) } ?? .null), ("to", .string(c.to))])
        })))
        if let k = splitAssumption(lang) { fields.append(("split_within_kkr", .string(k))) }
        if !scenario.notes.isEmpty { fields.append(("notes", .array(scenario.notes.map { .string($0) }))) }
        let docTables = doc.tables.filter { $0.group == "bilag" }
        if !docTables.isEmpty {
            fields.append(("bilag", .array(docTables.map(Self.bilagJSON))))
        }
        if singleYear {
            fields.append(("educations", .array(years[0].educations.map(educationJSON))))
        } else {
            fields.append(("years", .array(years.map { y in
                .object([("year", .string(y.year)), ("educations", .array(y.educations.map(educationJSON)))])
            })))
        }
        return .object(fields)
    }

    /// A bilag table as data: the document's table, columns with their kinds, rows with their
    /// type, places per education, and the row total where the columns count one kind of places.
    static func bilagJSON(_ t: ReportTable) -> JSON {
        var f: [(String, JSON)] = []
        if !t.year.isEmpty { f.append(("year", .string(t.year))) }
        f.append(("columns", .array(t.columns.compactMap { c in
            switch c.kind {
            case .places(let id, let kind): return .object([("id", .string(id)), ("name", .string(c.header)), ("counts", .string(kind.rawValue))])
            case .total: return nil  // the rows' "total"
            case .percent, .decimal, .change: return .object([("id", .string(c.key)), ("name", .string(c.header))])
            default: return nil
            }
        })))
        f.append(("rows", .array(t.rows.map { r in
            var rf: [(String, JSON)] = [("type", .string(r.kind.rawValue))]
            var places: [(String, JSON)] = []
            for (c, cell) in zip(t.columns, r.cells) {
                func value(_ cell: ReportCell) -> JSON {
                    switch cell {
                    case .int(let n), .signed(let n), .marked(let n, _): return .int(n)
                    case .decimal(let q, let d): return .number(q.decimalString(places: d))
                    case .text(let s): return .string(s)
                    case .none, .empty: return .null
                    }
                }
                switch c.kind {
                case .code, .label, .text:
                    // A sum row's label is words of one language; its type says what it sums.
                    if r.isSum && c.kind == .label { continue }
                    if case .text(let s) = cell, !s.isEmpty { rf.append((c.key, .string(s))) }
                case .places(let id, _): places.append((id, value(cell)))
                case .total: rf.append(("total", value(cell)))
                default: rf.append((c.key, value(cell)))
                }
            }
            rf.insert(("places", .object(places)), at: rf.firstIndex { $0.0 == "total" } ?? rf.count)
            return .object(rf)
        })))
        return .object(f)
    }

    func educationJSON(_ e: PlanEducationResult) -> JSON {
        var f: [(String, JSON)] = [("id", .string(e.id)), ("name", .string(e.name))]
        if let r = e.region { f.append(("region", .string(r))) }
        if case .intake(let of, let rule) = e.role {
            let ruleJSON: JSON
            switch rule {
            case .overbooking(let p): ruleJSON = .object([("overbooking_percent", .number(p.decimalString(places: 4)))])
            case .dropout(let p): ruleJSON = .object([("dropout_percent", .number(p.decimalString(places: 4)))])
            }
            f.append(("intake_of", .string(of)))
            f.append(("intake_rule", ruleJSON))
        }
        if let p = e.phaseIn {
            f.append(("phase_in", .object([("base", .int(p.base)), ("step", .int(p.step)), ("cumulative_extra", .int(p.cumulative))])))
        }
        f.append(("total", .int(e.total)))
        f.append(("levels", .array(e.levels.map(levelJSON))))
        return .object(f)
    }

    /// Flat keys for a level: the code when codes are unique in the level, else the path below the root.
    static func flatKeys(_ l: PlanLevelResult) -> [[String]] {
        let all = l.groups.flatMap { g in g.rows.map { g.parentPath + [$0.code] } }
        let codes = all.map { $0.last! }
        if Set(codes).count == codes.count { return all.map { [$0.last!] } }
        return all
    }

    func levelJSON(_ l: PlanLevelResult) -> JSON {
        let keys = Self.flatKeys(l).map { $0.joined(separator: "/") }
        let rows = l.groups.flatMap(\.rows)
        var f: [(String, JSON)] = [
            ("level", .string(l.name)),
            ("role", .string(l.role.rawValue)),
            ("total", .int(rows.reduce(0) { $0 + $1.seats })),
            ("allocation", .object(zip(keys, rows).map { ($0, .int($1.seats)) })),
            ("key", .object(zip(keys, rows).map { ($0, .number($1.key.decimalString(places: 12))) })),
            ("ideal_quota", .object(zip(keys, rows).map { ($0, .number($1.ideal.decimalString(places: 6))) })),
        ]
        if rows.contains(where: { $0.min > 0 || $0.max != nil }) {
            f.append(("bounds", .object(zip(keys, rows).compactMap { k, r in
                guard r.min > 0 || r.max != nil else { return nil }
                return (k, .object([("min", .int(r.min)), ("max", r.max.map { .int($0) } ?? .null), ("binding", .string(r.bound.rawValue))]))
            })))
        }
        if rows.contains(where: { $0.published != nil }) {
            f.append(("published", .object(zip(keys, rows).compactMap { k, r in r.published.map { (k, .number($0.decimalString(places: Rational($0.floor) == $0 ? 0 : 6))) } })))
        }
        f.append(("groups", .array(l.groups.map { g in
            .object([("parent", .string(g.parentCode)), ("total", .int(g.total)),
                     ("allocation", .object(g.rows.map { ($0.code, .int($0.seats)) }))])
        })))
        let notes = l.groups.flatMap { $0.notes.map { $0.english } } + l.notes.map(\.english)
            + l.groups.flatMap { $0.ties.map { "tie: \($0)" } }
        if !notes.isEmpty { f.append(("notes", .array(notes.map { .string($0) }))) }
        return .object(f)
    }

    // MARK: CSV

    public func csv(danish: Bool) -> String {
        longCSV(danish: danish, levels: { $0.levels }, bom: true)
    }

    /// One row per unit per level. Danish: Danish headers, the key in percent (4 decimals), the
    /// quota with 3 decimals; English: snake_case headers, full precision.
    func longCSV(danish: Bool, levels: (PlanEducationResult) -> [PlanLevelResult], bom: Bool) -> String {
        let multi = !singleYear
        var header: [String] = multi ? [danish ? "Studieår" : "year"] : []
        header += danish
            ? ["Uddannelse", "Niveau", "Under", "Kode", "Navn", "Andel, %", "Beregnet andel (før afrunding)", "Pladser", "Gulv", "Loft", "Offentliggjort"]
            : ["education", "level", "parent", "code", "name", "key", "ideal_quota", "places", "min", "max", "published"]
        var rows: [[CSVWriter.Cell]] = []
        for y in years {
            for e in y.educations {
                for l in levels(e) {
                    for g in l.groups {
                        for r in g.rows {
                            var row: [CSVWriter.Cell] = multi ? [.text(y.year)] : []
                            row += [.text(danish ? e.name : e.id), .text(danish ? PlanLabels(english: false).level(l) : l.name), .text(danish ? g.parentName : g.parentCode), .text(r.code), .text(r.name),
                                    .number(danish ? (r.key * Rational(100)).decimalString(places: 4) : r.key.decimalString(places: 12)),
                                    .number(r.ideal.decimalString(places: danish ? 3 : 6)),
                                    .number(String(r.seats)), .number(r.min > 0 ? String(r.min) : ""),
                                    .number(r.max.map(String.init) ?? ""),
                                    .number(r.published.map { $0.decimalString(places: Rational($0.floor) == $0 ? 0 : 6) } ?? "")]
                            rows.append(row)
                        }
                    }
                }
            }
        }
        if rows.isEmpty { return "" }
        var out = CSVWriter(danish: danish).render(header: header, rows: rows)
        if danish && !bom, out.hasPrefix("\u{FEFF}") { out.removeFirst() }
        return out
    }
}
