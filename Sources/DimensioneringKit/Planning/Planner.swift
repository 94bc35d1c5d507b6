import BigInt
import Foundation

/// One unit's line in a plan: its key, its ideal (fractional) quota and its places.
public struct PlanRow: Sendable {
    public var code: String
    public var name: String
    /// Share of the parent's places, exact (sums to 1 within a group).
    public var key: Rational
    /// key × parent's places, exact.
    public var ideal: Rational
    public var seats: Int
    public var min: Int
    public var max: Int?
    public var bound: BoundStatus
    /// The published figure (with `compare_with`).
    public var published: Rational?
}

/// The children of one parent node at one level.
public struct PlanGroup: Sendable {
    public var parentCode: String
    public var parentName: String
    /// Codes from the root to the parent (empty for the root).
    public var parentPath: [String]
    public var total: Int
    public var rows: [PlanRow]
    public var ties: [Tie]
    public var notes: [PlanNote]
}

public struct PlanNote: Sendable, Equatable {
    public var danish: String
    public var english: String
    public func text(english e: Bool) -> String { e ? english : danish }
}

public struct PlanLevelResult: Sendable {
    public enum Role: String, Sendable {
        /// Units whose places the next level splits.
        case plain
        /// A margin of a matrix (row or column totals); the cells carry on.
        case margin
        /// The cells of a matrix, apportioned biproportionally to both margins.
        case cells
    }
    public var name: String
    public var role: Role = .plain
    public var units: ScenarioLevel.UnitKind
    public var groups: [PlanGroup]
    public var notes: [PlanNote]
}

public struct PlanEducationResult: Sendable {
    public var id: String
    public var name: String
    public var region: String?
    public var total: Int
    public var levels: [PlanLevelResult]
}

public struct PlanYearResult: Sendable {
    public var year: String
    public var educations: [PlanEducationResult]
}

public struct PlanResult: Sendable {
    public var scenario: Scenario
    public var years: [PlanYearResult]
    public var ageDataFile: String?
    public var ageDataQuarter: String?
}

public enum Planner {
    /// Runs every year of the scenario. `population` is needed when a component is the
    /// ældreudgiftsnøgle (`--age-data`).
    public static func run(_ scenario: Scenario, population: PopulationByAge? = nil,
                           registry: MunicipalityRegistry = .denmark) throws -> PlanResult {
        if scenario.needsAgeData && population == nil {
            throw DimensioneringError.usage("scenario '\(scenario.name)' uses the ældreudgiftsnøgle: this scenario needs --age-data FOLK1A.csv")
        }
        var ctx = Context(scenario: scenario, population: population, registry: registry)
        var years: [PlanYearResult] = []
        for y in scenario.years {
            var edus: [PlanEducationResult] = []
            for e in scenario.educations {
                let total = e.totals.first { $0.year == y || $0.year.isEmpty }!.total
                edus.append(try ctx.runEducation(e, total: total))
            }
            years.append(PlanYearResult(year: y, educations: edus))
        }
        return PlanResult(scenario: scenario, years: years, ageDataFile: population.map { URL(fileURLWithPath: $0.file).lastPathComponent }, ageDataQuarter: population?.quarter)
    }

    struct Node {
        var code: String
        var name: String
        var path: [String]
        var seats: Int
        var kkr: String?
        var pathNames: [String] = []
    }

    struct Context {
        let scenario: Scenario
        let population: PopulationByAge?
        let registry: MunicipalityRegistry
        var elderly: [String: [String: Rational]] = [:]  // component → code → weight
        var tables: [String: CSVTable] = [:]
        var bounds: [String: CSVTable] = [:]

        init(scenario: Scenario, population: PopulationByAge?, registry: MunicipalityRegistry) {
            self.scenario = scenario
            self.population = population
            self.registry = registry
        }

