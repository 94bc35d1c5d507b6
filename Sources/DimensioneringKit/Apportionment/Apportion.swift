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
    /// Exact exchange steps after the float search (only for floating-point near-ties).
    public var repairs: Int = 0
    /// Priority comparisons that floating point could not settle and integers decided (a few,
    /// near the divisor; every other comparison was far beyond the floats' rounding error).
    public var exactComparisons: Int = 0
    /// Biproportional: seats moved along shortest augmenting paths after alternating scaling
    /// (tie-and-transfer); with `lpSolves == 0` the transfers, not the LP, found the allocation.
    public var transfers: Int = 0
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

// MARK: - Tuning

/// Every constant the engines' speed depends on, in one place. None of them decides an answer:
/// the exact certificates do. Changing one changes how much work is done, never the allocation.
public struct EngineTuning: Sendable {
    /// Two floating-point seat priorities closer than this (relative) are compared exactly with
    /// integers. A float priority w/s carries at most about five roundings (≈ 6·10⁻¹⁶ relative);
    /// 10⁻¹² leaves a margin of more than a thousand, so a float decision is always the exact one.
    public var relativeMargin = 1e-12
    /// Largest remainder: priorities q̃ − (k − 1) are compared exactly when closer than this times
    /// (1 + |q̃a| + |q̃b|) (the subtraction loses relative precision, so the margin is absolute).
    public var remainderMargin = 1e-9
    /// Proportional corrections D ← D · S_free / (h − S_fixed) of the floating-point divisor before a
    /// heap hands out (or takes back) the last seats one by one; 4 brings 10⁶ units within a few
    /// hundred seats of the target.
    public var divisorCorrections = 4
    /// Biproportional: sweeps of continuous iterative proportional fitting that seed the divisors.
    public var fittingSweeps = 30
    /// Biproportional: rounds of discrete alternating scaling (fit every row, then every column).
    public var scalingRounds = 25
    /// Biproportional: stop scaling after this many rounds without fewer unmet columns.
    public var staleScalingRounds = 2
    /// Biproportional: LP attempts over widening windows; after this many every cell gets its full
    /// range [floor, cap] (the LP is then the whole problem and cannot miss).
    public var windowAttempts = 8
    /// Biproportional: a cell's first window is round_s(t·(1 ± width)) around its fitted quotient t.
    public var windowWidth = 0.001
    /// Biproportional: rounds of widening the windows of rows and columns that cannot reach their totals.
    public var lineWideningRounds = 50
    /// Biproportional: a reduced cost counts as zero (dual certificate, tie candidates) within this
    /// tolerance times (1 + |u_r| + |v_c|); candidates for ties are then verified exactly.
    public var reducedCostTolerance = 1e-9
    /// Biproportional: at most this many tie cycles are resolved and reported.
    public var maximumTieCycles = 50
    /// Biproportional: finish alternating scaling with tie-and-transfer (shortest augmenting paths,
    /// `TransferSolver`) before trying the windowed LP; false goes straight to the LP (tests compare both).
    public var biproportionalTransfers = true
    /// Biproportional: at most this many seats are moved by transfers (each one a Dijkstra over the
    /// matrix); more, and the windowed LP does the work.
    public var maximumTransfers = 100_000
    /// Biproportional: rounds of discrete alternating scaling before the transfers (each round fits
    /// every unmet row and column along its signpost crossings, O(m·n); one transfer is one Dijkstra, O(m·n)).
    public var transferScalingRounds = 1

    public init() {}
    public static let standard = EngineTuning()
}

// MARK: - Exact priorities

/// Weights as exact integers on one common scale, made on demand (only units near the divisor
/// ever need them).
struct ExactWeights {
    let units: [ApportionmentUnit]
    let minimumExponent: Int
    private let powers: [BigInt]

