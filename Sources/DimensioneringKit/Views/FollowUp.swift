import BigInt
import Foundation

/// Follow-up (opfølgning): the dimensioned places of a plan against the places realised, per
/// municipality, KKR and the whole country. Shortfall (Mangler) = dimensioned − realised (negative:
/// more than dimensioned); share fulfilled (Opfyldelse) = realised / dimensioned.
///
/// Realised given per municipality adds up to its KKR when every municipality of the KKR is
/// given; KKR lines add up to the country when all five are there. A figure given at a level and
/// also summed from below must agree. Dimensioned places are the municipal part: a region's part
/// (`region_share`) is stated in a note and not compared.
public struct FollowUp: Sendable {
    public enum Level: String, Sendable { case nation, kkr, municipality }

    public struct Line: Sendable, Equatable {
        public var level: Level
        public var code: String
        public var name: String
        public var kkr: String?
        public var dimensioned: Int
        public var realised: Int
        /// Rests on a row marked illustrative.
        public var illustrative: Bool
        /// The realised figure is the sum of the lines below (not given in the file).
        public var summed: Bool
        public var shortfall: Int { dimensioned - realised }
        public var fulfilled: Rational? { dimensioned == 0 ? nil : Rational(realised) / Rational(dimensioned) }
    }

    public struct Section: Sendable {
        public var education: String
        public var name: String
        /// The realised year (as in the file) and the plan year compared with ("" for a one-year plan).
        public var year: String
        public var planYear: String
        public var lines: [Line]
        /// A region's places taken before the municipalities' split, not compared.
        public var regional: [RegionalPart]
        public func lines(_ level: Level) -> [Line] { lines.filter { $0.level == level } }
    }

    public var scenario: String
    public var title: String
    public var realisedFile: String
    public var sections: [Section]
    public var agreedMinimum: AgreedMinimum?
    public var sources: [DataSource]
    public var selection: PlanSelection?
    var registry: MunicipalityRegistry
    /// Years in the realised file that are not the plan's: not compared, and said so.
    public var ignoredYears: [String] = []
    /// The scenario's own notes (e.g. that 3.000 + 6.000 is an assumption), carried along.
    public var scenarioNotes: [String] = []

    public struct AgreedMinimum: Sendable {
        public var places: Int
        public var source: String
    }

    public var anyIllustrative: Bool { sections.contains { $0.lines.contains { $0.illustrative } } }

    /// Worst first: largest shortfall, then lowest share fulfilled, then code.
    static func worstFirst(_ a: Line, _ b: Line) -> Bool {
        if a.shortfall != b.shortfall { return a.shortfall > b.shortfall }
        return a.code < b.code
    }

    /// All educations of one year together, nationally, when more than one was compared.
    public func combined() -> [(year: String, dimensioned: Int, realised: Int, illustrative: Bool, educations: Int)] {
        var out: [(year: String, dimensioned: Int, realised: Int, illustrative: Bool, educations: Int)] = []
        var years: [String] = []
        for s in sections where !years.contains(s.year) { years.append(s.year) }
        for y in years {
            let ns = sections.filter { $0.year == y }.compactMap { $0.lines(.nation).first }
            guard ns.count > 1 else { continue }
            out.append((y, ns.reduce(0) { $0 + $1.dimensioned }, ns.reduce(0) { $0 + $1.realised }, ns.contains { $0.illustrative }, ns.count))
        }
        return out
    }

    // MARK: - Building

    /// True when a realised year is the plan's year: the same text, or one the start of the
    /// other's study year ("2023" and "2023/24").
    static func sameYear(_ a: String, _ b: String) -> Bool {
        a == b || a.hasPrefix(b + "/") || b.hasPrefix(a + "/")
    }

