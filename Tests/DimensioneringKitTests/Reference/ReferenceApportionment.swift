import BigInt
import Foundation

// A plain textbook reference for the apportionment engine. It shares NO code with the engine:
// its own rationals, its own decimal parsing, its own signposts, no LP. The only engine type it
// names is `ApportionmentMethod`, as a label.
@testable import DimensioneringKit

// MARK: - Exact rationals (independent of the engine's `Rational`)

/// p/q with q > 0, always reduced.
struct RefQ: Comparable, Hashable, CustomStringConvertible {
    let p: BigInt
    let q: BigInt

    init(_ p: BigInt, _ q: BigInt = 1) {
        precondition(!q.isZero)
        var p = p, q = q
        if q.sign == .minus { p = -p; q = -q }
        let g = BigInt(p.magnitude.greatestCommonDivisor(with: q.magnitude))
        if g > 1 { p /= g; q /= g }
        self.p = p
        self.q = q
    }

    init(_ n: Int) { self.init(BigInt(n)) }

    static func + (a: RefQ, b: RefQ) -> RefQ { RefQ(a.p * b.q + b.p * a.q, a.q * b.q) }
    static func - (a: RefQ, b: RefQ) -> RefQ { RefQ(a.p * b.q - b.p * a.q, a.q * b.q) }
    static func * (a: RefQ, b: RefQ) -> RefQ { RefQ(a.p * b.p, a.q * b.q) }
    static func / (a: RefQ, b: RefQ) -> RefQ { RefQ(a.p * b.q, a.q * b.p) }
    static func < (a: RefQ, b: RefQ) -> Bool { a.p * b.q < b.p * a.q }

    /// ⌊p/q⌋ (non-negative values only are used).
    var floorInt: Int {
        let (d, r) = p.quotientAndRemainder(dividingBy: q)
        return Int(r.sign == .minus && !r.isZero ? d - 1 : d)
    }
    var ceilInt: Int { let f = floorInt; return RefQ(f) == self ? f : f + 1 }
    var double: Double { Double(p) / Double(q) }
    var description: String { q == 1 ? "\(p)" : "\(p)/\(q)" }

    /// Parses plain decimal text "123", "0.123", "12.50" exactly.
    static func decimal(_ s: String) -> RefQ {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        precondition(parts.count <= 2 && parts.allSatisfy { $0.allSatisfy(\.isNumber) }, "bad decimal \(s)")
        let frac = parts.count == 2 ? String(parts[1]) : ""
        let digits = String(parts[0]) + frac
        return RefQ(BigInt(digits.isEmpty ? "0" : digits)!, BigInt(10).power(frac.count))
    }
}

// MARK: - One-dimensional problems

struct RefUnit: CustomStringConvertible {
    var id: String
    /// Decimal text, e.g. "0.123" or "24000".
    var weight: String
    var min: Int = 0
    var max: Int? = nil

    var description: String {
        "\(id):\(weight)" + (min > 0 ? "[min \(min)]" : "") + (max.map { "[max \($0)]" } ?? "")
    }
}

struct RefTie: Equatable, CustomStringConvertible {
    /// Contenders, input order (indices).
    var units: [Int]
    var seats: Int
    /// Winners under input order (indices).
    var winners: [Int]
    var description: String { "tie \(units) for \(seats), winners \(winners)" }
}

enum RefOutcome: Equatable {
    case infeasible
    case allocation([Int], tie: RefTie?)
}

/// A seat priority: infinite (signpost 0) or a finite exact value. For Huntington-Hill the finite
/// value is the SQUARE of the priority (w² / (n(n+1))), which orders the same way.
enum RefPriority: Comparable, Equatable {
    case finite(RefQ)
    case infinite

    static func < (a: RefPriority, b: RefPriority) -> Bool {
        switch (a, b) {
        case (.finite(let x), .finite(let y)): return x < y
        case (.finite, .infinite): return true
        default: return false
        }
    }
}

