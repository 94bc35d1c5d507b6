import BigInt
import Foundation

/// An age band of the ældreudgiftsnøgle with its unit amount (kr. per resident).
/// Bands and amounts are scenario data, set each year by the equalisation system.
public struct AgeBand: Sendable, Hashable, CustomStringConvertible {
    public var from: Int
    /// Inclusive; nil for "and over".
    public var to: Int?
    /// Non-negative decimal text, normalised (see `DecimalText`), e.g. "12345.5".
    public var unitAmount: String

    /// Validates the amount (`unitAmount` may be written `1234,5` or `1.5e4`).
    public init(from: Int, to: Int?, unitAmount: String, at location: SourceLocation = SourceLocation(file: "age bands")) throws {
        guard from >= 0, to.map({ $0 >= from }) ?? true else {
            throw DimensioneringError.badData(location, "age band \(from)-\(to.map(String.init) ?? "") is empty or negative")
        }
        self.from = from
        self.to = to
        self.unitAmount = try DecimalText.normalise(unitAmount, allowDecimalComma: true, at: location)
    }

    public var range: AgeRange { AgeRange(from: from, to: to) }
    public var description: String { "\(range) × \(unitAmount)" }
}

/// One municipality's part of the key.
public struct ElderlyKeyEntry: Sendable {
    public var municipality: Municipality
    /// Residents per band, in the order of `ElderlyKey.bands`.
    public var residents: [Int]
    /// Σ residents × unit amount, exact, as normalised decimal text. Use it as the weight: the
    /// engine normalises, so the key needs no division.
    public var weight: String
    /// weight / national weight, for display only (Double).
    public var share: Double
}

/// The ældreudgiftsnøgle: each municipality's share of the demographic expenditure need,
/// Σ over bands (residents in band × unit amount) / the same sum over all 98 municipalities.
public struct ElderlyKey: Sendable {
    public var bands: [AgeBand]
    public var quarter: String
    /// In the registry's order (by code for the embedded table).
    public var entries: [ElderlyKeyEntry]
    /// Σ of all weights, exact decimal text.
    public var nationalWeight: String

    public func entry(code: String) -> ElderlyKeyEntry? { entries.first { $0.municipality.code == code } }

    /// Municipality code → exact weight.
    public var weights: [String: String] {
        Dictionary(uniqueKeysWithValues: entries.map { ($0.municipality.code, $0.weight) })
    }

    public static func compute(population: PopulationByAge, bands: [AgeBand],
                               registry: MunicipalityRegistry = .denmark) throws -> ElderlyKey {
        guard !bands.isEmpty else {
            throw DimensioneringError.badData(SourceLocation(file: "age bands"), "no age bands given")
        }
        let sorted = bands.sorted { $0.range < $1.range }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.range.overlaps(b.range) {
            throw DimensioneringError.badData(SourceLocation(file: "age bands"),
                "age bands \(a.range) and \(b.range) overlap; residents would be counted twice")
        }
        let amounts = bands.map { scaled($0.unitAmount) }
        let scale = amounts.map { $0.scale }.max() ?? 0
        let factors = amounts.map { $0.value * BigInt(10).power(scale - $0.scale) }
        var numerators: [(Municipality, [Int], BigInt)] = []
        var national = BigInt(0)
        for m in registry.all {
            var counts: [Int] = []
            var sum = BigInt(0)
            for (i, band) in bands.enumerated() {
                let n = try population.count(code: m.code, from: band.from, to: band.to)
                counts.append(n)
                sum += BigInt(n) * factors[i]
            }
            numerators.append((m, counts, sum))
            national += sum
        }
        guard national > 0 else {
            throw DimensioneringError.badData(SourceLocation(file: population.file),
                "the key is zero for every municipality: no residents in the bands, or all unit amounts are 0")
        }
        let nationalDouble = Double(national.description)!
        let entries = numerators.map { m, counts, sum in
            ElderlyKeyEntry(municipality: m, residents: counts, weight: render(sum, scale: scale),
                            share: Double(sum.description)! / nationalDouble)
        }
        return ElderlyKey(bands: bands, quarter: population.quarter, entries: entries,
                          nationalWeight: render(national, scale: scale))
    }

    /// "1234.56" → (123456, 2).
    static func scaled(_ text: String) -> (value: BigInt, scale: Int) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let frac = parts.count > 1 ? String(parts[1]) : ""
        return (BigInt(String(parts[0]) + frac)!, frac.count)
    }

    /// (123456, 2) → "1234.56"; trailing fractional zeros removed.
    static func render(_ value: BigInt, scale: Int) -> String {
        var digits = value.description
        guard scale > 0 else { return digits }
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        var intPart = String(digits.dropLast(scale))
        var frac = String(digits.suffix(scale))
        while frac.last == "0" { frac.removeLast() }
        if intPart.isEmpty { intPart = "0" }
        return frac.isEmpty ? intPart : intPart + "." + frac
    }
}
