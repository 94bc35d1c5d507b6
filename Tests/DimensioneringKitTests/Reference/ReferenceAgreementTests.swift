import Foundation
import Testing
@testable import DimensioneringKit

// Generated cases: the engine (LP on GLPK + exact certificate) against the plain reference in
// ReferenceApportionment.swift. Deterministic: every case comes from a seeded generator, and a
// failure prints the case so it can be replayed by hand.

/// SplitMix64, re-written here so the generator does not depend on the engine.
struct RefRNG {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) < p * 1_000_000 }
}

/// k / 10^d as decimal text: (5, 3) → "0.005", (125, 1) → "12.5".
func refDecimalText(_ k: Int, decimals d: Int) -> String {
    guard d > 0 else { return String(k) }
    var digits = String(k)
    while digits.count <= d { digits = "0" + digits }
    let cut = digits.index(digits.endIndex, offsetBy: -d)
    return digits[..<cut] + "." + digits[cut...]
}

struct RefCase: CustomStringConvertible {
    var units: [RefUnit]
    var seats: Int
    var method: ApportionmentMethod
    var hasBounds: Bool
    var description: String { "\(method.rawValue), h=\(seats): \(units)" }
}

enum RefGenerator {
    static func weight(_ kind: Int, _ rng: inout RefRNG, pool: [String]) -> String {
        switch kind {
        case 0: return String(rng.int(0...5))  // small integers: many ties, some zeros
        case 1: return rng.chance(0.1) ? "0" : refDecimalText(rng.int(1...999), decimals: 3)  // 0.123
        case 2: return rng.chance(0.1) ? "0" : String(rng.int(1...100_000))
        case 3: return refDecimalText(rng.int(0...200), decimals: rng.int(0...3))  // 12.5, 3, 0.05 mixed
        default: return pool[rng.int(0...(pool.count - 1))]  // repeated values
        }
    }

    static func oneDimensional(method: ApportionmentMethod, index: Int, boundsAllowed: Bool = true) -> RefCase {
        var rng = RefRNG(seed: UInt64(index) &* 0x1_0000_0001 &+ UInt64(ApportionmentMethod.allCases.firstIndex(of: method)!) &* 7919)
        let n = rng.int(1...7)
        let kind = rng.int(0...4)
        let pool = [String(rng.int(1...4) * 10), String(rng.int(1...4) * 10), refDecimalText(rng.int(1...9), decimals: 1)]
        let mode = boundsAllowed ? rng.int(0...3) : 0  // 0 none, 1 floors, 2 caps, 3 both
        var units: [RefUnit] = []
        for i in 0..<n {
            var u = RefUnit(id: "u\(i + 1)", weight: weight(kind, &rng, pool: pool))
            if mode & 1 != 0, rng.chance(0.5) { u.min = rng.int(0...3) }
            if mode & 2 != 0, rng.chance(0.5) { u.max = u.min + rng.int(0...4) }
            if mode != 0, rng.chance(0.03) { u.max = Swift.max(0, u.min - 1); u.min = u.max! + 1 }  // cap < floor
            units.append(u)
        }
        let h: Int
        switch rng.int(0...9) {
        case 0: h = 0
        case 1: h = rng.int(0...Swift.max(0, n - 1))  // fewer seats than units
        default: h = rng.int(0...(3 * n + 6))
        }
        return RefCase(units: units, seats: h, method: method, hasBounds: mode != 0)
    }

