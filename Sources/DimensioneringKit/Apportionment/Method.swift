import BigInt
import Foundation

/// The apportionment methods. Divisor methods are given by their signpost sequence s(n),
/// n = 0, 1, 2, …: a unit holding n seats gets its next seat with priority w / s(n)
/// (the "highest averages" form); equivalently x = round_s(w / D) for one divisor D.
public enum ApportionmentMethod: String, Sendable, CaseIterable, Codable {
    /// Hamilton / Hare-Niemeyer, *største brøks metode*.
    case largestRemainder = "largest-remainder"
    /// Jefferson, *d'Hondts metode*: s(n) = n + 1 (round down).
    case dhondt = "dhondt"
    /// Webster, *Sainte-Laguës metode*: s(n) = n + 1/2 (standard rounding).
    case sainteLague = "sainte-lague"
    /// Sainte-Laguë with first divisor 1.4: s(0) = 0.7, s(n) = n + 1/2 for n ≥ 1.
    case modifiedSainteLague = "modified-sainte-lague"
    /// Huntington-Hill (equal proportions): s(n) = √(n(n+1)) (geometric rounding).
    case huntingtonHill = "huntington-hill"
    /// Adams (smallest divisors): s(n) = n (round up).
    case adams = "adams"
    /// Dean (harmonic mean): s(n) = 2n(n+1)/(2n+1).
    case dean = "dean"

    public static let aliases: [String: ApportionmentMethod] = [
        "largest-remainder": .largestRemainder, "hamilton": .largestRemainder, "hare": .largestRemainder,
        "hare-niemeyer": .largestRemainder,
        "dhondt": .dhondt, "d'hondt": .dhondt, "d-hondt": .dhondt, "jefferson": .dhondt,
        "sainte-lague": .sainteLague, "sainte-laguë": .sainteLague, "webster": .sainteLague,
        "modified-sainte-lague": .modifiedSainteLague,
        "huntington-hill": .huntingtonHill, "hill": .huntingtonHill,
        "adams": .adams, "dean": .dean,
    ]

    /// Accepts the canonical names and the aliases, case-insensitively.
    public init?(name: String) {
        guard let m = Self.aliases[name.lowercased().trimmingBlanks()] else { return nil }
        self = m
    }

    public var isDivisorMethod: Bool { self != .largestRemainder }

    /// Danish name for reports.
    public var danishName: String {
        switch self {
        case .largestRemainder: return "største brøks metode (Hare-Niemeyer)"
        case .dhondt: return "d'Hondts metode"
        case .sainteLague: return "Sainte-Laguës metode"
        case .modifiedSainteLague: return "modificeret Sainte-Laguë (første divisor 1,4)"
        case .huntingtonHill: return "Huntington-Hills metode"
        case .adams: return "Adams' metode"
        case .dean: return "Deans metode"
        }
    }

    /// s(n)² as an exact rational (num, den). Squares keep Huntington-Hill rational; all signposts
    /// are non-negative, so comparing squared priorities w²/s² is the same as comparing w/s.
    func signpostSquared(_ n: Int) -> (num: BigInt, den: BigInt) {
        let b = BigInt(n)
        switch self {
        case .largestRemainder: preconditionFailure("largest remainder has no signposts")
        case .dhondt: return ((b + 1) * (b + 1), 1)
        case .sainteLague: return ((2 * b + 1) * (2 * b + 1), 4)
        case .modifiedSainteLague: return n == 0 ? (49, 100) : ((2 * b + 1) * (2 * b + 1), 4)
        case .huntingtonHill: return (b * (b + 1), 1)
        case .adams: return (b * b, 1)
        case .dean:
            let num = 2 * b * (b + 1), den = 2 * b + 1
            return (num * num, den * den)
        }
    }

    /// s(n) in floating point, for the LP's costs and for estimates only.
    public func signpost(_ n: Int) -> Double {
        let d = Double(n)
        switch self {
        case .largestRemainder: return d + 0.5
        case .dhondt: return d + 1
        case .sainteLague: return d + 0.5
        case .modifiedSainteLague: return n == 0 ? 0.7 : d + 0.5
        case .huntingtonHill: return (d * (d + 1)).squareRoot()
        case .adams: return d
        case .dean: return n == 0 ? 0 : 2 * d * (d + 1) / (2 * d + 1)
        }
    }

    /// round_s(t): the n with s(n-1) ≤ t ≤ s(n) (the smaller one at a signpost), floating point.
    public func round(_ t: Double) -> Int {
        // Estimates only: anything beyond 10^15 seats is "more than any cap", never an Int overflow.
        guard t > 0 else { return 0 }
        guard t.isFinite, t < 1e15 else { return 1_000_000_000_000_000 }
        var n = max(0, Int(t.rounded(.down)) - 1)
        while signpost(n) < t { n += 1 }
        return n
    }

    /// Whether a unit with positive weight always gets its first seat before any unit gets a second (s(0) = 0).
    public var firstSeatIsFree: Bool { self == .adams || self == .huntingtonHill || self == .dean }
}

/// How ties are decided. Ties are always reported whatever the rule.
public enum TieRule: Sendable, Equatable, CustomStringConvertible {
    /// Refuse to decide: the CLI exits with code 3.
    case fail
    /// The contender listed first in the input wins (the default: deterministic and explainable).
    case inputOrder
    /// A lot drawn with SplitMix64 from the seed; the contenders are shuffled (Fisher-Yates, in input
    /// order) and the first ones win. The seed is printed so the lot can be re-drawn.
    case lot(seed: UInt64)

    /// Parses `fail`, `order`, `lot` (a fresh seed from the system), `lot:SEED`.
    public init?(parsing text: String) {
        let t = text.lowercased()
        switch t {
        case "fail": self = .fail
        case "order", "input-order": self = .inputOrder
        case "lot": self = .lot(seed: UInt64.random(in: 0...UInt64(UInt32.max)))
        default:
            guard t.hasPrefix("lot:"), let seed = UInt64(t.dropFirst(4)) else { return nil }
            self = .lot(seed: seed)
        }
    }

    /// Danish, for reports: "rækkefølge", "lodtrækning (lot:7)", "ingen afgørelse".
    public var danishDescription: String {
        switch self {
        case .fail: return "ingen afgørelse (stop)"
        case .inputOrder: return "rækkefølge"
        case .lot(let seed): return "lodtrækning (lot:\(seed))"
        }
    }

    public var description: String {
        switch self {
        case .fail: return "fail"
        case .inputOrder: return "order"
        case .lot(let seed): return "lot:\(seed)"
        }
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): small, fast, and the same on every platform.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in 0..<n without modulo bias.
    public mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        let bound = UInt64(n)
        let limit = UInt64.max - UInt64.max % bound
        var r = next()
        while r >= limit { r = next() }
        return Int(r % bound)
    }
}
