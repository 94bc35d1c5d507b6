import BigInt
import Foundation

// A sweep as a table, CSV (English keys), csv-da (Danish headers, `;`, decimal comma, BOM), JSON
// and a self-contained HTML page with a range chart per unit. No thread count, time or path of
// the machine appears in any of them: the same sweep gives the same bytes.

extension SweepResult {
    public func rendered(_ format: OutputFormat, lang: Language) -> String {
        switch format {
        case .json: return json().rendered() + "\n"
        case .csv: return csv(danish: false)
        case .csvDanish: return csv(danish: true)
        case .html: return html(lang)
        // xlsx is a file, not text: the CLI writes it with writeXLSX (Render/SweepWorkbook.swift).
        case .table, .markdown, .xlsx: return table(lang)
        }
    }

    // MARK: Words

    struct SweepWords {
        let lang: Language
        var en: Bool { lang.english }
        func int(_ v: Int) -> String { PlanFormat.int(v, lang) }
        func num(_ r: Rational) -> String { PlanFormat.number(r, 1, lang) }
        func pct(_ r: Rational) -> String { PlanFormat.percent(r, 1, lang) }
        func level(_ r: SweepLayout.Row) -> String {
            switch r.units {
            case .kkr: return "KKR"
            case .municipality: return en ? "Municipality" : "Kommune"
            case .custom: return r.level.prefix(1).uppercased() + r.level.dropFirst()
            }
        }
        func education(_ r: SweepLayout.Row) -> String { (r.year.isEmpty ? "" : r.year + " ") + r.educationName }
        func distribution(_ s: SweepStats) -> String {
            s.counts.map { "\(int($0.places)): \(int($0.count))" }.joined(separator: " · ")
        }
        func scenarioRef(_ i: Int) -> String { i < 0 ? "" : "#\(i + 1)" }
    }

    /// What was varied, in words.
    func describe(_ w: SweepWords) -> [String] {
        var lines: [String] = []
        let n = w.int(scenarioCount)
        if !spec.vary.isEmpty {
            for v in spec.vary {
                let vals = v.values.count <= 12 ? v.values.map { w.en ? $0 : $0.replacingOccurrences(of: ".", with: ",") }.joined(separator: ", ")
                    : "\(v.values.first!) … \(v.values.last!)"
                var t = (w.en ? "Varied: " : "Varieret: ") + "\(v.path) = \(vals) (\(w.int(v.values.count)) " + (w.en ? "values)" : "værdier)")
                if let c = v.complement { t += w.en ? "; \(c) = 1 − value" : "; \(c) = 1 − værdien" }
                lines.append(t)
            }
        }
        if spec.samples > 0 {
            for p in spec.perturbations {
                let pct = w.en ? p.percentText : p.percentText.replacingOccurrences(of: ".", with: ",")
                if let k = spec.onlySample {
                    lines.append(w.en ? "Sample \(k) of seed \(spec.seed): each municipality's population × its own factor drawn uniformly within ±\(pct)%."
                                 : "Prøve \(k) af startværdi (--seed) \(spec.seed): hver kommunes befolkning × sin egen faktor trukket ligefordelt inden for ±\(pct) %.")
                } else {
                    lines.append(w.en ? "\(w.int(spec.samples)) samples, seed \(spec.seed): each municipality's population × its own factor drawn uniformly within ±\(pct)% (a new draw per sample)."
                                 : "\(w.int(spec.samples)) prøver, startværdi (--seed) \(spec.seed): hver kommunes befolkning × sin egen faktor trukket ligefordelt inden for ±\(pct) % (ny trækning i hver prøve).")
                }
            }
        }
        lines.append(w.en ? "\(n) scenarios in all." : "\(n) scenarier i alt.")
        return lines
    }