        mutating func runEducation(_ e: ScenarioEducation, total: Int) throws -> PlanEducationResult {
            let rootCode = e.region ?? "DK"
            let rootName = e.region.map { "KKR \($0)" } ?? "Hele landet"
            var parents = [Node(code: rootCode, name: rootName, path: [], seats: total, kkr: e.region)]
            var levels: [PlanLevelResult] = []
            for level in e.levels {
                if let col = level.columns.first {
                    var rowGroups: [PlanGroup] = [], colGroups: [PlanGroup] = [], cellGroups: [PlanGroup] = []
                    var children: [Node] = []
                    for p in parents {
                        let (gr, rk) = try apportionGroup(level, parent: p)
                        let (gc, ck) = try apportionGroup(col, parent: p)
                        let (cells, kids) = try apportionMatrix(rows: (gr, rk), columns: (gc, ck), parent: p)
                        rowGroups.append(gr)
                        colGroups.append(gc)
                        cellGroups.append(cells)
                        children += kids
                    }
                    levels.append(PlanLevelResult(name: level.name, role: .margin, units: level.units, groups: rowGroups, notes: []))
                    levels.append(PlanLevelResult(name: col.name, role: .margin, units: col.units, groups: colGroups, notes: []))
                    levels.append(PlanLevelResult(name: "\(level.name) × \(col.name)", role: .cells, units: .custom([]), groups: cellGroups,
                                                  notes: [PlanNote(danish: "cellerne fordelt biproportionalt: hver række- og søjlesum ligger fast",
                                                                   english: "cells apportioned biproportionally: every row and column total is fixed")]))
                    parents = children
                    continue
                }
                var groups: [PlanGroup] = []
                var children: [Node] = []
                for p in parents {
                    let (g, kids) = try apportionGroup(level, parent: p)
                    groups.append(g)
                    children += kids
                }
                var notes: [PlanNote] = []
                if level.units == .municipality, level.weights.allSatisfy({ scenario.components[$0.component].map { if case .population = $0.kind { return true }; return false } ?? false }) {
                    notes.append(PlanNote(danish: "ingen aldersdata givet: kommunerne fordeles efter befolkningsandel (1. januar 2022)",
                                          english: "no age data given: municipalities by population share (1 January 2022)"))
                }
                levels.append(PlanLevelResult(name: level.name, units: level.units, groups: groups, notes: notes))
                parents = children
            }
            return PlanEducationResult(id: e.id, name: e.name, region: e.region, total: total, levels: levels)
        }

        /// The units under `parent` at this level: (code, display name, kkr context).
        func units(_ level: ScenarioLevel, parent: Node) throws -> [(String, String, String?)] {
            switch level.units {
            case .kkr:
                if let k = parent.kkr { return [(k, k, k)] }
                return MunicipalityRegistry.kkrNames.map { ($0, $0, $0) }
            case .municipality:
                return registry.all.filter { parent.kkr == nil || $0.kkr == parent.kkr }.map { ($0.code, $0.name, $0.kkr) }
            case .custom(let ids):
                return ids.map { ($0, level.names[$0] ?? $0, parent.kkr) }
            }
        }

        /// Maps a label in a data file or a scenario table to a unit id of this level kind; nil to skip.
        func unitID(_ label: String, kind: ScenarioLevel.UnitKind, at loc: SourceLocation) throws -> String? {
            let t = label.trimmingCharacters(in: .whitespaces)
            switch kind {
            case .kkr:
                if let k = MunicipalityRegistry.canonicalKKR(t) { return k }
                if case .country = registry.classify(t) { return nil }
                let hint = EditDistance.suggestion(for: t, among: MunicipalityRegistry.kkrNames).map { "; did you mean '\($0)'?" } ?? ""
                throw DimensioneringError.badData(loc, "unknown KKR '\(t)'\(hint)")
            case .municipality:
                switch registry.classify(t) {
                case .municipality(let m): return m.code
                case .country, .region: return nil
                default:
                    let hint = registry.suggestion(for: t).map { "; did you mean '\($0.code) \($0.name)'?" } ?? ""
                    throw DimensioneringError.badData(loc, "unknown municipality '\(t)'\(hint)")
                }
            case .custom(let ids):
                if ids.contains(t) { return t }
                let hint = EditDistance.suggestion(for: t, among: ids).map { "; did you mean '\($0)'?" } ?? ""
                throw DimensioneringError.badData(loc, "unknown unit '\(t)' (units: \(ids.joined(separator: ", ")))\(hint)")
            }
        }

        mutating func table(_ path: String) throws -> CSVTable {
            if let t = tables[path] { return t }
            var t = try CSVTable.read(path: path)
            t.file = ScenarioLibrary.displayPath(path)
            for i in t.rows.indices { t.rows[i].file = t.file }
            tables[path] = t
            return t
        }

