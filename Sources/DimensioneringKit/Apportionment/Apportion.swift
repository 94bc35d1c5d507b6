import BigInt
import Foundation
import LinearProgramming

/// One unit to receive seats: a municipality, a KKR, a school.
public struct ApportionmentUnit: Sendable, Equatable {
    public var id: String
    public var weight: ExactDecimal
    /// Floor: at least this many seats.
    public var min: Int
    /// Cap: at most this many seats (nil: no cap).
    public var max: Int?

    public init(id: String, weight: ExactDecimal, min: Int = 0, max: Int? = nil) {
        self.id = id
        self.weight = weight
        self.min = min
        self.max = max
    }
}

/// A one-dimensional apportionment problem, as plain values.
public struct ApportionmentProblem: Sendable {
    public var units: [ApportionmentUnit]
    public var seats: Int
    public var method: ApportionmentMethod
    public var ties: TieRule

    public init(units: [ApportionmentUnit], seats: Int, method: ApportionmentMethod, ties: TieRule = .inputOrder) {
        self.units = units
        self.seats = seats
        self.method = method
        self.ties = ties
    }

    /// Largest number of seats or units accepted (beyond this the LP and the reports stop being useful).
    public static let maximumSeats = 10_000_000
    public static let maximumUnits = 1_000_000
}

/// Seats decided by a tie rule: `units` contended for `seats` seats that could go either way.
public struct Tie: Sendable, Equatable, CustomStringConvertible {
    public var units: [String]
    public var seats: Int
    public var winners: [String]
    public var rule: TieRule

    public var description: String {
        "\(units.joined(separator: ", ")) tie for \(seats) seat\(seats == 1 ? "" : "s"); decided by \(rule): \(winners.joined(separator: ", "))"
    }
}

public enum BoundStatus: String, Sendable, Equatable, Codable {
    case free
    /// The floor binds: without it the unit would get fewer seats.
    case atMinimum = "min"
    /// The cap binds: without it the unit would get more seats.
    case atMaximum = "max"
}

/// What GLPK did, for benchmarks and for the curious.
public struct SolveStatistics: Sendable, Equatable {
    public var columns: Int = 0
    public var rows: Int = 0
    public var iterations: Int = 0
    public var lpSolves: Int = 0
    /// Times the segment window had to be widened because the certificate failed at its edge.
    public var widenings: Int = 0
    /// Exact exchange steps after the LP (only for floating-point near-ties).
    public var repairs: Int = 0
}

public struct ApportionmentResult: Sendable {
    public var method: ApportionmentMethod
    public var seats: Int
    public var tieRule: TieRule
    public var ids: [String]
    public var weights: [ExactDecimal]
    public var minimums: [Int]
    public var maximums: [Int?]
    /// Seats per unit, in input order.
    public var seatsByUnit: [Int]
    public var ties: [Tie]
    /// The ideal (fractional) quota h·w/W of each unit, exactly.
    public var idealQuotas: [Rational]
    public var bounds: [BoundStatus]
    /// Divisor methods: every D in [low, high] reproduces the allocation as clamp(round_s(w/D)).
    public var divisorRange: (low: Double, high: Double)?
    /// A round divisor inside `divisorRange`, for explanations (w ÷ D → seats).
    public var divisor: Double?
    /// Largest remainder: the quota of each unit after the floors and caps (λ·w clamped), exactly.
    public var restrictedQuotas: [Rational]?
    public var statistics: SolveStatistics

    public var allocation: [String: Int] {
        Dictionary(uniqueKeysWithValues: zip(ids, seatsByUnit))
    }
}

// MARK: - Exact priorities

/// Exact comparison of seat priorities. The k-th seat (k ≥ 1) of unit i has priority
/// w_i / s(k-1) for divisor methods and q̃_i − (k−1) for largest remainder; seats go to the
/// highest priorities. Only integers are compared: no floating point decides anything.
struct PriorityOracle {
    let method: ApportionmentMethod
    /// Divisor methods: weights on a common integer scale, squared.
    let weightSquared: [BigInt]
    /// Largest remainder: restricted quotas.
    let quotas: [Rational]