    init(_ units: [ApportionmentUnit]) {
        self.units = units
        var low = Int.max, high = Int.min
        for u in units where !u.weight.isZero {
            low = Swift.min(low, u.weight.exponent)
            high = Swift.max(high, u.weight.exponent)
        }
        if low == Int.max { low = 0; high = 0 }
        minimumExponent = low
        var p: [BigInt] = [1]
        for _ in 0..<(high - low) { p.append(p[p.count - 1] * 10) }
        powers = p
    }

    /// The weight of unit `i` as an integer: significand · 10^(exponent − minimum exponent).
    func scaled(_ i: Int) -> BigInt {
        let w = units[i].weight
        return w.isZero ? 0 : w.significand * powers[w.exponent - minimumExponent]
    }

    /// Every weight on the common scale (the same values as `ExactDecimal.commonScale`).
    func all() -> [BigInt] { units.indices.map(scaled) }
}

/// Compares seat priorities. The k-th seat (k ≥ 1) of unit i has priority w_i / s(k−1) for divisor
/// methods and q̃_i − (k−1) for largest remainder; seats go to the highest priorities. A float
/// estimate settles the comparison only when the two differ by far more than its rounding error;
/// otherwise integers decide (w_a² · s_b² against w_b² · s_a², or exact rationals).
final class PriorityOracle {
    let method: ApportionmentMethod
    let weights: [Double]
    /// Largest remainder: restricted quotas, exact and as floats.
    let quotas: [Rational]
    let quotaEstimates: [Double]
    let exact: ExactWeights
    let tuning: EngineTuning
    /// How many comparisons needed integers (for statistics: few, near the divisor).
    private(set) var exactComparisons = 0

    init(method: ApportionmentMethod, weights: [Double], quotas: [Rational], quotaEstimates: [Double],
         exact: ExactWeights, tuning: EngineTuning) {
        self.method = method
        self.weights = weights
        self.quotas = quotas
        self.quotaEstimates = quotaEstimates
        self.exact = exact
        self.tuning = tuning
    }

    /// Float estimate of the priority of seat `k` of unit `i` (+∞ for s = 0).
    @inline(__always) func estimate(_ i: Int, _ k: Int) -> Double {
        if method == .largestRemainder { return quotaEstimates[i] - Double(k - 1) }
        let s = method.signpost(k - 1)
        return s == 0 ? .infinity : weights[i] / s
    }

    /// Compares the priority of seat `ka` of unit `a` with seat `kb` of unit `b`.
    func compare(_ a: Int, _ ka: Int, _ b: Int, _ kb: Int) -> ComparisonResult {
        let pa = estimate(a, ka), pb = estimate(b, kb)
        if pa.isFinite && pb.isFinite {
            let margin = method == .largestRemainder
                ? tuning.remainderMargin * (1 + abs(quotaEstimates[a]) + abs(quotaEstimates[b]))
                : tuning.relativeMargin * Swift.max(abs(pa), abs(pb))
            if pa < pb - margin { return .orderedAscending }
            if pa > pb + margin { return .orderedDescending }
        }
        return exactCompare(a, ka, b, kb)
    }

    func exactCompare(_ a: Int, _ ka: Int, _ b: Int, _ kb: Int) -> ComparisonResult {
        exactComparisons += 1
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
            let wa = exact.scaled(a), wb = exact.scaled(b)
            let lhs = wa * wa * sa.den * sb.num
            let rhs = wb * wb * sb.den * sa.num
            return lhs < rhs ? .orderedAscending : (lhs == rhs ? .orderedSame : .orderedDescending)
        }
    }
}

// MARK: - The engine

