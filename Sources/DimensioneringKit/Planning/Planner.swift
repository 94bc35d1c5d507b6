import BigInt
import Foundation

/// `PlanInputs` → `PlanResult`. Pure: reads no file and writes no prose; the same inputs give the
/// same plan.
public enum Planner {
    /// How much of the plan to work out: `full` (everything the views show), or `places` (the
    /// places only: no divisor intervals and no cap what-ifs; for a sweep, which plans a scenario
    /// many times and reads only the places).
    public enum Detail: Sendable { case full, places }

    public static func plan(_ inputs: PlanInputs, detail: Detail = .full) throws -> PlanResult {
        let scenario = inputs.scenario
        let ctx = Context(inputs: inputs, detail: detail)
        var years: [PlanYearResult] = []
        // A phase-in: every year's allocation, the base and each step apportioned on its own.
        var phased: [String: [String: PlanEducationResult]] = [:]
        for e in scenario.educations where !e.phaseIn.isEmpty {
            phased[e.id] = try ctx.runPhaseIn(e)
        }
        for y in scenario.years {
            var edus: [PlanEducationResult] = []
            for e in scenario.educations {
                guard let entry = e.totals.first(where: { $0.year == y || $0.year.isEmpty }) else {
                    throw PlanError.invalid("education '\(e.id)' has no total for \(y)")
                }
                var result: PlanEducationResult
                if let c = e.carryOver, y == scenario.years.first, c.total > 0 {
                    result = try ctx.runCarryingOver(e, total: entry.total, carry: c)
                } else if let p = phased[e.id]?[y], p.total == entry.total {
                    result = p
                } else {
                    result = try ctx.runEducation(e, total: entry.total)
                }
                result.phaseIn = e.phaseIn.first { $0.year == y }.map { PhaseInYear(base: e.phaseInBase, step: $0.step, cumulative: $0.cumulative) }
                edus.append(result)
                if let rule = e.intake {
                    var intake = try ctx.runEducation(e, total: rule.intake(for: result.total))
                    intake.id = e.id + "-optag"
                    intake.role = .intake(of: e.id, rule: rule)
                    intake.phaseIn = result.phaseIn
                    edus.append(intake)
                }
            }
            years.append(PlanYearResult(year: y, educations: edus))
        }
        return PlanResult(scenario: scenario, years: years, ageData: inputs.ageData, sources: inputs.sources, registry: inputs.registry)
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
        let inputs: PlanInputs
        var detail: Detail = .full
        var scenario: Scenario { inputs.scenario }
        var registry: MunicipalityRegistry { inputs.registry }

        /// `carry_over = "shortfall"`: the plan without carry-over, then the same plan with the
        /// total raised by the carried shortfalls and every unit's floor at its places without
        /// carry-over + the shortfalls at or below it. The floors sum to each parent, so the
        /// result is exactly base + carried.
        func runCarryingOver(_ e: ScenarioEducation, total: Int, carry: CarryOver) throws -> PlanEducationResult {
            let base = try runEducation(e, total: total)
            guard let li = e.levels.firstIndex(where: { $0.name == carry.level }), li < base.levels.count else {
                throw PlanError.invalid("carry-over level '\(carry.level ?? "")' of '\(e.id)' not planned")
            }
            var added: [String: Int] = [:]  // path key → places added at or below
            var addedTotal = 0
            var units = 0
            for g in base.levels[li].groups {
                for r in g.rows {
                    let a = carry.additions[r.code] ?? 0
                    guard a > 0 else { continue }
                    units += 1
                    addedTotal += a
                    let path = g.parentPath + [r.code]
                    for k in 1...path.count { added[path.prefix(k).joined(separator: "/"), default: 0] += a }
                }
            }
            var floors: [String: Int] = [:]
            var baseSeats: [String: Int] = [:]
            for l in base.levels.prefix(li + 1) {
                for g in l.groups {
                    for r in g.rows {
                        let key = (g.parentPath + [r.code]).joined(separator: "/")
                        baseSeats[key] = r.seats
                        floors[key] = max(r.min, r.seats + (added[key] ?? 0))
                    }
                }
            }
            var result = try runEducation(e, total: total + addedTotal, floors: floors)
            for l in result.levels.indices.prefix(li + 1) {
                for g in result.levels[l].groups.indices {
                    let path = result.levels[l].groups[g].parentPath
                    for r in result.levels[l].groups[g].rows.indices {
                        let key = (path + [result.levels[l].groups[g].rows[r].code]).joined(separator: "/")
                        result.levels[l].groups[g].rows[r].carryOver = CarriedShortfall(base: baseSeats[key] ?? 0, added: added[key] ?? 0,
                                                                                        file: carry.shown, year: carry.year)
                    }
                }
            }
            result.levels[li].notes.append(.carriedShortfall(places: addedTotal, units: units, file: carry.shown, year: carry.year,
                                                             illustrative: carry.illustrative))
            return result
        }

        /// `phase_in`, as the sources state a phase-in ("33 ekstra … fordelt mellem sommer- og
        /// vinteroptaget efter gældende fordelingsnøgle"): the base is apportioned by the key on its
        /// own, then each step on its own, through every level with the same method, and a year's
        /// places are the base's allocation plus the allocations of the steps so far (a year
        /// between steps repeats the year before). 33, 66, 66 by 52/48 give 17/16, 34/32, 34/32,
        /// so 2027/28 is 85/80 (not 86/79, the split of 165 at once).
        ///
        /// Floors and caps bind the accumulated places: a step is apportioned with each unit's cap
        /// lowered by the places it already has (so a unit at its cap gets none of the step and the
        /// step goes to the units with room left) and each floor lowered likewise (a floor the base
        /// already meets no longer binds). A step too small for the floors still unmet is
        /// infeasible, named with its year. A year whose places come from more than one part has no
        /// single divisor (the sum of two divisor allocations is not in general one), so its groups
        /// carry no divisor; a year with one part is that part's plan, divisor included.
        func runPhaseIn(_ e: ScenarioEducation) throws -> [String: PlanEducationResult] {
            var out: [String: PlanEducationResult] = [:]
            var acc: PlanEducationResult?
            var firstPart = ""
            func add(_ places: Int, year: String) throws {
                guard places > 0 || acc == nil else { return }
                let seatsSoFar = acc.map(Self.seatsByPath) ?? [:]
                let piece: PlanEducationResult
                do {
                    piece = try runEducation(e, total: places, accumulated: seatsSoFar)
                } catch PlanError.infeasible(let msg) {
                    throw PlanError.infeasible("phase-in of '\(e.id)', \(year) (\(places) places): \(msg)")
                }
                if let a = acc, places > 0, a.total > 0 {
                    acc = Self.adding(piece, to: a, seatsBefore: seatsSoFar, part: year, firstPart: firstPart)
                } else if places > 0 || acc == nil {
                    acc = piece
                    firstPart = year == "base" ? "" : year
                }
            }
            for (i, s) in e.phaseIn.enumerated() {
                // The base on its own (a base of 0 only when the first year has no step either:
                // a year of 0 places is a plan of zeros, and floors have nothing to bind).
                if i == 0, e.phaseInBase > 0 || s.step == 0 { try add(e.phaseInBase, year: "base") }
                try add(s.step, year: s.year)
                out[s.year] = acc
            }
            return out
        }

        /// Places by path ("DK/Hovedstaden/101"-like keys, as `floors` uses) at every level.
        static func seatsByPath(_ r: PlanEducationResult) -> [String: Int] {
            var d: [String: Int] = [:]
            for l in r.levels { for g in l.groups { for row in g.rows { d[(g.parentPath + [row.code]).joined(separator: "/")] = row.seats } } }
            return d
        }

        /// `piece` (a step's plan) added to `a` (the plan so far), unit by unit at every level. The
        /// two have the same levels, groups and rows (the same education). Bounds are the scenario's
        /// (never the step's lowered ones); a bound is binding when some part found it binding and
        /// the sum still stands at it.
        static func adding(_ piece: PlanEducationResult, to a: PlanEducationResult, seatsBefore: [String: Int],
                       part: String, firstPart: String) -> PlanEducationResult {
            var r = a
            r.total = a.total + piece.total
            for li in r.levels.indices where li < piece.levels.count {
                for gi in r.levels[li].groups.indices where gi < piece.levels[li].groups.count {
                    let pg = piece.levels[li].groups[gi]
                    var g = r.levels[li].groups[gi]
                    g.total += pg.total
                    if var reg = g.regional, let pr = pg.regional { reg.seats += pr.seats; g.regional = reg }
                    g.ties += pg.ties
                    g.divisor = nil
                    // The parts a reader can add up (explain shows them instead of one divisor).
                    if g.phaseParts.isEmpty { g.phaseParts = [PhasePart(year: firstPart, total: g.total - pg.total, seats: g.rows.map(\.seats))] }
                    g.phaseParts.append(PhasePart(year: part == "base" ? "" : part, total: pg.total, seats: pg.rows.map(\.seats)))
                    for ri in g.rows.indices where ri < pg.rows.count {
                        let p = pg.rows[ri]
                        var row = g.rows[ri]
                        let before = row.seats
                        row.seats += p.seats
                        row.ideal = row.key * Rational(g.apportioned)
                        if let c = row.carryOver, let pc = p.carryOver { row.carryOver?.base = c.base + pc.base }
                        let atMax = row.max.map { row.seats == $0 } ?? false
                        if atMax, row.bound == .atMaximum || p.bound == .atMaximum {
                            row.bound = .atMaximum
                            if var w = p.capWhatIf ?? row.capWhatIf, p.capWhatIf != nil {
                                w.cap = (row.max ?? 0) + 1
                                w.seats += before
                                w.losers = w.losers.map { l in
                                    var l = l
                                    let k = (pg.parentPath + [l.code]).joined(separator: "/")
                                    l.from += seatsBefore[k] ?? 0
                                    l.to += seatsBefore[k] ?? 0
                                    return l
                                }
                                row.capWhatIf = w
                            }
                        } else if row.seats == row.min, row.min > 0, row.bound == .atMinimum || p.bound == .atMinimum {
                            row.bound = .atMinimum
                            row.capWhatIf = nil
                        } else {
                            row.bound = .free
                            row.capWhatIf = nil
                        }
                        g.rows[ri] = row
                    }
                    g.notes = g.notes.map { n in
                        switch n {
                        case .regionalPart(let name, _, _, let ill):
                            return .regionalPart(name: name, seats: g.regional?.seats ?? 0, of: g.total, illustrative: ill)
                        case .publishedComparison(let pc):
                            var pc = pc
                            pc.apportioned = g.apportioned
                            pc.more = []; pc.fewer = []
                            for row in g.rows {
                                guard let pub = row.published, Rational(pub.floor) == pub else { continue }
                                let d = row.seats - Int(pub.floor)
                                if d > 0 { pc.more.append(.init(name: row.name, places: d)) } else if d < 0 { pc.fewer.append(.init(name: row.name, places: -d)) }
                            }
                            return .publishedComparison(pc)
                        default: return n
                        }
                    }
                    r.levels[li].groups[gi] = g
                }
            }
            return r
        }

        func runEducation(_ e: ScenarioEducation, total: Int, floors: [String: Int] = [:],
                          accumulated: [String: Int] = [:]) throws -> PlanEducationResult {
            let rootCode = e.region ?? "DK"
            let rootName = e.region.map { "KKR \($0)" } ?? "Hele landet"
            var parents = [Node(code: rootCode, name: rootName, path: [], seats: total, kkr: e.region)]
            var levels: [PlanLevelResult] = []
            for level in e.levels {
                if let col = level.columns.first {
                    var rowGroups: [PlanGroup] = [], colGroups: [PlanGroup] = [], cellGroups: [PlanGroup] = []
                    var children: [Node] = []
                    for p in parents {
                        let (gr, rk) = try apportionGroup(level, education: e, parent: p, accumulated: accumulated)
                        let (gc, ck) = try apportionGroup(col, education: e, parent: p, accumulated: accumulated)
                        let (cells, kids) = try apportionMatrix(rows: (gr, rk), columns: (gc, ck), parent: p)
                        rowGroups.append(gr)
                        colGroups.append(gc)
                        cellGroups.append(cells)
                        children += kids
                    }
                    levels.append(PlanLevelResult(name: level.name, role: .margin, units: level.units, groups: rowGroups, notes: []))
                    levels.append(PlanLevelResult(name: col.name, role: .margin, units: col.units, groups: colGroups, notes: []))
                    levels.append(PlanLevelResult(name: "\(level.name) × \(col.name)", role: .cells, units: .custom([]), groups: cellGroups,
                                                  notes: [.biproportionalCells]))
                    parents = children
                    continue
                }
                var groups: [PlanGroup] = []
                var children: [Node] = []
                for p in parents {
                    let (g, kids) = try apportionGroup(level, education: e, parent: p, floors: floors, accumulated: accumulated)
                    groups.append(g)
                    children += kids
                }
                var notes: [PlanNote] = []
                let populationOnly = level.weights.allSatisfy { w in
                    if case .population = scenario.components[w.component]?.kind { return true }
                    return false
                }
                if level.units == .municipality, populationOnly,
                   let c = level.weights.first.flatMap({ scenario.components[$0.component] }) {
                    notes.append(.populationShare(date: c.source.date ?? MunicipalityRegistry.populationDate))
                }
                levels.append(PlanLevelResult(name: level.name, units: level.units, groups: groups, notes: notes))
                parents = children
            }
            return PlanEducationResult(id: e.id, name: e.name, region: e.region, total: total, levels: levels)
        }

        /// The units under `parent` at this level: (code, display name, kkr context).
        func units(_ level: ScenarioLevel, parent: Node) -> [(String, String, String?)] {
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

        func apportionGroup(_ level: ScenarioLevel, education e: ScenarioEducation, parent: Node,
                            floors: [String: Int] = [:], accumulated: [String: Int] = [:]) throws -> (PlanGroup, [Node]) {
            guard let data = inputs.level(e.id, level.name) else {
                throw PlanError.invalid("no data loaded for level '\(level.name)' of '\(e.id)'")
            }
            let us = units(level, parent: parent)
            let ids = us.map(\.0)
            // The regional part comes off first.
            var regional: RegionalPart?
            if let rs = level.regionalShare {
                let seats = rs.seats(of: parent.seats)
                guard seats <= parent.seats else {
                    throw PlanError.infeasible("level '\(level.name)' under \(parent.name): the region's \(seats) places exceed the \(parent.seats) to share")
                }
                regional = RegionalPart(name: rs.name, seats: seats, share: rs.share, illustrative: rs.illustrative)
            }
            let seats = parent.seats - (regional?.seats ?? 0)
            // Key: weighted blend of the components' shares among these units.
            var key = [Rational](repeating: Rational(0), count: us.count)
            var parts = [[KeyPart]](repeating: [], count: us.count)
            for (cname, w) in level.weights {
                let c = scenario.components[cname]!
                let v = data.values[cname] ?? [:]
                var vals: [Rational] = []
                for id in ids {
                    guard let x = v[id] else {
                        throw PlanError.data(c.location, "component '\(cname)' has no value for \(id) (level '\(level.name)' under \(parent.name))")
                    }
                    vals.append(x)
                }
                let s = Rational.sum(vals)
                guard s > Rational(0) else {
                    throw PlanError.data(c.location, "component '\(cname)' is 0 for every unit of level '\(level.name)' under \(parent.name)")
                }
                for i in key.indices {
                    key[i] = key[i] + w * vals[i] / s
                    parts[i].append(KeyPart(component: cname, label: c.label, kind: c.kind.tag, weight: w, value: vals[i], groupTotal: s,
                                            illustrative: c.source.illustrative))
                }
            }
            key = key.map(\.quicklyReduced)
            // Floors and caps.
            var mins = [Int](repeating: 0, count: us.count)
            var maxs = [Int?](repeating: nil, count: us.count)
            for (i, id) in ids.enumerated() {
                if let b = data.bounds[id] {
                    mins[i] = b.floor
                    maxs[i] = b.max
                }
                if let f = floors[(parent.path + [id]).joined(separator: "/")] { mins[i] = max(mins[i], f) }
            }
            // A phase-in step: the bounds less the places the unit already has (see runPhaseIn).
            var stepMins = mins, stepMaxs = maxs
            if !accumulated.isEmpty {
                for (i, id) in ids.enumerated() {
                    let had = accumulated[(parent.path + [id]).joined(separator: "/")] ?? 0
                    stepMins[i] = Swift.max(0, mins[i] - had)
                    stepMaxs[i] = maxs[i].map { Swift.max(0, $0 - had) }
                }
            }
            // One component: its values are the weights (the same proportions, and small integers,
            // where the reduced keys would need a large common denominator).
            let weights = PlanMath.integerWeights(level.weights.count == 1 ? parts.map { $0[0].value } : key)
            let problem = ApportionmentProblem(
                units: (0..<us.count).map { ApportionmentUnit(id: ids[$0], weight: weights[$0], min: stepMins[$0], max: stepMaxs[$0]) },
                seats: seats, method: scenario.method, ties: scenario.ties)
            let r: ApportionmentResult
            do {
                r = try Apportioner.apportion(problem)
            } catch DimensioneringError.infeasible(let msg) {
                throw PlanError.infeasible("level '\(level.name)' under \(parent.name) (\(seats) places): \(msg)")
            }
            guard r.seatsByUnit.reduce(0, +) == seats else {
                throw PlanError.internalInconsistency("level '\(level.name)' under \(parent.name) does not sum to \(seats)")
            }
            var rows: [PlanRow] = []
            for i in 0..<us.count {
                let single = level.weights.count == 1 ? parts[i].first?.value : nil
                rows.append(PlanRow(code: ids[i], name: us[i].1, kkr: us[i].2, key: key[i], ideal: key[i] * Rational(seats),
                                    seats: r.seatsByUnit[i], min: mins[i], max: maxs[i], bound: r.bounds[i],
                                    published: data.published?[ids[i]], parts: parts[i],
                                    divisorWeight: single ?? key[i] * Rational(seats)))
            }
            for i in rows.indices where rows[i].bound == .atMaximum && detail == .full {
                rows[i].capWhatIf = try capWhatIf(problem: problem, result: r, rows: rows, index: i)
            }
            var notes: [PlanNote] = []
            if let published = data.published, let cw = level.compareWith {
                notes.append(.publishedComparison(Self.comparison(rows: rows, published: published, total: seats,
                                                                  label: scenario.components[cw]!.label)))
            }
            if let regional {
                notes.append(.regionalPart(name: regional.name, seats: regional.seats, of: parent.seats, illustrative: regional.illustrative))
            }
            let kids = (0..<us.count).map { i in
                Node(code: ids[i], name: us[i].1, path: parent.path + [ids[i]], seats: r.seatsByUnit[i], kkr: us[i].2,
                     pathNames: parent.pathNames + [us[i].1])
            }
            let divisor = scenario.method.isDivisorMethod && detail == .full
                ? Self.divisor(rows: rows, method: scenario.method, component: level.weights.count == 1 ? parts.first?.first?.kind : nil)
                : nil
            return (PlanGroup(parentCode: parent.path.isEmpty ? parent.code : parent.path.joined(separator: "/"),
                              parentName: parent.pathNames.isEmpty ? parent.name : parent.pathNames.joined(separator: " / "), parentPath: parent.path,
                              total: parent.seats, rows: rows, ties: r.ties, notes: notes, divisor: divisor, regional: regional), kids)
        }

        /// The group re-apportioned with one unit's cap one higher: who would give up the place.
        func capWhatIf(problem: ApportionmentProblem, result: ApportionmentResult, rows: [PlanRow], index ri: Int) throws -> CapWhatIf {
            var p = problem
            p.units[ri].max = p.units[ri].max.map { $0 + 1 }
            let res = try Apportioner.apportion(p)
            let losers = rows.indices.filter { res.seatsByUnit[$0] < rows[$0].seats }.map {
                CapWhatIf.Change(code: rows[$0].code, name: rows[$0].name, from: rows[$0].seats, to: res.seatsByUnit[$0])
            }
            return CapWhatIf(cap: (rows[ri].max ?? 0) + 1, seats: res.seatsByUnit[ri], losers: losers)
        }

        static func divisor(rows: [PlanRow], method: ApportionmentMethod, component: KeyPart.Kind?) -> GroupDivisor {
            let free = rows.indices.filter { rows[$0].bound == .free }
            let iv = DivisorInterval.compute(method: method, ids: free.map { rows[$0].code }, weights: free.map { rows[$0].divisorWeight },
                                             seats: free.map { rows[$0].seats })
            return GroupDivisor(value: iv.roundDivisor(), low: iv.low, high: iv.high, needsTie: iv.needsTie,
                                dividesComponent: component != nil, component: component)
        }

        /// The cells of rows × columns under one parent: both margins fixed, cell weights the
        /// product of the two keys, biproportional apportionment.
        func apportionMatrix(rows: (PlanGroup, [Node]), columns: (PlanGroup, [Node]), parent: Node) throws -> (PlanGroup, [Node]) {
            let (gr, rk) = rows, (gc, ck) = columns
            var keys: [Rational] = []
            for r in gr.rows { for c in gc.rows { keys.append((r.key * c.key).reduced) } }
            let weights = PlanMath.integerWeights(keys)
            var cells: [BiproportionalCell] = []
            var i = 0
            for r in gr.rows {
                for c in gc.rows {
                    cells.append(BiproportionalCell(row: r.code, column: c.code, weight: weights[i]))
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
                throw PlanError.infeasible("matrix under \(parent.name): \(msg)")
            }
            var out: [PlanRow] = []
            var kids: [Node] = []
            i = 0
            for (ri, r) in gr.rows.enumerated() {
                for (ci, c) in gc.rows.enumerated() {
                    let x = res.seats[ri][ci]
                    let code = "\(r.code)/\(c.code)", name = "\(r.name) / \(c.name)"
                    out.append(PlanRow(code: code, name: name, kkr: ck[ci].kkr ?? rk[ri].kkr, key: keys[i], ideal: keys[i] * Rational(parent.seats), seats: x,
                                       min: 0, max: nil, bound: .free, published: nil, divisorWeight: keys[i] * Rational(parent.seats)))
                    kids.append(Node(code: code, name: name, path: parent.path + [code], seats: x, kkr: ck[ci].kkr ?? rk[ri].kkr,
                                     pathNames: parent.pathNames + [name]))
                    i += 1
                }
            }
            for (ri, r) in gr.rows.enumerated() where res.seats[ri].reduce(0, +) != r.seats {
                throw PlanError.internalInconsistency("matrix row \(r.code) does not sum to \(r.seats)")
            }
            guard out.reduce(0, { $0 + $1.seats }) == parent.seats else {
                throw PlanError.internalInconsistency("matrix under \(parent.name) does not sum to \(parent.seats)")
            }
            return (PlanGroup(parentCode: gr.parentCode, parentName: gr.parentName, parentPath: parent.path, total: parent.seats,
                              rows: out, ties: res.ties, notes: []), kids)
        }

        static func comparison(rows: [PlanRow], published: [String: Rational], total: Int, label: String) -> PublishedComparison {
            let p = Rational.sum(rows.lazy.compactMap(\.published))
            var more: [PublishedComparison.Difference] = [], fewer: [PublishedComparison.Difference] = []
            for r in rows {
                guard let pub = r.published, Rational(pub.floor) == pub else { continue }
                let d = r.seats - Int(pub.floor)
                if d > 0 { more.append(.init(name: r.name, places: d)) } else if d < 0 { fewer.append(.init(name: r.name, places: -d)) }
            }
            return PublishedComparison(label: label, published: p, apportioned: total, more: more, fewer: fewer)
        }
    }
}

/// What can go wrong in planning; the CLI maps these to exit codes.
public enum PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The data do not allow a plan (a component without a value for a unit, all zero).
    case data(SourceLocation, String)
    /// No allocation satisfies the bounds.
    case infeasible(String)
    /// The inputs are not a plan the planner can run (a bug in the loader).
    case invalid(String)
    /// A total did not add up: a bug.
    case internalInconsistency(String)

    public var description: String {
        switch self {
        case .data(let loc, let msg): return "\(loc): \(msg)"
        case .infeasible(let msg): return "infeasible: \(msg)"
        case .invalid(let msg), .internalInconsistency(let msg): return "internal error: \(msg)"
        }
    }
}

extension ScenarioComponent.Kind {
    var tag: KeyPart.Kind {
        switch self {
        case .population: return .population
        case .elderly: return .elderly
        case .table: return .table
        case .shares: return .shares
        }
    }
}