        /// Value of every unit id of this level kind according to the component.
        mutating func values(_ c: ScenarioComponent, kind: ScenarioLevel.UnitKind) throws -> [String: Rational] {
            func byKKR(_ perMunicipality: [String: Rational]) -> [String: Rational] {
                var out: [String: Rational] = [:]
                for m in registry.all { out[m.kkr] = (out[m.kkr] ?? Rational(0)) + (perMunicipality[m.code] ?? Rational(0)) }
                return out
            }
            switch c.kind {
            case .population:
                let perM = Dictionary(uniqueKeysWithValues: registry.all.map { ($0.code, Rational($0.population)) })
                return kind == .kkr ? byKKR(perM) : perM
            case .elderly(let bands):
                if elderly[c.name] == nil {
                    let key = try ElderlyKey.compute(population: population!, bands: bands, registry: registry)
                    elderly[c.name] = key.weights.mapValues { PlanMath.rational($0)! }
                }
                return kind == .kkr ? byKKR(elderly[c.name]!) : elderly[c.name]!
            case .shares(let list):
                var out: [String: Rational] = [:]
                for (id, v, loc) in list {
                    guard let u = try unitID(id, kind: kind, at: loc) else { continue }
                    out[u] = v
                }
                return out
            case .table(let path, let uc, let vc):
                let t = try table(path)
                guard t.hasColumn(uc) else {
                    throw DimensioneringError.badData(SourceLocation(file: t.file, line: t.headerLine, field: uc),
                        "no column '\(uc)' (named by component '\(c.name)' at \(c.location)); columns: \(t.header.joined(separator: ", "))")
                }
                guard t.hasColumn(vc) else {
                    let hint = EditDistance.suggestion(for: vc, among: t.header).map { "did you mean '\($0)'? " } ?? ""
                    throw DimensioneringError.badData(SourceLocation(file: t.file, line: t.headerLine, field: vc),
                        "no column '\(vc)' (named by component '\(c.name)' at \(c.location)); \(hint)columns: \(t.header.joined(separator: ", "))")
                }
                var out: [String: Rational] = [:]
                for row in t.rows {
                    guard let u = try unitID(try row.string(uc), kind: kind, at: row.location(uc)) else { continue }
                    if out[u] != nil { throw DimensioneringError.badData(row.location(uc), "'\(u)' appears twice") }
                    out[u] = PlanMath.rational(try row.decimal(vc))!
                }
                return out
            }
        }

