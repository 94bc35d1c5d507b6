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
        /// The rounding of this unit's quotient by the group's shown divisor (nil without one).
        public var rounding: Rounding?
        /// The group's margin: the last place and the next.
        public var margin: Margin?
        /// True when the key is itself a published distribution (a published table, compared with itself).
        public var keyPublished: Bool = false
        /// The components of the unit's key.
        public var parts: [KeyPart] = []
        /// Last year's shortfall is carried over into this figure.
        public var carriedOver: Bool = false
    }
    /// A unit's quotient under the shown divisor.
    public struct Rounding: Sendable {
        /// The shown divisor (a short decimal strictly inside the divisor interval); nil when only
        /// one divisor works (a tie).
        public var divisor: Rational?
        /// weight / divisor, exact.
        public var quotient: Rational?
        /// The decimals it is shown with: the fewest (at least 2) that make the rounding visible.
        public var quotientPlaces: Int
        /// Only one divisor gives the allocation: tied units, decided by the tie rule.
        public var onlyDivisor: Bool
    }
    /// One side of a group's margin.
    public struct MarginUnit: Sendable {
        public var code: String
        public var name: String
        /// The place in question: the unit's last place (`last`) or the one it would get next (`next`).
        public var place: Int
        /// Divisor methods: weight / s(place − 1), the divisor at which the unit gets that place
        /// (exact; for Huntington-Hill, whose signposts are square roots, rounded to 12 decimals and
        /// `exact` false). Largest remainder: the unit's remainder.
        public var value: Rational
        public var exact: Bool
        /// As printed: "89.230 / 44,5 = 2.005,17" (or the remainder).
        public var shown: String
    }
    /// Who got the last place of a group and who would get the next.
    public struct Margin: Sendable {
        public var last: MarginUnit?
        public var next: MarginUnit?
        /// The last and the next stand equal (a tie, decided by the rule).
        public var tied: Bool
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
    /// The scenario's --set / --variant changes in words (nil when none); also the footer's first line.
    public var changes: String? = nil
    /// The sources that play a part in this municipality's figures (the components of its key
    /// chain), in the plan's order.
    public var sources: [DataSource] = []
    /// True when the chain uses age data (an elderly key).
    public var usesAgeData: Bool = false

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
        // Only the sources of this municipality's chain: the components its keys are made of.
        var labels: Set<String> = []
        var usesAgeData = false
        var carried = false
        for s in steps {
            for p in s.parts where p.weight != Rational(0) {
                labels.insert(p.label)
                if p.kind == .elderly { usesAgeData = true }
            }
            if s.carriedOver { carried = true }
        }
        let sources = plan.sources.filter { labels.contains($0.label) || (carried && $0.label.hasPrefix("Sidste års mangel")) }
        var footer: [String] = []
        footer.append(t("Metode: ", "Method: ") + methodName(sc.method, lang) + "; "
                      + t("uafgjort afgøres efter ", "ties decided by ") + (en ? sc.ties.description : sc.ties.danishDescription) + ".")
        for s in sources {
            var line = t("Kilde: ", "Source: ") + s.label
            if let c = s.citation { line += " — " + c }
            if let d = s.date { line += " (\(d))" }
            if s.illustrative { line += t(" — illustrativt tal (ikke offentliggjort)", " — illustrative figure (not published)") }
            footer.append(line)
        }
        if let a = plan.ageData, usesAgeData {
            footer.append(t("Aldersdata: ", "Age data: ") + a.sourceText(lang))
        }
        // The --set / --variant changes, first after the answer's reasoning: a quota computed on a
        // changed scenario says so (the same words as the plan's document).
        var changes: String?
        if !sc.overrides.isEmpty {
            changes = t("Ændret i scenariet (--set): ", "Changed in the scenario (--set): ")
                + sc.overrides.map { "\($0.path) \(PlanResult.valueText($0.from, lang)) → \(PlanResult.valueText($0.to, lang))" }.joined(separator: "; ")
            footer.insert(changes!, at: 0)
        }
        var x = Explanation(municipality: m, scenario: sc.name, title: sc.title, lang: lang, headline: headline, answers: answers, steps: steps,
                            footer: footer, sources: sources, usesAgeData: usesAgeData)
        x.changes = changes
        return x
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
        // English: the Danish name is a name, not a noun to inflect ("13 places (Social- og sundhedshjælper)").
        if lang.english { return (n == 1 ? "place" : "places") + " (\(name))" }
        let lower = name.prefix(1).lowercased() + name.dropFirst()
        guard n != 1 else { return lower }
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

    // MARK: Numbers as shown

    /// Numbers in an explanation: exact decimals with thousands separators, one minus sign
    /// (U+2212) in Danish.
    struct Shown {
        let lang: Language
        func minus(_ s: String) -> String { !lang.english && s.hasPrefix("-") ? "−" + s.dropFirst() : s }
        func int(_ v: Int) -> String { minus(PlanFormat.int(v, lang)) }
        /// At exactly `k` decimals (rounded half away from zero).
        func dec(_ r: Rational, _ k: Int) -> String { minus(PlanFormat.decimal(r, k, lang)) }
        /// Exactly when it is a decimal of at most `k` places (a divisor, a resident count), else at `k` decimals.
        func exact(_ r: Rational, _ k: Int = 12) -> String {
            let p = DisplayNumber.exactPlaces(r).map { Swift.min($0, k) } ?? k
            return minus(PlanFormat.number(r, p, lang))
        }
        func pct(_ r: Rational, _ k: Int) -> String { dec(r * Rational(100), k) + (lang.english ? "%" : " %") }
    }

    /// s(n) as an exact rational where it is one (every method but Huntington-Hill).
    static func signpost(_ m: ApportionmentMethod, _ n: Int) -> Rational? {
        let s = m.signpostSquared(n)
        let a = s.num.squareRoot(), b = s.den.squareRoot()
        guard a * a == s.num, b * b == s.den, !b.isZero else { return nil }
        return Rational(a, b)
    }

    /// s(n) as a reader can write it: "44,5" where it is a short decimal, else "√(44 × 45)" or "(4/3)".
    static func signpostText(_ m: ApportionmentMethod, _ n: Int, _ f: Shown) -> (text: String, value: Rational?) {
        if let s = signpost(m, n) {
            if let p = DisplayNumber.exactPlaces(s), p <= 6 { return (f.exact(s), s) }
            return ("(\(s.numerator)/\(s.denominator))", s)
        }
        return ("√(\(n) × \(n + 1))", nil)
    }

    static func methodName(_ m: ApportionmentMethod, _ lang: Language) -> String {
        guard lang.english else { return m.danishName }
        switch m {
        case .largestRemainder: return "the largest remainder method (Hare-Niemeyer)"
        case .dhondt: return "the D'Hondt method"
        case .sainteLague: return "the Sainte-Laguë method"
        case .modifiedSainteLague: return "the modified Sainte-Laguë method (first divisor 1.4)"
        case .huntingtonHill: return "the Huntington-Hill method"
        case .adams: return "Adams's method"
        case .dean: return "Dean's method"
        }
    }

    /// "kommunerne" / "KKR'erne" (nil for custom units: the sentence then names the figures instead).
    static func unitsWord(_ l: PlanLevelResult, _ lang: Language, genitive: Bool = false) -> String? {
        switch l.units {
        case .kkr: return lang.english ? (genitive ? "the KKRs'" : "the KKRs") : (genitive ? "KKR'ernes" : "KKR'erne")
        case .municipality: return lang.english ? (genitive ? "the municipalities'" : "the municipalities") : (genitive ? "kommunernes" : "kommunerne")
        case .custom: return nil
        }
    }

    /// The margin of a group under a divisor method, exactly from the weights and the signposts:
    /// the last place awarded (the lowest priority weight / s(x − 1) among the places given) and the
    /// next (the highest weight / s(x) among units that may take one more). Free units only: a
    /// unit at a binding floor or cap has its places from the bound. Returns row index and the
    /// squared priority.
    static func divisorMargin(_ g: PlanGroup, method: ApportionmentMethod) -> (last: (Int, Rational)?, next: (Int, Rational)?) {
        var last: (Int, Rational)?, next: (Int, Rational)?
        for (i, r) in g.rows.enumerated() where r.bound == .free && r.divisorWeight > Rational(0) {
            let w2 = r.divisorWeight * r.divisorWeight
            if r.seats >= 1 {
                let s = method.signpostSquared(r.seats - 1)
                if !s.num.isZero {
                    let p = w2 * Rational(s.den, s.num)
                    if last == nil || p < last!.1 { last = (i, p) }
                }
            }
            if r.max.map({ r.seats < $0 }) ?? true {
                let s = method.signpostSquared(r.seats)
                if !s.num.isZero {
                    let p = w2 * Rational(s.den, s.num)
                    if next == nil || next!.1 < p { next = (i, p) }
                }
            }
        }
        return (last, next)
    }

    static func step(plan: PlanResult, year: String, education e: PlanEducationResult, level l: PlanLevelResult,
                     group g: PlanGroup, index ri: Int, lang: Language) -> Step {
        let sc = plan.scenario
        let method = sc.method
        let en = lang.english
        func t(_ da: String, _ x: String) -> String { en ? x : da }
        let f = Shown(lang: lang)
        let n = { (v: Int) in f.int(v) }
        let ill = t(" (illustrativt tal, ikke offentliggjort)", " (illustrative figure, not published)")
        let r = g.rows[ri]
        let parent = g.parentPath.isEmpty ? g.parentName : (g.parentName.split(separator: "/").last.map { String($0).trimmingBlanks() } ?? g.parentName)
        let parentLabel = l.units == .municipality && !g.parentPath.isEmpty ? "KKR \(parent)" : parent
        let isRoot = g.parentPath.isEmpty && g.parentName == "Hele landet"
        let ofParent = isRoot ? t("landets", "the country's") : t("\(parentLabel)s", "\(parentLabel)'s")
        let who = r.name
        let names = Dictionary(g.rows.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        var lines: [String] = []
        if let reg = g.regional {
            lines.append("\(e.name), \(levelWord(l, lang)): " + t(
                "\(reg.name) tager \(n(reg.seats)) af \(ofParent) \(n(g.total)) pladser\(reg.illustrative ? ill : ""); af de \(n(g.apportioned)), kommunerne deler, får \(who) \(n(r.seats)).",
                "\(reg.name) takes \(n(reg.seats)) of \(ofParent) \(n(g.total)) places\(reg.illustrative ? ill : ""); of the \(n(g.apportioned)) the municipalities share, \(who) gets \(n(r.seats))."))
        } else {
            lines.append("\(e.name), \(levelWord(l, lang)): " + t("\(who) får \(n(r.seats)) af \(ofParent) \(n(g.total)) pladser.",
                                                                     "\(who) gets \(n(r.seats)) of \(ofParent) \(n(g.total)) places."))
        }
        // The key. Percentages carry as many decimals as it takes for "p % af N er Y" to hold as
        // printed (p % × N rounds to Y, and Y is the true quota rounded).
        let parts = r.parts.filter { $0.weight != Rational(0) }
        let illustrative = parts.contains { $0.illustrative }
        let (kp, ky) = DisplayNumber.percentPlaces(key: r.key, of: g.apportioned)
        let quota = t("\(f.pct(r.key, kp)) af \(n(g.apportioned)) er \(f.dec(r.ideal, ky)).", "\(f.pct(r.key, kp)) of \(n(g.apportioned)) is \(f.dec(r.ideal, ky)).")
        if parts.count == 1, let p = parts.first {
            let what: String
            switch p.kind {
            case .population: what = t(" indbyggere", " residents")
            case .elderly: what = t(" kr. beregnet udgiftsbehov (ældreudgiftsnøgle)", " DKK computed spending need (elderly key)")
            default: what = ""
            }
            lines.append(t("\(r.name) har \(f.exact(p.value, 2))\(what) af \(ofParent) \(f.exact(p.groupTotal, 2)) (\(f.pct(p.share, kp)), \(p.label))",
                           "\(r.name) has \(f.exact(p.value, 2))\(what) of \(ofParent) \(f.exact(p.groupTotal, 2)) (\(f.pct(p.share, kp)), \(p.label))")
                         + (p.illustrative ? ill : "") + "; " + quota)
        } else {
            // The terms with enough decimals that their sum, as printed, rounds to the key as printed.
            let target = DisplayNumber.rounded(r.key * Rational(100), kp)
            var kt = kp
            while kt < 30 {
                let sum = parts.reduce(Rational(0)) { $0 + $1.weight * DisplayNumber.rounded($1.share * Rational(100), kt) }
                if DisplayNumber.rounded(sum, kp) == target { break }
                kt += 1
            }
            let terms = parts.map { "\(f.exact($0.weight)) × \(f.pct($0.share, kt)) (\($0.label)\($0.illustrative ? t(", illustrativ", ", illustrative") : ""))" }
            lines.append(t("Nøglen: ", "The key: ") + terms.joined(separator: " + ") + " = \(f.pct(r.key, kp)); " + quota)
        }
        // Whose key it is: a published distribution, or the scenario's own.
        var keyPublished = false
        if let units = unitsWord(l, lang) {
            if parts.count == 1, let p = parts.first, p.kind == .table, !p.illustrative,
               g.notes.contains(where: { if case .publishedComparison(let c) = $0 { return c.label == p.label }; return false }) {
                keyPublished = true
                lines.append(t("Nøglen er den offentliggjorte fordeling (\(p.label)).", "The key is the published distribution (\(p.label))."))
            } else {
                let words: String
                if parts.count == 1, let p = parts.first {
                    switch p.kind {
                    case .population: words = t("befolkningsandel", "population share")
                    case .elderly: words = t("andel af ældreudgiftsnøglen", "share of the elderly-expenditure key")
                    default: words = t("andel af \(p.label)", "share of \(p.label)")
                    }
                } else {
                    words = parts.map { "\(f.pct($0.weight, 0)) \($0.label)" }.joined(separator: " + ")
                }
                lines.append(t("Fordelingen på \(units) er scenariets nøgle (\(words)\(illustrative ? ", illustrativ" : "")), ikke en offentliggjort fordeling.",
                               "The split among \(units) is the scenario's key (\(words)\(illustrative ? ", illustrative" : "")), not a published distribution."))
            }
        }
        // Rounding: the shown divisor lies strictly inside the interval, so every free unit's
        // quotient, shown with enough decimals, rounds to its places by the method's rule.
        var divisor: Rational?
        var rounding: Rounding?
        let tiesHere = g.ties.filter { !$0.units.isEmpty }
        if g.phaseParts.count > 1 {
            // A phase-in year: the base and each step were apportioned on their own; the places
            // are their sum, so no single divisor or margin explains them.
            let terms = g.phaseParts.map { p -> String in
                let s = ri < p.seats.count ? p.seats[ri] : 0
                let what = p.year.isEmpty ? t("grundlaget", "the base") : t("trinnet \(p.year)", "the step \(p.year)")
                return t("\(n(s)) af \(n(p.total)) (\(what))", "\(n(s)) of \(n(p.total)) (\(what))")
            }
            lines.append(t("Indfasningen: hvert trin er fordelt efter nøglen for sig, og årets pladser er summen: ",
                           "The phase-in: each step is apportioned by the key on its own, and the year's places are the sum: ")
                         + terms.joined(separator: " + ") + " = \(n(r.seats)).")
        } else if r.bound == .free {
            if method.isDivisorMethod, let d = g.divisor {
                if Rational(r.ideal.floor) == r.ideal, Int(r.ideal.floor.description) == r.seats {
                    lines.append(t("Det er et helt tal: ingen afrunding.", "That is a whole number: no rounding."))
                } else if let v = d.value {
                    divisor = v
                    let q = r.divisorWeight / v
                    let k = DisplayNumber.quotientPlaces(q, seats: r.seats, method: method) ?? 12
                    let c = DisplayNumber.rounded(q, k)
                    let ka = DisplayNumber.dividendPlaces(r.divisorWeight, by: v, quotient: c, places: k)
                    rounding = Rounding(divisor: v, quotient: q, quotientPlaces: k, onlyDivisor: false)
                    let dv = f.exact(v, 40)
                    let per: String
                    let label = parts.first?.label ?? ""
                    switch d.dividesComponent ? d.component : nil {
                    case .population?:
                        per = t("får \(unitsWord(l, lang) ?? "de enkelte") én plads pr. \(dv) indbyggere", "\(unitsWord(l, lang) ?? "the units") get one place per \(dv) residents")
                    case .elderly?:
                        per = t("får \(unitsWord(l, lang) ?? "de enkelte") én plads pr. \(dv) kr. beregnet udgiftsbehov",
                                "\(unitsWord(l, lang) ?? "the units") get one place per DKK \(dv) of computed spending need")
                    case .table?, .shares?:
                        per = t("divideres tallene i »\(label)« med \(dv)", "the figures in “\(label)” are divided by \(dv)")
                    case nil:
                        per = t("divideres \(unitsWord(l, lang, genitive: true) ?? "de") beregnede andele med \(dv)",
                                "\(unitsWord(l, lang, genitive: true).map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? "The") computed shares are divided by \(dv)")
                    }
                    lines.append(t("Med \(method.danishName) \(per) (\(roundingWords(method, lang))): ",
                                   "With \(methodName(method, lang)) \(per) (\(roundingWords(method, lang))): ")
                                 + "\(f.dec(r.divisorWeight, ka)) / \(dv) = \(f.dec(c, k)) → \(n(r.seats)).")
                } else if d.needsTie {
                    // Only one divisor works: name the tied units.
                    let tied = tiesHere.map { tie in
                        t("\(tie.units.map { names[$0] ?? $0 }.joined(separator: " og ")) står lige om \(n(tie.seats)) \(tie.seats == 1 ? "plads" : "pladser")",
                          "\(tie.units.map { names[$0] ?? $0 }.joined(separator: " and ")) are tied for \(n(tie.seats)) \(tie.seats == 1 ? "place" : "places")")
                    }
                    lines.append(t("Kun én divisor giver denne fordeling" + (tied.isEmpty ? ": enheder står lige, og uafgjort er afgjort efter reglen." : ", fordi " + tied.joined(separator: "; ") + "."),
                                   "Only one divisor gives this allocation" + (tied.isEmpty ? ": units are tied, decided by the rule." : ", because " + tied.joined(separator: "; ") + ".")))
                    rounding = Rounding(divisor: nil, quotient: nil, quotientPlaces: 0, onlyDivisor: true)
                }
            } else if !method.isDivisorMethod {
                let fl = r.ideal.floor
                let k = Swift.max(2, DisplayNumber.exactPlaces(r.ideal - Rational(fl)).map { Swift.min($0, ky) } ?? ky)
                lines.append(t("Største brøks metode: \(n(Int(fl.description) ?? 0)) hele pladser, og resten \(f.dec(r.ideal - Rational(fl), k)) "
                               + (Rational(r.seats) > Rational(fl) ? "gav én plads mere." : "var ikke stor nok til en plads mere."),
                               "Largest remainder: \(n(Int(fl.description) ?? 0)) whole places, and the remainder \(f.dec(r.ideal - Rational(fl), k)) "
                               + (Rational(r.seats) > Rational(fl) ? "gave one more place." : "was not large enough for one more place.")))
            }
        }
        // The margin of the group: who got the last place and who would get the next.
        let margin = g.apportioned > 0 && g.phaseParts.count <= 1 ? groupMargin(g, method: method, divisor: g.divisor?.value, f: f) : nil
        if let m = margin, let line = marginLine(m, group: g, level: l, method: method, divisor: g.divisor?.value, f: f) { lines.append(line) }
        // Last year's shortfall carried over: the floor is the share without it + the shortfall.
        if let c = r.carryOver {
            lines.append(c.added > 0
                ? t("Sidste års mangel overført (\(c.file), \(c.year)): \(n(c.base)) pladser efter andelen + \(n(c.added)) i mangel = \(n(r.seats)).",
                    "Last year's shortfall carried over (\(c.file), \(c.year)): \(n(c.base)) places by share + \(n(c.added)) shortfall = \(n(r.seats)).")
                : t("Ingen mangel at overføre fra \(c.year) (\(c.file)): \(n(c.base)) pladser efter andelen.",
                    "No shortfall to carry over from \(c.year) (\(c.file)): \(n(c.base)) places by share."))
        }
        // Bounds.
        let outside = method.isDivisorMethod ? t(" \(r.name) indgår derfor ikke i divisoren.", " \(r.name) is therefore left out of the divisor.") : ""
        switch r.carryOver == nil ? r.bound : .free {
        case .free:
            if r.carryOver == nil && (r.min > 0 || r.max != nil) {
                if let mx = r.max {
                    lines.append(t("Gulv \(n(r.min)) og loft \(n(mx)); ingen af dem binder.", "Floor \(n(r.min)) and cap \(n(mx)); neither binds."))
                } else {
                    lines.append(t("Gulvet på \(n(r.min)) binder ikke.", "The floor of \(n(r.min)) does not bind."))
                }
            }
        case .atMinimum:
            lines.append(t("Gulvet på \(n(r.min)) binder: uden det ville \(r.name) få færre pladser.", "The floor of \(n(r.min)) binds: without it \(r.name) would get fewer places.") + outside)
        case .atMaximum:
            lines.append(t("Loftet på \(n(r.max ?? 0)) binder: uden det ville \(r.name) få flere pladser.", "The cap of \(n(r.max ?? 0)) binds: without it \(r.name) would get more places.") + outside)
            if let w = r.capWhatIf {
                if w.seats == r.seats {
                    lines.append(t("Én plads mere i loftet (\(n(w.cap))) ville ikke ændre noget.", "One more place of capacity (\(n(w.cap))) would change nothing."))
                } else {
                    let losers = w.losers.map { "\($0.name) (\(n($0.from)) → \(n($0.to)))" }.joined(separator: ", ")
                    lines.append(t("Én plads mere i loftet (\(n(w.cap))): \(r.name) får \(n(w.seats)); pladsen tages fra \(losers).",
                                   "One more place of capacity (\(n(w.cap))): \(r.name) gets \(n(w.seats)); the place comes from \(losers)."))
                }
            }
        }
        for tie in tiesHere where tie.units.contains(r.code) {
            let us = tie.units.map { names[$0] ?? $0 }
            let ws = tie.winners.map { names[$0] ?? $0 }
            lines.append(t("Uafgjort: \(us.joined(separator: ", ")) står lige om \(n(tie.seats)) \(tie.seats == 1 ? "plads" : "pladser"); afgjort efter \(tie.rule.danishDescription): \(ws.joined(separator: ", ")) (\(r.name) \(tie.winners.contains(r.code) ? "fik pladsen" : "fik den ikke")).",
                           "Tie: \(us.joined(separator: ", ")) are tied for \(n(tie.seats)) \(tie.seats == 1 ? "place" : "places"); decided by \(tie.rule): \(ws.joined(separator: ", ")) (\(r.name) \(tie.winners.contains(r.code) ? "won" : "lost"))."))
        }
        return Step(year: year, education: e.name, level: l.name, unit: r.code, unitName: r.name, parentName: parentLabel, parentSeats: g.total,
                    apportioned: g.apportioned, key: r.key, ideal: r.ideal, seats: r.seats, bound: r.bound, divisor: divisor,
                    weight: r.divisorWeight, illustrative: illustrative, lines: lines,
                    rounding: rounding, margin: margin, keyPublished: keyPublished, parts: r.parts, carriedOver: r.carryOver != nil)
    }

    /// The group's margin as a value: the last place and the next, each with the number compared
    /// (for a divisor method the priority weight / s(x), shown as "A / s = P" with enough decimals
    /// to lie visibly on its side of the shown divisor; for largest remainder the remainders).
    static func groupMargin(_ g: PlanGroup, method: ApportionmentMethod, divisor v: Rational?, f: Shown) -> Margin? {
        if method.isDivisorMethod {
            let (last, next) = divisorMargin(g, method: method)
            guard last != nil || next != nil else { return nil }
            let tied = last != nil && next != nil && last!.1 == next!.1
            // Decimals: the fewest (≥ 2) with which the last shows above the divisor and the next below it.
            func value(_ p2: Rational, _ k: Int, signpost s: Rational?, weight w: Rational) -> Rational {
                s.map { DisplayNumber.rounded(w / $0, k) } ?? DisplayNumber.roundedSquareRoot(p2, k)
            }
            var k = 2
            if let v, !tied {
                while k < 30 {
                    let okLast = last.map { l in
                        let r = g.rows[l.0]
                        return v < value(l.1, k, signpost: signpost(method, r.seats - 1), weight: r.divisorWeight)
                    } ?? true
                    let okNext = next.map { x in
                        let r = g.rows[x.0]
                        return value(x.1, k, signpost: signpost(method, r.seats), weight: r.divisorWeight) < v
                    } ?? true
                    if okLast && okNext { break }
                    k += 1
                }
            }
            func unit(_ i: Int, _ p2: Rational, place: Int) -> MarginUnit {
                let r = g.rows[i]
                let (st, s) = signpostText(method, place - 1, f)
                let shownValue = value(p2, k, signpost: s, weight: r.divisorWeight)
                let ka = s.map { DisplayNumber.dividendPlaces(r.divisorWeight, by: $0, quotient: shownValue, places: k) } ?? (DisplayNumber.exactPlaces(r.divisorWeight).map { Swift.min($0, 2) } ?? 2)
                let exactValue = s.map { r.divisorWeight / $0 } ?? DisplayNumber.roundedSquareRoot(p2, 12)
                return MarginUnit(code: r.code, name: r.name, place: place, value: exactValue, exact: s != nil,
                                  shown: "\(f.dec(r.divisorWeight, ka)) / \(st) = \(f.dec(shownValue, k))")
            }
            return Margin(last: last.map { unit($0.0, $0.1, place: g.rows[$0.0].seats) },
                          next: next.map { unit($0.0, $0.1, place: g.rows[$0.0].seats + 1) }, tied: tied)
        }
        // Largest remainder: the smallest remainder that got a place and the largest that did not.
        var last: (Int, Rational)?, next: (Int, Rational)?
        for (i, r) in g.rows.enumerated() where r.bound == .free {
            let fl = Rational(r.ideal.floor)
            let rem = r.ideal - fl
            guard rem > Rational(0) else { continue }
            if Rational(r.seats) == fl + Rational(1) {
                if last == nil || rem < last!.1 { last = (i, rem) }
            } else if Rational(r.seats) == fl, r.max.map({ r.seats < $0 }) ?? true {
                if next == nil || next!.1 < rem { next = (i, rem) }
            }
        }
        guard last != nil || next != nil else { return nil }
        let tied = last != nil && next != nil && last!.1 == next!.1
        var k = 2
        if let l = last, let x = next, !tied {
            while k < 30 && !(DisplayNumber.rounded(x.1, k) < DisplayNumber.rounded(l.1, k)) { k += 1 }
        }
        func unit(_ i: Int, _ rem: Rational, place: Int) -> MarginUnit {
            MarginUnit(code: g.rows[i].code, name: g.rows[i].name, place: place, value: rem, exact: true, shown: f.dec(rem, k))
        }
        return Margin(last: last.map { unit($0.0, $0.1, place: g.rows[$0.0].seats) }, next: next.map { unit($0.0, $0.1, place: g.rows[$0.0].seats + 1) },
                      tied: tied)
    }

    static func marginLine(_ m: Margin, group g: PlanGroup, level l: PlanLevelResult, method: ApportionmentMethod, divisor v: Rational?, f: Shown) -> String? {
        let en = f.lang.english
        func t(_ da: String, _ x: String) -> String { en ? x : da }
        let total = f.int(g.apportioned)
        if method.isDivisorMethod {
            var parts: [String] = []
            if let a = m.last { parts.append(t("Den sidste af de \(total) pladser gik til \(a.name) (\(a.shown))", "The last of the \(total) places went to \(a.name) (\(a.shown))")) }
            if let b = m.next { parts.append(t("en plads mere ville gå til \(b.name) (\(b.shown))", "one more place would go to \(b.name) (\(b.shown))")) }
            guard !parts.isEmpty else { return nil }
            var s = parts.joined(separator: "; ")
            s = s.prefix(1).uppercased() + s.dropFirst()
            if m.tied {
                s += t(": de står lige.", ": they are tied.")
            } else if let v, m.last != nil, m.next != nil {
                s += t(". Divisoren \(f.exact(v, 40)) ligger imellem.", ". The divisor \(f.exact(v, 40)) lies between.")
            } else {
                s += "."
            }
            return s
        }
        var parts: [String] = []
        if let a = m.last { parts.append(t("Den mindste rest, der gav en plads, var \(a.name)s (\(a.shown))", "The smallest remainder that gave a place was \(a.name)'s (\(a.shown))")) }
        if let b = m.next { parts.append(t("den største uden plads \(b.name)s (\(b.shown))", "the largest without one \(b.name)'s (\(b.shown))")) }
        guard !parts.isEmpty else { return nil }
        let s = parts.joined(separator: "; ")
        return s.prefix(1).uppercased() + s.dropFirst() + (m.tied ? t(": de står lige.", ": they are tied.") : ".")
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
                         ("divisor", s.divisor.map { .number(Self.exactDecimal($0)) } ?? .null),
                         ("quotient", s.rounding?.quotient.map { q in
                             .object([("value", .number(q.decimalString(places: 12))),
                                      ("shown", .number(q.decimalString(places: s.rounding!.quotientPlaces))),
                                      ("places", .int(s.rounding!.quotientPlaces))])
                         } ?? .null),
                         ("only_one_divisor", .bool(s.rounding?.onlyDivisor ?? false)),
                         ("margin", s.margin.map { m in
                             .object([("last", m.last.map(Self.marginJSON) ?? .null), ("next", m.next.map(Self.marginJSON) ?? .null),
                                      ("tied", .bool(m.tied))])
                         } ?? .null),
                         ("key_published", .bool(s.keyPublished)),
                         ("illustrative", .bool(s.illustrative)), ("lines", .array(s.lines.map { .string($0) }))])
            })),
            ("sources", .array(sources.map { src in
                .object([("label", .string(src.label)), ("citation", src.citation.map { .string($0) } ?? .null),
                         ("date", src.date.map { .string($0) } ?? .null), ("illustrative", .bool(src.illustrative))])
            })),
            ("notes", .array(footer.map { .string($0) })),
        ])
    }
}

extension Explanation {
    /// A finite decimal with all its digits (a shown divisor), else 12 places.
    static func exactDecimal(_ r: Rational) -> String {
        r.decimalString(places: DisplayNumber.exactPlaces(r) ?? 12)
    }

    static func marginJSON(_ u: MarginUnit) -> JSON {
        .object([("unit", .string(u.code)), ("name", .string(u.name)), ("place", .int(u.place)),
                 ("quotient", .number(u.value.decimalString(places: 12))), ("exact", .bool(u.exact)), ("shown", .string(u.shown))])
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
