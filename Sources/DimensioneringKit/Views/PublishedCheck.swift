import Foundation

/// Recomputes a plan and checks a published allocation against it: every difference, totals that
/// do not add up, and whether any divisor method (or largest remainder) can produce the published
/// numbers from the scenario's key at all.
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
        public var level: String
        public var parent: String
        public var expectedTotal: Int
        public var publishedSum: Int
        public var statedTotal: Int?
        public var complete: Bool
        /// method → (feasible, needs a tie)
        public var methods: [(method: ApportionmentMethod, feasible: Bool, tie: Bool)]
    }
    public var scenario: String
    public var file: String
    public var differences: [Difference]
    public var groups: [GroupCheck]
    public var problems: [String]

    public var reproduced: Bool {
        differences.isEmpty && problems.isEmpty && groups.allSatisfy { $0.publishedSum == $0.expectedTotal && ($0.statedTotal ?? $0.publishedSum) == $0.publishedSum }
    }

    static let totalLabels: Set<String> = ["hele landet", "i alt", "total", "dk", "landet", "danmark"]

    public static func run(_ plan: PlanResult, against path: String, registry: MunicipalityRegistry = .denmark) throws -> PublishedCheck {
        let t = try CSVTable.read(path: path)
        let codeCol = t.hasColumn("code") ? "code" : t.hasColumn("id") ? "id" : nil
        let placesCol = t.hasColumn("places") ? "places" : t.hasColumn("seats") ? "seats" : nil
        guard let codeCol, let placesCol else {
            throw DimensioneringError.badData(SourceLocation(file: ScenarioLibrary.displayPath(path), line: t.headerLine, field: nil),
                                              "a published allocation needs columns code,places (or id,seats), optionally education; columns: \(t.header.joined(separator: ", "))")
        }
        let hasEdu = t.hasColumn("education")
        guard let y = plan.years.first else { throw DimensioneringError.usage("the scenario has no year") }
        if plan.years.count > 1 && !t.hasColumn("year") {
            throw DimensioneringError.usage("scenario '\(plan.scenario.name)' has several years: the published file needs a year column")
        }
        var published: [String: (Int, CSVRow)] = [:]  // "edu|level|groupParent|code"
        var stated: [String: Int] = [:]  // edu → stated total
        var problems: [String] = []
        for row in t.rows {
            if t.hasColumn("year"), plan.years.count > 1 {
                _ = try row.string("year")
            }
            let label = try row.string(codeCol).trimmingCharacters(in: .whitespaces)
            let places = try row.int(placesCol)
            let eduLabel = hasEdu ? try row.string("education").trimmingCharacters(in: .whitespaces) : nil
            var year = y
            if t.hasColumn("year"), plan.years.count > 1 {
                let yl = try row.string("year")
                guard let yy = plan.years.first(where: { $0.year == yl }) else { throw DimensioneringError.badData(row.location("year"), "no year '\(yl)' in the scenario") }
                year = yy
            }
            let edus = year.educations.filter { e in eduLabel.map { $0.caseInsensitiveCompare(e.id) == .orderedSame || $0.caseInsensitiveCompare(e.name) == .orderedSame } ?? true }
            guard !edus.isEmpty else { throw DimensioneringError.badData(row.location("education"), "no education '\(eduLabel ?? "")' in the scenario") }
            if Self.totalLabels.contains(label.lowercased()) {
                guard edus.count == 1 else { throw DimensioneringError.badData(row.location(codeCol), "a total row needs an education column") }
                stated[(hasEdu ? year.year + "|" : year.year + "|") + edus[0].id] = places
                continue
            }
            let code = registry.lookup(label)?.code ?? MunicipalityRegistry.canonicalKKR(label) ?? label
            var hits: [String] = []
            for e in edus {
                for l in e.levels where l.role != .cells {
                    for g in l.groups where g.rows.contains(where: { $0.code == code }) {
                        hits.append("\(year.year)|\(e.id)|\(l.name)|\(g.parentCode)|\(code)")
                    }
                }
            }
            if hits.isEmpty { problems.append("\(label): findes ikke i scenariet (\(row.location(codeCol)))"); continue }
            if hits.count > 1 && !hasEdu { throw DimensioneringError.badData(row.location(codeCol), "'\(label)' is in several educations or levels: add an education column") }
            if published[hits[0]] != nil { throw DimensioneringError.badData(row.location(codeCol), "'\(label)' appears twice") }
            published[hits[0]] = (places, row)
        }
        var diffs: [Difference] = []
        var groups: [GroupCheck] = []
        var touchedEdus = Set<String>()
        for yr in plan.years {
            for e in yr.educations {
                for l in e.levels where l.role != .cells {
                    for g in l.groups {
                        let keys = g.rows.map { "\(yr.year)|\(e.id)|\(l.name)|\(g.parentCode)|\($0.code)" }
                        let pub = keys.map { published[$0]?.0 }
                        guard pub.contains(where: { $0 != nil }) else { continue }
                        touchedEdus.insert("\(yr.year)|\(e.id)")
                        for (i, r) in g.rows.enumerated() {
                            if let p = pub[i], p != r.seats {
                                diffs.append(Difference(education: e.id, level: l.name, code: r.code, name: r.name, published: p, computed: r.seats))
                            }
                        }
                        let complete = pub.allSatisfy { $0 != nil }
                        var methods: [(ApportionmentMethod, Bool, Bool)] = []
                        if complete {
                            let xs = pub.map { $0! }
                            let keysR = g.rows.map(\.key)
                            let free = g.rows.indices.filter { i in !(xs[i] == g.rows[i].min && g.rows[i].min > 0) && !(g.rows[i].max == xs[i]) }
                            for m in ApportionmentMethod.allCases {
                                if m.isDivisorMethod {
                                    let iv = DivisorInterval.compute(method: m, ids: free.map { g.rows[$0].code }, weights: free.map { keysR[$0] }, seats: free.map { xs[$0] })
                                    methods.append((m, iv.feasible, iv.needsTie))
                                } else {
                                    let lr = LargestRemainderCheck.compute(ids: g.rows.map(\.code), weights: keysR, seats: xs)
                                    methods.append((m, lr.feasible, lr.needsTie))
                                }
                            }
                        }
                        let st = l.groups.count == 1 && g.parentPath.isEmpty ? stated["\(yr.year)|\(e.id)"] : nil
                        groups.append(GroupCheck(education: e.id, level: l.name, parent: g.parentName, expectedTotal: g.total,
                                                 publishedSum: pub.reduce(0) { $0 + ($1 ?? 0) }, statedTotal: st, complete: complete,
                                                 methods: methods.map { (method: $0.0, feasible: $0.1, tie: $0.2) }))
                    }
                }
            }
        }
        for (k, v) in stated where !touchedEdus.contains(k) {
            let e = k.split(separator: "|", omittingEmptySubsequences: false).last.map(String.init) ?? k
            if let edu = plan.years.flatMap(\.educations).first(where: { $0.id == e }), edu.total != v {
                problems.append("\(edu.name): offentliggjort i alt \(ViewFormat.int(v)), scenariet fordeler \(ViewFormat.int(edu.total))")
            }
        }
        return PublishedCheck(scenario: plan.scenario.name, file: ScenarioLibrary.displayPath(path), differences: diffs, groups: groups, problems: problems)
    }

    public var text: String {
        var out = "Kontrol af \(file) mod scenarie \(scenario)\n\n"
        for g in groups {
            out += "\(g.education) — \(g.level) under \(g.parent):\n"
            var sumLine = "  Offentliggjort sum \(ViewFormat.int(g.publishedSum)); fordelingen skal give \(ViewFormat.int(g.expectedTotal))"
            if g.publishedSum == g.expectedTotal { sumLine += " — stemmer." }
            else {
                let d = g.expectedTotal - g.publishedSum
                sumLine += " — GÅR IKKE OP: \(abs(d)) \(abs(d) == 1 ? "plads" : "pladser") \(d > 0 ? "mangler" : "for mange")."
            }
            out += sumLine + "\n"
            if let s = g.statedTotal, s != g.publishedSum {
                out += "  Den trykte total \(ViewFormat.int(s)) er ikke summen af rækkerne (\(ViewFormat.int(g.publishedSum))).\n"
            } else if let s = g.statedTotal, s != g.expectedTotal {
                out += "  Den trykte total er \(ViewFormat.int(s)) mod \(ViewFormat.int(g.expectedTotal)) i scenariet.\n"
            }
            if !g.complete {
                out += "  Ikke alle enheder er offentliggjort: metodekontrollen springes over.\n"
            } else {
                let can = g.methods.filter { $0.feasible }.map { $0.method.danishName + ($0.tie ? " (kun ved uafgjort)" : "") }
                let cannot = g.methods.filter { !$0.feasible }.map { $0.method.danishName }
                out += "  Kan frembringes af den oplyste nøgle med: " + (can.isEmpty ? "ingen metode" : can.joined(separator: ", ")) + ".\n"
                if !cannot.isEmpty { out += "  Kan ikke frembringes med: " + cannot.joined(separator: ", ") + ".\n" }
            }
        }
        out += "\n"
        if differences.isEmpty { out += "Ingen forskelle pr. enhed.\n" }
        else {
            out += "Forskelle (offentliggjort → genberegnet):\n"
            let rows = differences.map { [$0.education, $0.level, $0.code, $0.name, String($0.published), String($0.computed), ViewFormat.signed($0.computed - $0.published)] }
            out += TextTable(header: ["Uddannelse", "Niveau", "Kode", "Navn", "Offentliggjort", "Genberegnet", "Forskel"], rows: rows, rightAligned: [4, 5, 6]).render()
        }
        for p in problems { out += "Problem: \(p)\n" }
        out += reproduced ? "\nResultat: genskabt.\n" : "\nResultat: afviger.\n"
        return out
    }

    public func json() -> JSON {
        .object([
            ("scenario", .string(scenario)), ("file", .string(file)), ("reproduced", .bool(reproduced)),
            ("differences", .array(differences.map { d in
                .object([("education", .string(d.education)), ("level", .string(d.level)), ("code", .string(d.code)), ("name", .string(d.name)),
                         ("published", .int(d.published)), ("computed", .int(d.computed))])
            })),
            ("groups", .array(groups.map { g in
                .object([("education", .string(g.education)), ("level", .string(g.level)), ("parent", .string(g.parent)),
                         ("expected_total", .int(g.expectedTotal)), ("published_sum", .int(g.publishedSum)),
                         ("stated_total", g.statedTotal.map { .int($0) } ?? .null),
                         ("methods", .object(g.methods.map { ($0.method.rawValue, .string($0.feasible ? ($0.tie ? "tie" : "yes") : "no")) }))])
            })),
            ("problems", .array(problems.map { .string($0) })),
        ])
    }
}