    public static func build(plan: PlanResult, realised: RealisedTable) throws -> FollowUp {
        // Only the plan's year(s) are compared: a one-year plan's `year`, or the years of a
        // phase-in. Rows of other years are named as ignored; a file with none of the plan's
        // years is refused, naming the years it has.
        let oneYear = plan.years.count == 1 && plan.years[0].year.isEmpty
        let planYears = oneYear ? (plan.scenario.planYear.map { [$0] } ?? []) : plan.years.map(\.year)
        var fileYears: [String] = []
        for r in realised.rows where !fileYears.contains(r.year) { fileYears.append(r.year) }
        var ignored: [String] = []
        var kept = realised.rows
        if !planYears.isEmpty {
            kept = realised.rows.filter { r in planYears.contains { sameYear(r.year, $0) } }
            ignored = fileYears.filter { y in !planYears.contains { sameYear(y, $0) } }
            if kept.isEmpty {
                throw DimensioneringError.badData(SourceLocation(file: realised.file, line: realised.rows.first?.yearLocation.line ?? 1, field: "year"),
                    "no row for the plan's year (\(planYears.joined(separator: ", "))) of scenario '\(plan.scenario.name)'; the file has: \(fileYears.joined(separator: ", "))")
            }
        } else if oneYear, fileYears.count > 1 {
            throw DimensioneringError.badData(SourceLocation(file: realised.file, line: realised.rows.first?.yearLocation.line ?? 1, field: "year"),
                "scenario '\(plan.scenario.name)' states no year (year = \"2023\"), and the file has several: \(fileYears.joined(separator: ", ")); give the scenario its year or the file one year")
        }
        var groups: [(education: String, year: String, rows: [RealisedTable.Row])] = []
        for r in kept {
            if let i = groups.firstIndex(where: { $0.education == r.education && $0.year == r.year }) {
                groups[i].rows.append(r)
            } else {
                groups.append((r.education, r.year, [r]))
            }
        }
        let ids = plan.scenario.educations.map(\.id)
        var sections: [Section] = []
        for g in groups {
            let first = g.rows[0]
            guard ids.contains(g.education) else {
                let hint = EditDistance.suggestion(for: g.education, among: ids).map { "did you mean '\($0)'? " } ?? ""
                throw DimensioneringError.badData(first.educationLocation,
                    "education '\(g.education)' is not in scenario '\(plan.scenario.name)'; \(hint)educations: \(ids.joined(separator: ", "))")
            }
            let py: PlanYearResult
            if plan.years.count == 1, plan.years[0].year.isEmpty {
                py = plan.years[0]
            } else if let y = plan.years.first(where: { $0.year == g.year || $0.year.hasPrefix(g.year + "/") }) {
                py = y
            } else {
                throw DimensioneringError.badData(first.yearLocation,
                    "no year '\(g.year)' in scenario '\(plan.scenario.name)' (years: \(plan.years.map(\.year).joined(separator: ", ")))")
            }
            guard let e = py.educations.first(where: { $0.id == g.education && $0.role == .dimensioned }) else {
                throw DimensioneringError.badData(first.educationLocation, "education '\(g.education)' has no plan for \(g.year)")
            }
            sections.append(try section(e, planYear: py.year, year: g.year, rows: g.rows, registry: plan.registry))
        }
        var f = FollowUp(scenario: plan.scenario.name, title: plan.scenario.title, realisedFile: realised.file, sections: sections,
                         agreedMinimum: plan.scenario.agreedMinimum.map { AgreedMinimum(places: $0.places, source: $0.source) },
                         sources: plan.sources, selection: plan.selection, registry: plan.registry)
        f.ignoredYears = ignored
        f.scenarioNotes = plan.scenario.notes
        return f
    }