    /// The answer first: how many quotas change, and the widest ranges.
    func headline(_ w: SweepWords) -> [String] {
        var lines: [String] = []
        for units in [ScenarioLevel.UnitKind.municipality, .kkr] {
            let all = stats.filter { $0.row.units == units }
            guard !all.isEmpty else { continue }
            let f = all.filter(\.isFragile).count
            let what = units == .kkr ? (w.en ? "KKR quotas" : "KKR-kvoter") : (w.en ? "municipal quotas" : "kommunekvoter")
            lines.append(w.en ? "\(w.int(f)) of \(w.int(all.count)) \(what) change in at least one of the \(w.int(scenarioCount)) scenarios."
                         : "\(w.int(f)) af \(w.int(all.count)) \(what) ændrer sig i mindst ét af de \(w.int(scenarioCount)) scenarier.")
        }
        let widest = stats.enumerated().filter { $0.element.max > $0.element.min }
            .sorted { ($0.element.max - $0.element.min, -$0.offset) > ($1.element.max - $1.element.min, -$1.offset) }.prefix(5).map(\.element)
        if !widest.isEmpty {
            let items = widest.map { "\($0.row.name) (\(w.level($0.row)), \($0.row.educationName)): \(w.int($0.min))–\(w.int($0.max)), " + (w.en ? "baseline " : "grundplan ") + w.int($0.baseline) }
            lines.append((w.en ? "Widest ranges: " : "Største spænd: ") + items.joined(separator: "; ") + ".")
        }
        let unbracketed = stats.filter { $0.scenarios > 0 && !$0.bracketsBaseline }.count
        if unbracketed > 0 {
            lines.append(w.en ? "\(w.int(unbracketed)) units have a baseline outside their range (the baseline is not one of the scenarios)."
                         : "\(w.int(unbracketed)) enheder har grundplanen uden for deres spænd (grundplanen er ikke et af scenarierne).")
        }
        return lines
    }

    func methodLines(_ w: SweepWords) -> [String] {
        var lines: [String] = []
        lines.append(w.en
            ? "Baseline: the scenario with the --set values given, nothing varied or perturbed. Min, median and max are over the scenarios; with an even number of scenarios the median is the mean of the two middle values. A quota is fragile when it differs from the baseline in at least one scenario; fragile quotas are listed most often changed first."
            : "Grundplan: scenariet med de givne --set-værdier, uden variation eller forstyrrelse. Min, median og maks er over scenarierne; med et lige antal scenarier er medianen gennemsnittet af de to midterste værdier. En kvote er skrøbelig, når den afviger fra grundplanen i mindst ét scenarie; de skrøbelige står med de hyppigst ændrede først.")
        if spec.samples > 0 {
            lines.append(w.en
                ? "Perturbation: per sample, one factor per municipality, uniform within ±P % (SplitMix64 seeded from the seed and the sample number, so a sample is the same whatever the thread count). It multiplies the municipality's residents in every population component and every age-band count of the ældreudgiftsnøgle, each rounded to whole residents; KKR values are the sums of their municipalities. Published tables (e.g. last year's distribution), floors and caps are not perturbed."
                : "Forstyrrelse: i hver prøve én faktor pr. kommune, ligefordelt inden for ±P % (SplitMix64 med startværdi fra --seed og prøvens nummer, så en prøve er den samme uanset antal tråde). Den ganger kommunens indbyggere i alle befolkningskomponenter og hvert aldersgruppeantal i ældreudgiftsnøglen, afrundet til hele indbyggere; KKR-værdier er summen af deres kommuner. Offentliggjorte tabeller (fx sidste års fordeling), gulve og lofter forstyrres ikke.")
        }
        return lines
    }

    func sourceLines(_ w: SweepWords) -> [String] {
        var items: [String] = []
        for s in baseline.sources {
            var t = s.label
            if let c = s.citation { t += (w.en ? ". Source: " : ". Kilde: ") + c }
            if let d = s.date { t += " (\(d))" }
            if s.illustrative { t += w.en ? ". Illustrative figure (not published)" : ". Illustrativt tal (ikke offentliggjort)" }
            if !items.contains(t) { items.append(t) }
        }
        if let a = baseline.ageData {
            items.append((w.en ? "Age data: " : "Aldersfordeling: ") + a.sourceText(w.lang))
        }
        return items
    }

    // MARK: Table