    /// Larger cases where floating point is strained: up to 12 units, up to 300 seats, weights that
    /// agree in their first 9–12 significant digits (near-ties the LP cannot see) or span 10^-3…10^7.
    static func stress(method: ApportionmentMethod, index: Int) -> RefCase {
        var rng = RefRNG(seed: 0x5EED_0000 &+ UInt64(index) &* 0x1_0000_0001 &+ UInt64(ApportionmentMethod.allCases.firstIndex(of: method)!) &* 104_729)
        let n = rng.int(2...12)
        let near = rng.chance(0.5)
        let base = rng.int(100_000...999_999)
        var units: [RefUnit] = []
        for i in 0..<n {
            let w: String
            if near {
                // base × k + tiny offset: ratios between units are almost, but not exactly, small rationals.
                let k = rng.int(1...3)
                w = "\(base * k).\(String(repeating: "0", count: rng.int(0...5)))\(rng.int(0...2))"
            } else {
                w = refDecimalText(rng.int(1...9_999_999), decimals: rng.int(0...6))
            }
            var u = RefUnit(id: "u\(i + 1)", weight: w)
            if rng.chance(0.2) { u.min = rng.int(0...10) }
            if rng.chance(0.2) { u.max = u.min + rng.int(0...40) }
            units.append(u)
        }
        let h = rng.int(0...300)
        return RefCase(units: units, seats: h, method: method, hasBounds: units.contains { $0.min > 0 || $0.max != nil })
    }
}

enum RefEngine {
    static func problem(_ c: RefCase, ties: TieRule) -> ApportionmentProblem {
        ApportionmentProblem(
            units: c.units.map { ApportionmentUnit(id: $0.id, weight: ExactDecimal($0.weight)!, min: $0.min, max: $0.max) },
            seats: c.seats, method: c.method, ties: ties)
    }

    /// Compares engine and reference on one case; returns the disagreements (empty: agreement).
    static func check(_ c: RefCase, alsoFail: Bool) -> [String] {
        var problems: [String] = []
        let ref = ReferenceApportionment.apportion(c.units, seats: c.seats, method: c.method)
        let ids = c.units.map(\.id)
        switch ref {
        case .infeasible:
            for rule in [TieRule.inputOrder, .fail] {
                do {
                    let r = try Apportioner.apportion(problem(c, ties: rule))
                    problems.append("expected infeasible (\(rule)), got \(r.seatsByUnit)")
                } catch DimensioneringError.infeasible {
                } catch { problems.append("expected infeasible (\(rule)), got error \(error)") }
            }
        case .allocation(let x, let tie):
            do {
                let r = try Apportioner.apportion(problem(c, ties: .inputOrder))
                if r.seatsByUnit != x { problems.append("allocation: expected \(x), got \(r.seatsByUnit)") }
                if r.seatsByUnit.reduce(0, +) != c.seats { problems.append("total \(r.seatsByUnit.reduce(0, +)) ≠ \(c.seats)") }
                for (i, u) in c.units.enumerated() {
                    let s = r.seatsByUnit[i]
                    if s < u.min || s > (u.max ?? Int.max) { problems.append("\(u.id): \(s) outside its bounds") }
                    if RefQ.decimal(u.weight).p.isZero && s != u.min { problems.append("\(u.id): zero weight got \(s) ≠ min") }
                }
                let expectedTies = tie.map { [($0.units.map { ids[$0] }, $0.seats, $0.winners.map { ids[$0] })] } ?? []
                let gotTies = r.ties.map { ($0.units, $0.seats, $0.winners) }
                if expectedTies.count != gotTies.count
                    || !zip(expectedTies, gotTies).allSatisfy({ $0.0 == $1.0 && $0.1 == $1.1 && $0.2 == $1.2 }) {
                    problems.append("ties: expected \(expectedTies), got \(gotTies)")
                }
                if c.method == .largestRemainder && !c.hasBounds {
                    // Quota property: ⌊q⌋ ≤ x ≤ ⌈q⌉ with q = h·w/W.
                    let w = c.units.map { RefQ.decimal($0.weight) }
                    let total = w.reduce(RefQ(0), +)
                    if !total.p.isZero {
                        for i in w.indices {
                            let q = RefQ(c.seats) * w[i] / total
                            if r.seatsByUnit[i] < q.floorInt || r.seatsByUnit[i] > q.ceilInt {
                                problems.append("quota property: \(ids[i]) has \(r.seatsByUnit[i]), quota \(q)")
                            }
                        }
                    }
                }
            } catch { problems.append("expected \(x), got error \(error)") }
            if alsoFail || tie != nil {
                do {
                    let r = try Apportioner.apportion(problem(c, ties: .fail))
                    if tie != nil { problems.append("ties fail: expected a .tie error, got \(r.seatsByUnit)") }
                    else if r.seatsByUnit != x { problems.append("ties fail: expected \(x), got \(r.seatsByUnit)") }
                } catch DimensioneringError.tie {
                    if tie == nil { problems.append("ties fail: unexpected .tie error") }
                } catch { problems.append("ties fail: got error \(error)") }
            }
        }
        return problems
    }
}

