import Foundation

/// Optional bilag columns a secretariat uses (`--columns`): the share of the total, last year's
/// places (from `--previous SCENARIO`) and the change from last year.
public struct BilagColumns: Sendable, Equatable {
    public var share = false
    public var previous = false
    public var change = false
    public init(share: Bool = false, previous: Bool = false, change: Bool = false) {
        self.share = share
        self.previous = previous
        self.change = change
    }
    /// Inhabitants and places per 1.000 inhabitants (the HTML page's columns and bars).
    public var perThousand = false
    public var isEmpty: Bool { !share && !previous && !change }
    public static let names = ["andel", "sidste-aar", "aendring"]

    /// "andel,sidste-aar,aendring" (or share, previous, change).
    public init(parsing text: String) throws {
        for raw in text.split(separator: ",") {
            switch raw.trimmingBlanks().lowercased() {
            case "andel", "share": share = true
            case "sidste-aar", "sidste-år", "previous", "last-year": previous = true
            case "aendring", "ændring", "change": change = true
            case let other:
                throw DimensioneringError.usage("--columns: unknown column '\(other)'; one of: andel (share), sidste-aar (previous), aendring (change)")
            }
        }
    }
}

extension PlanResult {
    /// The kind of places an education counts (`counts` in the scenario).
    public func placeKind(of educationID: String) -> PlaceKind {
        for y in years {
            if let e = y.educations.first(where: { $0.id == educationID }), e.role != .dimensioned { return .intake }
        }
        return scenario.educations.first { $0.id == educationID }?.counts ?? .places
    }

    /// True when the education's places are another education's places broken down otherwise.
    func isBreakdown(_ educationID: String) -> Bool {
        scenario.educations.first { $0.id == educationID }?.samePlacesAs != nil
    }

    /// The changes against the scenario files, as the document lists them.
    func reportChanges(_ lang: Language) -> [ReportChange] {
        scenario.overrides.map { ReportChange(path: $0.path, from: Self.valueText($0.from, lang), to: Self.valueText($0.to, lang)) }
    }

    /// A changed value as the reports show it: a whole number in the language's format (6.000),
    /// other values as given; "–" when the scenario did not set it.
    static func valueText(_ v: String?, _ lang: Language) -> String {
        guard let v else { return "–" }
        if let n = Int(v) { return ReportNumbers(lang).int(n) }
        return v
    }

    /// A text the scenario wrote before a change: it states a value the change replaced. The
    /// number is looked for as written in Danish and English (6.000, 6,000, 6000).
    func staleBy(_ text: String) -> [ScenarioOverride] {
        scenario.overrides.filter { o in
            guard let from = o.from, from != o.to else { return false }
            if let n = Int(from) {
                let forms = [String(n), PlanFormat.int(n, .da), PlanFormat.int(n, .en)]
                return forms.contains { f in Self.containsNumber(text, f) }
            }
            return from.count > 2 && text.contains(from)
        }
    }

