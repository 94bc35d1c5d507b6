import Foundation

/// A published allocation held against a plan: what was compared, every difference, the sums
/// (against the scenario's total and the agreed minimum), which rounding rules can produce the
/// published numbers, and whether the comparison is circular (the scenario's key *is* the
/// published table, so agreement proves nothing). Built from the plan and the table alone.
public struct PublishedCheck: Sendable {
    public struct Difference: Sendable {
        public var education: String
        public var level: String
        public var code: String
        public var name: String
        public var published: Int
        public var computed: Int
    }
    public struct GroupCheck: Sendable {
        public var education: String
        public var educationName: String
        public var level: String
        public var parent: String
        public var units: Int
        public var scenarioTotal: Int
        public var publishedSum: Int
        public var statedTotal: Int?
        public var complete: Bool
        /// The scenario's key at this level is the published table itself.
        public var circular: Bool
        /// The key's source (component label).
        public var keyLabel: String
        /// Divisor methods and largest remainder: can they produce the published numbers from the
        /// key for the published sum?
        public var methods: [(method: ApportionmentMethod, feasible: Bool, tie: Bool)]
        /// Rounding each unit's share of the scenario total on its own: which rules give the
        /// published numbers ("nearest", "down", "up").
        public var independentRounding: [String]
    }
    public var scenario: String
    public var file: String
    public var rowsCompared: Int
    public var differences: [Difference]
    public var groups: [GroupCheck]
    public var problems: [String]
    /// The published national sum over all educations against the agreed minimum.
    public var agreed: (minimum: Int, source: String, publishedSum: Int)?

    public var reproduced: Bool {
        differences.isEmpty && problems.isEmpty && groups.allSatisfy { $0.publishedSum == $0.scenarioTotal && ($0.statedTotal ?? $0.publishedSum) == $0.publishedSum }
    }