        mutating func apportionGroup(_ level: ScenarioLevel, parent: Node) throws -> (PlanGroup, [Node]) {
            let us = try units(level, parent: parent)
            let ids = us.map(\.0)
            // Key: weighted blend of the components' shares among these units.
            var key = [Rational](repeating: Rational(0), count: us.count)
            for (cname, w) in level.weights {
                let c = scenario.components[cname]!
                let v = try values(c, kind: level.units)
                var vals: [Rational] = []
                for id in ids {
                    guard let x = v[id] else {
                        throw DimensioneringError.badData(c.location, "component '\(cname)' has no value for \(id) (level '\(level.name)' under \(parent.name))")
                    }
                    vals.append(x)
                }
                let s = vals.reduce(Rational(0), +)
                guard s > Rational(0) else {
                    throw DimensioneringError.badData(c.location, "component '\(cname)' is 0 for every unit of level '\(level.name)' under \(parent.name)")
                }
                for i in key.indices { key[i] = key[i] + w * vals[i] / s }
            }
            key = key.map(\.reduced)
            // Integer weights on a common denominator (exact).
            var l = BigInt(1)
            for k in key { l = PlanMath.lcm(l, k.denominator) }
            var weights = key.map { ($0.numerator * (l / $0.denominator)).description }
            if weights.contains(where: { $0.count > ExactDecimal.maximumDigits }) {
                // Far beyond any published precision: keep 35 significant digits.
                let scale = BigInt(10).power(35)
                weights = key.map { ($0.numerator * scale / $0.denominator).description }
            }
            // Floors and caps.
            var mins = [Int](repeating: 0, count: us.count)
            var maxs = [Int?](repeating: nil, count: us.count)
            if let bf = level.boundsFile {
                let t = try table(bf)
                guard t.hasColumn("code") || t.hasColumn("unit") else {
                    throw DimensioneringError.badData(SourceLocation(file: t.file, line: t.headerLine, field: "code"),
                                                      "a bounds file needs a 'code' column (and min, max, last_year, min_pct)")
                }
                let uc = t.hasColumn("code") ? "code" : "unit"
                var seen = Set<String>()
                for row in t.rows {
                    guard let u = try unitID(try row.string(uc), kind: level.units, at: row.location(uc)) else { continue }
                    guard seen.insert(u).inserted else { throw DimensioneringError.badData(row.location(uc), "'\(u)' appears twice") }
                    guard let i = ids.firstIndex(of: u) else { continue }
                    var floor = try row.optionalInt("min") ?? 0
                    let limit = ApportionmentProblem.maximumSeats
                    for field in ["min", "max", "last_year"] {
                        if let v = try row.optionalInt(field), v > limit {
                            throw DimensioneringError.badData(row.location(field), "\(v) is more than the \(limit) places supported")
                        }
                    }
                    if let last = try row.optionalInt("last_year") {
                        let pctText = try row.optionalDecimal("min_pct")
                        if let pct = pctText.flatMap(PlanMath.rational) ?? level.minPercentOfLastYear {
                            guard pct <= Rational(100) else { throw DimensioneringError.badData(row.location("min_pct"), "a percentage above 100") }
                            let f = pct * Rational(last) / Rational(100)
                            let c = f.floor + (f == Rational(f.floor) ? 0 : 1)
                            floor = Swift.max(floor, Int(c))
                        }
                    }
                    let cap = try row.optionalInt("max")
                    if let cap, cap < floor {
                        throw DimensioneringError.badData(row.location("max"), "cap \(cap) is below the floor \(floor) for \(u)")
                    }
                    mins[i] = floor
                    maxs[i] = cap
                }
            }
            let problem = ApportionmentProblem(
                units: (0..<us.count).map { ApportionmentUnit(id: ids[$0], weight: ExactDecimal(weights[$0])!, min: mins[$0], max: maxs[$0]) },
                seats: parent.seats, method: scenario.method, ties: scenario.ties)
            let r: ApportionmentResult
            do {
                r = try Apportioner.apportion(problem)
            } catch DimensioneringError.infeasible(let msg) {
                throw DimensioneringError.infeasible("level '\(level.name)' under \(parent.name) (\(parent.seats) places): \(msg)")
            }
            guard r.seatsByUnit.reduce(0, +) == parent.seats else {
                throw DimensioneringError.internalError("level '\(level.name)' under \(parent.name) does not sum to \(parent.seats)")
            }
            var published: [String: Rational]? = nil
            if let cw = level.compareWith { published = try values(scenario.components[cw]!, kind: level.units) }
            var rows: [PlanRow] = []
            for i in 0..<us.count {
                rows.append(PlanRow(code: ids[i], name: us[i].1, key: key[i], ideal: key[i] * Rational(parent.seats),
                                    seats: r.seatsByUnit[i], min: mins[i], max: maxs[i], bound: r.bounds[i],
                                    published: published?[ids[i]]))
            }
            var notes: [PlanNote] = []
            if let published, let cw = level.compareWith {
                notes.append(Self.comparison(rows: rows, published: published, total: parent.seats, label: scenario.components[cw]!.label))
            }
            let kids = (0..<us.count).map { i in
                Node(code: ids[i], name: us[i].1, path: parent.path + [ids[i]], seats: r.seatsByUnit[i], kkr: us[i].2,
                     pathNames: parent.pathNames + [us[i].1])
            }
            return (PlanGroup(parentCode: parent.path.isEmpty ? parent.code : parent.path.joined(separator: "/"),
                              parentName: parent.pathNames.isEmpty ? parent.name : parent.pathNames.joined(separator: " / "), parentPath: parent.path, total: parent.seats,
                              rows: rows, ties: r.ties, notes: notes), kids)
        }