    /// `needle` in `text` as a whole number (not part of a longer one).
    static func containsNumber(_ text: String, _ needle: String) -> Bool {
        var search = text[...]
        while let r = search.range(of: needle) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            func digitish(_ c: Character?) -> Bool { c.map { $0.isNumber } ?? false }
            if !digitish(before) && !digitish(after) { return true }
            search = text[r.upperBound...]
        }
        return false
    }

    func staleMark(_ changes: [ScenarioOverride], _ lang: Language) -> String {
        let what = changes.map { "\($0.path) \(Self.valueText($0.from, lang)) → \(Self.valueText($0.to, lang))" }.joined(separator: "; ")
        return lang.english ? "written before the change \(what)" : "skrevet før ændringen \(what)"
    }

    /// The plan as one document: what every text format shows.
    public func document(_ lang: Language, layout: PlanLayout = .bilag, columns: BilagColumns = BilagColumns(), previous: PlanResult? = nil) -> ReportDocument {
        let en = lang.english
        func t(_ da: String, _ x: String) -> String { en ? x : da }
        let stale = staleBy(scenario.title)
        var facts = [ReportFact(label: t("Scenarie", "Scenario"), value: scenario.name),
                     ReportFact(label: t("Metode", "Method"), value: en ? "\(scenario.method.rawValue); ties: \(scenario.ties.description)"
                                                                        : "\(scenario.method.danishName); uafgjort: \(scenario.ties.danishDescription)")]
        if let a = ageData { facts.append(ReportFact(label: t("Aldersdata", "Age data"), value: a.sourceText(lang))) }
        if let s = selectionText(lang) {
            let parts = s.split(separator: ":", maxSplits: 1)
            facts.append(ReportFact(label: String(parts[0]), value: parts.count > 1 ? parts[1].trimmingBlanks() : ""))
        }
        if let k = splitAssumption(lang) { facts.append(ReportFact(label: t("Fordeling i KKR", "Split within a KKR"), value: k)) }
        var notes: [String] = []
        for n in allNotes(lang) + tieNotes(lang) {
            let s = staleBy(n)
            notes.append(s.isEmpty ? n : n + " (" + staleMark(s, lang) + ")")
        }
        var doc = ReportDocument(title: scenario.title, titleMark: stale.isEmpty ? nil : staleMark(stale, lang),
                                 answer: answerLines(lang), facts: facts, changes: reportChanges(lang), blocks: [],
                                 notes: notes, sources: sourceLines(lang), lang: lang)
        if let p = phaseInReportTable(lang) {
            doc.blocks.append(.heading(level: 2, text: t("Indfasning", "Phase-in")))
            doc.blocks.append(.table(p))
        }
        switch layout {
        case .bilag:
            let tables = bilag()
            let prevTables = previous?.bilag() ?? []
            for y in years {
                if !y.year.isEmpty { doc.blocks.append(.heading(level: 1, text: t("Studieår ", "Study year ") + y.year)) }
                if let bt = tables.first(where: { $0.year == y.year }) {
                    doc.blocks.append(.heading(level: 2, text: t("Pladser pr. kommune", "Places per municipality")))
                    doc.blocks.append(.table(bilagReportTable(bt, lang, columns: columns, previous: prevTables.first { $0.year == y.year } ?? prevTables.last)))
                }
                for (title, table) in otherLevelTables(y, lang, levels: { self.otherLevels($0) }) {
                    doc.blocks.append(.heading(level: 3, text: title))
                    doc.blocks.append(.table(table))
                }
            }
        case .long:
            for y in years {
                if !y.year.isEmpty { doc.blocks.append(.heading(level: 1, text: t("Studieår ", "Study year ") + y.year)) }
                for e in y.educations {
                    doc.blocks.append(.heading(level: 2, text: educationHeading(e, y, lang)))
                    for (title, table) in otherLevelTables(y, lang, levels: { $0.id == e.id ? $0.levels : [] }, withEducation: false) {
                        doc.blocks.append(.heading(level: 3, text: title))
                        doc.blocks.append(.table(table))
                    }
                }
            }
        }
        return doc
    }

    /// Every tie of the plan, reported, never hidden: where, who was tied, the rule and who won.
    func tieNotes(_ lang: Language) -> [String] {
        let L = PlanLabels(english: lang.english)
        var out: [String] = []
        for y in years {
            for e in y.educations {
                for l in e.levels {
                    for g in l.groups where !g.ties.isEmpty {
                        let names = Dictionary(g.rows.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
                        let at = (y.year.isEmpty ? "" : y.year + ", ") + "\(e.name), \(L.level(l).lowercased()) — \(g.parentName): "
                        for t in g.ties { out.append(at + PlanLabels.tie(t, english: lang.english, names: names)) }
                    }
                }
            }
        }
        return out
    }

    /// How a KKR's places reach its municipalities, said wherever the split is shown: the
    /// scenario's key, not a published distribution (unless a level compares with one).
    func splitAssumption(_ lang: Language) -> String? {
        for y in years {
            for e in y.educations where e.role == .dimensioned {
                guard let l = e.levels.last(where: { $0.units == .municipality && $0.role == .plain }),
                      let r = l.groups.first?.rows.first else { continue }
                if l.groups.contains(where: { $0.rows.contains { $0.published != nil } }) { return nil }
                let labels = Self.unique(r.parts.map(\.label))
                let key = labels.isEmpty ? (lang.english ? "the scenario's key" : "scenariets nøgle") : labels.joined(separator: " + ")
                return lang.english
                    ? "the split among a KKR's municipalities follows the scenario's key (\(key)); it is an assumption, not a published distribution"
                    : "fordelingen mellem kommunerne i en KKR følger scenariets nøgle (\(key)); den er en antagelse, ikke en offentliggjort fordeling"
            }
        }
        return nil
    }

    static func unique(_ xs: [String]) -> [String] {
        var out: [String] = []
        for x in xs where !out.contains(x) { out.append(x) }
        return out
    }

    func educationHeading(_ e: PlanEducationResult, _ y: PlanYearResult, _ lang: Language) -> String {
        let english = lang.english
        let L = PlanLabels(english: english)
        var intake = ""
        if case .intake(let of, let rule) = e.role {
            let base = y.educations.first { $0.id == of }.map { ReportNumbers(lang).int($0.total) } ?? of
            switch rule {
            case .overbooking(let p): intake = english ? " — intake: \(base) places + \(PlanFormat.number(p, 2, .en))% overbooking"
                                                       : " — optag: \(base) pladser + \(PlanFormat.number(p, 2, .da)) % overbooking"
            case .dropout(let p): intake = english ? " — intake: \(base) places / (1 − \(PlanFormat.number(p, 2, .en))% dropout)"
                                                   : " — optag: \(base) pladser / (1 − \(PlanFormat.number(p, 2, .da)) % frafald)"
            }
        }
        return "\(e.name): \(L.places(e.total))" + (e.region.map { " (KKR \($0))" } ?? "") + intake
    }

    /// The places of one kind in words: "lærepladser", "studerende", "praktikpladser", "pladser".
    static func kindWord(_ k: PlaceKind, _ n: Int, _ lang: Language) -> String {
        let one = n == 1
        switch (k, lang.english) {
        case (.apprenticeships, false): return one ? "læreplads" : "lærepladser"
        case (.apprenticeships, true): return one ? "apprenticeship" : "apprenticeships"
        case (.students, false): return one ? "studerende" : "studerende"
        case (.students, true): return one ? "student" : "students"
        case (.praktik, false): return one ? "praktikplads" : "praktikpladser"
        case (.praktik, true): return one ? "placement" : "placements"
        case (.places, false), (.intake, false): return one ? "plads" : "pladser"
        case (.places, true), (.intake, true): return one ? "place" : "places"
        }
    }

    /// The answer: per study year, who gets how many places of each kind; a sum only within a kind.
    func answerLines(_ lang: Language) -> [String] {
        let en = lang.english
        let N = ReportNumbers(lang)
        let partial = !(selection?.municipalities.isEmpty ?? true)
        let tables = bilag()
        let kkrShown = MunicipalityRegistry.kkrNames.filter { k in
            tables.contains { $0.lines.contains { if case .kkrTotal(k) = $0.kind { return true }; return false } }
        }
        let regional = years.allSatisfy { $0.educations.allSatisfy { $0.region != nil } }
        let who: String
        if partial {
            let names = (selection?.municipalities ?? []).compactMap { registry.byCode[$0]?.name }
            who = names.count == 1 ? names[0] : (en ? "The municipalities shown" : "De valgte kommuner")
        } else if kkrShown.count == 1 && (selection != nil || regional) { who = "KKR \(kkrShown[0])" }
        else if selection != nil { who = kkrShown.map { "KKR \($0)" }.joined(separator: " + ") }
        else { who = en ? "The whole country" : "Hele landet" }
        var lines: [String] = []
        for y in years {
            var parts: [(kind: PlaceKind, name: String, n: Int)] = []
            var inBilag: Set<String> = []
            if let bt = tables.first(where: { $0.year == y.year }), let total = bt.totalLine ?? shownLines(bt).last {
                for (c, col) in bt.columns.enumerated() where col.intakeOf == nil {
                    inBilag.insert(col.id)
                    if let v = total.values[c] { parts.append((placeKind(of: col.id), col.name, v)) }
                }
            }
            // Educations that do not reach the municipalities (sites, seasons): their totals, when
            // the whole plan is shown (a selection's figures are those of the bilag).
            if selection == nil || inBilag.isEmpty {
                // An education that breaks another's places down otherwise says nothing new here.
                for e in y.educations where e.role == .dimensioned && !inBilag.contains(e.id) && !isBreakdown(e.id) {
                    parts.append((placeKind(of: e.id), e.name, e.total))
                }
            }
            let order = y.educations.map(\.name)
            parts.sort { (order.firstIndex(of: $0.name) ?? 0) < (order.firstIndex(of: $1.name) ?? 0) }
            guard !parts.isEmpty else { continue }
            var groups: [String] = []
            for k in PlaceKind.allCases {
                let ps = parts.filter { $0.kind == k }
                guard !ps.isEmpty else { continue }
                let additive = ps.filter { p in !isBreakdown(bilagID(p.name, y)) }
                if ps.count == 1 || additive.count < 2 {
                    groups += ps.map { "\(N.int($0.n)) \(Self.kindWord(k, $0.n, lang)) (\($0.name))" }
                } else {
                    let sum = additive.reduce(0) { $0 + $1.n }
                    groups.append(ps.map { "\(N.int($0.n)) \(Explanation.plural($0.name, $0.n, lang))" }.joined(separator: " + ")
                                  + " = \(N.int(sum)) \(Self.kindWord(k, sum, lang))")
                }
            }
            lines.append((y.year.isEmpty ? "" : y.year + ": ") + who + ": " + groups.joined(separator: "; ") + ".")
        }
        return lines
    }

    func bilagID(_ name: String, _ y: PlanYearResult) -> String { y.educations.first { $0.name == name }?.id ?? name }

    /// The phase-in as a table: per study year and education, the step, the extra places so far
    /// and the total.
    func phaseInReportTable(_ lang: Language) -> ReportTable? {
        let en = lang.english
        var rows: [ReportTable.Row] = []
        for y in years {
            for e in y.educations {
                guard let p = e.phaseIn else { continue }
                rows.append(.init(kind: .unit, cells: [.text(y.year), .text(e.name), .signed(p.step), .signed(p.cumulative), .int(e.total)]))
            }
        }
        guard !rows.isEmpty else { return nil }
        return ReportTable(id: "indfasning", group: "indfasning", year: "", title: nil, columns: [
            .init(header: en ? "Study year" : "Studieår", key: "year", kind: .text),
            .init(header: en ? "Education" : "Uddannelse", key: "education", kind: .text),
            .init(header: en ? "Step" : "Trin", key: "step", kind: .change),
            .init(header: en ? "Extra so far" : "Ekstra i alt", key: "cumulative_extra", kind: .change),
            .init(header: en ? "Places" : "Pladser", key: "places", kind: .decimal(decimals: 0)),
        ], rows: rows)
    }

    /// The kind every additive column of a bilag counts, when they all count the same; nil when
    /// they count different things (then no row total is shown).
    func totalKind(_ t: BilagTable) -> PlaceKind? {
        let kinds = Set(t.columns.filter { $0.intakeOf == nil && !isBreakdown($0.id) }.map { placeKind(of: $0.id) })
        return kinds.count == 1 ? kinds.first : nil
    }

    /// True when a bilag shows an "I alt" column: several columns that count one kind of places.
    public func bilagHasTotal(_ t: BilagTable) -> Bool {
        totalKind(t) != nil && t.columns.filter({ $0.intakeOf == nil }).count > 1
    }

    func bilagReportTable(_ t: BilagTable, _ lang: Language, columns extra: BilagColumns, previous: BilagTable?) -> ReportTable {
        let en = lang.english
        let names = bilagColumnNames(t, lang)
        var cols: [ReportTable.Column] = [
            .init(header: en ? "Code" : "Kommunekode", key: "code", kind: .code),
            .init(header: en ? "Municipality" : "Kommune", key: "name", kind: .label),
            .init(header: "KKR", key: "kkr", kind: .text),
        ]
        for (i, c) in t.columns.enumerated() {
            cols.append(.init(header: names[i], key: c.id, kind: .places(education: c.id, kind: placeKind(of: c.id))))
        }
        let kind = totalKind(t)
        let showTotal = bilagHasTotal(t)
        if let kind, showTotal {
            cols.append(.init(header: en ? "Total" : "I alt", key: "total", kind: .total(kind)))
        }
        // The optional columns take the row's one figure: the total, or the single column's places.
        let figureColumn = t.columns.firstIndex { $0.intakeOf == nil }
        func figure(_ l: BilagTable.Line) -> Int? {
            if kind != nil { return l.total }
            return figureColumn.flatMap { l.values[$0] }
        }
        let shown = shownLines(t)
        let grand = shown.last.flatMap(figure) ?? 0
        if extra.share { cols.append(.init(header: en ? "Share, %" : "Andel, %", key: "share_percent", kind: .percent(decimals: 2))) }
        if extra.previous { cols.append(.init(header: en ? "Last year" : "Sidste år", key: "previous", kind: .decimal(decimals: 0))) }
        if extra.change { cols.append(.init(header: en ? "Change" : "Ændring", key: "change", kind: .change)) }
        // Inhabitants and places per 1.000: of one kind of places only.
        let rates = extra.perThousand && kind != nil
        if rates {
            cols.append(.init(header: en ? "Inhabitants 1.1.2022" : "Indbyggere 1.1.2022", key: "population", kind: .count))
            cols.append(.init(header: en ? "Places per 1,000 inh." : "Pladser pr. 1.000 indb.", key: "places_per_1000", kind: .decimal(decimals: 2)))
        }
        // A subtotal's inhabitants are those of the municipalities it sums (all of its KKR's, or
        // the ones selected); the total's, those of the subtotals.
        var kkrPopulation: [String: Int] = [:]
        if rates {
            let partial = !(selection?.municipalities.isEmpty ?? true)
            for l in shown {
                if case .municipality(let code, _, let k) = l.kind, partial { kkrPopulation[k, default: 0] += registry.byCode[code]?.population ?? 0 }
                if case .kkrTotal(let k) = l.kind, !partial { kkrPopulation[k] = registry.all.filter { $0.kkr == k }.reduce(0) { $0 + $1.population } }
            }
        }
        func population(_ l: BilagTable.Line) -> Int? {
            switch l.kind {
            case .municipality(let code, _, _): return registry.byCode[code]?.population
            case .region: return nil
            case .kkrTotal(let k): return kkrPopulation[k]
            case .total: return kkrPopulation.values.reduce(0, +)
            }
        }
        var prevByLabel: [String: Int] = [:]
        if let previous {
            for l in shownLines(previous) {
                let lab = lineLabel(l, previous, lang)
                prevByLabel[lab.code + "|" + lab.name] = figure(l)
            }
        }
        var rows: [ReportTable.Row] = []
        for l in shown {
            let lab = lineLabel(l, t, lang)
            let rk: ReportTable.Row.Kind
            switch l.kind {
            case .municipality: rk = .item
            case .region: rk = .region
            case .kkrTotal: rk = .subtotal
            case .total: rk = .total
            }
            var cells: [ReportCell] = [.text(lab.code), .text(lab.name), .text(lab.kkr)]
            cells += l.values.map { $0.map { .int($0) } ?? .none }
            if showTotal { cells.append(.int(l.total)) }
            let f = figure(l)
            if extra.share {
                cells.append(f.map { grand > 0 ? .decimal(Rational($0 * 100) / Rational(grand), decimals: 2) : .none } ?? .none)
            }
            let prev = prevByLabel[lab.code + "|" + lab.name]
            if extra.previous { cells.append(prev.map { .int($0) } ?? .none) }
            if extra.change { cells.append(prev.flatMap { p in f.map { .signed($0 - p) } } ?? .none) }
            if rates {
                let pop = population(l)
                cells.append(pop.map { .int($0) } ?? .empty)
                cells.append(pop.flatMap { p in p > 0 ? .decimal(Rational(l.total * 1000) / Rational(p), decimals: 2) : nil } ?? .empty)
            }
            rows.append(.init(kind: rk, cells: cells))
        }
        var notes: [String] = []
        if extra.previous || extra.change, let p = previous?.year, !p.isEmpty {
            notes.append(en ? "Last year: study year \(p) of the previous plan." : "Sidste år: studieår \(p) i den forrige plan.")
        }
        return ReportTable(id: "bilag" + (t.year.isEmpty ? "" : "-" + t.year), group: "bilag", year: t.year,
                           title: nil, columns: cols, rows: rows, footnotes: notes)
    }

    /// One table per group of the given levels: name, share, quota before rounding, places,
    /// floors and caps, published figures; the total row adds the places of this one level.
    func otherLevelTables(_ y: PlanYearResult, _ lang: Language, levels: (PlanEducationResult) -> [PlanLevelResult],
                          withEducation: Bool = true) -> [(String, ReportTable)] {
        let L = PlanLabels(english: lang.english)
        var out: [(String, ReportTable)] = []
        for e in y.educations {
            for l in levels(e) {
                for g in l.groups {
                    let role = l.role == .margin ? (lang.english ? " (matrix margin)" : " (matrixmargin)")
                        : l.role == .cells ? (lang.english ? " (matrix cells)" : " (matrixceller)") : ""
                    let title: String
                    if withEducation {
                        let parent = g.parentPath.isEmpty && l.groups.count == 1 ? "" : " — \(g.parentName)"
                        title = "\(e.name) — \(L.level(l))\(role)\(parent): \(L.places(g.total))"
                    } else {
                        title = "\(L.level(l))\(role) — \(g.parentName): \(L.places(g.total))"
                    }
                    out.append((title, groupReportTable(g, e: e, level: l, year: y.year, lang)))
                }
            }
        }
        return out
    }

    func groupReportTable(_ g: PlanGroup, e: PlanEducationResult, level l: PlanLevelResult, year: String, _ lang: Language) -> ReportTable {
        let L = PlanLabels(english: lang.english)
        let kind = placeKind(of: e.id)
        let bounded = g.rows.contains { $0.min > 0 || $0.max != nil }
        let published = g.rows.contains { $0.published != nil }
        // A code column only where codes mean something to a reader (municipality codes); a KKR's
        // code is its name, and sites and seasons have internal ids ("sommer", "holbaek").
        let withCode = l.units == .municipality
        var cols: [ReportTable.Column] = (withCode ? [.init(header: L.code, key: "code", kind: .code)] : []) + [
            .init(header: L.name, key: "name", kind: .label),
            .init(header: L.key, key: "key_percent", kind: .percent(decimals: 2)),
            .init(header: L.ideal, key: "ideal_quota", kind: .decimal(decimals: 2)),
            .init(header: L.places, key: "places", kind: .places(education: e.id, kind: kind)),
        ]
        if bounded { cols += [.init(header: L.min, key: "min", kind: .text), .init(header: L.max, key: "max", kind: .text)] }
        if published { cols += [.init(header: L.published, key: "published", kind: .decimal(decimals: 2)), .init(header: L.diff, key: "difference", kind: .decimal(decimals: 2))] }
        let N = ReportNumbers(lang)
        var rows: [ReportTable.Row] = []
        for r in g.rows {
            var cells: [ReportCell] = (withCode ? [.text(r.code)] : []) + [.text(r.name), .decimal(r.key * Rational(100), decimals: 2), .decimal(r.ideal, decimals: 2), .int(r.seats)]
            if bounded {
                cells += [r.min > 0 ? .text(N.int(r.min) + (r.bound == .atMinimum ? "*" : "")) : .empty,
                          r.max.map { .text(N.int($0) + (r.bound == .atMaximum ? "*" : "")) } ?? .empty]
            }
            if published {
                cells += [r.published.map { .decimal($0, decimals: Rational($0.floor) == $0 ? 0 : 2) } ?? .empty,
                          r.published.map { .decimal(Rational(r.seats) - $0, decimals: Rational($0.floor) == $0 ? 0 : 2) } ?? .empty]
            }
            rows.append(.init(kind: .unit, cells: cells))
        }
        let seats = g.rows.reduce(0) { $0 + $1.seats }
        var total: [ReportCell] = (withCode ? [.empty] : []) + [.text(L.total), .decimal(Rational.sum(g.rows.lazy.map(\.key)) * Rational(100), decimals: 2),
                                   .decimal(Rational.sum(g.rows.lazy.map(\.ideal)), decimals: 2), .int(seats)]
        if bounded { total += [.empty, .empty] }
        if published {
            let p = Rational.sum(g.rows.lazy.compactMap(\.published))
            let whole = Rational(p.floor) == p
            total += [.decimal(p, decimals: whole ? 0 : 2), .decimal(Rational(seats) - p, decimals: whole ? 0 : 2)]
        }
        rows.append(.init(kind: .total, cells: total))
        var foot: [String] = []
        if bounded && g.rows.contains(where: { $0.bound != .free }) {
            foot.append(lang.english ? "* the floor or cap binds." : "* gulvet eller loftet binder.")
        }
        // Ties are the document's notes (every level's, also those the bilag shows): `tieNotes`.
        return ReportTable(id: "\(e.id)-\(l.name)-\(g.parentCode)", group: "levels", year: year, title: nil, columns: cols, rows: rows, footnotes: foot)
    }
}