    func table(_ lang: Language) -> String {
        let w = SweepWords(lang: lang)
        let title = (w.en ? "Sensitivity: " : "Følsomhed: ") + baseline.scenario.title
        var out = title + "\n" + String(repeating: "=", count: title.count) + "\n\n"
        out += headline(w).joined(separator: "\n") + "\n\n"
        out += "\(baseline.scenario.name != "" ? (w.en ? "Scenario: " : "Scenarie: ") + baseline.scenario.name : "")\n"
        out += describe(w).joined(separator: "\n") + "\n\n"
        let fragile = self.fragile
        let h1 = w.en ? "Fragile quotas (most often changed first)" : "Skrøbelige kvoter (hyppigst ændret først)"
        out += h1 + "\n" + String(repeating: "-", count: h1.count) + "\n\n"
        if fragile.isEmpty {
            out += (w.en ? "None: every quota is the same in every scenario." : "Ingen: alle kvoter er de samme i alle scenarier.") + "\n\n"
        } else {
            let header = w.en ? ["Education", "Level", "Code", "Name", "Baseline", "Min", "Median", "Max", "Changed", "Lowest in", "Highest in"]
                : ["Uddannelse", "Niveau", "Kode", "Navn", "Grundplan", "Min", "Median", "Maks", "Ændret", "Lavest i", "Højest i"]
            let rows = fragile.map { s in
                [w.education(s.row), w.level(s.row), s.row.code, s.row.name, w.int(s.baseline), w.int(s.min), w.num(s.median), w.int(s.max),
                 w.pct(s.changedShare), w.scenarioRef(s.minScenario), w.scenarioRef(s.maxScenario)]
            }
            out += TextTable(header: header, rows: rows, rightAligned: Set(4...10)).render() + "\n"
        }
        let h2 = w.en ? "All units" : "Alle enheder"
        out += h2 + "\n" + String(repeating: "-", count: h2.count) + "\n\n"
        let header = w.en ? ["Education", "Level", "Code", "Name", "Baseline", "Min", "Median", "Max", "Changed", "Distribution (places: scenarios)"]
            : ["Uddannelse", "Niveau", "Kode", "Navn", "Grundplan", "Min", "Median", "Maks", "Ændret", "Fordeling (pladser: scenarier)"]
        let rows = stats.map { s in
            [w.education(s.row), w.level(s.row), s.row.code, s.row.name, w.int(s.baseline), w.int(s.min), w.num(s.median), w.int(s.max),
             w.pct(s.changedShare), w.distribution(s)]
        }
        out += TextTable(header: header, rows: rows, rightAligned: Set(4...8)).render() + "\n"
        let ext = extremeScenarios
        if !ext.isEmpty {
            let h3 = w.en ? "Scenarios at the extremes (each reproducible by the line shown)" : "Scenarier ved yderpunkterne (hver kan genskabes med linjen)"
            out += h3 + "\n" + String(repeating: "-", count: h3.count) + "\n\n"
            for i in ext { out += "\(w.scenarioRef(i)): \(scenarioText(i, w))\n    \(reproduce(i))\n" }
            out += "\n"
        }
        let h4 = w.en ? "Method" : "Metode"
        out += h4 + "\n" + String(repeating: "-", count: h4.count) + "\n\n" + methodLines(w).joined(separator: "\n") + "\n\n"
        let h5 = w.en ? "Sources" : "Kilder"
        out += h5 + "\n" + String(repeating: "-", count: h5.count) + "\n\n" + sourceLines(w).map { "- " + $0 }.joined(separator: "\n") + "\n"
        return out
    }

    func scenarioText(_ i: Int, _ w: SweepWords) -> String {
        let sc = scenario(i)
        var parts: [String] = []
        if !sc.sets.isEmpty { parts.append(sc.sets.joined(separator: ", ")) }
        if let k = sc.sample {
            parts.append(w.en ? "sample \(k) (seed \(spec.seed), sample seed \(sc.sampleSeed!))" : "prøve \(k) (startværdi \(spec.seed), prøvens startværdi \(sc.sampleSeed!))")
        }
        return parts.joined(separator: "; ")
    }