@Suite struct ReferenceAgreementTests {
    /// Generated cases per method: 150 every day (the first 150 of the same seeded sequence),
    /// 1,200 under DIMENSIONERING_EXHAUSTIVE=1.
    static let casesPerMethod = TestEnvironment.size(everyday: 150, exhaustive: 1200)
    static let stressCasesPerMethod = TestEnvironment.size(everyday: 15, exhaustive: 100)

    @Test(arguments: ApportionmentMethod.allCases)
    func engineAgreesWithReference(method: ApportionmentMethod) {
        var failures = 0, ties = 0, infeasible = 0
        for index in 0..<Self.casesPerMethod {
            let c = RefGenerator.oneDimensional(method: method, index: index)
            switch ReferenceApportionment.apportion(c.units, seats: c.seats, method: c.method) {
            case .infeasible: infeasible += 1
            case .allocation(_, let t): if t != nil { ties += 1 }
            }
            let problems = RefEngine.check(c, alsoFail: index % 3 == 0)
            if !problems.isEmpty {
                failures += 1
                if failures <= 5 { Issue.record(Comment(rawValue: "case #\(index) \(c)\n  " + problems.joined(separator: "\n  "))) }
            }
        }
        // The generator must actually exercise ties and infeasibility.
        #expect(ties >= Self.casesPerMethod / 20, "only \(ties) tie cases")
        #expect(infeasible >= Self.casesPerMethod / 50, "only \(infeasible) infeasible cases")
        #expect(failures == 0, "\(failures) of \(Self.casesPerMethod) cases disagree (\(method.rawValue))")
    }

    @Test(arguments: ApportionmentMethod.allCases)
    func engineAgreesOnLargerAndNearTiedCases(method: ApportionmentMethod) {
        var failures = 0
        for index in 0..<Self.stressCasesPerMethod {
            let c = RefGenerator.stress(method: method, index: index)
            let problems = RefEngine.check(c, alsoFail: index % 5 == 0)
            if !problems.isEmpty {
                failures += 1
                if failures <= 5 { Issue.record(Comment(rawValue: "stress case #\(index) \(c)\n  " + problems.joined(separator: "\n  "))) }
            }
        }
        #expect(failures == 0, "\(failures) of \(Self.stressCasesPerMethod) larger cases disagree (\(method.rawValue))")
    }

    /// House monotonicity of divisor methods (no bounds): h → h+1 never takes a seat from anyone,
    /// checked where the reference sees no tie at h or h+1 (a tie decided by input order may flip).
    @Test(arguments: ApportionmentMethod.allCases.filter(\.isDivisorMethod))
    func houseMonotonicity(method: ApportionmentMethod) throws {
        var checked = 0
        for index in 0..<30 {
            var c = RefGenerator.oneDimensional(method: method, index: 100_000 + index, boundsAllowed: false)
            guard c.units.contains(where: { !RefQ.decimal($0.weight).p.isZero }) else { continue }
            var previous: [Int]? = nil
            for h in 0...14 {
                c.seats = h
                guard case .allocation(_, let tie) = ReferenceApportionment.apportion(c.units, seats: h, method: method) else {
                    previous = nil; continue
                }
                let x = try Apportioner.apportion(RefEngine.problem(c, ties: .inputOrder)).seatsByUnit
                if tie != nil { previous = nil; continue }
                if let p = previous {
                    checked += 1
                    #expect(zip(p, x).allSatisfy { $0 <= $1 }, "\(c): h=\(h - 1) gives \(p), h=\(h) gives \(x)")
                }
                previous = x
            }
        }
        #expect(checked >= 100)
    }
}

