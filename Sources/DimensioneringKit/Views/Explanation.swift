import BigInt
import Foundation

/// The whole chain for one municipality, one line per step, in plain Danish.
public struct Explanation: Sendable {
    public struct Step: Sendable {
        public var year: String
        public var educationID: String
        public var level: String
        public var unit: String
        public var parentSeats: Int
        public var key: Rational
        public var ideal: Rational
        public var seats: Int
        public var bound: BoundStatus
        public var method: ApportionmentMethod
        /// The weight divided by the divisor (component value for a one-component key, else the ideal quota).
        public var weight: Rational
        public var divisor: Rational?
        public var lines: [String]
    }
    public var municipality: Municipality
    public var header: [String]
    public var steps: [Step]

    public var text: String {
        var out = header.joined(separator: "\n") + "\n"
        var last = ""
        for s in steps {
            let head = (s.year.isEmpty ? "" : "\(s.year) · ") + s.educationID
            if head != last { out += "\n" + head + "\n" + String(repeating: "-", count: head.count) + "\n"; last = head }
            for l in s.lines { out += l + "\n" }
        }
        return out
    }

    public func json() -> JSON {
        .object([
            ("municipality", .object([("code", .string(municipality.code)), ("name", .string(municipality.name)), ("kkr", .string(municipality.kkr))])),
            ("steps", .array(steps.map { s in
                .object([("year", .string(s.year)), ("education", .string(s.educationID)), ("level", .string(s.level)), ("unit", .string(s.unit)),
                         ("parent_places", .int(s.parentSeats)), ("key", .number(s.key.decimalString(places: 12))),
                         ("ideal_quota", .number(s.ideal.decimalString(places: 6))), ("places", .int(s.seats)),
                         ("bound", .string(s.bound.rawValue)), ("weight", .number(s.weight.decimalString(places: 6))),
                         ("divisor", s.divisor.map { .number($0.decimalString(places: 12)) } ?? .null),
                         ("lines", .array(s.lines.map { .string($0) }))])
            })),
        ])
    }

    static func num(_ r: Rational) -> String {
        Rational(r.floor) == r ? ViewFormat.int(Int(r.floor)) : ViewFormat.dec(r, 4)
    }

    public static func explain(_ plan: PlanResult, municipality m: Municipality, population: PopulationByAge? = nil,
                               registry: MunicipalityRegistry = .denmark) throws -> Explanation {
        let sc = plan.scenario
        var ctx = Planner.Context(scenario: sc, population: population, registry: registry)
        var header = ["\(m.name) (\(m.code)), KKR \(m.kkr) — scenarie \(sc.name): \(sc.title)",
                      "Metode: \(sc.method.danishName); uafgjort afgøres efter \(sc.ties.danishDescription). Data: \(ViewFormat.int(m.population)) indbyggere 1. januar 2022 (Kilde: Danmarks Statistik)."]
        if let f = plan.ageDataFile { header.append("Aldersdata: \((f as NSString).lastPathComponent) (\(plan.ageDataQuarter ?? "")). Kilde: Danmarks Statistik.") }
        var steps: [Step] = []
        for y in plan.years {
            for e in y.educations {
                guard let se = sc.educations.first(where: { $0.id == e.id }) else { continue }
                // The path from the root down to the municipality.
                var target: [String]? = nil
                for l in e.levels where l.units == .municipality && l.role == .plain {
                    for g in l.groups where g.rows.contains(where: { $0.code == m.code }) { target = g.parentPath + [m.code] }
                }
                guard let target else {
                    steps.append(Step(year: y.year, educationID: e.name, level: "", unit: m.code, parentSeats: 0, key: Rational(0), ideal: Rational(0),
                                      seats: 0, bound: .free, method: sc.method, weight: Rational(0), divisor: nil,
                                      lines: ["\(m.name) er ikke med i fordelingen af \(e.name)."]))
                    continue
                }
                for l in e.levels where l.role == .plain {
                    guard let sl = se.levels.first(where: { $0.name == l.name }) else { continue }
                    for g in l.groups {
                        guard let ri = g.rows.firstIndex(where: { target.starts(with: g.parentPath + [$0.code]) && g.parentPath.count < target.count }) else { continue }
                        steps.append(try step(plan: plan, year: y.year, education: e, level: l, scenarioLevel: sl, group: g, index: ri, ctx: &ctx))
                    }
                }
            }
        }
        return Explanation(municipality: m, header: header, steps: steps)
    }

