import Foundation
import Spreadsheet

// `sweep --format xlsx`: a workbook a KKR secretariat can take to a meeting. "Oversigt" gives the
// answer first (how many quotas are fragile), what was varied or perturbed, the seed, the number
// of scenarios, the plan's scenario and its sources with dates; one sheet per education (and
// study year) lists every municipality's places in the plan, min, median, max, spread, how often
// the plan's value occurs and whether the quota is fragile, then the KKR (and other levels);
// "Yderpunkter" gives each scenario at an extreme with the command line that reproduces it.
// Everything comes from the sweep's own values: nothing is planned again, no file is read.

extension SweepResult {
    public func workbookBuilder(lang: Language, generated: Date?) -> WorkbookBuilder {
        var b = WorkbookBuilder(lang: lang)
        let w = SweepWords(lang: lang)
        let groups = educationGroups()
        b.addSweepOverview(self, groups: groups, words: w, generated: generated)
        for g in groups { b.addSweepEducation(self, group: g, words: w, multiYear: groups.contains { !$0.year.isEmpty }) }
        b.addSweepExtremes(self, words: w)
        return b
    }

    public func writeXLSX(to path: String, lang: Language, generated: Date?) throws {
        let title = (lang.english ? "Sensitivity: " : "Følsomhed: ") + baseline.scenario.title
        try XLSXReport.write(workbookBuilder(lang: lang, generated: generated), title: title, created: generated, to: path)
    }

    /// The rows of one education in one study year, in the plan's order.
    struct EducationGroup {
        var year: String
        var education: String
        var name: String
        var stats: [SweepStats]
        var municipalities: [SweepStats] { stats.filter { $0.row.units == .municipality } }
        var others: [SweepStats] { stats.filter { $0.row.units != .municipality } }
    }

    func educationGroups() -> [EducationGroup] {
        var groups: [EducationGroup] = []
        for s in stats {
            if let i = groups.firstIndex(where: { $0.year == s.row.year && $0.education == s.row.education }) {
                groups[i].stats.append(s)
            } else {
                groups.append(EducationGroup(year: s.row.year, education: s.row.education, name: s.row.educationName, stats: [s]))
            }
        }
        return groups
    }
}

extension SweepStats {
    /// Scenarios giving the plan's own number of places.
    public var baselineCount: Int { counts.first { $0.places == baseline }?.count ?? 0 }
    /// The share of scenarios giving the plan's number (0...1); nil without scenarios.
    public var baselineShare: Double? { scenarios == 0 ? nil : Double(baselineCount) / Double(scenarios) }
    public var spread: Int { max - min }
}

extension WorkbookBuilder {
    static let percentStyle = CellStyle.plain.format("0.0%")
    static let medianHalfStyle = CellStyle.plain.format("#,##0.0")