    /// A scenario at an extreme: what it is, the quotas it takes to their lowest and highest
    /// value (grouped by education, long lists cut after 12), and the command that reproduces it.
    struct ExtremeRow {
        let index: Int
        let what: String
        let lowest: String
        let highest: String
        let command: String
    }

    func extremeRows(_ w: SweepWords) -> [ExtremeRow] {
        var lowest: [Int: [(String, String)]] = [:], highest: [Int: [(String, String)]] = [:]
        for s in stats where s.isFragile {
            let name = s.row.units == .kkr && !s.row.name.hasPrefix("KKR") ? "KKR \(s.row.name)" : s.row.name
            let education = (s.row.year.isEmpty ? "" : s.row.year + " ") + s.row.educationName
            lowest[s.minScenario, default: []].append((education, "\(name) \(w.int(s.min))"))
            highest[s.maxScenario, default: []].append((education, "\(name) \(w.int(s.max))"))
        }
        let limit = 12
        func list(_ items: [(String, String)]) -> String {
            var educations: [String] = []
            for (e, _) in items where !educations.contains(e) { educations.append(e) }
            return educations.map { e in
                let units = items.filter { $0.0 == e }.map(\.1)
                let shown = units.prefix(limit).joined(separator: ", ")
                let more = units.count > limit ? (w.en ? " and \(units.count - limit) more" : " og \(units.count - limit) flere") : ""
                return "\(e): \(shown)\(more)"
            }.joined(separator: "; ")
        }
        return extremeScenarios.map { i in
            ExtremeRow(index: i, what: scenarioText(i, w), lowest: list(lowest[i, default: []]), highest: list(highest[i, default: []]),
                       command: reproduce(i))
        }
    }

    // MARK: CSV

    func csv(danish: Bool) -> String {
        let w = SweepWords(lang: danish ? .da : .en)
        let header = danish
            ? ["Studieår", "Uddannelse", "Uddannelsesnavn", "Niveau", "Under", "Kode", "Navn", "KKR", "Grundplan", "Min", "Median", "Maks",
               "Scenarier", "Ændret", "Ændret, %", "Fordeling (pladser: scenarier)", "Lavest i scenarie", "Højest i scenarie"]
            : ["year", "education", "education_name", "level", "parent", "code", "name", "kkr", "baseline", "min", "median", "max",
               "scenarios", "changed", "changed_percent", "distribution", "min_scenario", "max_scenario"]
        let rows: [[CSVWriter.Cell]] = stats.map { s in
            [.text(s.row.year), .text(s.row.education), .text(s.row.educationName), .text(danish ? w.level(s.row) : s.row.level), .text(s.row.parentCode),
             .text(s.row.code), .text(s.row.name), .text(s.row.kkr ?? ""), .number(String(s.baseline)), .number(String(s.min)),
             .number(s.median.decimalString(places: Rational(s.median.floor) == s.median ? 0 : 1)), .number(String(s.max)),
             .number(String(s.scenarios)), .number(String(s.changed)), .number((s.changedShare * Rational(100)).decimalString(places: 2)),
             .text(s.counts.map { "\($0.places):\($0.count)" }.joined(separator: " ")),
             .number(s.minScenario < 0 ? "" : String(s.minScenario + 1)), .number(s.maxScenario < 0 ? "" : String(s.maxScenario + 1))]
        }
        return CSVWriter(danish: danish).render(header: header, rows: rows)
    }

    // MARK: JSON