    static func section(_ e: PlanEducationResult, planYear: String, year: String, rows: [RealisedTable.Row],
                        registry: MunicipalityRegistry) throws -> Section {
        // Dimensioned places per unit, from the plan.
        var municipalities: [String: Int] = [:]
        var kkrSeats: [String: Int] = [:]
        var regional: [RegionalPart] = []
        for l in e.levels where l.role != .cells {
            for g in l.groups {
                if let r = g.regional { regional.append(r) }
                for r in g.rows {
                    switch l.units {
                    case .municipality: municipalities[r.code] = (municipalities[r.code] ?? 0) + r.seats
                    case .kkr: kkrSeats[r.code] = r.seats
                    case .custom: break
                    }
                }
            }
        }
        let hasMunicipalities = !municipalities.isEmpty
        var kkrDim: [String: Int] = [:]
        for k in MunicipalityRegistry.kkrNames {
            if hasMunicipalities {
                let ms = registry.all.filter { $0.kkr == k && municipalities[$0.code] != nil }
                if !ms.isEmpty { kkrDim[k] = ms.reduce(0) { $0 + municipalities[$1.code]! } }
            } else if let s = kkrSeats[k] {
                kkrDim[k] = s
            } else if e.region == k {
                kkrDim[k] = e.total - regional.reduce(0) { $0 + $1.seats }
            }
        }
        let scope = e.region.map { "KKR \($0)" } ?? "Hele landet"
        // Realised per unit, each checked against the plan.
        var given: [RealisedTable.Unit: RealisedTable.Row] = [:]
        for r in rows {
            switch r.unit {
            case .municipality(let c):
                guard municipalities[c] != nil else {
                    let m = registry.byCode[c].map { "\($0.code) \($0.name)" } ?? c
                    if !hasMunicipalities {
                        let instead = e.region.map { "for KKR \($0)" } ?? "per KKR or for 'Hele landet'"
                        throw DimensioneringError.badData(r.location, "the plan of '\(e.id)' has no municipality level; give the realised places \(instead) (found \(m))")
                    }
                    throw DimensioneringError.badData(r.location, "municipality \(m) is not in the plan of '\(e.id)' (\(scope))")
                }
            case .kkr(let k):
                guard kkrDim[k] != nil else {
                    throw DimensioneringError.badData(r.location, "KKR \(k) is not in the plan of '\(e.id)' (\(scope))")
                }
            case .nation:
                guard e.region == nil else {
                    throw DimensioneringError.badData(r.location, "'\(e.id)' is planned for \(scope) only; give the realised places for KKR \(e.region!) or its municipalities")
                }
            }
            given[r.unit] = r
        }
        var lines: [Line] = []
        for r in rows {
            guard case .municipality(let c) = r.unit, let m = registry.byCode[c] else { continue }
            lines.append(Line(level: .municipality, code: c, name: m.name, kkr: m.kkr, dimensioned: municipalities[c]!, realised: r.realised!,
                              illustrative: r.illustrative, summed: false))
        }
        var kkrLines: [Line] = []
        for k in MunicipalityRegistry.kkrNames {
            guard let dim = kkrDim[k] else { continue }
            let ms = lines.filter { $0.kkr == k }
            let planned = registry.all.filter { $0.kkr == k && municipalities[$0.code] != nil }.count
            let sum: (Int, Bool)? = hasMunicipalities && planned > 0 && ms.count == planned
                ? (ms.reduce(0) { $0 + $1.realised }, ms.contains { $0.illustrative }) : nil
            if let row = given[.kkr(k)] {
                if let sum, sum.0 != row.realised! {
                    throw DimensioneringError.badData(row.realisedLocation,
                        "KKR \(k): realised \(row.realised!) but its municipalities in the same file sum to \(sum.0)")
                }
                kkrLines.append(Line(level: .kkr, code: k, name: "KKR \(k)", kkr: k, dimensioned: dim, realised: row.realised!,
                                     illustrative: row.illustrative || (sum?.1 ?? false), summed: false))
            } else if let sum {
                kkrLines.append(Line(level: .kkr, code: k, name: "KKR \(k)", kkr: k, dimensioned: dim, realised: sum.0, illustrative: sum.1, summed: true))
            }
        }
        var nationLines: [Line] = []
        if e.region == nil {
            let allKKR = kkrDim.count == MunicipalityRegistry.kkrNames.count
            let dim = allKKR ? kkrDim.values.reduce(0, +) : e.total - regional.reduce(0) { $0 + $1.seats }
            let sum: (Int, Bool)? = allKKR && kkrLines.count == kkrDim.count
                ? (kkrLines.reduce(0) { $0 + $1.realised }, kkrLines.contains { $0.illustrative }) : nil
            if let row = given[.nation] {
                if let sum, sum.0 != row.realised! {
                    throw DimensioneringError.badData(row.realisedLocation,
                        "Hele landet: realised \(row.realised!) but the KKR in the same file sum to \(sum.0)")
                }
                nationLines.append(Line(level: .nation, code: "DK", name: "Hele landet", kkr: nil, dimensioned: dim, realised: row.realised!,
                                        illustrative: row.illustrative || (sum?.1 ?? false), summed: false))
            } else if let sum {
                nationLines.append(Line(level: .nation, code: "DK", name: "Hele landet", kkr: nil, dimensioned: dim, realised: sum.0,
                                        illustrative: sum.1, summed: true))
            }
        }
        let all = nationLines + kkrLines.sorted(by: worstFirst) + lines.sorted(by: worstFirst)
        return Section(education: e.id, name: e.name, year: year, planYear: planYear, lines: all, regional: regional)
    }