    public static func run(_ plan: PlanResult, against table: PublishedTable) throws -> PublishedCheck {
        let registry = plan.registry
        guard let firstYear = plan.years.first else { throw DimensioneringError.usage("the scenario has no year") }
        let hasYear = table.rows.contains { $0.year != nil }
        if plan.years.count > 1 && !hasYear {
            throw DimensioneringError.usage("scenario '\(plan.scenario.name)' has several years: the published file needs a year column")
        }
        var published: [String: Int] = [:]  // "year|edu|level|parent|code"
        var stated: [String: Int] = [:]  // "year|edu" → printed total
        var problems: [String] = []
        for row in table.rows {
            var year = firstYear
            if plan.years.count > 1, let yl = row.year {
                guard let yy = plan.years.first(where: { $0.year == yl }) else {
                    throw DimensioneringError.badData(SourceLocation(file: row.location.file, line: row.location.line, field: "year"), "no year '\(yl)' in the scenario")
                }
                year = yy
            }
            let edus = year.educations.filter { e in
                e.role == .dimensioned && (row.education.map { $0.caseInsensitiveCompare(e.id) == .orderedSame || $0.caseInsensitiveCompare(e.name) == .orderedSame } ?? true)
            }
            guard !edus.isEmpty else {
                throw DimensioneringError.badData(SourceLocation(file: row.location.file, line: row.location.line, field: "education"),
                                                  "no education '\(row.education ?? "")' in the scenario")
            }
            if row.isTotal {
                guard edus.count == 1 else { throw DimensioneringError.badData(row.location, "a total row needs an education column") }
                stated["\(year.year)|\(edus[0].id)"] = row.places
                continue
            }
            let code = registry.lookup(row.label)?.code ?? MunicipalityRegistry.canonicalKKR(row.label) ?? row.label
            var hits: [String] = []
            for e in edus {
                for l in e.levels where l.role != .cells {
                    for g in l.groups where g.rows.contains(where: { $0.code == code }) {
                        hits.append("\(year.year)|\(e.id)|\(l.name)|\(g.parentCode)|\(code)")
                    }
                }
            }
            if hits.isEmpty { problems.append("\(row.label): findes ikke i scenariet (\(row.location))"); continue }
            if hits.count > 1 && row.education == nil {
                throw DimensioneringError.badData(row.location, "'\(row.label)' is in several educations or levels: add an education column")
            }
            if published[hits[0]] != nil { throw DimensioneringError.badData(row.location, "'\(row.label)' appears twice") }
            published[hits[0]] = row.places
        }
        var diffs: [Difference] = []
        var groups: [GroupCheck] = []
        var compared = 0
        for yr in plan.years {
            for e in yr.educations where e.role == .dimensioned {
                for l in e.levels where l.role != .cells {
                    for g in l.groups {
                        let pub = g.rows.map { published["\(yr.year)|\(e.id)|\(l.name)|\(g.parentCode)|\($0.code)"] }
                        guard pub.contains(where: { $0 != nil }) else { continue }
                        compared += pub.compactMap { $0 }.count
                        for (i, r) in g.rows.enumerated() {
                            if let p = pub[i], p != r.seats {
                                diffs.append(Difference(education: e.id, level: l.name, code: r.code, name: r.name, published: p, computed: r.seats))
                            }
                        }
                        let complete = pub.allSatisfy { $0 != nil }
                        // Circular: a one-component key whose values are the published numbers.
                        let circular = complete && g.rows.enumerated().allSatisfy { i, r in
                            r.parts.count == 1 && r.parts[0].value == Rational(pub[i]!)
                        }
                        var methods: [(ApportionmentMethod, Bool, Bool)] = []
                        var independent: [String] = []
                        if complete {
                            let xs = pub.map { $0! }
                            let keys = g.rows.map(\.key)
                            let free = g.rows.indices.filter { i in !(xs[i] == g.rows[i].min && g.rows[i].min > 0) && !(g.rows[i].max == xs[i]) }
                            for m in ApportionmentMethod.allCases {
                                if m.isDivisorMethod {
                                    let iv = DivisorInterval.compute(method: m, ids: free.map { g.rows[$0].code }, weights: free.map { keys[$0] }, seats: free.map { xs[$0] })
                                    methods.append((m, iv.feasible, iv.needsTie))
                                } else {
                                    let lr = LargestRemainderCheck.compute(ids: g.rows.map(\.code), weights: keys, seats: xs)
                                    methods.append((m, lr.feasible, lr.needsTie))
                                }
                            }
                            let quotas = keys.map { $0 * Rational(g.apportioned) }
                            func rounds(_ f: (Rational) -> Int) -> Bool { zip(quotas, xs).allSatisfy { f($0) == $1 } }
                            if rounds({ q in Int((q + Rational(1, 2)).floor.description)! }) { independent.append("nearest") }
                            if rounds({ q in Int(q.floor.description)! }) { independent.append("down") }
                            if rounds({ q in let f = q.floor; return Int((Rational(f) == q ? f : f + 1).description)! }) { independent.append("up") }
                        }
                        let st = l.groups.count == 1 && g.parentPath.isEmpty ? stated["\(yr.year)|\(e.id)"] : nil
                        let keyLabel = g.rows.first?.parts.map(\.label).joined(separator: " + ") ?? ""
                        groups.append(GroupCheck(education: e.id, educationName: e.name, level: l.name, parent: g.parentName, units: g.rows.count,
                                                 scenarioTotal: g.apportioned, publishedSum: pub.reduce(0) { $0 + ($1 ?? 0) }, statedTotal: st,
                                                 complete: complete, circular: circular, keyLabel: keyLabel,
                                                 methods: methods.map { (method: $0.0, feasible: $0.1, tie: $0.2) }, independentRounding: independent))
                    }
                }
            }
        }
        var agreed: (Int, String, Int)?
        if let a = plan.scenario.agreedMinimum {
            let national = groups.filter { $0.level == "kkr" || $0.parent == "Hele landet" }
            let sums = Dictionary(grouping: national, by: \.education).mapValues { $0.first!.statedTotal ?? $0.first!.publishedSum }
            if !sums.isEmpty { agreed = (a.places, a.source, sums.values.reduce(0, +)) }
        }
        return PublishedCheck(scenario: plan.scenario.name, file: table.file, rowsCompared: compared, differences: diffs, groups: groups,
                              problems: problems, agreed: agreed.map { (minimum: $0.0, source: $0.1, publishedSum: $0.2) })
    }

    static func roundingWord(_ r: String) -> String {
        switch r {
        case "nearest": return "til nærmeste hele tal"
        case "down": return "nedad"
        default: return "opad"
        }
    }