    public func json() -> JSON {
        let b = baseline
        var f: [(String, JSON)] = [("scenario", .string(b.scenario.name)), ("title", .string(b.scenario.title)),
                                   ("scenarios", .int(scenarioCount))]
        if !spec.sets.isEmpty { f.append(("set", .array(spec.sets.map { .string($0) }))) }
        if !spec.vary.isEmpty {
            f.append(("vary", .array(spec.vary.map { v in
                var o: [(String, JSON)] = [("path", .string(v.path)), ("values", .array(v.values.map { .number($0) }))]
                if let c = v.complement { o.append(("complement", .string(c))) }
                return .object(o)
            })))
        }
        if spec.samples > 0 {
            var o: [(String, JSON)] = [("count", .int(spec.samples)), ("seed", .number(String(spec.seed)))]
            if let k = spec.onlySample { o.append(("only_sample", .int(k))) }
            o.append(("perturb", .array(spec.perturbations.map {
                .object([("target", .string($0.target.rawValue)), ("percent", .number($0.percentText)), ("distribution", .string("uniform")),
                         ("applies_to", .array([.string("population"), .string("elderly age-band counts")])), ("rounding", .string("whole residents"))])
            })))
            f.append(("samples", .object(o)))
        }
        f.append(("summary", .array(headline(SweepWords(lang: .en)).map { .string($0) })))
        f.append(("units", .array(stats.map { s in
            var o: [(String, JSON)] = []
            if !s.row.year.isEmpty { o.append(("year", .string(s.row.year))) }
            o += [("education", .string(s.row.education)), ("level", .string(s.row.level)), ("parent", .string(s.row.parentCode)),
                  ("code", .string(s.row.code)), ("name", .string(s.row.name))]
            if let k = s.row.kkr { o.append(("kkr", .string(k))) }
            o += [("baseline", .int(s.baseline)), ("min", .int(s.min)),
                  ("median", .number(s.median.decimalString(places: Rational(s.median.floor) == s.median ? 0 : 1))), ("max", .int(s.max)),
                  ("scenarios", .int(s.scenarios)), ("changed", .int(s.changed)),
                  ("counts", .array(s.counts.map { .object([("places", .int($0.places)), ("count", .int($0.count))]) }))]
            if s.isFragile { o += [("min_scenario", .int(s.minScenario + 1)), ("max_scenario", .int(s.maxScenario + 1))] }
            return .object(o)
        })))
        f.append(("fragile", .array(fragile.map { s in
            .object([("education", .string(s.row.education)), ("level", .string(s.row.level)), ("code", .string(s.row.code)),
                     ("name", .string(s.row.name)), ("changed", .int(s.changed)), ("min", .int(s.min)), ("max", .int(s.max))])
        })))
        f.append(("extreme_scenarios", .array(extremeScenarios.map { i in
            let sc = scenario(i)
            var o: [(String, JSON)] = [("scenario", .int(i + 1))]
            if !sc.sets.isEmpty { o.append(("set", .array(sc.sets.map { .string($0) }))) }
            if let k = sc.sample { o += [("sample", .int(k)), ("sample_seed", .number(String(sc.sampleSeed!)))] }
            o.append(("reproduce", .string(reproduce(i))))
            return .object(o)
        })))
        f.append(("sources", .array(b.sources.map { s in
            .object([("label", .string(s.label)), ("citation", s.citation.map { .string($0) } ?? .null), ("date", s.date.map { .string($0) } ?? .null),
                     ("illustrative", .bool(s.illustrative))])
        })))
        f.append(("illustrative_inputs", .bool(b.restsOnIllustrativeData)))
        return .object(f)
    }

    // MARK: HTML

    /// A min–max bar around the baseline, on a scale shared by the whole table (±`reach` places
    /// from the baseline), so that bars can be compared between units.
    static func rangeSVG(_ s: SweepStats, reach: Int, label: String) -> String {
        let r = Double(Swift.max(reach, 1))
        func x(_ d: Int) -> Double { 100 + Double(d) / r * 88 }
        let f = { (d: Double) in String(format: "%.1f", d) }
        var x0 = x(s.min - s.baseline), x1 = x(s.max - s.baseline)
        if x1 - x0 < 3 { x0 -= 1.5; x1 += 1.5 }
        let title = ViewsHTML.escape(label)
        return "<svg width=\"200\" height=\"18\" viewBox=\"0 0 200 18\" role=\"img\" aria-label=\"\(title)\"><title>\(title)</title>"
            + "<line x1=\"12\" y1=\"9\" x2=\"188\" y2=\"9\" stroke=\"#ccc\"/>"
            + "<line x1=\"12\" y1=\"5\" x2=\"12\" y2=\"13\" stroke=\"#bbb\"/><line x1=\"188\" y1=\"5\" x2=\"188\" y2=\"13\" stroke=\"#bbb\"/>"
            + "<rect x=\"\(f(x0))\" y=\"4\" width=\"\(f(x1 - x0))\" height=\"10\" rx=\"2\" fill=\"#2f6db5\" fill-opacity=\".45\" stroke=\"#2f6db5\"/>"
            + "<line x1=\"100\" y1=\"1\" x2=\"100\" y2=\"17\" stroke=\"#b42318\" stroke-width=\"2.5\"/></svg>"
    }