        /// The cells of rows × columns under one parent: both margins fixed, cell weights the
        /// product of the two keys, biproportional apportionment.
        func apportionMatrix(rows: (PlanGroup, [Node]), columns: (PlanGroup, [Node]), parent: Node) throws -> (PlanGroup, [Node]) {
            let (gr, rk) = rows, (gc, ck) = columns
            var keys: [Rational] = []
            for r in gr.rows { for c in gc.rows { keys.append((r.key * c.key).reduced) } }
            var l = BigInt(1)
            for k in keys { l = PlanMath.lcm(l, k.denominator) }
            var weights = keys.map { ($0.numerator * (l / $0.denominator)).description }
            if weights.contains(where: { $0.count > ExactDecimal.maximumDigits }) {
                let scale = BigInt(10).power(35)
                weights = keys.map { ($0.numerator * scale / $0.denominator).description }
            }
            var cells: [BiproportionalCell] = []
            var i = 0
            for r in gr.rows {
                for c in gc.rows {
                    cells.append(BiproportionalCell(row: r.code, column: c.code, weight: ExactDecimal(weights[i])!))
                    i += 1
                }
            }
            let problem = BiproportionalProblem(cells: cells, rowTotals: gr.rows.map { ($0.code, $0.seats) },
                                                columnTotals: gc.rows.map { ($0.code, $0.seats) },
                                                method: scenario.method, ties: scenario.ties)
            let res: BiproportionalResult
            do {
                res = try Biproportional.apportion(problem)
            } catch DimensioneringError.infeasible(let msg) {
                throw DimensioneringError.infeasible("matrix under \(parent.name): \(msg)")
            }
            var out: [PlanRow] = []
            var kids: [Node] = []
            i = 0
            for (ri, r) in gr.rows.enumerated() {
                for (ci, c) in gc.rows.enumerated() {
                    let x = res.seats[ri][ci]
                    let code = "\(r.code)/\(c.code)", name = "\(r.name) / \(c.name)"
                    out.append(PlanRow(code: code, name: name, key: keys[i], ideal: keys[i] * Rational(parent.seats), seats: x,
                                       min: 0, max: nil, bound: .free, published: nil))
                    kids.append(Node(code: code, name: name, path: parent.path + [code], seats: x, kkr: ck[ci].kkr ?? rk[ri].kkr,
                                     pathNames: parent.pathNames + [name]))
                    i += 1
                }
            }
            for (ri, r) in gr.rows.enumerated() where res.seats[ri].reduce(0, +) != r.seats {
                throw DimensioneringError.internalError("matrix row \(r.code) does not sum to \(r.seats)")
            }
            guard out.reduce(0, { $0 + $1.seats }) == parent.seats else {
                throw DimensioneringError.internalError("matrix under \(parent.name) does not sum to \(parent.seats)")
            }
            return (PlanGroup(parentCode: gr.parentCode, parentName: gr.parentName, parentPath: parent.path, total: parent.seats,
                              rows: out, ties: res.ties, notes: []), kids)
        }

        static func comparison(rows: [PlanRow], published: [String: Rational], total: Int, label: String) -> PlanNote {
            let p = rows.reduce(Rational(0)) { $0 + ($1.published ?? Rational(0)) }
            let pText = Rational(p.floor) == p ? Int(p.floor) : nil
            func n(_ v: Int, _ sep: String) -> String { PlanFormat.thousands(v, separator: sep) }
            var plus: [(String, Int)] = [], minus: [(String, Int)] = []
            for r in rows {
                guard let pub = r.published, Rational(pub.floor) == pub else { continue }
                let d = r.seats - Int(pub.floor)
                if d > 0 { plus.append((r.name, d)) } else if d < 0 { minus.append((r.name, -d)) }
            }
            func list(_ xs: [(String, Int)]) -> String {
                xs.map { $0.1 == 1 ? $0.0 : "\($0.0) (\($0.1))" }.joined(separator: ", ")
            }
            let pd = pText.map { n($0, ".") } ?? p.decimalString(places: 2)
            let pe = pText.map { n($0, ",") } ?? p.decimalString(places: 2)
            var da = "\(label): offentliggjort \(pd); fordelt \(n(total, "."))"
            var en = "\(label): published: \(pe); apportioned: \(n(total, ","))"
            if plus.isEmpty && minus.isEmpty {
                da += "; identisk med det offentliggjorte"
                en += "; identical to the published figures"
            } else {
                if !plus.isEmpty {
                    let k = plus.reduce(0) { $0 + $1.1 }
                    da += "; +\(k) til \(list(plus))"
                    en += "; +\(k) to \(list(plus))"
                }
                if !minus.isEmpty {
                    let k = minus.reduce(0) { $0 + $1.1 }
                    da += "; −\(k) fra \(list(minus))"
                    en += "; −\(k) from \(list(minus))"
                }
            }
            return PlanNote(danish: da, english: en)
        }
    }
}

enum PlanFormat {
    /// "+3", "-2", "0", "+0.25": integers without decimals; sign handled here (exactly).
    static func signed(_ r: Rational) -> String {
        if r == Rational(0) { return "0" }
        let negative = r < Rational(0)
        let a = negative ? Rational(0) - r : r
        return (negative ? "-" : "+") + a.decimalString(places: Rational(a.floor) == a ? 0 : 2)
    }

    static func thousands(_ v: Int, separator: String) -> String {
        let s = String(abs(v))
        var out = ""
        for (i, ch) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out += separator }
            out.append(ch)
        }
        return (v < 0 ? "-" : "") + out
    }
}