enum ReferenceApportionment {
    /// Signpost s(n) as an exact rational; nil for Huntington-Hill (irrational, handled squared).
    static func signpost(_ method: ApportionmentMethod, _ n: Int) -> RefQ? {
        switch method {
        case .dhondt: return RefQ(n + 1)
        case .sainteLague: return RefQ(BigInt(2 * n + 1), 2)
        case .modifiedSainteLague: return n == 0 ? RefQ(7, 10) : RefQ(BigInt(2 * n + 1), 2)
        case .adams: return RefQ(n)
        case .dean: return RefQ(BigInt(2 * n * (n + 1)), BigInt(2 * n + 1))
        case .huntingtonHill, .largestRemainder: return nil
        }
    }

    /// Priority w / s(n) of the (n+1)-th seat.
    static func priority(_ method: ApportionmentMethod, weight w: RefQ, heldSeats n: Int) -> RefPriority {
        if method == .huntingtonHill {
            let s2 = n * (n + 1)
            return s2 == 0 ? .infinite : .finite(w * w / RefQ(s2))
        }
        let s = signpost(method, n)!
        return s.p.isZero ? .infinite : .finite(w / s)
    }

    /// Effective cap: a zero-weight unit stays at its floor; otherwise the cap (or h: no unit needs more).
    static func cap(_ u: RefUnit, weight: RefQ, seats h: Int) -> Int {
        weight.p.isZero ? u.min : Swift.max(u.min, Swift.min(u.max ?? h, h))
    }

    static func apportion(_ units: [RefUnit], seats h: Int, method: ApportionmentMethod) -> RefOutcome {
        let w = units.map { RefQ.decimal($0.weight) }
        if units.contains(where: { ($0.max ?? Int.max) < $0.min }) { return .infeasible }
        let lo = units.map(\.min)
        let hi = units.indices.map { cap(units[$0], weight: w[$0], seats: h) }
        if lo.reduce(0, +) > h || hi.reduce(0, +) < h { return .infeasible }
        return method == .largestRemainder
            ? hamilton(w: w, lo: lo, hi: hi, seats: h)
            : highestAverages(w: w, lo: lo, hi: hi, seats: h, method: method)
    }

    // MARK: Divisor methods: the highest-averages loop

    static func highestAverages(w: [RefQ], lo: [Int], hi: [Int], seats h: Int, method: ApportionmentMethod) -> RefOutcome {
        let n = w.count
        var x = lo
        var awarded: [RefPriority] = []
        var gotThreshold = [Bool](repeating: false, count: n)
        for _ in 0..<(h - lo.reduce(0, +)) {
            var best: Int? = nil
            var bestP = RefPriority.finite(RefQ(0))
            for i in 0..<n where x[i] < hi[i] {
                let p = priority(method, weight: w[i], heldSeats: x[i])
                if best == nil || bestP < p { best = i; bestP = p }  // strict: earliest wins equal priorities
            }
            x[best!] += 1
            awarded.append(bestP)
        }
        guard let t = awarded.last else { return .allocation(x, tie: nil) }
        // The threshold t is the lowest priority awarded (the loop awards in non-increasing order).
        for i in 0..<n where x[i] > lo[i] && priority(method, weight: w[i], heldSeats: x[i] - 1) == t {
            gotThreshold[i] = true
        }
        let open = (0..<n).filter { x[$0] < hi[$0] && priority(method, weight: w[$0], heldSeats: x[$0]) == t }
        guard !open.isEmpty else { return .allocation(x, tie: nil) }
        let given = (0..<n).filter { gotThreshold[$0] }
        let contenders = (given + open).sorted()
        return .allocation(x, tie: RefTie(units: contenders, seats: given.count, winners: given))
    }

    // MARK: Largest remainder (Hamilton) under floors and caps