    /// Compares priority of seat `ka` of unit `a` with seat `kb` of unit `b`.
    func compare(_ a: Int, _ ka: Int, _ b: Int, _ kb: Int) -> ComparisonResult {
        if method == .largestRemainder {
            let pa = quotas[a] - Rational(ka - 1), pb = quotas[b] - Rational(kb - 1)
            return pa < pb ? .orderedAscending : (pa == pb ? .orderedSame : .orderedDescending)
        }
        let sa = method.signpostSquared(ka - 1), sb = method.signpostSquared(kb - 1)
        // Priority² = w² · den / num; num = 0 means infinite priority.
        switch (sa.num.isZero, sb.num.isZero) {
        case (true, true): return .orderedSame
        case (true, false): return .orderedDescending
        case (false, true): return .orderedAscending
        default:
            let lhs = weightSquared[a] * sa.den * sb.num
            let rhs = weightSquared[b] * sb.den * sa.num
            return lhs < rhs ? .orderedAscending : (lhs == rhs ? .orderedSame : .orderedDescending)
        }
    }
}

// MARK: - The engine

public enum Apportioner {
    /// Apportions `problem.seats` among the units, exactly, under floors and caps.
    public static func apportion(_ problem: ApportionmentProblem, options: SimplexOptions = .apportionment) throws -> ApportionmentResult {
        let units = problem.units
        let n = units.count
        let h = problem.seats
        guard n > 0 else { throw DimensioneringError.usage("no units to apportion among") }
        guard n <= ApportionmentProblem.maximumUnits else {
            throw DimensioneringError.usage("\(n) units: at most \(ApportionmentProblem.maximumUnits) are supported")
        }
        guard h >= 0 else { throw DimensioneringError.usage("seats must not be negative (got \(h))") }
        guard h <= ApportionmentProblem.maximumSeats else {
            throw DimensioneringError.usage("\(h) seats: at most \(ApportionmentProblem.maximumSeats) are supported")
        }
        var seen = Set<String>()
        for u in units {
            guard !u.id.isEmpty else { throw DimensioneringError.usage("a unit has an empty id") }
            guard seen.insert(u.id).inserted else { throw DimensioneringError.usage("unit '\(u.id)' appears twice") }
            guard u.min >= 0 else { throw DimensioneringError.usage("unit '\(u.id)': min \(u.min) is negative") }
            guard u.min <= ApportionmentProblem.maximumSeats else {
                throw DimensioneringError.usage("unit '\(u.id)': min \(u.min) is more than the \(ApportionmentProblem.maximumSeats) seats supported")
            }
            if let mx = u.max {
                guard mx >= 0 else { throw DimensioneringError.usage("unit '\(u.id)': max \(mx) is negative") }
                guard mx >= u.min else {
                    throw DimensioneringError.infeasible("unit '\(u.id)': cap \(mx) is below its floor \(u.min)")
                }
            }
        }

        let lo = units.map(\.min)
        // Effective caps: a unit never needs more than all seats; a zero-weight unit stays at its floor.
        let hi = units.map { u -> Int in
            u.weight.isZero ? u.min : Swift.max(u.min, Swift.min(u.max ?? h, h))
        }
        try checkFeasibility(units: units, lo: lo, hi: hi, seats: h)

        let scaled = ExactDecimal.commonScale(units.map(\.weight))
        let totalWeight = scaled.reduce(BigInt(0), +)
        let idealQuotas: [Rational] = scaled.map { totalWeight.isZero ? Rational(0) : Rational($0 * BigInt(h), totalWeight) }

        var restricted: [Rational]? = nil
        var lambda: Rational? = nil
        if problem.method == .largestRemainder {
            let (q, l) = restrictedQuotas(scaled: scaled, lo: lo, hi: hi, seats: h)
            restricted = q
            lambda = l
        }
        let oracle = PriorityOracle(
            method: problem.method,
            weightSquared: problem.method.isDivisorMethod ? scaled.map { $0 * $0 } : [],
            quotas: restricted ?? [])

        var stats = SolveStatistics()
        var x: [Int]
        let sumLo = lo.reduce(0, +), sumHi = hi.reduce(0, +)
        if h == sumLo {
            x = lo
        } else if h == sumHi {
            x = hi
        } else {
            let doubles = units.map { $0.weight.doubleValue }
            var window = estimateWindow(method: problem.method, weights: doubles, restricted: restricted, lo: lo, hi: hi, seats: h)
            var margin = 1
            while true {
                let windows = (0..<n).map { i in
                    (Swift.max(lo[i], window[i].0 - margin), Swift.min(hi[i], window[i].1 + margin))
                }
                x = try solveLP(method: problem.method, weights: doubles, restricted: restricted, windows: windows,
                                seats: h, options: options, stats: &stats)
                let cert = certificate(x: x, lo: lo, hi: hi, oracle: oracle)
                if cert.valid { break }
                let full = (0..<n).allSatisfy { windows[$0] == (lo[$0], hi[$0]) }
                if full || stats.widenings >= 3 {
                    x = repair(x: x, lo: lo, hi: hi, oracle: oracle, stats: &stats)
                    break
                }
                stats.widenings += 1
                margin *= 4
                window = window.map { ($0.0, $0.1) }
            }
        }

        // Ties: every unit whose last seat or next seat sits exactly at the threshold contends.
        var ties: [Tie] = []
        let cert = certificate(x: x, lo: lo, hi: hi, oracle: oracle)
        precondition(cert.valid, "allocation failed its certificate after repair")
        if let w = cert.worstWinner, let l = cert.bestLoser, oracle.compare(w, x[w], l, x[l] + 1) == .orderedSame {
            var given: [Int] = [], open: [Int] = []
            for i in 0..<n {
                if x[i] > lo[i], oracle.compare(i, x[i], w, x[w]) == .orderedSame { given.append(i) }
                if x[i] < hi[i], oracle.compare(i, x[i] + 1, w, x[w]) == .orderedSame { open.append(i) }
            }
            for i in given { x[i] -= 1 }
            let contenders = (given + open).sorted()
            let k = given.count
            let winners: [Int]
            switch problem.ties {
            case .fail:
                throw DimensioneringError.tie(
                    "\(contenders.map { units[$0].id }.joined(separator: ", ")) tie for \(k) seat\(k == 1 ? "" : "s") "
                        + "(\(problem.method.rawValue), \(h) seats); choose --ties order or --ties lot[:SEED]")
            case .inputOrder:
                winners = Array(contenders.prefix(k))
            case .lot(let seed):
                var rng = SplitMix64(seed: seed)
                var pool = contenders
                // Fisher-Yates from the back, as in Knuth's Algorithm P.
                if pool.count > 1 {
                    for i in stride(from: pool.count - 1, to: 0, by: -1) {
                        pool.swapAt(i, rng.below(i + 1))
                    }
                }
                winners = Array(pool.prefix(k)).sorted()
            }
            for i in winners { x[i] += 1 }
            ties.append(Tie(units: contenders.map { units[$0].id }, seats: k,
                            winners: winners.map { units[$0].id }, rule: problem.ties))
        }

        // Which bounds bind, and a divisor that explains the result.
        let final = certificate(x: x, lo: lo, hi: hi, oracle: oracle)
        var boundStatus = [BoundStatus](repeating: .free, count: n)
        let reference: (Int, Int)? = final.worstWinner.map { ($0, x[$0]) } ?? final.bestLoser.map { ($0, x[$0] + 1) }
        for i in 0..<n where !units[i].weight.isZero {
            guard let (r, kr) = reference else { break }
            if x[i] == lo[i], lo[i] > 0, oracle.compare(i, lo[i], r, kr) == .orderedAscending,
               final.worstWinner.map({ $0 != i }) ?? true {
                boundStatus[i] = .atMinimum
            }
            let cap = units[i].max ?? Int.max
            if x[i] == cap, x[i] < h, oracle.compare(i, x[i] + 1, r, kr) != .orderedAscending,
               final.bestLoser.map({ $0 != i }) ?? true {
                boundStatus[i] = .atMaximum
            }
            if let l = lambda, let mx = units[i].max, x[i] == mx,
               Rational(scaled[i]) * l > Rational(mx) { boundStatus[i] = .atMaximum }
            if let l = lambda, x[i] == lo[i], lo[i] > 0, Rational(scaled[i]) * l < Rational(lo[i]) { boundStatus[i] = .atMinimum }
        }

        var range: (Double, Double)? = nil
        var divisor: Double? = nil
        if problem.method.isDivisorMethod {
            let doubles = units.map { $0.weight.doubleValue }
            func priority(_ i: Int, _ k: Int) -> Double {
                let s = problem.method.signpost(k - 1)
                return s == 0 ? .infinity : doubles[i] / s
            }
            let low = final.bestLoser.map { priority($0, x[$0] + 1) } ?? 0
            let high = final.worstWinner.map { priority($0, x[$0]) } ?? .infinity
            range = (low, high)
            divisor = niceNumber(between: low, and: high)
        }

        return ApportionmentResult(
            method: problem.method, seats: h, tieRule: problem.ties, ids: units.map(\.id),
            weights: units.map(\.weight), minimums: lo, maximums: units.map(\.max), seatsByUnit: x,
            ties: ties, idealQuotas: idealQuotas, bounds: boundStatus, divisorRange: range, divisor: divisor,
            restrictedQuotas: restricted, statistics: stats)
    }