public enum Apportioner {
    /// Apportions `problem.seats` among the units, exactly, under floors and caps.
    ///
    /// 1. validate, and check the floors and caps can hold the seats (`checkFeasibility`);
    /// 2. a floating-point divisor and a heap give a candidate allocation (`SeatSearch`): O(n log n);
    /// 3. the exact certificate (`Certificate`) proves it, comparing with integers wherever floats are
    ///    too close to call, and exact exchanges repair the rare float near-miss;
    /// 4. seats at exactly equal priority are a tie, decided by the tie rule (`TieResolution`);
    /// 5. which floors and caps bind, and a divisor range that explains the result.
    ///
    /// `options` is kept for source compatibility: the one-dimensional engine needs no LP (the
    /// MathProg model `Models/apportion.mod` reproduces its results with glpsol).
    public static func apportion(_ problem: ApportionmentProblem, options: SimplexOptions = .apportionment,
                                 tuning: EngineTuning = .standard) throws -> ApportionmentResult {
        let units = problem.units
        let n = units.count
        let h = problem.seats
        try validate(problem)

        let lo = units.map(\.min)
        // Effective caps: a unit never needs more than all seats; a zero-weight unit stays at its floor.
        let hi = units.map { u -> Int in
            u.weight.isZero ? u.min : Swift.max(u.min, Swift.min(u.max ?? h, h))
        }
        try checkFeasibility(units: units, lo: lo, hi: hi, seats: h)

        let exact = ExactWeights(units)
        let scaled = exact.all()
        let totalWeight = scaled.reduce(BigInt(0), +)
        let idealQuotas: [Rational] = scaled.map { totalWeight.isZero ? Rational(0) : Rational($0 * BigInt(h), totalWeight) }
        let doubles = units.map { $0.weight.doubleValue }

        var restricted: [Rational]? = nil
        var lambda: Rational? = nil
        var quotaEstimates: [Double] = []
        if problem.method == .largestRemainder {
            let (q, l) = restrictedQuotas(scaled: scaled, ideal: idealQuotas, lo: lo, hi: hi, seats: h)
            restricted = q
            lambda = l
            // λ applies to the weights on the common integer scale: w_i · 10^(−minimum exponent).
            let ld = l.doubleValue * pow(10, Double(-exact.minimumExponent))
            quotaEstimates = (0..<n).map { Swift.max(Double(lo[$0]), Swift.min(Double(hi[$0]), doubles[$0] * ld)) }
        }
        let oracle = PriorityOracle(method: problem.method, weights: doubles, quotas: restricted ?? [],
                                    quotaEstimates: quotaEstimates, exact: exact, tuning: tuning)

        var stats = SolveStatistics()
        var x: [Int]
        let sumLo = lo.reduce(0, +), sumHi = hi.reduce(0, +)
        if h == sumLo {
            x = lo
        } else if h == sumHi {
            x = hi
        } else {
            x = SeatSearch(oracle: oracle, lo: lo, hi: hi, seats: h, tuning: tuning).allocate()
            x = Certificate.repair(x: x, lo: lo, hi: hi, oracle: oracle, stats: &stats)
        }

        let cert = Certificate(x: x, lo: lo, hi: hi, oracle: oracle)
        precondition(cert.valid, "allocation failed its certificate after repair")
        var ties: [Tie] = []
        if let tie = try TieResolution.resolve(&x, certificate: cert, problem: problem, lo: lo, hi: hi, oracle: oracle) {
            ties.append(tie)
        }

        let final = Certificate(x: x, lo: lo, hi: hi, oracle: oracle)
        let boundStatus = bindingBounds(x: x, units: units, lo: lo, seats: h, certificate: final, oracle: oracle,
                                        scaled: scaled, lambda: lambda)
        var range: (Double, Double)? = nil
        var divisor: Double? = nil
        if problem.method.isDivisorMethod {
            let low = final.bestLoser.map { oracle.estimate($0, x[$0] + 1) } ?? 0
            let high = final.worstWinner.map { oracle.estimate($0, x[$0]) } ?? .infinity
            range = (low, high)
            divisor = niceNumber(between: low, and: high)
        }
        stats.exactComparisons = oracle.exactComparisons

        return ApportionmentResult(
            method: problem.method, seats: h, tieRule: problem.ties, ids: units.map(\.id),
            weights: units.map(\.weight), minimums: lo, maximums: units.map(\.max), seatsByUnit: x,
            ties: ties, idealQuotas: idealQuotas, bounds: boundStatus, divisorRange: range, divisor: divisor,
            restrictedQuotas: restricted, statistics: stats)
    }