    /// Only the selected KKR and municipalities (the country line only without a selection).
    public func selecting(_ s: PlanSelection) -> FollowUp {
        guard !s.isEmpty else { return self }
        var out = self
        let shown = s.shownKKR(registry)
        out.sections = sections.map { sec in
            var sec = sec
            sec.lines = sec.lines.filter { l in
                switch l.level {
                case .nation: return false
                case .kkr: return shown.contains(l.code)
                case .municipality: return s.municipalities.contains(l.code) || (l.kkr.map { s.kkr.contains($0) } ?? false)
                }
            }
            return sec
        }
        out.selection = s
        return out
    }
}

// MARK: - Rendering

extension FollowUp {
    struct Words {
        let lang: Language
        var en: Bool { lang.english }
        func t(_ da: String, _ en: String) -> String { self.en ? en : da }
        var title: String { t("Opfølgning", "Follow-up") }
        var level: String { t("Niveau", "Level") }
        var code: String { t("Kode", "Code") }
        var name: String { t("Navn", "Name") }
        var dimensioned: String { t("Dimensioneret", "Dimensioned") }
        var realised: String { t("Realiseret", "Realised") }
        var shortfall: String { t("Mangler", "Shortfall") }
        var fulfilled: String { t("Opfyldelse", "Fulfilled") }
        var illustrative: String { t("Illustrativt tal (ikke offentliggjort)", "Illustrative figure (not published)") }
        func levelName(_ l: Level) -> String {
            switch l {
            case .nation: return t("Land", "Country")
            case .kkr: return "KKR"
            case .municipality: return t("Kommune", "Municipality")
            }
        }
        func total(_ l: Level) -> String {
            switch l {
            case .nation: return t("I alt", "Total")
            case .kkr: return t("KKR i alt", "KKR total")
            case .municipality: return t("Kommuner i alt", "Municipalities total")
            }
        }
    }

    func n(_ v: Int, _ lang: Language) -> String { PlanFormat.int(v, lang) }
    func pct(_ r: Rational?, _ lang: Language) -> String { r.map { PlanFormat.percent($0, 1, lang) } ?? "–" }

    func heading(_ s: Section, _ w: Words) -> String {
        var h = "\(s.name), \(s.year)"
        if !s.planYear.isEmpty && s.planYear != s.year { h += w.t(" mod planen for \(s.planYear)", " against the plan for \(s.planYear)") }
        return h
    }

    /// The answer for one line, in a sentence.
    func sentence(_ l: Line, _ w: Words) -> String {
        let lang = w.lang
        var s = w.t("\(l.name): realiseret \(n(l.realised, lang)) af \(n(l.dimensioned, lang)) dimensionerede pladser (\(pct(l.fulfilled, lang)))",
                    "\(l.name): realised \(n(l.realised, lang)) of \(n(l.dimensioned, lang)) dimensioned places (\(pct(l.fulfilled, lang)))")
        if l.shortfall > 0 {
            s += w.t("; mangler \(n(l.shortfall, lang))", "; short by \(n(l.shortfall, lang))")
        } else if l.shortfall < 0 {
            s += w.t("; \(n(-l.shortfall, lang)) flere end dimensioneret", "; \(n(-l.shortfall, lang)) more than dimensioned")
        } else {
            s += w.t("; præcis opfyldt", "; exactly fulfilled")
        }
        if l.illustrative { s += " — " + w.illustrative }
        return s + "."
    }