// MARK: - Biproportional

enum RefBiGenerator {
    static func make(index: Int) -> RefBiCase {
        var rng = RefRNG(seed: 0xB1B1_0000 &+ UInt64(index) &* 0x9E37_79B9)
        let divisorMethods = ApportionmentMethod.allCases.filter(\.isDivisorMethod)
        let method = divisorMethods[index % divisorMethods.count]
        let shapes = [(2, 2), (2, 3), (3, 2), (3, 3), (4, 2), (4, 3)]
        let (m, n) = shapes[rng.int(0...(shapes.count - 1))]
        let top = m * n >= 12 ? 2 : 3
        // Margins from a random integer matrix, so they are feasible (bounds permitting).
        let seed = (0..<m).map { _ in (0..<n).map { _ in rng.int(0...top) } }
        let kind = rng.int(0...3)
        var weights: [[String]] = [], mins: [[Int]] = [], maxs: [[Int?]] = []
        let wildBounds = rng.chance(0.15)
        for r in 0..<m {
            var wr: [String] = [], mr: [Int] = [], xr: [Int?] = []
            for c in 0..<n {
                var w: String
                switch kind {
                case 0: w = String(rng.int(1...9))
                case 1: w = refDecimalText(rng.int(1...999), decimals: 3)
                case 2: w = String(rng.int(1...2000))
                default: w = String(rng.int(1...3))  // few distinct values: exact ties
                }
                if seed[r][c] == 0 && rng.chance(0.2) { w = "0" }
                var lo = 0, hi: Int? = nil
                if rng.chance(0.15) { lo = rng.int(0...seed[r][c]) }
                if rng.chance(0.15) { hi = seed[r][c] + rng.int(0...1) }
                if wildBounds && rng.chance(0.3) { hi = rng.int(0...1); lo = Swift.min(lo, hi!) }
                wr.append(w); mr.append(lo); xr.append(hi)
            }
            weights.append(wr); mins.append(mr); maxs.append(xr)
        }
        let R = seed.map { $0.reduce(0, +) }
        let C = (0..<n).map { c in seed.reduce(0) { $0 + $1[c] } }
        return RefBiCase(weights: weights, mins: mins, maxs: maxs, rowTotals: R, columnTotals: C, method: method)
    }

    static func problem(_ c: RefBiCase, ties: TieRule) -> BiproportionalProblem {
        var cells: [BiproportionalCell] = []
        for r in c.weights.indices {
            for j in c.weights[r].indices {
                cells.append(BiproportionalCell(row: "r\(r + 1)", column: "c\(j + 1)", weight: ExactDecimal(c.weights[r][j])!,
                                                min: c.mins[r][j], max: c.maxs[r][j]))
            }
        }
        return BiproportionalProblem(
            cells: cells, rowTotals: c.rowTotals.enumerated().map { ("r\($0.offset + 1)", $0.element) },
            columnTotals: c.columnTotals.enumerated().map { ("c\($0.offset + 1)", $0.element) },
            method: c.method, ties: ties)
    }

