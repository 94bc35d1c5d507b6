import Foundation

/// One municipality's answer: its places first, then the chain from the national total down to
/// it, in words a civil servant can repeat at a meeting. Built from the plan alone.
public struct Explanation: Sendable {
    public struct Step: Sendable {
        public var year: String
        public var education: String
        public var level: String
        public var unit: String
        public var unitName: String
        public var parentName: String
        public var parentSeats: Int
        public var apportioned: Int
        public var key: Rational
        public var ideal: Rational
        public var seats: Int
        public var bound: BoundStatus
        public var divisor: Rational?
        public var weight: Rational
        public var illustrative: Bool
        public var lines: [String]
    }
    /// One year's answer: places per education and in all.
    public struct Answer: Sendable {
        public var year: String
        public var places: [(education: String, name: String, seats: Int, intake: Int?)]
        public var total: Int
    }
    public var municipality: Municipality
    public var scenario: String
    public var title: String
    public var lang: Language
    /// The first line(s): the answer.
    public var headline: [String]
    public var answers: [Answer]
    public var steps: [Step]
    /// Method, ties, sources and marks, after the reasoning.
    public var footer: [String]

    public static func explain(_ plan: PlanResult, municipality m: Municipality, lang: Language = .da) -> Explanation {
        let sc = plan.scenario
        let en = lang.english
        func t(_ da: String, _ e: String) -> String { en ? e : da }
        let n = { (v: Int) in PlanFormat.int(v, lang) }
        let short = sc.title.split(separator: ":").first.map(String.init) ?? sc.name
        var answers: [Answer] = []
        var steps: [Step] = []
        for y in plan.years {
            var places: [(String, String, Int, Int?)] = []
            for e in y.educations where e.role == .dimensioned {
                let mine = municipalityRow(e, code: m.code)
                let intake = y.educations.first { $0.role != .dimensioned && $0.id == e.id + "-optag" }.flatMap { municipalityRow($0, code: m.code)?.row.seats }
                guard let mine else { continue }
                places.append((e.id, e.name, mine.row.seats, intake))
                steps += chain(plan: plan, year: y.year, education: e, target: mine.path, lang: lang)
            }
            answers.append(Answer(year: y.year, places: places, total: places.reduce(0) { $0 + $1.2 }))
        }
        var headline: [String] = []
        for a in answers {
            let label = "\(m.name) (\(m.code)), \(short)" + (a.year.isEmpty ? "" : " \(a.year)")
            if a.places.isEmpty {
                headline.append(label + ": " + t("kommunen er ikke med i denne fordeling.", "the municipality is not part of this allocation."))
                continue
            }
            let parts = a.places.map { p in
                // "35 social- og sundhedshjælpere" for a profession; "14 pladser (Sygeplejerske, praktik…)" otherwise.
                p.name.contains(where: { ",()".contains($0) }) ? "\(n(p.seats)) " + t("pladser", "places") + " (\(p.name))"
                    : "\(n(p.seats)) \(plural(p.name, p.seats, lang))"
            }
            var line = label + ": " + parts.joined(separator: " + ")
            if a.places.count > 1 { line += " = \(n(a.total)) " + t("pladser", "places") }
            line += "."
            let intakes = a.places.compactMap { p in p.intake.map { "\(n($0)) (\(p.name))" } }
            if !intakes.isEmpty { line += t(" Optag inkl. overbooking: ", " Intake incl. overbooking: ") + intakes.joined(separator: " + ") + "." }
            headline.append(line)
        }
        var footer: [String] = []
        footer.append(t("Metode: ", "Method: ") + (en ? sc.method.rawValue : sc.method.danishName) + "; "
                      + t("uafgjort afgøres efter ", "ties decided by ") + (en ? sc.ties.description : sc.ties.danishDescription) + ".")
        for s in plan.sources {
            var line = t("Kilde: ", "Source: ") + s.label
            if let c = s.citation { line += " — " + c }
            if let d = s.date { line += " (\(d))" }
            if s.illustrative { line += t(" — illustrativt tal (ikke offentliggjort)", " — illustrative figure (not published)") }
            footer.append(line)
        }
        if let a = plan.ageData {
            footer.append(t("Aldersdata: ", "Age data: ") + a.sourceText(lang))
        }
        return Explanation(municipality: m, scenario: sc.name, title: sc.title, lang: lang, headline: headline, answers: answers, steps: steps, footer: footer)
    }

    /// The municipality's row at the last plain municipality level, with its path.
    static func municipalityRow(_ e: PlanEducationResult, code: String) -> (row: PlanRow, path: [String])? {
        for l in e.levels.reversed() where l.units == .municipality && l.role == .plain {
            for g in l.groups { if let r = g.rows.first(where: { $0.code == code }) { return (r, g.parentPath + [code]) } }
        }
        return nil
    }