    /// The answer first: every section's top line (country, else the worst KKR, else the worst
    /// municipality), then all educations together and the agreed minimum.
    func summary(_ w: Words) -> [String] {
        var out: [String] = []
        for s in sections {
            guard let top = s.lines(.nation).first ?? s.lines(.kkr).first ?? s.lines(.municipality).first else { continue }
            out.append("\(s.name), \(s.year) — " + sentence(top, w))
        }
        guard selection == nil else { return out }
        for c in combined() {
            let l = Line(level: .nation, code: "DK", name: w.t("Alle \(c.educations) uddannelser", "All \(c.educations) educations"), kkr: nil,
                         dimensioned: c.dimensioned, realised: c.realised, illustrative: c.illustrative, summed: true)
            out.append("\(c.year) — " + sentence(l, w))
            if let a = agreedMinimum {
                let reached = c.realised >= a.places
                out.append(w.t("Aftalt minimum \(n(a.places, w.lang)) (\(a.source)): \(reached ? "nået" : "ikke nået") med \(n(c.realised, w.lang)) realiserede.",
                               "Agreed minimum \(n(a.places, w.lang)) (\(a.source)): \(reached ? "reached" : "not reached") with \(n(c.realised, w.lang)) realised."))
            }
        }
        return out
    }

    func notes(_ w: Words) -> [String] {
        var out = [w.t("Mangler = dimensioneret − realiseret; et negativt tal betyder flere end dimensioneret. Opfyldelse = realiseret / dimensioneret. Værste mangler først.",
                       "Shortfall = dimensioned − realised; a negative number means more than dimensioned. Fulfilled = realised / dimensioned. Worst shortfalls first.")]
        if sections.contains(where: { $0.lines.contains { $0.summed } }) {
            out.append(w.t("Σ: realiseret er summen af linjerne nedenunder (ikke givet i filen).", "Σ: realised is the sum of the lines below (not given in the file)."))
        }
        for s in sections {
            for r in s.regional {
                let mark = r.illustrative ? " (" + w.illustrative.lowercased() + ")" : ""
                out.append(w.t("\(s.name): \(r.name) har \(n(r.seats, w.lang)) pladser\(mark), som ikke indgår her; dimensioneret er kommunernes del.",
                               "\(s.name): \(r.name) have \(n(r.seats, w.lang)) places\(mark), not compared here; dimensioned is the municipalities' part."))
            }
        }
        if anyIllustrative {
            out.append("* " + w.illustrative + w.t(": realiserede tal opfundet til eksempler (\(realisedFile)).", ": realised figures invented for examples (\(realisedFile))."))
        }
        if !ignoredYears.isEmpty {
            out.append(w.t("Rækker for andre år end planens er ikke sammenlignet: \(ignoredYears.joined(separator: ", ")).",
                           "Rows for years other than the plan's are not compared: \(ignoredYears.joined(separator: ", "))."))
        }
        // The scenario's own notes and its illustrative inputs, as in the plan.
        out += scenarioNotes.map { w.t("Scenariet: ", "The scenario: ") + $0 }
        let ill = sources.filter(\.illustrative).map(\.label)
        if !ill.isEmpty {
            out.append(w.t("Planen bygger på illustrative tal (ikke offentliggjort): ", "The plan rests on illustrative figures (not published): ") + ill.joined(separator: "; ") + ".")
        }
        return out
    }

    func sourceLines(_ w: Words) -> [String] {
        var out: [String] = [w.t("Realiseret: \(realisedFile)", "Realised: \(realisedFile)")]
        for s in sources {
            var t = s.label
            if let c = s.citation { t += w.t(". Kilde: ", ". Source: ") + c }
            if let d = s.date { t += " (\(d))" }
            if s.illustrative { t += ". " + w.illustrative }
            out.append(t)
        }
        return out
    }

    func cells(_ l: Line, _ w: Words) -> [String] {
        let lang = w.lang
        return [w.levelName(l.level), l.code, l.name, n(l.dimensioned, lang),
                (l.summed ? "Σ " : "") + n(l.realised, lang) + (l.illustrative ? " *" : ""),
                n(l.shortfall, lang), pct(l.fulfilled, lang)]
    }