    /// λ with Σ clamp(λ w_i, lo_i, hi_i) = h, by linear interpolation between the breakpoints of
    /// the piecewise-linear left-hand side; returns the clamped quotas.
    static func restrictedQuotas(w: [RefQ], lo: [Int], hi: [Int], seats h: Int) -> [RefQ] {
        let n = w.count
        func clamp(_ v: RefQ, _ a: Int, _ b: Int) -> RefQ { v < RefQ(a) ? RefQ(a) : (RefQ(b) < v ? RefQ(b) : v) }
        func quotas(_ l: RefQ) -> [RefQ] { (0..<n).map { clamp(l * w[$0], lo[$0], hi[$0]) } }
        func g(_ l: RefQ) -> RefQ { quotas(l).reduce(RefQ(0), +) }
        var points = Set<RefQ>([RefQ(0)])
        for i in 0..<n where !w[i].p.isZero {
            points.insert(RefQ(lo[i]) / w[i])
            points.insert(RefQ(hi[i]) / w[i])
        }
        let sorted = points.sorted()
        let target = RefQ(h)
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            let ga = g(a), gb = g(b)
            if ga == target { return quotas(a) }
            if ga < target && target <= gb {
                let lambda = a + (target - ga) * (b - a) / (gb - ga)
                return quotas(lambda)
            }
        }
        return quotas(sorted.last!)  // h = Σ caps (or Σ floors): everything is clamped
    }

    static func hamilton(w: [RefQ], lo: [Int], hi: [Int], seats h: Int) -> RefOutcome {
        let n = w.count
        let q = restrictedQuotas(w: w, lo: lo, hi: hi, seats: h)
        var x = q.map(\.floorInt)
        let rem = (0..<n).map { q[$0] - RefQ(x[$0]) }
        let left = h - x.reduce(0, +)
        precondition(left >= 0 && left <= n)
        // Stable sort: equal remainders keep input order.
        let order = (0..<n).sorted { rem[$0] != rem[$1] ? rem[$1] < rem[$0] : $0 < $1 }
        let winners = Array(order.prefix(left))
        for i in winners { x[i] += 1 }
        guard left > 0 else { return .allocation(x, tie: nil) }
        let t = rem[winners.last!]
        let given = winners.filter { rem[$0] == t }.sorted()
        let open = order.dropFirst(left).filter { rem[$0] == t && x[$0] < hi[$0] }
        guard !open.isEmpty else { return .allocation(x, tie: nil) }
        return .allocation(x, tie: RefTie(units: (given + open).sorted(), seats: given.count, winners: given))
    }
}

// MARK: - Brute-force biproportional reference

struct RefBiCase: CustomStringConvertible {
    var weights: [[String]]
    var mins: [[Int]]
    var maxs: [[Int?]]
    var rowTotals: [Int]
    var columnTotals: [Int]
    var method: ApportionmentMethod

    var description: String {
        "method \(method.rawValue) R=\(rowTotals) C=\(columnTotals) w=\(weights) min=\(mins) max=\(maxs.map { $0.map { $0.map(String.init) ?? "-" } })"
    }
}

struct RefBiResult {
    /// All optimal matrices (more than one only at an exact tie).
    var optima: [[[Int]]]
}

