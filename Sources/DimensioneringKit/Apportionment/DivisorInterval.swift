import BigInt
import Foundation

/// Whether a divisor method can produce given seats for given weights, exactly:
/// a D exists with x_i = round_s(w_i / D) for every unit iff
/// max_i w_i / s(x_i) ≤ min_i w_i / s(x_i − 1). All comparisons are on D² (Huntington-Hill's
/// signposts are square roots), as exact rationals.
public struct DivisorInterval: Sendable {
    public var method: ApportionmentMethod
    /// D² ≥ lowSquared (nil: no lower bound, every unit is at 0 seats).
    public var lowSquared: Rational?
    /// D² ≤ highSquared (nil: no upper bound).
    public var highSquared: Rational?
    /// The unit that sets the lower / upper end.
    public var lowUnit: String?
    public var highUnit: String?
    /// Why no divisor exists, when one unit alone rules it out.
    public var impossibleUnit: String?

    public var feasible: Bool {
        if impossibleUnit != nil { return false }
        guard let l = lowSquared, let h = highSquared else { return true }
        return l <= h
    }
    /// Only a single divisor works: the allocation needs a tie to be broken.
    public var needsTie: Bool {
        guard feasible, let l = lowSquared, let h = highSquared else { return false }
        return l == h
    }
    public var low: Double? { lowSquared.map { $0.doubleValue.squareRoot() } }
    public var high: Double? { highSquared.map { $0.doubleValue.squareRoot() } }

    public static func compute(method: ApportionmentMethod, ids: [String], weights: [Rational], seats: [Int]) -> DivisorInterval {
        precondition(method.isDivisorMethod)
        var r = DivisorInterval(method: method)
        for i in weights.indices {
            let w = weights[i], x = seats[i]
            if w == Rational(0) {
                if x > 0 { r.impossibleUnit = ids[i] }
                continue
            }
            let w2 = w * w
            // Lower end: D ≥ w / s(x).
            let s = method.signpostSquared(x)
            if s.num.isZero { r.impossibleUnit = ids[i]; continue }
            let lo = w2 * Rational(s.den, s.num)
            if r.lowSquared == nil || r.lowSquared! < lo { r.lowSquared = lo; r.lowUnit = ids[i] }
            // Upper end: D ≤ w / s(x − 1).
            if x >= 1 {
                let t = method.signpostSquared(x - 1)
                if !t.num.isZero {
                    let hi = w2 * Rational(t.den, t.num)
                    if r.highSquared == nil || hi < r.highSquared! { r.highSquared = hi; r.highUnit = ids[i] }
                }
            }
        }
        return r
    }

    /// A short decimal divisor strictly inside the interval (nil when it is a single point or
    /// empty): the one with the fewest significant digits (`shortestDivisor`, exact).
    public func roundDivisor() -> Rational? { shortestDivisor() }

    /// round_s(t) exactly: the smallest n with t ≤ s(n); `atSignpost` when t = s(n) (a tie).
    public static func round(_ method: ApportionmentMethod, _ t: Rational) -> (seats: Int, atSignpost: Bool) {
        if t <= Rational(0) { return (0, false) }
        let t2 = t * t
        var n = Swift.max(0, Int(t.floor) - 2)
        while true {
            let s = method.signpostSquared(n)
            let s2 = Rational(s.num, s.den)
            if t2 <= s2 { return (n, t2 == s2) }
            n += 1
        }
    }
}

/// Largest remainder: can these seats come from the quotas key_i × Σx? Exact.
public struct LargestRemainderCheck: Sendable {
    public var feasible: Bool
    public var needsTie: Bool
    public var offendingUnit: String?

    public static func compute(ids: [String], weights: [Rational], seats: [Int]) -> LargestRemainderCheck {
        let h = seats.reduce(0, +)
        let W = weights.reduce(Rational(0), +)
        guard W > Rational(0) else { return LargestRemainderCheck(feasible: h == 0, needsTie: false) }
        var minUp: Rational? = nil, maxDown: Rational? = nil
        for i in ids.indices {
            let q = weights[i] * Rational(h) / W
            let f = Int(q.floor)
            let rem = q - Rational(f)
            if seats[i] == f {
                if rem == Rational(0) { continue }
                if maxDown == nil || maxDown! < rem { maxDown = rem }
            } else if seats[i] == f + 1 && rem != Rational(0) {
                if minUp == nil || rem < minUp! { minUp = rem }
            } else {
                return LargestRemainderCheck(feasible: false, needsTie: false, offendingUnit: ids[i])
            }
        }
        guard let u = minUp, let d = maxDown else { return LargestRemainderCheck(feasible: true, needsTie: false) }
        return LargestRemainderCheck(feasible: d <= u, needsTie: d == u)
    }
}