    // MARK: Feasibility

    static func checkFeasibility(units: [ApportionmentUnit], lo: [Int], hi: [Int], seats h: Int) throws {
        let sumLo = lo.reduce(0, +)
        if sumLo > h {
            let floors = units.enumerated().filter { $0.element.min > 0 }
                .sorted { $0.element.min != $1.element.min ? $0.element.min > $1.element.min : $0.offset < $1.offset }
            let listed = floors.prefix(10).map { "\($0.element.id) (min \($0.element.min))" }.joined(separator: ", ")
            throw DimensioneringError.infeasible(
                "the floors add up to \(sumLo) places but only \(h) are to be allocated: \(sumLo - h) too many; "
                    + "floors: \(listed)\(floors.count > 10 ? ", … (\(floors.count) units with floors)" : "")")
        }
        let sumHi = hi.reduce(0, +)
        if sumHi < h {
            if units.allSatisfy({ $0.weight.isZero }) {
                throw DimensioneringError.infeasible(
                    "all weights are zero, so no unit can receive places beyond its floor; \(h - sumHi) of \(h) places cannot be allocated")
            }
            let capped = units.enumerated().filter { $0.element.max != nil && !$0.element.weight.isZero }
            let zero = units.filter { $0.weight.isZero }
            var msg = "the caps allow at most \(sumHi) places but \(h) are to be allocated: \(h - sumHi) short"
            if !capped.isEmpty {
                msg += "; caps: " + capped.prefix(10).map { "\($0.element.id) (max \($0.element.max!))" }.joined(separator: ", ")
                if capped.count > 10 { msg += ", … (\(capped.count) capped units)" }
            }
            if !zero.isEmpty {
                msg += "; units with weight 0 stay at their floor: " + zero.prefix(10).map(\.id).joined(separator: ", ")
                if zero.count > 10 { msg += ", … (\(zero.count))" }
            }
            throw DimensioneringError.infeasible(msg)
        }
    }

