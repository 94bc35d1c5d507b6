import BigInt
import Foundation

// The divisor and the quotients as a report shows them: a divisor a reader can write down (the
// decimal with the fewest significant digits strictly inside the divisor interval, as BAZI's "pick
// divisor" and Zurich's published divisors), and quotients with as many decimals as it takes for
// the method's rounding to be visible and right. All exact.

extension DivisorInterval {
    /// The decimal with the fewest significant digits strictly inside the interval (every free
    /// unit's quotient then lies strictly between two signposts, so no rounding is in doubt); of
    /// several such, the one whose square is nearest the middle of the squared interval (the widest
    /// margin), the smaller on a tie. nil when only one divisor works (a tie) or none.
    public func shortestDivisor() -> Rational? {
        guard feasible, !needsTie, let lo = lowSquared, lo > Rational(0) else { return nil }
        // The coarsest grid 10^p with a point strictly inside: start above the interval's top and go down.
        var p: Int
        if let hi = highSquared {
            p = DisplayNumber.decimalExponent(hi) + 1
        } else {
            p = DisplayNumber.decimalExponent(lo)  // no upper end: one significant digit just above the lower end
        }
        for _ in 0..<400 {
            let step = DisplayNumber.power10(p)
            // Smallest m with (m·10^p)² > lo: m = ⌊√(lo / 10^2p)⌋ + 1.
            let t = lo / (step * step)
            let first = DisplayNumber.floorSquareRoot(t) + 1
            var candidates: [Rational] = []
            var m = first
            while true {
                let d = Rational(m) * step
                if let hi = highSquared, !(d * d < hi) { break }
                candidates.append(d)
                if highSquared == nil || candidates.count > 20 { break }
                m += 1
            }
            if !candidates.isEmpty {
                guard let hi = highSquared, candidates.count > 1 else { return candidates[0] }
                let mid = (lo + hi) / Rational(2)
                func distance(_ d: Rational) -> Rational { let x = d * d - mid; return x < Rational(0) ? Rational(0) - x : x }
                return candidates.min { distance($0) < distance($1) }
            }
            p -= 1
        }
        return nil
    }
}

/// Exact decimal display helpers for explanations.
public enum DisplayNumber {
    /// 10^p as a rational, for any integer p.
    static func power10(_ p: Int) -> Rational {
        p >= 0 ? Rational(BigInt(10).power(p)) : Rational(BigInt(1), BigInt(10).power(-p))
    }

    /// ⌊log10 √r⌋ (an estimate good to ±1 is enough for a starting point), r > 0.
    static func decimalExponent(_ squared: Rational) -> Int {
        let digits = squared.numerator.magnitude.description.count - squared.denominator.magnitude.description.count
        return digits / 2 + 1
    }

    /// ⌊√t⌋ for a rational t ≥ 0, exactly.
    static func floorSquareRoot(_ t: Rational) -> BigInt {
        guard t > Rational(0) else { return 0 }
        return t.floor.squareRoot()
    }

    /// `r` rounded half away from zero to `places` decimals, as a rational.
    public static func rounded(_ r: Rational, _ places: Int) -> Rational {
        let scale = BigInt(10).power(places)
        let negative = r.numerator.sign == .minus && !r.numerator.isZero
        let mag = (r.numerator.magnitude * scale.magnitude * 2 + r.denominator.magnitude) / (r.denominator.magnitude * 2)
        return Rational(negative ? -BigInt(mag) : BigInt(mag), scale)
    }

    /// √(squared) rounded half away from zero to `places` decimals, exactly (for Huntington-Hill's
    /// priorities, whose signposts are square roots).
    public static func roundedSquareRoot(_ squared: Rational, _ places: Int) -> Rational {
        // round(√s · 10^k) = ⌊√s · 10^k + 1/2⌋ = ⌊(√(4 s 10^2k) + 1) / 2⌋, and ⌊(⌊x⌋ + 1)/2⌋ = ⌊(x + 1)/2⌋ for x ≥ 0.
        let scale = BigInt(10).power(places)
        let x = floorSquareRoot(squared * Rational(scale * scale * 4))
        return Rational((x + 1) / 2, scale)
    }

    /// Whether a reader rounding `c` by the method's rule gets `seats` without doubt:
    /// s(seats − 1) < c < s(seats) (strictly: a value on a signpost would need the tie rule).
    public static func roundsUnambiguously(_ method: ApportionmentMethod, _ c: Rational, to seats: Int) -> Bool {
        precondition(method.isDivisorMethod)
        let c2 = c * c
        let up = method.signpostSquared(seats)
        guard c2 < Rational(up.num, up.den) else { return false }
        if seats == 0 { return true }
        let down = method.signpostSquared(seats - 1)
        return Rational(down.num, down.den) < c2
    }

    /// The fewest decimals (at least `minimum`) with which `q`, rounded, still rounds to `seats` by
    /// the method's rule without doubt; nil when no number of decimals up to 40 does (q on a
    /// signpost: a tie).
    public static func quotientPlaces(_ q: Rational, seats: Int, method: ApportionmentMethod, minimum: Int = 2) -> Int? {
        for k in minimum...40 where roundsUnambiguously(method, rounded(q, k), to: seats) { return k }
        return nil
    }

    /// Decimals with which `a`, shown rounded, divided by `b` still rounds to `c` at `places`
    /// (the shown dividend reproduces the shown quotient): the fewest from `minimum`.
    public static func dividendPlaces(_ a: Rational, by b: Rational, quotient c: Rational, places: Int, minimum: Int = 2) -> Int {
        if Rational(a.floor) == a { return 0 }
        for k in minimum...40 where rounded(rounded(a, k) / b, places) == c { return k }
        return 40
    }

    /// The decimals of a finite decimal (0 for a whole number; nil when it does not end within 40 places).
    public static func exactPlaces(_ r: Rational) -> Int? {
        for k in 0...40 where rounded(r, k) == r { return k }
        return nil
    }

    /// Decimals for "p % of n is y": y is the true ideal key × n rounded to `quotaPlaces`
    /// (at least 2); the percentage is the true key rounded to the fewest decimals (at least 2)
    /// with which p % × n rounds to the same y. Returns (percent places, quota places).
    public static func percentPlaces(key: Rational, of n: Int, minimum: Int = 2) -> (percent: Int, quota: Int) {
        let ideal = key * Rational(n)
        for ky in minimum...8 {
            let y = rounded(ideal, ky)
            for kp in minimum...(ky + 24) {
                let p = rounded(key * Rational(100), kp)
                if rounded(p * Rational(n) / Rational(100), ky) == y { return (kp, ky) }
            }
        }
        return (minimum + 24, minimum)
    }
}