    /// "Social- og sundhedshjælper", 35 → "social- og sundhedshjælpere".
    static func plural(_ name: String, _ n: Int, _ lang: Language) -> String {
        let lower = name.prefix(1).lowercased() + name.dropFirst()
        guard n != 1, !lang.english else { return lang.english && n != 1 ? lower + " places" : lower }
        if lower.hasSuffix("er") { return lower + "e" }
        if lower.hasSuffix("e") { return lower + "r" }
        if lower.hasSuffix("ent") || lower.hasSuffix("og") { return lower + "er" }
        return lower
    }

    static func chain(plan: PlanResult, year: String, education e: PlanEducationResult, target: [String], lang: Language) -> [Step] {
        var out: [Step] = []
        for l in e.levels where l.role == .plain {
            for g in l.groups {
                guard g.parentPath.count < target.count,
                      let ri = g.rows.firstIndex(where: { target.starts(with: g.parentPath + [$0.code]) }) else { continue }
                out.append(step(plan: plan, year: year, education: e, level: l, group: g, index: ri, lang: lang))
            }
        }
        return out
    }

    static func roundingWords(_ m: ApportionmentMethod, _ lang: Language) -> String {
        let en = lang.english
        switch m {
        case .sainteLague: return en ? "rounded to the nearest whole number" : "afrundet til nærmeste hele tal"
        case .modifiedSainteLague: return en ? "rounded to the nearest whole number (the first place from 0.7)" : "afrundet til nærmeste hele tal (første plads fra 0,7)"
        case .dhondt: return en ? "rounded down" : "rundet ned"
        case .adams: return en ? "rounded up" : "rundet op"
        case .huntingtonHill: return en ? "rounded at the geometric mean" : "afrundet ved det geometriske gennemsnit"
        case .dean: return en ? "rounded at the harmonic mean" : "afrundet ved det harmoniske gennemsnit"
        case .largestRemainder: return en ? "largest remainders" : "største brøker"
        }
    }