    // MARK: Largest remainder with floors and caps

    /// Largest remainder under bounds: find λ with Σ clamp(λ·w_i, min_i, max_i) = h (exactly), then
    /// give each unit the floor of its clamped quota q̃_i and the remaining seats to the largest
    /// remainders q̃_i − ⌊q̃_i⌋. Without bounds λ = h/W and this is Hamilton's method.
    static func restrictedQuotas(scaled: [BigInt], lo: [Int], hi: [Int], seats h: Int) -> ([Rational], Rational) {
        let n = scaled.count
        // Usually no bound is active at λ = h/W (Hamilton's quota): then that is the answer.
        let total = scaled.reduce(BigInt(0), +)
        if !total.isZero {
            let hare = Rational(BigInt(h), total)
            let q = (0..<n).map { Rational(scaled[$0] * BigInt(h), total) }
            if (0..<n).allSatisfy({ q[$0] >= Rational(lo[$0]) && q[$0] <= Rational(hi[$0]) }) { return (q, hare) }
        }
        // Breakpoints of g(λ) = Σ clamp(λ w_i, lo_i, hi_i), a nondecreasing piecewise-linear function.
        var points: [Rational] = [Rational(0)]
        for i in 0..<n where !scaled[i].isZero {
            points.append(Rational(BigInt(lo[i]), scaled[i]))
            points.append(Rational(BigInt(hi[i]), scaled[i]))
        }
        points.sort()
        func g(_ l: Rational) -> Rational {
            var s = Rational(0)
            for i in 0..<n { s = s + clamp(Rational(scaled[i]) * l, lo[i], hi[i]) }
            return s
        }
        let target = Rational(h)
        // Binary search for the last breakpoint with g ≤ h.
        var a = 0, b = points.count - 1
        if g(points[b]) <= target { a = b }
        while a < b {
            let mid = (a + b + 1) / 2
            if g(points[mid]) <= target { a = mid } else { b = mid - 1 }
        }
        let left = points[a]
        var lambda = left
        let gl = g(left)
        if gl < target {
            // Free units at λ slightly above `left`: those with lo_i ≤ λw_i < hi_i there.
            var fixed = Rational(0)
            var freeWeight = BigInt(0)
            for i in 0..<n {
                let v = Rational(scaled[i]) * left
                if scaled[i].isZero { fixed = fixed + Rational(lo[i]) } else if v < Rational(lo[i]) { fixed = fixed + Rational(lo[i]) } else if v >= Rational(hi[i]) {
                    fixed = fixed + Rational(hi[i])
                } else { freeWeight += scaled[i] }
            }
            if !freeWeight.isZero { lambda = ((target - fixed) / Rational(freeWeight)).reduced }
        }
        let q = (0..<n).map { clamp(Rational(scaled[$0]) * lambda, lo[$0], hi[$0]).reduced }
        return (q, lambda)
    }