enum ReferenceBiproportional {
    /// Enumerates every integer matrix meeting the margins and the cell bounds (zero weight: stays
    /// at its floor) and keeps those minimising Σ_cells Σ_{k=1..x} log(s(k-1)/w), with signpost-0
    /// seats counted separately (log 0 = −∞). Near-optimal candidates are compared exactly.
    /// Returns nil when no matrix is feasible.
    static func solve(_ c: RefBiCase) -> RefBiResult? {
        let m = c.rowTotals.count, n = c.columnTotals.count
        let w = c.weights.map { $0.map(RefQ.decimal) }
        var lo = c.mins, hi = c.mins
        for r in 0..<m {
            for j in 0..<n where !w[r][j].p.isZero {
                hi[r][j] = Swift.max(lo[r][j], Swift.min(c.maxs[r][j] ?? Int.max, c.rowTotals[r], c.columnTotals[j]))
            }
        }
        // Floating score per cell and seat count.
        func cellScore(_ r: Int, _ j: Int, _ x: Int) -> (zeros: Int, log: Double) {
            if w[r][j].p.isZero { return (0, 0) }
            var z = 0, s = 0.0
            let lw = log(w[r][j].double)
            for k in 1...Swift.max(1, x) where k <= x {
                let sp = signpostDouble(c.method, k - 1)
                if sp == 0 { z += 1 } else { s += log(sp) - lw }
            }
            return (z, s)
        }
        var all: [([[Int]], Int, Double)] = []
        var x = lo
        var rowLeft = c.rowTotals, colLeft = c.columnTotals
        func visit(_ cell: Int) {
            if cell == m * n {
                guard rowLeft.allSatisfy({ $0 == 0 }), colLeft.allSatisfy({ $0 == 0 }) else { return }
                var z = 0, l = 0.0
                for r in 0..<m { for j in 0..<n { let s = cellScore(r, j, x[r][j]); z += s.zeros; l += s.log } }
                all.append((x, z, l))
                return
            }
            let r = cell / n, j = cell % n
            // Cells hold lo already; choose the extra seats.
            let extraRow = rowLeft[r] - (j + 1 ..< n).reduce(0) { $0 + lo[r][$1] } - lo[r][j]
            let extraCol = colLeft[j] - (r + 1 ..< m).reduce(0) { $0 + lo[$1][j] } - lo[r][j]
            let top = Swift.min(hi[r][j], lo[r][j] + Swift.min(extraRow, extraCol))
            var lowV = lo[r][j]
            if j == n - 1 { lowV = Swift.max(lowV, rowLeft[r]) }
            if r == m - 1 { lowV = Swift.max(lowV, colLeft[j]) }
            guard lowV <= top else { return }
            for v in lowV...top {
                x[r][j] = v; rowLeft[r] -= v; colLeft[j] -= v
                visit(cell + 1)
                rowLeft[r] += v; colLeft[j] += v
            }
            x[r][j] = lo[r][j]
        }
        visit(0)
        guard let bestZeros = all.map(\.1).max() else { return nil }
        let bestLog = all.filter { $0.1 == bestZeros }.map(\.2).min()!
        let best = all.filter { $0.1 == bestZeros && abs($0.2 - bestLog) <= 1e-9 * (1 + abs(bestLog)) }
        // Exact comparison among the near-optimal candidates: product of s(k-1)/w over finite seats
        // (squared, so Huntington-Hill stays rational); smaller is better.
        func exactProduct(_ mat: [[Int]]) -> RefQ {
            var prod = RefQ(1)
            for r in 0..<m {
                for j in 0..<n where !w[r][j].p.isZero {
                    for k in stride(from: 1, through: mat[r][j], by: 1) {
                        let s2 = signpostSquared(c.method, k - 1)
                        if !s2.p.isZero { prod = prod * s2 / (w[r][j] * w[r][j]) }
                    }
                }
            }
            return prod
        }
        let candidates = best.map { ($0.0, exactProduct($0.0)) }
        let minimum = candidates.map(\.1).min()!
        return RefBiResult(optima: candidates.filter { $0.1 == minimum }.map(\.0))
    }

    static func signpostDouble(_ method: ApportionmentMethod, _ n: Int) -> Double {
        if method == .huntingtonHill { return (Double(n) * Double(n + 1)).squareRoot() }
        return ReferenceApportionment.signpost(method, n)!.double
    }

    static func signpostSquared(_ method: ApportionmentMethod, _ n: Int) -> RefQ {
        if method == .huntingtonHill { return RefQ(n * (n + 1)) }
        let s = ReferenceApportionment.signpost(method, n)!
        return s * s
    }

    /// round_s(t): the n with s(n-1) ≤ t ≤ s(n), checked with a relative tolerance. True if x fits.
    static func fitsRounding(_ method: ApportionmentMethod, t: Double, x: Int, checkLower: Bool, checkUpper: Bool,
                             tolerance: Double = 1e-6) -> Bool {
        if checkLower && x > 0 && signpostDouble(method, x - 1) > t * (1 + tolerance) { return false }
        if checkUpper && t > signpostDouble(method, x) * (1 + tolerance) { return false }
        return true
    }
}