    static func step(plan: PlanResult, year: String, education e: PlanEducationResult, level l: PlanLevelResult,
                     group g: PlanGroup, index ri: Int, lang: Language) -> Step {
        let sc = plan.scenario
        let en = lang.english
        func t(_ da: String, _ x: String) -> String { en ? x : da }
        let n = { (v: Int) in PlanFormat.int(v, lang) }
        let num = { (r: Rational) in PlanFormat.number(r, 2, lang) }
        let pct = { (r: Rational) in PlanFormat.percent(r, 2, lang) }
        let ill = t(" (illustrativt tal, ikke offentliggjort)", " (illustrative figure, not published)")
        let r = g.rows[ri]
        let parent = g.parentPath.isEmpty ? g.parentName : (g.parentName.split(separator: "/").last.map { String($0).trimmingBlanks() } ?? g.parentName)
        let parentLabel = l.units == .municipality && !g.parentPath.isEmpty ? "KKR \(parent)" : parent
        let isRoot = g.parentPath.isEmpty && g.parentName == "Hele landet"
        let ofParent = isRoot ? t("landets", "the country's") : t("\(parentLabel)s", "\(parentLabel)'s")
        let who = r.name
        var lines: [String] = []
        if let reg = g.regional {
            lines.append("\(e.name), \(levelWord(l, lang)): " + t(
                "\(reg.name) tager \(n(reg.seats)) af \(ofParent) \(n(g.total)) pladser\(reg.illustrative ? ill : ""); af de \(n(g.apportioned)), kommunerne deler, får \(who) \(n(r.seats)).",
                "\(reg.name) takes \(n(reg.seats)) of \(ofParent) \(n(g.total)) places\(reg.illustrative ? ill : ""); of the \(n(g.apportioned)) the municipalities share, \(who) gets \(n(r.seats))."))
        } else {
            lines.append("\(e.name), \(levelWord(l, lang)): " + t("\(who) får \(n(r.seats)) af \(ofParent) \(n(g.total)) pladser.",
                                                                     "\(who) gets \(n(r.seats)) of \(ofParent) \(n(g.total)) places."))
        }
        // The key.
        let illustrative = r.parts.contains { $0.illustrative }
        if r.parts.count == 1, let p = r.parts.first {
            let what: String
            switch p.kind {
            case .population: what = t(" indbyggere", " residents")
            case .elderly: what = t(" kr. beregnet udgiftsbehov (ældreudgiftsnøgle)", " kr. computed spending need (elderly key)")
            default: what = ""
            }
            lines.append(t("\(r.name) har \(num(p.value))\(what) af \(ofParent) \(num(p.groupTotal)) (\(pct(p.share)), \(p.label))",
                           "\(r.name) has \(num(p.value))\(what) of \(ofParent) \(num(p.groupTotal)) (\(pct(p.share)), \(p.label))")
                         + (p.illustrative ? ill : "") + "; " + t("\(pct(r.key)) af \(n(g.apportioned)) er \(PlanFormat.decimal(r.ideal, 2, lang)).",
                                                                   "\(pct(r.key)) of \(n(g.apportioned)) is \(PlanFormat.decimal(r.ideal, 2, lang))."))
        } else {
            let terms = r.parts.map { "\(PlanFormat.number($0.weight, 2, lang)) × \(pct($0.share)) (\($0.label)\($0.illustrative ? t(", illustrativ", ", illustrative") : ""))" }
            lines.append(t("Nøglen: ", "The key: ") + terms.joined(separator: " + ") + " = \(pct(r.key)); "
                         + t("\(pct(r.key)) af \(n(g.apportioned)) er \(PlanFormat.decimal(r.ideal, 2, lang)).", "\(pct(r.key)) of \(n(g.apportioned)) is \(PlanFormat.decimal(r.ideal, 2, lang))."))
        }
        // Rounding.
        var divisor: Rational?
        if r.bound == .free {
            if sc.method.isDivisorMethod, let d = g.divisor {
                if Rational(r.ideal.floor) == r.ideal, Int(r.ideal.floor.description) == r.seats {
                    lines.append(t("Det er et helt tal: ingen afrunding.", "That is a whole number: no rounding."))
                } else if let v = d.value {
                    divisor = v
                    let q = r.divisorWeight / v
                    let dv = PlanFormat.number(v, 12, lang)
                    let per: String
                    if d.dividesComponent, d.component == .population {
                        per = t("én plads pr. \(dv) indbyggere", "one place per \(dv) residents")
                    } else if d.dividesComponent {
                        per = t("én plads pr. \(dv) i nøglen", "one place per \(dv) of the key")
                    } else {
                        per = t("hver beregnet andel divideret med \(dv)", "each computed share divided by \(dv)")
                    }
                    lines.append(t("Med \(sc.method.danishName) får enhederne \(per) (\(roundingWords(sc.method, lang))): ",
                                   "With \(sc.method.rawValue) the units get \(per) (\(roundingWords(sc.method, lang))): ")
                                 + "\(num(r.divisorWeight)) / \(dv) = \(PlanFormat.decimal(q, 2, lang)) → \(n(r.seats)).")
                } else if d.needsTie {
                    lines.append(t("Kun én divisor giver fordelingen: mindst to enheder står lige, og uafgjort er afgjort efter reglen.",
                                   "Only one divisor gives the allocation: at least two units are tied, decided by the rule."))
                }
            } else if !sc.method.isDivisorMethod {
                let f = r.ideal.floor
                lines.append(t("Største brøks metode: \(n(Int(f.description) ?? 0)) hele pladser, og resten \(PlanFormat.decimal(r.ideal - Rational(f), 2, lang)) "
                               + (Rational(r.seats) > Rational(f) ? "gav én plads mere." : "var ikke stor nok til en plads mere."),
                               "Largest remainder: \(n(Int(f.description) ?? 0)) whole places, and the remainder \(PlanFormat.decimal(r.ideal - Rational(f), 2, lang)) "
                               + (Rational(r.seats) > Rational(f) ? "gave one more place." : "was not large enough for one more place.")))
            }
        }
        // Last year's shortfall carried over: the floor is the share without it + the shortfall.
        if let c = r.carryOver {
            lines.append(c.added > 0
                ? t("Sidste års mangel overført (\(c.file), \(c.year)): \(n(c.base)) pladser efter andelen + \(n(c.added)) i mangel = \(n(r.seats)).",
                    "Last year's shortfall carried over (\(c.file), \(c.year)): \(n(c.base)) places by share + \(n(c.added)) shortfall = \(n(r.seats)).")
                : t("Ingen mangel at overføre fra \(c.year) (\(c.file)): \(n(c.base)) pladser efter andelen.",
                    "No shortfall to carry over from \(c.year) (\(c.file)): \(n(c.base)) places by share."))
        }
        // Bounds.
        switch r.carryOver == nil ? r.bound : .free {
        case .free:
            if r.carryOver == nil && (r.min > 0 || r.max != nil) {
                lines.append(t("Gulv \(n(r.min))\(r.max.map { ", loft \(n($0))" } ?? ""); ingen af dem binder.",
                               "Floor \(n(r.min))\(r.max.map { ", cap \(n($0))" } ?? ""); neither binds."))
            }
        case .atMinimum:
            lines.append(t("Gulvet på \(n(r.min)) binder: uden det ville \(r.name) få færre pladser.", "The floor of \(n(r.min)) binds: without it \(r.name) would get fewer places."))
        case .atMaximum:
            lines.append(t("Loftet på \(n(r.max ?? 0)) binder: uden det ville \(r.name) få flere pladser.", "The cap of \(n(r.max ?? 0)) binds: without it \(r.name) would get more places."))
            if let w = r.capWhatIf {
                if w.seats == r.seats {
                    lines.append(t("Én plads mere i loftet (\(n(w.cap))) ville ikke ændre noget.", "One more place of capacity (\(n(w.cap))) would change nothing."))
                } else {
                    let losers = w.losers.map { "\($0.name) (\($0.from) → \($0.to))" }.joined(separator: ", ")
                    lines.append(t("Én plads mere i loftet (\(n(w.cap))): \(r.name) får \(n(w.seats)); pladsen tages fra \(losers).",
                                   "One more place of capacity (\(n(w.cap))): \(r.name) gets \(n(w.seats)); the place comes from \(losers)."))
                }
            }
        }
        for tie in g.ties where tie.units.contains(r.code) {
            lines.append(PlanLabels.tie(tie, english: en) + (tie.winners.contains(r.code) ? t(" (\(r.name) vandt).", " (\(r.name) won).") : t(" (\(r.name) tabte).", " (\(r.name) lost).")))
        }
        return Step(year: year, education: e.name, level: l.name, unit: r.code, unitName: r.name, parentName: parentLabel, parentSeats: g.total,
                    apportioned: g.apportioned, key: r.key, ideal: r.ideal, seats: r.seats, bound: r.bound, divisor: divisor,
                    weight: r.divisorWeight, illustrative: illustrative, lines: lines)
    }