    static func clamp(_ v: Rational, _ lo: Int, _ hi: Int) -> Rational {
        if v < Rational(lo) { return Rational(lo) }
        if v > Rational(hi) { return Rational(hi) }
        return v
    }

    // MARK: Window estimate

    /// A small segment window per unit around the allocation found with a floating-point divisor.
    /// Only speed depends on it: the exact certificate decides correctness.
    static func estimateWindow(method: ApportionmentMethod, weights: [Double], restricted: [Rational]?,
                               lo: [Int], hi: [Int], seats h: Int) -> [(Int, Int)] {
        let n = weights.count
        if let q = restricted {
            return (0..<n).map { i in
                let f = Int(q[i].floor)
                return (Swift.max(lo[i], f), Swift.min(hi[i], f + 1))
            }
        }
        let total = weights.reduce(0, +)
        func alloc(_ d: Double) -> [Int] {
            (0..<n).map { i in Swift.max(lo[i], Swift.min(hi[i], method.round(weights[i] / d))) }
        }
        func f(_ d: Double) -> Int { alloc(d).reduce(0, +) }
        // Bracket: dSmall gives ≥ h seats, dLarge gives ≤ h seats (or the floors if never).
        let d0 = total / Double(Swift.max(h, 1))
        var dSmall = d0, dLarge = d0
        var it = 0
        while f(dSmall) < h, it < 200 { dSmall /= 2; it += 1 }
        it = 0
        var largeReached = true
        while f(dLarge) > h { dLarge *= 2; it += 1; if it > 200 { largeReached = false; break } }
        if largeReached {
            for _ in 0..<100 {
                let mid = (dSmall + dLarge) / 2
                if mid <= dSmall || mid >= dLarge { break }
                if f(mid) >= h { dSmall = mid } else { dLarge = mid }
                if f(dSmall) == h { break }
            }
        }
        let upper = alloc(dSmall)
        let lower = largeReached ? alloc(dLarge) : lo
        return (0..<n).map { (Swift.min(lower[$0], upper[$0]), Swift.max(lower[$0], upper[$0])) }
    }

    // MARK: The LP

    /// The seat LP of `Models/apportion.mod` over the given windows, built through GLPK's API.
    public static func buildLP(method: ApportionmentMethod, weights: [Double], restricted: [Rational]?,
                        windows: [(Int, Int)], seats h: Int) -> (LinearProgram, [(unit: Int, seat: Int)]) {
        var lp = LinearProgram(name: "apportion", sense: .minimize)
        var index: [(unit: Int, seat: Int)] = []
        var fixed = 0
        var terms: [(column: Int, coefficient: Double)] = []
        let quotas = restricted?.map(\.doubleValue)
        for (i, (a, b)) in windows.enumerated() {
            fixed += a
            guard b > a else { continue }
            let logw = log(weights[i])
            for k in (a + 1)...b {
                let cost: Double
                if let quotas {
                    cost = Double(k - 1) - quotas[i]
                } else {
                    let s = method.signpost(k - 1)
                    cost = s == 0 ? -1e6 : log(s) - logw
                }
                let c = lp.addColumn("y[\(i + 1),\(k)]", .range(0, 1), objective: cost)
                index.append((i, k))
                terms.append((c, 1))
            }
        }
        lp.addRow("total", .fixed(Double(h - fixed)), terms)
        warmStart(&lp, seats: h - fixed)
        return (lp, index)
    }