    mutating func addSweepOverview(_ sweep: SweepResult, groups: [SweepResult.EducationGroup], words: SweepResult.SweepWords, generated: Date?) {
        let base = sweep.baseline
        let title = w("Følsomhed: ", "Sensitivity: ") + base.scenario.title
        var rows: [[Cell]] = [[.text(title, style: Self.titleStyle)], []]
        // The answer first.
        for line in sweep.headline(words) { rows.append([.text(line)]) }
        rows.append([])
        let years = groups.contains { !$0.year.isEmpty }
        let header = (years ? [w("År", "Year")] : []) + [w("Uddannelse", "Education"), w("Kommuner", "Municipalities"),
                      w("Skrøbelige kommunekvoter", "Fragile municipal quotas"), "KKR", w("Skrøbelige KKR-kvoter", "Fragile KKR quotas"),
                      w("Største spænd", "Widest spread")]
        rows.append(header.map { Cell.text($0, style: .header) })
        for g in groups {
            let m = g.municipalities, k = g.stats.filter { $0.row.units == .kkr }
            rows.append((years ? [Cell.text(g.year)] : []) + [.text(g.name), .integer(m.count, style: Self.integerStyle),
                         .integer(m.filter(\.isFragile).count, style: Self.integerStyle),
                         .integer(k.count, style: Self.integerStyle), .integer(k.filter(\.isFragile).count, style: Self.integerStyle),
                         .integer(g.stats.map(\.spread).max() ?? 0, style: Self.integerStyle)])
        }
        rows.append([])
        func pair(_ a: String, _ b: String) { rows.append([.text(a, style: Self.titleStyle), .text(b)]) }
        pair(w("Scenarie", "Scenario"), "\(base.scenario.name): \(base.scenario.title)")
        if !sweep.spec.sets.isEmpty { pair(w("Fælles ændringer (--set)", "Common changes (--set)"), sweep.spec.sets.joined(separator: ", ")) }
        for v in sweep.spec.vary {
            let values = v.values.map { en ? $0 : $0.replacingOccurrences(of: ".", with: ",") }.joined(separator: ", ")
            var t = "\(v.path) = \(values)"
            if let c = v.complement { t += en ? "; \(c) = 1 − value" : "; \(c) = 1 − værdien" }
            pair(w("Varieret", "Varied"), t)
        }
        if sweep.spec.samples > 0 {
            for p in sweep.spec.perturbations {
                let pct = en ? p.percentText : p.percentText.replacingOccurrences(of: ".", with: ",")
                pair(w("Forstyrret", "Perturbed"),
                     w("befolkning ±\(pct) % (hver kommune sin egen ligefordelte faktor, ny trækning i hver prøve)",
                       "population ±\(pct)% (each municipality its own uniform factor, a new draw per sample)"))
            }
            rows.append([.text(w("Prøver", "Samples"), style: Self.titleStyle), .integer(sweep.spec.samples, style: Self.integerStyle)])
            if let k = sweep.spec.onlySample {
                rows.append([.text(w("Kun prøve", "Only sample"), style: Self.titleStyle), .integer(k, style: Self.integerStyle)])
            }
            pair(w("Frø (seed)", "Seed"), String(sweep.spec.seed))
        }
        rows.append([.text(w("Scenarier i alt", "Scenarios in all"), style: Self.titleStyle), .integer(sweep.scenarioCount, style: Self.integerStyle)])
        if let a = base.ageData {
            pair(w("Aldersfordelt befolkning", "Population by age"),
                 a.sourceText(lang))
        }
        if let g = generated { pair(w("Dannet", "Generated"), XLSXReport.dateText(g, lang)) }
        if base.restsOnIllustrativeData {
            pair(w("Bemærk", "Note"), w("Planen bygger delvis på illustrative tal (ikke offentliggjort); se kilderne nedenfor.",
                                        "The plan rests in part on illustrative figures (not published); see the sources below."))
        }
        rows.append([])
        for line in sweep.methodLines(words) { rows.append([.text(line, style: .note)]) }
        rows.append([])
        let srcHeader = [w("Kilde", "Source"), w("Udgiver og dokument", "Publisher and document"), w("Dato", "Date"), w("Status", "Status")]
        rows.append(srcHeader.map { Cell.text($0, style: .header) })
        for src in base.sources {
            rows.append([.text(src.label), .text(src.citation ?? ""), .text(src.date ?? ""),
                         .text(src.illustrative ? illustrativeMark : w("Offentliggjort", "Published"))])
        }
        let widths = [34.0, 48, 16, 36, 10, 16, 14]
        add(Sheet(name: w("Oversigt", "Summary"), columns: widths.map { Column(width: $0) }, rows: rows))
    }