    static func step(plan: PlanResult, year: String, education e: PlanEducationResult, level l: PlanLevelResult, scenarioLevel sl: ScenarioLevel,
                     group g: PlanGroup, index ri: Int, ctx: inout Planner.Context) throws -> Step {
        let sc = plan.scenario
        let r = g.rows[ri]
        let L = PlanLabels(english: false)
        var lines: [String] = []
        let levelName = L.level(l)
        lines.append("\(levelName): \(r.name) under \(g.parentName), som har \(ViewFormat.int(g.total)) pladser at fordele blandt \(g.rows.count).")
        // Data and shares per component.
        var parts: [(Rational, Rational)] = []
        var singleValues: [Rational]? = nil
        for (cname, w) in sl.weights {
            let c = sc.components[cname]!
            let v = try ctx.values(c, kind: sl.units)
            let vals = g.rows.map { v[$0.code] ?? Rational(0) }
            let sum = vals.reduce(Rational(0), +)
            let share = vals[ri] / sum
            parts.append((w, share))
            if sl.weights.count == 1 { singleValues = vals }
            let what: String
            switch c.kind {
            case .population: what = "indbyggere"
            case .elderly: what = "udgiftsbehov (ældreudgiftsnøgle)"
            default: what = ""
            }
            lines.append("Data (\(c.label)): \(num(vals[ri]))\(what.isEmpty ? "" : " " + what) af \(num(sum)) i alt → andel \(ViewFormat.dec(share, 6)).")
        }
        let keyText = parts.count == 1 && parts[0].0 == Rational(1) ? "Nøgle = andelen = \(ViewFormat.dec(r.key, 6))."
            : "Nøgle: " + parts.map { "\(ViewFormat.dec($0.0, 2)) × \(ViewFormat.dec($0.1, 6))" }.joined(separator: " + ") + " = \(ViewFormat.dec(r.key, 6))."
        lines.append(keyText)
        lines.append("Ideel kvote: \(ViewFormat.dec(r.key, 6)) × \(ViewFormat.int(g.total)) = \(ViewFormat.dec(r.ideal, 3)).")
        // Divisor and rounding.
        let weights = singleValues ?? g.rows.map(\.ideal)
        let unitWord = singleValues != nil && parts.count == 1 ? (sc.components[sl.weights[0].component].map { if case .population = $0.kind { return " indbyggere pr. plads" }; return " pr. plads" } ?? "") : " (kvoteenheder pr. plads)"
        var divisor: Rational? = nil
        if sc.method.isDivisorMethod {
            let free = g.rows.indices.filter { g.rows[$0].bound == .free }
            let iv = DivisorInterval.compute(method: sc.method, ids: free.map { g.rows[$0].code }, weights: free.map { weights[$0] }, seats: free.map { g.rows[$0].seats })
            if let d = iv.roundDivisor() {
                divisor = d
                let range = iv.high.map { "alle divisorer mellem \(ViewFormat.dec(iv.low!, 4)) og \(ViewFormat.dec($0, 4)) giver samme fordeling" } ?? "alle divisorer over \(ViewFormat.dec(iv.low!, 4)) giver samme fordeling"
                lines.append("Divisor: \(ViewFormat.divisor(d))\(unitWord) (\(range)).")
                if r.bound == .free {
                    let q = weights[ri] / d
                    let (n, _) = DivisorInterval.round(sc.method, q)
                    let lo = n > 0 ? ViewFormat.dec(sc.method.signpost(n - 1), 2) : "0"
                    lines.append("Afrunding: \(num(weights[ri])) / \(ViewFormat.divisor(d)) = \(ViewFormat.dec(q, 2)) → \(n) (\(sc.method.danishName): grænserne er \(lo) og \(ViewFormat.dec(sc.method.signpost(n), 2))).")
                }
            } else if iv.needsTie {
                lines.append("Divisor: kun én divisor (\(ViewFormat.dec(iv.low!, 6))) giver fordelingen; mindst to enheder står lige, og uafgjort er afgjort efter reglen.")
            }
        } else {
            let f = Int(r.ideal.floor)
            lines.append("Afrunding (største brøk): kvoten \(ViewFormat.dec(r.ideal, 3)) → \(r.seats) (heltal \(f), rest \(ViewFormat.dec(r.ideal - Rational(f), 3)); resterne fordeles efter størrelse).")
        }
        // Bounds.
        switch r.bound {
        case .free:
            if r.min > 0 || r.max != nil {
                lines.append("Grænser: gulv \(r.min)\(r.max.map { ", loft \($0)" } ?? ""); ingen af dem binder.")
            }
        case .atMinimum:
            lines.append("Grænse: gulvet på \(r.min) binder (uden gulvet ville \(r.name) få færre pladser) → \(r.seats).")
        case .atMaximum:
            lines.append("Grænse: loftet på \(r.max ?? 0) binder (uden loftet ville \(r.name) få flere pladser) → \(r.seats).")
            lines.append(try capWhatIf(group: g, index: ri, method: sc.method, ties: sc.ties))
        }
        for t in g.ties where t.units.contains(r.code) {
            lines.append(PlanLabels.tie(t, english: false) + (t.winners.contains(r.code) ? " (\(r.name) vandt)." : " (\(r.name) tabte)."))
        }
        lines.append("Resultat: \(r.name) får \(r.seats) \(r.seats == 1 ? "plads" : "pladser") af \(ViewFormat.int(g.total)) i \(e.name.lowercased()).")
        return Step(year: year, educationID: e.name, level: l.name, unit: r.code, parentSeats: g.total, key: r.key, ideal: r.ideal, seats: r.seats,
                    bound: r.bound, method: sc.method, weight: weights[ri], divisor: divisor, lines: lines)
    }