    static func levelWord(_ l: PlanLevelResult, _ lang: Language) -> String {
        switch l.units {
        case .kkr: return "KKR"
        case .municipality: return lang.english ? "municipality" : "kommune"
        case .custom: return l.name
        }
    }

    // MARK: Rendering

    public func rendered(_ format: OutputFormat) -> String {
        switch format {
        case .json: return json().rendered() + "\n"
        case .markdown: return markdown
        case .html: return ViewsHTML.explanation(self)
        default: return text
        }
    }

    public var text: String {
        var out = headline.joined(separator: "\n") + "\n"
        var last = ""
        for s in steps {
            let head = s.year.isEmpty ? "" : s.year
            if head != last { out += "\n" + head + "\n"; last = head }
            out += "\n" + s.lines.joined(separator: "\n") + "\n"
        }
        out += "\n" + footer.joined(separator: "\n") + "\n"
        return out
    }

    public var markdown: String {
        var out = "# " + MarkdownText.escape(headline.first ?? municipality.name) + "\n\n"
        for h in headline.dropFirst() { out += MarkdownText.escape(h) + "\n\n" }
        for s in steps {
            out += "## " + MarkdownText.escape((s.year.isEmpty ? "" : s.year + " · ") + s.education + " · " + s.level) + "\n\n"
            for l in s.lines { out += "- " + MarkdownText.escape(l) + "\n" }
            out += "\n"
        }
        for f in footer { out += "- " + MarkdownText.escape(f) + "\n" }
        return out
    }

    public func json() -> JSON {
        .object([
            ("municipality", .object([("code", .string(municipality.code)), ("name", .string(municipality.name)), ("kkr", .string(municipality.kkr))])),
            ("scenario", .string(scenario)),
            ("answer", .array(answers.map { a in
                .object([("year", .string(a.year)), ("total", .int(a.total)),
                         ("places", .object(a.places.map { ($0.education, .int($0.seats)) })),
                         ("intake", .object(a.places.compactMap { p in p.intake.map { (p.education, .int($0)) } }))])
            })),
            ("headline", .array(headline.map { .string($0) })),
            ("steps", .array(steps.map { s in
                .object([("year", .string(s.year)), ("education", .string(s.education)), ("level", .string(s.level)), ("unit", .string(s.unit)),
                         ("parent", .string(s.parentName)), ("parent_places", .int(s.parentSeats)), ("apportioned", .int(s.apportioned)),
                         ("key", .number(s.key.decimalString(places: 12))), ("ideal_quota", .number(s.ideal.decimalString(places: 6))),
                         ("places", .int(s.seats)), ("bound", .string(s.bound.rawValue)), ("weight", .number(s.weight.decimalString(places: 6))),
                         ("divisor", s.divisor.map { .number($0.decimalString(places: 12)) } ?? .null),
                         ("illustrative", .bool(s.illustrative)), ("lines", .array(s.lines.map { .string($0) }))])
            })),
            ("notes", .array(footer.map { .string($0) })),
        ])
    }
}

/// Markdown text with the characters that would start markup or break a table escaped.
enum MarkdownText {
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\\", "`", "*", "_", "[", "]", "|", "#", "<", ">": out += "\\" + String(ch)
            case "\n", "\r": out += " "
            default: out.append(ch)
            }
        }
        return out
    }
}
