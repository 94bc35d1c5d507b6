import Foundation
import BigInt
import Testing
@testable import DimensioneringKit

/// A plan with one custom level of many units (issue #11): reading the scenario, mapping the
/// shares to the units and planning stay linear, and the places are those `apportion` gives on
/// the same weights. Everyday 5,000 units; 100,000 under DIMENSIONERING_EXHAUSTIVE=1.
@Suite struct PlanScaleTests {
    /// A scenario with `n` units u0…u(n-1), a `shares` component with random weights 1…10^6
    /// (fixed seed) and `total` places; `extra` is appended to the units list (for error tests).
    static func scenario(units n: Int, total: Int, seed: UInt64 = 3, extraUnit: String? = nil,
                         extraShare: String? = nil) -> (text: String, weights: [Int]) {
        var state = seed
        func next() -> Int {
            // SplitMix64: the same weights on every platform.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % 1_000_000) + 1
        }
        let weights = (0..<n).map { _ in next() }
        var t = "name = \"scale\"\nmethod = \"sainte-lague\"\nties = \"order\"\n\n"
        t += "[component.w]\nkind = \"shares\"\nlabel = \"Vægt\"\nillustrative = true\nvalues = { "
        t += weights.enumerated().map { "u\($0.offset) = \($0.element)" }.joined(separator: ", ")
        if let extraShare { t += ", \(extraShare) = 7" }
        t += " }\n\n[education.x]\nname = \"X\"\ntotal = \(total)\nlevels = [\"enhed\"]\n\n[education.x.level.enhed]\nunits = [\n"
        t += (0..<n).map { "\"u\($0)\"" }.joined(separator: ",\n")
        if let extraUnit { t += ",\n\"\(extraUnit)\"" }
        t += "\n]\nweights = { w = 1 }\n"
        return (t, weights)
    }

    static func plan(units n: Int, total: Int) throws -> (PlanResult, [Int]) {
        let (text, weights) = scenario(units: n, total: total)
        let dir = try planTempDir(["scale.toml": text])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        return (try Planner.run(try ScenarioLibrary.load(dir + "/scale.toml")), weights)
    }

    static func check(units n: Int, total: Int) throws {
        let (plan, weights) = try plan(units: n, total: total)
        let rows = try #require(plan.years.first?.educations.first?.levels.first?.groups.first?.rows)
        #expect(rows.count == n)
        #expect(rows.map(\.code) == (0..<n).map { "u\($0)" })
        #expect(rows.reduce(0) { $0 + $1.seats } == total)
        #expect(Rational.sum(rows.map(\.key)) == Rational(1))
        #expect(Rational.sum(rows.map(\.ideal)) == Rational(total))
        let weightSum = weights.reduce(0, +)
        // The places are what `apportion` gives on the same weights, unit for unit.
        let direct = try Apportioner.apportion(ApportionmentProblem(
            units: weights.enumerated().map { ApportionmentUnit(id: "u\($0.offset)", weight: ExactDecimal($0.element)) },
            seats: total, method: .sainteLague, ties: .inputOrder))
        #expect(rows.map(\.seats) == direct.seatsByUnit)
        // A few units checked by hand: key = weight / sum, ideal = key × total, and Sainte-Laguë
        // places within one of the ideal quota.
        for i in [0, 1, n / 2, n - 1] {
            #expect(rows[i].key == Rational(BigInt(weights[i]), BigInt(weightSum)))
            #expect(rows[i].ideal == Rational(BigInt(weights[i]) * BigInt(total), BigInt(weightSum)))
            #expect(Rational(rows[i].seats) - rows[i].ideal < Rational(1))
            #expect(rows[i].ideal - Rational(rows[i].seats) < Rational(1))
        }
        // The CSV has one line per unit (plus header); the first unit's places are in it.
        let csv = plan.rendered(.csv, english: true)
        let lines = csv.split(separator: "\r\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        #expect(lines.count >= n + 1)
        #expect(lines.contains { $0.contains(",u0,") && $0.contains(",\(rows[0].seats)") })
    }

    @Test func fiveThousandUnits() throws {
        try Self.check(units: 5_000, total: 50_000)
    }

    @Test(.enabled(if: TestEnvironment.isExhaustive)) func hundredThousandUnits() throws {
        try Self.check(units: 100_000, total: 1_000_000)
    }

    /// Errors in a long units list still name the file, line and unit.
    @Test func duplicateUnitInALongListIsNamed() throws {
        let (text, _) = Self.scenario(units: 5_000, total: 100, extraUnit: "u4321")
        let dir = try planTempDir(["scale.toml": text])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let e = planError { _ = try ScenarioLibrary.load(dir + "/scale.toml") }
        guard case .badData(let loc, let msg)? = e else { Issue.record("expected bad data, got \(String(describing: e))"); return }
        #expect(msg == "unit 'u4321' is listed twice")
        #expect(loc.field == "education.x.level.enhed.units")
        #expect(loc.line == 17)
    }

    @Test func shareForAnUnknownUnitIsNamed() throws {
        let (text, _) = Self.scenario(units: 5_000, total: 100, extraShare: "u5000x")
        let dir = try planTempDir(["scale.toml": text])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let e = planError { _ = try Planner.run(try ScenarioLibrary.load(dir + "/scale.toml")) }
        guard case .badData(let loc, let msg)? = e else { Issue.record("expected bad data, got \(String(describing: e))"); return }
        #expect(msg.hasPrefix("unknown unit 'u5000x' (units: u0, u1, u2, u3, u4, u5, u6, u7, u8, u9, u10, u11 … and 4988 more)"))
        #expect(msg.count < 200)
        #expect(loc.field == "component.w.values.u5000x")
        #expect(loc.line == 9)
    }
}