    mutating func addSweepEducation(_ sweep: SweepResult, group g: SweepResult.EducationGroup, words: SweepResult.SweepWords, multiYear: Bool) {
        let header = [w("Kommunekode", "Municipality code"), w("Kommune", "Municipality"), "KKR", w("Planens pladser", "Places in the plan"),
                      "Min", "Median", w("Maks", "Max"), w("Spænd (maks − min)", "Spread (max − min)"),
                      w("Planens tal forekommer", "Plan's value occurs"), w("Skrøbelig", "Fragile"),
                      w("Scenarier", "Scenarios"), w("Lavest i scenarie", "Lowest in scenario"), w("Højest i scenarie", "Highest in scenario"),
                      w("Fordeling (pladser: scenarier)", "Distribution (places: scenarios)")]
        func cells(_ s: SweepStats, code: String, name: String, kkr: String, style: CellStyle) -> [Cell] {
            func int(_ v: Int) -> Cell { .integer(v, style: style.format(NumberFormat.integer)) }
            let half = Rational(s.median.floor) != s.median
            let median = Cell.number(s.median.doubleValue, style: style.format(half ? "#,##0.0" : NumberFormat.integer))
            return [.text(code, style: style), .text(name, style: style), .text(kkr, style: style), int(s.baseline), int(s.min), median, int(s.max),
                    int(s.spread), s.baselineShare.map { Cell.number($0, style: style.format("0.0%")) } ?? Cell(.empty, style: style),
                    .text(s.isFragile ? w("ja", "yes") : w("nej", "no"), style: style), int(s.scenarios),
                    s.isFragile ? int(s.minScenario + 1) : Cell(.empty, style: style), s.isFragile ? int(s.maxScenario + 1) : Cell(.empty, style: style),
                    .text(words.distribution(s), style: style)]
        }
        var rows: [[Cell]] = g.municipalities.map { cells($0, code: $0.row.code, name: $0.row.name, kkr: $0.row.kkr ?? "", style: .plain) }
        var tail: [[Cell]] = []
        for (i, s) in g.others.enumerated() {
            var style = CellStyle(bold: true)
            if i == 0 && !rows.isEmpty { style.topBorder = .thin }
            let name: String
            switch s.row.units {
            case .kkr: name = s.row.name.hasPrefix("KKR") ? s.row.name : "KKR \(s.row.name)"
            case .municipality: name = s.row.name
            case .custom: name = "\(s.row.name) (\(words.level(s.row)))"
            }
            let kkr = s.row.units == .kkr ? s.row.code : (s.row.kkr ?? s.row.parentName)
            tail.append(cells(s, code: s.row.units == .kkr ? "" : s.row.code, name: name, kkr: kkr, style: style))
        }
        let filtered = rows.isEmpty ? 0 : tail.count  // the filter covers the municipalities when there are any
        rows += tail
        var notes = [w("Skrøbelig: kvoten afviger fra planens i mindst ét scenarie. Planens tal forekommer: andel af scenarierne med planens antal pladser.",
                       "Fragile: the quota differs from the plan's in at least one scenario. Plan's value occurs: share of the scenarios giving the plan's number of places.")]
        if !g.municipalities.isEmpty && !g.others.isEmpty {
            notes.append(w("Fede linjer: KKR og andre niveauer (ikke summer af kommunerne; deres egne tal over scenarierne).",
                           "Bold lines: KKR and other levels (not sums of the municipalities; their own figures over the scenarios)."))
        }
        notes.append(w("Lavest/højest i scenarie: se arket Yderpunkter for kommandoen, der genskaber scenariet.",
                       "Lowest/highest in scenario: see the Extremes sheet for the command that reproduces the scenario."))
        if sweep.baseline.restsOnIllustrativeData {
            notes.append(w("Planen bygger delvis på illustrative tal (ikke offentliggjort); se kilderne på arket Oversigt.",
                           "The plan rests in part on illustrative figures (not published); see the sources on the Summary sheet."))
        }
        // The sheet is named after the education; a name too long for a sheet name (31 characters) gives its id.
        let year = multiYear && !g.year.isEmpty ? g.year.replacingOccurrences(of: "/", with: "-") + " " : ""
        let title = (year + g.name).count <= 31 ? year + g.name : year + g.education
        notes.insert(w("Uddannelse: ", "Education: ") + (g.year.isEmpty ? "" : g.year + ", ") + "\(g.name) (\(g.education))", at: 0)
        addTable(title: title, header: header, rows: rows, notes: notes, frozenColumns: 2, totalRows: filtered)
    }

    mutating func addSweepExtremes(_ sweep: SweepResult, words: SweepResult.SweepWords) {
        let ext = sweep.extremeRows(words)
        let header = [w("Scenarie", "Scenario"), w("Hvad", "What"), w("Lavest for", "Lowest for"), w("Højest for", "Highest for"),
                      w("Genskab med", "Reproduce with")]
        let rows: [[Cell]] = ext.map { e in
            [.integer(e.index + 1, style: Self.integerStyle), .text(e.what), .text(e.lowest), .text(e.highest), .text(e.command)]
        }
        let notes = ext.isEmpty
            ? [w("Ingen kvote ændrer sig i noget scenarie; der er ingen yderpunkter.", "No quota changes in any scenario; there are no extremes.")]
            : [w("Et scenarie med varierede værdier genskabes med plan --set …; en forstyrret prøve med sweep … --sample K (den viser prøvens pladser).",
                 "A scenario of varied values is reproduced with plan --set …; a perturbed sample with sweep … --sample K (it shows that sample's places).")]
        var b = WorkbookBuilder(lang: lang)
        b.addTable(title: w("Yderpunkter", "Extremes"), header: header, rows: rows, notes: notes)
        var sheet = b.sheets[0]
        // Long texts: capped widths with wrapping would hide the command; keep the command whole.
        sheet.columns = [Column(width: 10), Column(width: 36), Column(width: 50), Column(width: 50),
                         Column(width: min(max(20, Double(rows.map { r in if case .text(let t) = r[4].value { return t.count }; return 0 }.max() ?? 0) + 2), 120))]
        add(sheet)
    }
}