    /// Re-runs the group with the unit's cap one higher and says who gives up the place.
    static func capWhatIf(group g: PlanGroup, index ri: Int, method: ApportionmentMethod, ties: TieRule) throws -> String {
        var l = BigInt(1)
        for r in g.rows { l = PlanMath.lcm(l, r.key.reduced.denominator) }
        let units = g.rows.enumerated().map { i, r in
            let k = r.key.reduced
            return ApportionmentUnit(id: r.code, weight: ExactDecimal((k.numerator * (l / k.denominator)).description)!, min: r.min,
                                     max: i == ri ? r.max.map { $0 + 1 } : r.max)
        }
        let res = try Apportioner.apportion(ApportionmentProblem(units: units, seats: g.total, method: method, ties: ties))
        let r = g.rows[ri]
        let losers = g.rows.indices.filter { res.seatsByUnit[$0] < g.rows[$0].seats }.map { "\(g.rows[$0].name) (\(g.rows[$0].seats) → \(res.seatsByUnit[$0]))" }
        if res.seatsByUnit[ri] == r.seats { return "Én plads mere i loftet (\((r.max ?? 0) + 1)) ville ikke ændre noget." }
        return "Én plads mere i loftet (\((r.max ?? 0) + 1)): \(r.name) får \(res.seatsByUnit[ri]); " + (losers.isEmpty ? "ingen mister." : "pladsen tages fra " + losers.joined(separator: ", ") + ".")
    }
}