    func html(_ lang: Language = .da) -> String {
        let w = SweepWords(lang: lang)
        let esc = ViewsHTML.escape
        let title = (w.en ? "Sensitivity: " : "Følsomhed: ") + baseline.scenario.title
        var b = "<header><h1>\(esc(title))</h1><p class=\"muted\">\(w.en ? "Scenario" : "Scenarie"): \(esc(baseline.scenario.name))</p></header>\n"
        let head = headline(w)
        b += "<div class=\"answer\">" + head.enumerated().map { "<p\($0.offset == 0 ? " class=\"big\"" : "")>\(esc($0.element))</p>" }.joined() + "</div>\n"
        b += "<h2>\(w.en ? "What was varied" : "Hvad blev varieret")</h2>\n<ul>" + describe(w).map { "<li>\(esc($0))</li>" }.joined() + "</ul>\n"
        if baseline.restsOnIllustrativeData {
            b += "<p class=\"illu\">" + esc(w.en ? "The plan rests in part on illustrative figures (not published); see Sources."
                                             : "Planen bygger delvis på illustrative tal (ikke offentliggjort); se Kilder.") + "</p>\n"
        }
        b += ViewsHTML.searchBox(lang)
        // One part per education (and study year): the KKR, then the municipalities (and other levels).
        var groups: [(key: String, stats: [SweepStats])] = []
        for s in stats {
            let key = w.education(s.row)
            if let i = groups.firstIndex(where: { $0.key == key }) { groups[i].stats.append(s) } else { groups.append((key, [s])) }
        }
        typealias Cell = ViewsHTML.Cell
        for g in groups {
            b += "<section class=\"part\"><h2>\(esc(g.key))</h2>\n"
            var levels: [(units: ScenarioLevel.UnitKind, level: String, stats: [SweepStats])] = []
            for s in g.stats {
                if let i = levels.firstIndex(where: { $0.level == s.row.level }) { levels[i].stats.append(s) } else { levels.append((s.row.units, s.row.level, [s])) }
            }
            for l in levels {
                let reach = l.stats.map { Swift.max($0.baseline - $0.min, $0.max - $0.baseline) }.max() ?? 0
                let what: String
                switch l.units {
                case .kkr: what = "KKR"
                case .municipality: what = w.en ? "Municipalities" : "Kommuner"
                case .custom: what = l.level.prefix(1).uppercased() + l.level.dropFirst()
                }
                let fragile = l.stats.filter(\.isFragile).count
                b += "<h3>\(esc(what))</h3>\n<p class=\"muted\">" + esc(w.en
                    ? "\(w.int(fragile)) of \(w.int(l.stats.count)) quotas change. Changed: share of the scenarios in which the quota differs from the baseline. The bar spans min to max as places above or below the baseline (red mark); the scale is the same in every row: ±\(w.int(Swift.max(reach, 1))) places."
                    : "\(w.int(fragile)) af \(w.int(l.stats.count)) kvoter ændrer sig. Ændret: andel af scenarierne, hvor kvoten afviger fra grundplanen. Søjlen viser spændet fra min til maks som pladser over eller under grundplanen (rød streg); skalaen er den samme i alle rækker: ±\(w.int(Swift.max(reach, 1))) pladser.") + "</p>\n"
                let unitHeader = l.units == .municipality ? (w.en ? "Municipality" : "Kommune") : (w.en ? "Name" : "Navn")
                var header: [(String, Bool)] = l.units == .kkr ? [] : [(w.en ? "Code" : "Kode", false)]
                header += [(unitHeader, false)]
                if l.units == .municipality { header.append(("KKR", false)) }
                header += [(w.en ? "Baseline" : "Grundplan", true), ("Min", true), ("Median", true), (w.en ? "Max" : "Maks", true),
                           (w.en ? "Changed" : "Ændret", true),
                           (w.en ? "Range around the baseline" : "Spænd om grundplanen", false), (w.en ? "Places: scenarios" : "Pladser: scenarier", false)]
                let rows: [[Cell]] = l.stats.map { s in
                    let label = "\(s.row.name), \(s.row.educationName): \(w.int(s.min))–\(w.int(s.max)), " + (w.en ? "baseline " : "grundplan ") + w.int(s.baseline)
                    var r: [Cell] = l.units == .kkr ? [] : [Cell(text: s.row.code)]
                    r.append(Cell(text: s.row.name))
                    if l.units == .municipality { r.append(Cell(text: s.row.kkr ?? "")) }
                    r += [Cell(text: w.int(s.baseline), sortValue: String(s.baseline), numeric: true),
                          Cell(text: w.int(s.min), sortValue: String(s.min), numeric: true),
                          Cell(text: w.num(s.median), sortValue: s.median.decimalString(places: 1), numeric: true),
                          Cell(text: w.int(s.max), sortValue: String(s.max), numeric: true),
                          Cell(text: w.pct(s.changedShare), sortValue: s.changedShare.decimalString(places: 6), numeric: true),
                          Cell(text: label, sortValue: String(s.max - s.min), html: Self.rangeSVG(s, reach: reach, label: label)),
                          Cell(text: w.distribution(s))]
                    return r
                }
                b += ViewsHTML.table(header: header, rows: rows)
            }
            b += "</section>\n"
        }
        let ext = extremeRows(w)
        if !ext.isEmpty {
            b += "<h2>\(w.en ? "Scenarios at the extremes" : "Scenarier ved yderpunkterne")</h2>\n"
            b += "<p class=\"note\">" + esc(w.en ? "\(w.int(ext.count)) scenarios give some quota its lowest or highest value. Each row names the quotas it takes to an extreme and the command that reproduces it."
                                             : "\(w.int(ext.count)) scenarier giver en kvote dens laveste eller højeste værdi. Hver række nævner de kvoter, scenariet fører ud i et yderpunkt, og kommandoen, der genskaber det.") + "</p>\n"
            let header = [w.en ? "Scenario" : "Scenarie", w.en ? "What" : "Hvad", w.en ? "Lowest for" : "Lavest for",
                          w.en ? "Highest for" : "Højest for", w.en ? "Reproduce with" : "Genskab med"]
            let rows = ext.map { e in
                "<tr><td class=\"n\">\(esc(w.scenarioRef(e.index)))</td><td>\(esc(e.what))</td><td>\(esc(e.lowest))</td><td>\(esc(e.highest))</td><td><code>\(esc(e.command))</code></td></tr>"
            }
            let table = { (rows: ArraySlice<String>) in
                "<table class=\"extremes\"><thead><tr>" + header.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead><tbody>"
                    + rows.joined() + "</tbody></table>\n"
            }
            // The first ten in view; the rest folded away under a summary line.
            b += table(rows.prefix(10))
            if rows.count > 10 {
                b += "<details><summary>" + esc(w.en ? "The other \(w.int(rows.count - 10)) scenarios" : "De øvrige \(w.int(rows.count - 10)) scenarier")
                    + "</summary>\n" + table(rows.dropFirst(10)) + "</details>\n"
            }
        }
        b += "<h2>\(w.en ? "Method" : "Metode")</h2>\n" + methodLines(w).map { "<p>\(esc($0))</p>" }.joined() + "\n"
        b += "<h2>\(w.en ? "Sources" : "Kilder")</h2>\n" + ViewsHTML.sources([baseline], lang: lang)
        b += "<footer><p>" + esc(w.en ? "Made by dimensionering sweep. The page is self-contained and loads nothing from the network."
                                 : "Dannet af dimensionering sweep. Siden er selvstændig og henter intet fra nettet.") + "</p></footer>"
        return ViewsHTML.page(title: title, body: b, lang: lang)
    }
}