    public var text: String {
        let n = { (v: Int) in PlanFormat.int(v, .da) }
        var out = "Kontrol af \(file) mod scenariet \(scenario)\n"
        out += "Sammenlignet: \(n(rowsCompared)) offentliggjorte tal med scenariets fordeling.\n"
        out += reproduced ? "Resultat: scenariet genskaber tabellen.\n" : "Resultat: tabellen afviger fra scenariet (se nedenfor).\n"
        if let a = agreed {
            let d = a.publishedSum - a.minimum
            out += "Offentliggjort i alt: \(n(a.publishedSum)) mod aftalens minimum på \(n(a.minimum)) (\(a.source)): "
                + (d < 0 ? "\(n(-d)) under minimum.\n" : d == 0 ? "præcis minimum.\n" : "\(n(d)) over minimum.\n")
        }
        out += "\n"
        for g in groups {
            // The level in words, not its id: "fordelingen på KKR fra Hele landet (5 KKR)".
            let (what, units): (String, String)
            switch g.level {
            case "kkr": (what, units) = ("KKR", "KKR")
            case "municipality": (what, units) = ("kommuner", g.units == 1 ? "kommune" : "kommuner")
            default: (what, units) = (g.level, g.units == 1 ? "enhed" : "enheder")
            }
            out += "\(g.educationName), fordelingen på \(what) fra \(g.parent) (\(n(g.units)) \(units)):\n"
            var sum = "  Offentliggjort sum \(n(g.publishedSum)); scenariet fordeler \(n(g.scenarioTotal))"
            let d = g.publishedSum - g.scenarioTotal
            sum += d == 0 ? " — samme total.\n" : " — forskel \(d > 0 ? "+" : "−")\(n(abs(d))).\n"
            out += sum
            if let s = g.statedTotal, s != g.publishedSum {
                out += "  Den trykte total \(n(s)) er ikke summen af rækkerne (\(n(g.publishedSum))).\n"
            }
            if !g.complete {
                out += "  Ikke alle enheder er offentliggjort: afrundingskontrollen springes over.\n"
                continue
            }
            if g.circular {
                out += "  Cirkulær sammenligning: scenariets nøgle på dette niveau er selve den offentliggjorte tabel (\(g.keyLabel)).\n"
                out += "  At tallene kan genskabes, siger derfor intet om, hvordan tabellen blev lavet; metodekontrollen udelades.\n"
                if d != 0 {
                    out += "  Forskellen på \(n(abs(d))) skyldes alene, at scenariet fordeler \(n(g.scenarioTotal)), hvor tabellen summer til \(n(g.publishedSum)).\n"
                }
                continue
            }
            let can = g.methods.filter { $0.feasible }.map { $0.method.danishName + ($0.tie ? " (kun ved uafgjort)" : "") }
            out += "  Med scenariets nøgle (\(g.keyLabel)) og tabellens egen sum kan tallene frembringes med: "
                + (can.isEmpty ? "ingen af de 7 metoder" : can.joined(separator: ", ")) + ".\n"
            if d != 0 {
                if g.independentRounding.isEmpty {
                    out += "  Ingen enkeltvis afrunding (nærmeste, ned, op) af andelene af \(n(g.scenarioTotal)) giver tabellen.\n"
                } else {
                    out += "  Andelene af \(n(g.scenarioTotal)) afrundet hver for sig " + g.independentRounding.map(Self.roundingWord).joined(separator: " eller ")
                        + " giver tabellen; det forklarer en forskel på totalen.\n"
                }
            }
        }
        out += "\n"
        if differences.isEmpty { out += "Ingen forskelle pr. enhed.\n" }
        else {
            out += "Forskelle (offentliggjort → scenariet):\n"
            let rows = differences.map { [$0.education, $0.level, $0.code, $0.name, n($0.published), n($0.computed), ViewFormat.signed($0.computed - $0.published)] }
            out += TextTable(header: ["Uddannelse", "Niveau", "Kode", "Navn", "Offentliggjort", "Scenariet", "Forskel"], rows: rows, rightAligned: [4, 5, 6]).render()
        }
        for p in problems { out += "Problem: \(p)\n" }
        return out
    }

    public func json() -> JSON {
        var fields: [(String, JSON)] = [
            ("scenario", .string(scenario)), ("file", .string(file)), ("rows_compared", .int(rowsCompared)), ("reproduced", .bool(reproduced)),
        ]
        if let a = agreed {
            fields.append(("agreed_minimum", .object([("places", .int(a.minimum)), ("source", .string(a.source)), ("published_sum", .int(a.publishedSum))])))
        }
        fields += [
            ("differences", .array(differences.map { d in
                .object([("education", .string(d.education)), ("level", .string(d.level)), ("code", .string(d.code)), ("name", .string(d.name)),
                         ("published", .int(d.published)), ("computed", .int(d.computed))])
            })),
            ("groups", .array(groups.map { g in
                .object([("education", .string(g.education)), ("level", .string(g.level)), ("parent", .string(g.parent)),
                         ("scenario_total", .int(g.scenarioTotal)), ("published_sum", .int(g.publishedSum)),
                         ("stated_total", g.statedTotal.map { .int($0) } ?? .null), ("complete", .bool(g.complete)), ("circular", .bool(g.circular)),
                         ("methods", g.circular ? .null : .object(g.methods.map { ($0.method.rawValue, .string($0.feasible ? ($0.tie ? "tie" : "yes") : "no")) })),
                         ("independent_rounding", .array(g.independentRounding.map { .string($0) }))])
            })),
            ("problems", .array(problems.map { .string($0) })),
        ]
        return .object(fields)
    }

    public func rendered(_ format: OutputFormat) -> String {
        format == .json ? json().rendered() + "\n" : text
    }
}