    /// A crash basis for the seat LP: the `seats` cheapest columns start at their upper bound and
    /// every cost is shifted by the cost θ between the last of them and the next one. Since the
    /// columns always sum to `seats`, the shift changes the objective by a constant only, and the
    /// start is dual feasible: the dual simplex method then needs a handful of iterations instead
    /// of one per unit (without it the solve grows quadratically with the number of units).
    static func warmStart(_ lp: inout LinearProgram, seats: Int) {
        let order = lp.columns.indices.sorted { (lp.columns[$0].objective, $0) < (lp.columns[$1].objective, $1) }
        let take = Swift.max(0, Swift.min(seats, order.count))
        let theta: Double
        switch (take > 0, take < order.count) {
        case (true, true): theta = (lp.columns[order[take - 1]].objective + lp.columns[order[take]].objective) / 2
        case (true, false): theta = lp.columns[order[take - 1]].objective
        case (false, true): theta = lp.columns[order[0]].objective
        default: theta = 0
        }
        for j in lp.columns.indices { lp.columns[j].objective -= theta }
        for j in order.prefix(take) { lp.columns[j].startsAtUpperBound = true }
    }

    static func solveLP(method: ApportionmentMethod, weights: [Double], restricted: [Rational]?, windows: [(Int, Int)],
                        seats h: Int, options: SimplexOptions, stats: inout SolveStatistics) throws -> [Int] {
        let (lp, index) = buildLP(method: method, weights: weights, restricted: restricted, windows: windows, seats: h)
        let solution: LPSolution
        do { solution = try lp.solve(options: options) } catch {
            throw DimensioneringError.internalError("\(error)")
        }
        stats.lpSolves += 1
        stats.columns = lp.columns.count
        stats.rows = lp.rows.count
        stats.iterations += solution.iterations
        guard solution.status == .optimal else {
            throw DimensioneringError.internalError(
                "GLPK did not find the optimum: \(solution.status); \(solution.termination)")
        }
        var x = windows.map(\.0)
        for (c, v) in solution.columnValues.enumerated() where v > 0.5 {
            x[index[c].unit] += 1
        }
        return x
    }

    // MARK: Certificate and repair

    struct Certificate {
        var valid: Bool
        /// The unit whose last seat has the lowest priority among units above their floor.
        var worstWinner: Int?
        /// The unit whose next seat has the highest priority among units below their cap.
        var bestLoser: Int?
    }

    /// The allocation is a (restricted) divisor / largest-remainder apportionment iff no seat
    /// outside it has a higher priority than a seat inside it. Exact.
    static func certificate(x: [Int], lo: [Int], hi: [Int], oracle: PriorityOracle) -> Certificate {
        var worst: Int? = nil, best: Int? = nil
        for i in 0..<x.count {
            if x[i] > lo[i] {
                if let w = worst {
                    if oracle.compare(i, x[i], w, x[w]) == .orderedAscending { worst = i }
                } else { worst = i }
            }
            if x[i] < hi[i] {
                if let b = best {
                    if oracle.compare(i, x[i] + 1, b, x[b] + 1) == .orderedDescending { best = i }
                } else { best = i }
            }
        }
        var valid = true
        if let w = worst, let b = best, oracle.compare(w, x[w], b, x[b] + 1) == .orderedAscending { valid = false }
        return Certificate(valid: valid, worstWinner: worst, bestLoser: best)
    }

    /// Exact exchanges: move a seat from the worst winner to the best loser until the certificate holds.
    static func repair(x start: [Int], lo: [Int], hi: [Int], oracle: PriorityOracle, stats: inout SolveStatistics) -> [Int] {
        var x = start
        while true {
            let c = certificate(x: x, lo: lo, hi: hi, oracle: oracle)
            if c.valid { return x }
            x[c.worstWinner!] -= 1
            x[c.bestLoser!] += 1
            stats.repairs += 1
        }
    }

    /// The number with the fewest significant digits strictly inside (low, high), or the midpoint.
    static func niceNumber(between low: Double, and high: Double) -> Double {
        if !high.isFinite { return low > 0 ? low * 1.0000001 : 1 }
        if !(low < high) { return high }
        for digits in 1...15 {
            let exponent = floor(log10(high)) - Double(digits - 1)
            let step = pow(10, exponent)
            for raw in [(high / step).rounded(.down) * step, ((low / step).rounded(.down) + 1) * step] {
                // Through text, so the value prints as the short decimal it is (0.9994, not 0.99940000000001).
                guard let candidate = Double(String(format: "%.\(digits)g", raw)) else { continue }
                if candidate > low && candidate < high { return candidate }
            }
        }
        return (low + high) / 2
    }
}

public extension SimplexOptions {
    /// Chosen by measurement (`dimensionering-bench`): dual simplex without presolve.
    static let apportionment = SimplexOptions(method: .dualThenPrimal, presolve: false, reducedCostTolerance: 1e-11)
}
