import BigInt
import Foundation
import Testing
@testable import DimensioneringKit

/// The shown divisor and the margin, for every divisor method, on generated problems checked
/// against the engine: the divisor lies strictly inside the interval, no coarser decimal does, it
/// reproduces every unit's places, and the margin names the unit that loses a place with one place
/// fewer and the one that gains with one more.
@Suite struct DisplayDivisorTests {
    static func problem(_ rng: inout SplitMix64, method: ApportionmentMethod) -> (weights: [Int], seats: Int) {
        let units = 2 + rng.below(10)
        let weights = (0..<units).map { _ in 1 + rng.below(rng.below(2) == 0 ? 1_000 : 200_000) }
        let seats = units + rng.below(150)
        return (weights, seats)
    }

    static func apportion(_ w: [Int], _ h: Int, _ m: ApportionmentMethod) throws -> ApportionmentResult {
        try Apportioner.apportion(ApportionmentProblem(
            units: w.indices.map { ApportionmentUnit(id: "u\($0)", weight: ExactDecimal(w[$0])) }, seats: h, method: m))
    }

    @Test(arguments: ApportionmentMethod.allCases.filter(\.isDivisorMethod))
    func shortestDivisorReproducesEveryUnitAndMarginMatchesTheEngine(_ method: ApportionmentMethod) throws {
        var rng = SplitMix64(seed: 16)
        var checked = 0
        for _ in 0..<150 {
            let (w, h) = Self.problem(&rng, method: method)
            let r = try Self.apportion(w, h, method)
            let weights = w.map { Rational($0) }
            let iv = DivisorInterval.compute(method: method, ids: r.ids, weights: weights, seats: r.seatsByUnit)
            #expect(iv.feasible)
            guard !iv.needsTie else {
                #expect(iv.shortestDivisor() == nil)
                continue
            }
            let d = try #require(iv.shortestDivisor())
            let lo = try #require(iv.lowSquared)
            #expect(lo < d * d)
            if let hi = iv.highSquared { #expect(d * d < hi) }
            // Fewest significant digits: d = m · 10^p with m not divisible by 10, and no multiple of
            // 10^(p+1) lies strictly inside the interval.
            var p = -40
            while DisplayNumber.rounded(d / DisplayNumber.power10(p + 1), 0) == d / DisplayNumber.power10(p + 1) { p += 1 }
            let coarse = DisplayNumber.power10(p + 1)
            let first = Rational(DisplayNumber.floorSquareRoot(lo / (coarse * coarse)) + 1) * coarse
            if let hi = iv.highSquared { #expect(!(first * first < hi), "\(method) \(w) \(h): \(d) but \(first) is shorter") }
            for i in w.indices {
                let q = weights[i] / d
                #expect(DivisorInterval.round(method, q).seats == r.seatsByUnit[i])
                let k = try #require(DisplayNumber.quotientPlaces(q, seats: r.seatsByUnit[i], method: method))
                #expect(DisplayNumber.roundsUnambiguously(method, DisplayNumber.rounded(q, k), to: r.seatsByUnit[i]))
                #expect(k >= 2)
            }
            // The margin against the engine with one place fewer and one more.
            let rows = w.indices.map { i in
                PlanRow(code: "u\(i)", name: "u\(i)", kkr: nil, key: Rational(0), ideal: Rational(0), seats: r.seatsByUnit[i], min: 0, max: nil,
                        bound: .free, published: nil, divisorWeight: weights[i])
            }
            let g = PlanGroup(parentCode: "DK", parentName: "Hele landet", parentPath: [], total: h, rows: rows, ties: [], notes: [])
            let m = try #require(Explanation.groupMargin(g, method: method, divisor: d, f: .init(lang: .da)))
            // Methods whose first place is free (s(0) = 0) have no last place when every unit holds one.
            let next = try #require(m.next)
            #expect(!m.tied)
            let more = try Self.apportion(w, h + 1, method)
            if more.ties.isEmpty {
                let gained = w.indices.filter { more.seatsByUnit[$0] > r.seatsByUnit[$0] }.map { "u\($0)" }
                #expect(gained == [next.code], "\(method) \(w) \(h)")
            }
            if h > w.count, let last = m.last {
                let fewer = try Self.apportion(w, h - 1, method)
                if fewer.ties.isEmpty {
                    let lost = w.indices.filter { fewer.seatsByUnit[$0] < r.seatsByUnit[$0] }.map { "u\($0)" }
                    #expect(lost == [last.code], "\(method) \(w) \(h)")
                }
            }
            // Shown: the last visibly above the divisor, the next visibly below.
            #expect(next.exact == (method != .huntingtonHill))
            checked += 1
        }
        #expect(checked > 100)
    }

    @Test func roundingHelpers() {
        // 63.839 / 932 = 68,4968…: two decimals would show 68,50, which a reader rounds to 69.
        let q = Rational(63839, 932)
        #expect(DisplayNumber.quotientPlaces(q, seats: 68, method: .sainteLague) == 3)
        #expect(DisplayNumber.rounded(q, 3) == Rational(68497, 1000))
        // 89.230 / 2.005 = 44,5037…: 44,50 would be on the signpost.
        #expect(DisplayNumber.quotientPlaces(Rational(89230, 2005), seats: 45, method: .sainteLague) == 3)
        // √2 = 1,41421…
        #expect(DisplayNumber.roundedSquareRoot(Rational(2), 4) == Rational(14142, 10000))
        #expect(DisplayNumber.roundedSquareRoot(Rational(9, 4), 2) == Rational(150, 100))
        // 10,79 % × 635 = 68,52, not the quota 68,51: the percentage needs more decimals.
        let key = Rational(63839, 591740)
        let (kp, ky) = DisplayNumber.percentPlaces(key: key, of: 635)
        #expect(ky == 2 && kp > 2)
        #expect(DisplayNumber.rounded(DisplayNumber.rounded(key * Rational(100), kp) * Rational(635) / Rational(100), 2) == DisplayNumber.rounded(key * Rational(635), 2))
        // A tie: only one divisor, no shown divisor.
        let iv = DivisorInterval.compute(method: .sainteLague, ids: ["a", "b"], weights: [Rational(3), Rational(1)], seats: [1, 1])
        #expect(iv.needsTie && iv.shortestDivisor() == nil)
    }
}