    func totalCells(_ s: Section, _ level: Level, _ w: Words) -> [String]? {
        let ls = s.lines(level)
        guard level != .nation, ls.count > 1 else { return nil }
        let d = ls.reduce(0) { $0 + $1.dimensioned }, r = ls.reduce(0) { $0 + $1.realised }
        let fulfilled: Rational? = d == 0 ? nil : Rational(r) / Rational(d)
        return ["", "", w.total(level), n(d, w.lang), n(r, w.lang) + (ls.contains { $0.illustrative } ? " *" : ""), n(d - r, w.lang), pct(fulfilled, w.lang)]
    }

    func header(_ w: Words) -> [String] { [w.level, w.code, w.name, w.dimensioned, w.realised, w.shortfall, w.fulfilled] }

    func sectionRows(_ s: Section, _ w: Words) -> [[String]] {
        var rows: [[String]] = []
        for level in [Level.nation, .kkr, .municipality] {
            rows += s.lines(level).map { cells($0, w) }
            if let t = totalCells(s, level, w) { rows.append(t) }
        }
        return rows
    }

    public func rendered(_ format: OutputFormat, lang: Language) -> String {
        let w = Words(lang: lang)
        switch format {
        case .table: return table(w)
        case .markdown: return markdown(w)
        case .csv: return csv(danish: false)
        case .csvDanish: return csv(danish: true)
        case .json: return json(lang: lang).rendered() + "\n"
        case .html: return html(w)
        case .xlsx: return table(w)  // not offered by follow-up yet (the command refuses it)
        }
    }

    func titleLine(_ w: Words) -> String {
        var t = "\(w.title): \(title) (\(scenario))"
        if let s = selection { t += " — " + w.t("udvalg: ", "selection: ") + (s.kkr + s.municipalities).joined(separator: ", ") }
        return t
    }

    func table(_ w: Words) -> String {
        var out = titleLine(w) + "\n\n"
        out += summary(w).joined(separator: "\n") + "\n"
        for s in sections {
            out += "\n" + heading(s, w) + "\n"
            let rows = sectionRows(s, w)
            out += rows.isEmpty ? w.t("(intet i udvalget)\n", "(nothing in the selection)\n")
                : TextTable(header: header(w), rows: rows, rightAligned: [3, 4, 5, 6]).render()
        }
        out += "\n" + notes(w).joined(separator: "\n") + "\n"
        out += "\n" + w.t("Kilder:", "Sources:") + "\n" + sourceLines(w).map { "- " + $0 }.joined(separator: "\n") + "\n"
        return out
    }

    func markdown(_ w: Words) -> String {
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        var out = "# " + titleLine(w) + "\n\n"
        out += summary(w).map { "- " + $0 }.joined(separator: "\n") + "\n"
        for s in sections {
            out += "\n## " + heading(s, w) + "\n\n"
            let rows = sectionRows(s, w)
            if rows.isEmpty { out += w.t("(intet i udvalget)\n", "(nothing in the selection)\n"); continue }
            out += "| " + header(w).joined(separator: " | ") + " |\n|---|---|---|---:|---:|---:|---:|\n"
            for r in rows { out += "| " + r.map(esc).joined(separator: " | ") + " |\n" }
        }
        out += "\n" + notes(w).map { $0.hasPrefix("* ") ? "\\" + $0 : $0 }.joined(separator: "\n\n") + "\n"
        out += "\n## " + w.t("Kilder", "Sources") + "\n\n" + sourceLines(w).map { "- " + $0 }.joined(separator: "\n") + "\n"
        return out
    }

    func html(_ w: Words) -> String {
        var body = "<h1>\(ViewsHTML.escape(titleLine(w)))</h1>\n<div class=\"summary\">"
        body += summary(w).map { "<p>\(ViewsHTML.escape($0))</p>" }.joined() + "</div>\n"
        for s in sections {
            body += "<h2>\(ViewsHTML.escape(heading(s, w)))</h2>\n"
            let rows = sectionRows(s, w).map { r in
                r.enumerated().map { i, c in ViewsHTML.Cell(text: c, numeric: i >= 3) }
            }
            body += ViewsHTML.table(header: header(w).enumerated().map { ($1, $0 >= 3) }, rows: rows)
        }
        body += notes(w).map { "<p class=\"muted\">\(ViewsHTML.escape($0))</p>" }.joined() + "\n"
        body += "<footer><p>\(w.t("Kilder", "Sources"))</p><ul>" + sourceLines(w).map { "<li>\(ViewsHTML.escape($0))</li>" }.joined() + "</ul></footer>"
        return ViewsHTML.page(title: titleLine(w), body: body, lang: w.lang)
    }