    // MARK: Validation and feasibility

    static func validate(_ problem: ApportionmentProblem) throws {
        let units = problem.units, h = problem.seats
        guard !units.isEmpty else { throw DimensioneringError.usage("no units to apportion among") }
        guard units.count <= ApportionmentProblem.maximumUnits else {
            throw DimensioneringError.usage("\(units.count) units: at most \(ApportionmentProblem.maximumUnits) are supported")
        }
        guard h >= 0 else { throw DimensioneringError.usage("seats must not be negative (got \(h))") }
        guard h <= ApportionmentProblem.maximumSeats else {
            throw DimensioneringError.usage("\(h) seats: at most \(ApportionmentProblem.maximumSeats) are supported")
        }
        var seen = Set<String>(minimumCapacity: units.count)
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
    }

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
    static func restrictedQuotas(scaled: [BigInt], ideal: [Rational]? = nil, lo: [Int], hi: [Int], seats h: Int) -> ([Rational], Rational) {
        let n = scaled.count
        // Usually no bound is active at λ = h/W (Hamilton's quota): then that is the answer.
        let total = scaled.reduce(BigInt(0), +)
        if !total.isZero {
            let hare = Rational(BigInt(h), total)
            let q = ideal ?? (0..<n).map { Rational(scaled[$0] * BigInt(h), total) }
            // q ≥ lo ⟺ w·h ≥ lo·W (and likewise for the cap): integers, no rationals.
            let inside = (0..<n).allSatisfy { i in
                let wh = scaled[i] * BigInt(h)
                return wh >= BigInt(lo[i]) * total && wh <= BigInt(hi[i]) * total
            }
            if inside { return (q, hare) }
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

    // MARK: Binding bounds

    /// Which floors and caps bind: without them the unit would get fewer (floor) or more (cap) seats.
    static func bindingBounds(x: [Int], units: [ApportionmentUnit], lo: [Int], seats h: Int, certificate final: Certificate,
                              oracle: PriorityOracle, scaled: [BigInt], lambda: Rational?) -> [BoundStatus] {
        let n = x.count
        var boundStatus = [BoundStatus](repeating: .free, count: n)
        guard let (r, kr) = final.worstWinner.map({ ($0, x[$0]) }) ?? final.bestLoser.map({ ($0, x[$0] + 1) }) else {
            return boundStatus
        }
        for i in 0..<n where !units[i].weight.isZero && (lo[i] > 0 || units[i].max != nil) {
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
        return boundStatus
    }

    // MARK: The LP (for the benchmark's naive comparison and for the curious)

    /// The seat LP of `Models/apportion.mod` over the given windows, built through GLPK's API.
    /// Columns are named after the units: `y[id,k]` is unit `id`'s k-th seat.
    public static func buildLP(method: ApportionmentMethod, weights: [Double], restricted: [Rational]?,
                               windows: [(Int, Int)], seats h: Int, ids: [String]? = nil) -> (LinearProgram, [(unit: Int, seat: Int)]) {
        var lp = LinearProgram(name: "apportion", sense: .minimize)
        var index: [(unit: Int, seat: Int)] = []
        var fixed = 0
        var terms: [(column: Int, coefficient: Double)] = []
        let quotas = restricted?.map(\.doubleValue)
        for (i, (a, b)) in windows.enumerated() {
            fixed += a
            guard b > a else { continue }
            let logw = log(weights[i])
            let name = ids.map { LinearProgram.columnName($0[i]) } ?? "\(i + 1)"
            for k in (a + 1)...b {
                let cost: Double
                if let quotas {
                    cost = Double(k - 1) - quotas[i]
                } else {
                    let s = method.signpost(k - 1)
                    cost = s == 0 ? -1e6 : log(s) - logw
                }
                let c = lp.addColumn("y[\(name),\(k)]", .range(0, 1), objective: cost)
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
    /// start is dual feasible: the dual simplex method then needs a handful of iterations.
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

// MARK: - Seat search

/// A candidate allocation in O(n log n): a floating-point divisor D (or the floors of the
/// largest-remainder quotas) gives all but a few seats; a heap hands out or takes back the rest by
/// float priority. Only speed depends on it: `Certificate` checks and repairs the result exactly.
struct SeatSearch {
    let oracle: PriorityOracle
    let lo: [Int]
    let hi: [Int]
    let seats: Int
    let tuning: EngineTuning

    func allocate() -> [Int] {
        var x = oracle.method.isDivisorMethod ? divisorEstimate() : quotaFloors()
        let k = seats - x.reduce(0, +)
        if k > 0 { give(k, &x) } else if k < 0 { take(-k, &x) }
        return x
    }

    /// clamp(round_s(w/D)) for a D corrected a few times towards the target.
    func divisorEstimate() -> [Int] {
        let method = oracle.method, w = oracle.weights, n = w.count
        var total = 0.0
        for i in 0..<n where hi[i] > lo[i] { total += w[i] }
        var d = total / Double(Swift.max(seats, 1))
        var x = lo
        for round in 0...tuning.divisorCorrections {
            var sumFree = 0, sumFixed = 0
            for i in 0..<n {
                let r = method.round(w[i] / d)
                if r <= lo[i] { x[i] = lo[i]; sumFixed += lo[i] } else if r >= hi[i] { x[i] = hi[i]; sumFixed += hi[i] } else {
                    x[i] = r
                    sumFree += r
                }
            }
            let target = seats - sumFixed
            if sumFree + sumFixed == seats || round == tuning.divisorCorrections || target <= 0 || sumFree == 0 { break }
            let next = d * Double(sumFree) / Double(target)
            guard next.isFinite, next > 0 else { break }
            d = next
        }
        return x
    }

    /// Largest remainder: ⌊q̃_i⌋, exact (a float floor is trusted only away from an integer).
    func quotaFloors() -> [Int] {
        let q = oracle.quotaEstimates
        return (0..<q.count).map { i in
            let f = q[i].rounded(.down)
            let nearInteger = q[i] - f < tuning.remainderMargin * (1 + q[i]) || f + 1 - q[i] < tuning.remainderMargin * (1 + q[i])
            let floor = nearInteger ? Int(oracle.quotas[i].floor) : Int(f)
            return Swift.max(lo[i], Swift.min(hi[i], floor))
        }
    }

    /// Gives `k` more seats, each to the unit whose next seat has the highest priority.
    func give(_ k: Int, _ x: inout [Int]) {
        var heap = PriorityHeap(highestFirst: true)
        for i in x.indices where x[i] < hi[i] { heap.push(oracle.estimate(i, x[i] + 1), i) }
        for _ in 0..<k {
            guard let i = heap.pop() else { return }
            x[i] += 1
            if x[i] < hi[i] { heap.push(oracle.estimate(i, x[i] + 1), i) }
        }
    }

    /// Takes back `k` seats, each from the unit whose last seat has the lowest priority.
    func take(_ k: Int, _ x: inout [Int]) {
        var heap = PriorityHeap(highestFirst: false)
        for i in x.indices where x[i] > lo[i] { heap.push(oracle.estimate(i, x[i]), i) }
        for _ in 0..<k {
            guard let i = heap.pop() else { return }
            x[i] -= 1
            if x[i] > lo[i] { heap.push(oracle.estimate(i, x[i]), i) }
        }
    }
}

/// A binary heap of (priority, unit); equal priorities come out in input order.
struct PriorityHeap {
    private var keys: [Double] = []
    private var units: [Int] = []
    let highestFirst: Bool

    init(highestFirst: Bool) { self.highestFirst = highestFirst }

    @inline(__always) private func before(_ a: Int, _ b: Int) -> Bool {
        if keys[a] != keys[b] { return highestFirst ? keys[a] > keys[b] : keys[a] < keys[b] }
        return units[a] < units[b]
    }

    private mutating func swapAt(_ a: Int, _ b: Int) { keys.swapAt(a, b); units.swapAt(a, b) }

    mutating func push(_ key: Double, _ unit: Int) {
        keys.append(key)
        units.append(unit)
        var c = keys.count - 1
        while c > 0 {
            let p = (c - 1) / 2
            guard before(c, p) else { break }
            swapAt(c, p)
            c = p
        }
    }

    mutating func pop() -> Int? {
        guard let top = units.first else { return nil }
        swapAt(0, keys.count - 1)
        keys.removeLast()
        units.removeLast()
        var p = 0
        while true {
            let l = 2 * p + 1, r = l + 1
            var best = p
            if l < keys.count, before(l, best) { best = l }
            if r < keys.count, before(r, best) { best = r }
            if best == p { break }
            swapAt(p, best)
            p = best
        }
        return top
    }
}

// MARK: - Certificate

/// The allocation is a (restricted) divisor / largest-remainder apportionment iff no seat outside it
/// has a higher priority than a seat inside it: the worst winner against the best loser. Exact.
struct Certificate {
    var valid: Bool
    /// The unit whose last seat has the lowest priority among units above their floor.
    var worstWinner: Int?
    /// The unit whose next seat has the highest priority among units below their cap.
    var bestLoser: Int?

    init(x: [Int], lo: [Int], hi: [Int], oracle: PriorityOracle) {
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
        worstWinner = worst
        bestLoser = best
        valid = true
        if let w = worst, let b = best, oracle.compare(w, x[w], b, x[b] + 1) == .orderedAscending { valid = false }
    }

    /// Exact exchanges: moves a seat from the worst winner to the best loser until the certificate
    /// holds (only float near-misses need it; each step strictly improves the allocation).
    static func repair(x start: [Int], lo: [Int], hi: [Int], oracle: PriorityOracle, stats: inout SolveStatistics) -> [Int] {
        var x = start
        while true {
            let c = Certificate(x: x, lo: lo, hi: hi, oracle: oracle)
            if c.valid { return x }
            x[c.worstWinner!] -= 1
            x[c.bestLoser!] += 1
            stats.repairs += 1
        }
    }
}

// MARK: - Ties

/// Seats at exactly the threshold priority: every unit whose last seat or next seat sits exactly
/// at it contends, and the tie rule decides which of them hold the contested seats.
enum TieResolution {
    static func resolve(_ x: inout [Int], certificate cert: Certificate, problem: ApportionmentProblem,
                        lo: [Int], hi: [Int], oracle: PriorityOracle) throws -> Tie? {
        guard let w = cert.worstWinner, let l = cert.bestLoser, oracle.compare(w, x[w], l, x[l] + 1) == .orderedSame else {
            return nil
        }
        let units = problem.units
        var given: [Int] = [], open: [Int] = []
        for i in 0..<x.count {
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
                    + "(\(problem.method.rawValue), \(problem.seats) seats); choose the tie rule order or lot[:SEED] (--ties for apportion, ties = ... in a scenario)")
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
        return Tie(units: contenders.map { units[$0].id }, seats: k, winners: winners.map { units[$0].id }, rule: problem.ties)
    }
}

public extension SimplexOptions {
    /// Chosen by measurement (`dimensionering-bench`): dual simplex without presolve.
    static let apportionment = SimplexOptions(method: .dualThenPrimal, presolve: false, reducedCostTolerance: 1e-11)
}