    static func check(_ c: RefBiCase, alsoFail: Bool) -> [String] {
        var problems: [String] = []
        let m = c.rowTotals.count, n = c.columnTotals.count
        guard let ref = ReferenceBiproportional.solve(c) else {
            do {
                let r = try Biproportional.apportion(problem(c, ties: .inputOrder))
                problems.append("expected infeasible, got \(r.seats)")
            } catch DimensioneringError.infeasible {
            } catch { problems.append("expected infeasible, got error \(error)") }
            return problems
        }
        do {
            let r = try Biproportional.apportion(problem(c, ties: .inputOrder))
            let x = r.seats
            if ref.optima.count == 1 {
                if x != ref.optima[0] { problems.append("expected \(ref.optima[0]), got \(x)") }
                if !r.ties.isEmpty { problems.append("unexpected ties \(r.ties)") }
            } else {
                if !ref.optima.contains(x) { problems.append("got \(x), not one of the tied optima \(ref.optima)") }
                if r.ties.isEmpty { problems.append("\(ref.optima.count) tied optima \(ref.optima) but no tie reported") }
            }
            for i in 0..<m where x[i].reduce(0, +) != c.rowTotals[i] { problems.append("row \(i + 1) total \(x[i].reduce(0, +))") }
            for j in 0..<n where x.reduce(0, { $0 + $1[j] }) != c.columnTotals[j] { problems.append("column \(j + 1) total wrong") }
            // x_rc = round_s(w_rc / (ρ_r γ_c)) for every side of a cell not held by a bound.
            for i in 0..<m {
                for j in 0..<n {
                    let w = RefQ.decimal(c.weights[i][j])
                    let v = x[i][j]
                    if v < c.mins[i][j] || v > (c.maxs[i][j] ?? Int.max) { problems.append("cell \(i + 1),\(j + 1): \(v) outside bounds") }
                    if w.p.isZero { if v != c.mins[i][j] { problems.append("zero-weight cell \(i + 1),\(j + 1) has \(v)") }; continue }
                    let cap = Swift.min(c.maxs[i][j] ?? Int.max, c.rowTotals[i], c.columnTotals[j])
                    let t = w.double / (r.rowDivisors[i] * r.columnDivisors[j])
                    if !ReferenceBiproportional.fitsRounding(c.method, t: t, x: v, checkLower: v > c.mins[i][j], checkUpper: v < cap) {
                        problems.append("cell \(i + 1),\(j + 1): \(v) seats but w/(ργ) = \(t) (ρ=\(r.rowDivisors), γ=\(r.columnDivisors))")
                    }
                }
            }
        } catch { problems.append("expected \(ref.optima[0]), got error \(error)") }
        if alsoFail || ref.optima.count > 1 {
            do {
                let r = try Biproportional.apportion(problem(c, ties: .fail))
                if ref.optima.count > 1 { problems.append("ties fail: expected a .tie error, got \(r.seats)") }
            } catch DimensioneringError.tie {
                if ref.optima.count == 1 { problems.append("ties fail: unexpected .tie error") }
            } catch { problems.append("ties fail: got error \(error)") }
        }
        return problems
    }
}

@Suite struct ReferenceBiproportionalAgreementTests {
    /// 100 every day, 700 under DIMENSIONERING_EXHAUSTIVE=1 (the first 100 are the same cases).
    static let cases = TestEnvironment.size(everyday: 100, exhaustive: 700)

    @Test func engineAgreesWithBruteForce() {
        var failures = 0, tied = 0, infeasible = 0
        for index in 0..<Self.cases {
            let c = RefBiGenerator.make(index: index)
            if let ref = ReferenceBiproportional.solve(c) { if ref.optima.count > 1 { tied += 1 } } else { infeasible += 1 }
            let problems = RefBiGenerator.check(c, alsoFail: index % 4 == 0)
            if !problems.isEmpty {
                failures += 1
                if failures <= 8 { Issue.record(Comment(rawValue: "biproportional case #\(index) \(c)\n  " + problems.joined(separator: "\n  "))) }
            }
        }
        // The generator must exercise ties and infeasibility (about 1 in 70 cases each at least).
        #expect(tied >= Self.cases / 70, "only \(tied) tied cases")
        #expect(infeasible >= Self.cases / 70, "only \(infeasible) infeasible cases")
        #expect(failures == 0, "\(failures) of \(Self.cases) biproportional cases disagree (\(tied) tied, \(infeasible) infeasible)")
    }
}