    public func csv(danish: Bool) -> String {
        let header = ["education", "year", "plan_year", "level", "code", "name", "kkr", "dimensioned", "realised", "shortfall",
                      "fulfilled_pct", "summed", "illustrative"]
        var rows: [[CSVWriter.Cell]] = []
        for s in sections {
            for l in s.lines {
                rows.append([.text(s.education), .text(s.year), .text(s.planYear), .text(l.level.rawValue), .text(l.code), .text(l.name),
                             .text(l.kkr ?? ""), .number(String(l.dimensioned)), .number(String(l.realised)), .number(String(l.shortfall)),
                             .number(l.fulfilled.map { ($0 * Rational(100)).decimalString(places: 2) } ?? ""),
                             .text(l.summed ? "yes" : "no"), .text(l.illustrative ? "yes" : "no")])
            }
        }
        return CSVWriter(danish: danish).render(header: header, rows: rows)
    }

    public func json(lang: Language = .da) -> JSON {
        func line(_ l: Line) -> JSON {
            .object([("level", .string(l.level.rawValue)), ("code", .string(l.code)), ("name", .string(l.name)),
                     ("kkr", l.kkr.map { .string($0) } ?? .null), ("dimensioned", .int(l.dimensioned)), ("realised", .int(l.realised)),
                     ("shortfall", .int(l.shortfall)),
                     ("fulfilled_pct", l.fulfilled.map { .number(($0 * Rational(100)).decimalString(places: 2)) } ?? .null),
                     ("summed", .bool(l.summed)), ("illustrative", .bool(l.illustrative))])
        }
        let w = Words(lang: lang)
        var fields: [(String, JSON)] = [("scenario", .string(scenario)), ("title", .string(title)), ("realised_file", .string(realisedFile))]
        if let s = selection { fields.append(("selection", .object([("kkr", .array(s.kkr.map { .string($0) })), ("kommune", .array(s.municipalities.map { .string($0) }))]))) }
        fields.append(("summary", .array(summary(w).map { .string($0) })))
        fields.append(("sections", .array(sections.map { s in
            var f: [(String, JSON)] = [("education", .string(s.education)), ("name", .string(s.name)), ("year", .string(s.year)),
                                       ("plan_year", .string(s.planYear)), ("lines", .array(s.lines.map(line)))]
            var totals: [(String, JSON)] = []
            for level in [Level.kkr, .municipality] {
                let ls = s.lines(level)
                guard !ls.isEmpty else { continue }
                let d = ls.reduce(0) { $0 + $1.dimensioned }, r = ls.reduce(0) { $0 + $1.realised }
                totals.append((level.rawValue, .object([("dimensioned", .int(d)), ("realised", .int(r)), ("shortfall", .int(d - r))])))
            }
            f.append(("totals", .object(totals)))
            f.append(("regional", .array(s.regional.map { .object([("name", .string($0.name)), ("places", .int($0.seats)), ("illustrative", .bool($0.illustrative))]) })))
            return .object(f)
        })))
        if selection == nil {
            fields.append(("all_educations", .array(combined().map { c in
                var f: [(String, JSON)] = [("year", .string(c.year)), ("educations", .int(c.educations)), ("dimensioned", .int(c.dimensioned)),
                                           ("realised", .int(c.realised)), ("shortfall", .int(c.dimensioned - c.realised)),
                                           ("illustrative", .bool(c.illustrative))]
                if let a = agreedMinimum {
                    f.append(("agreed_minimum", .object([("places", .int(a.places)), ("source", .string(a.source)), ("reached", .bool(c.realised >= a.places))])))
                }
                return .object(f)
            })))
        }
        fields.append(("notes", .array(notes(w).map { .string($0) })))
        fields.append(("sources", .array(sourceLines(w).map { .string($0) })))
        fields.append(("illustrative_realised", .bool(anyIllustrative)))
        return .object(fields)
    }
}
