import BigInt
import Foundation
import Testing
@testable import DimensioneringKit

/// Numeric range and size: correct results or a clear refusal, never a crash; timings are printed.
@Suite struct ReliabilityScaleTests {
    private func timed<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
        let start = Date()
        let v = try body()
        FileHandle.standardError.write(Data("reliability: \(label): \(String(format: "%.2f", Date().timeIntervalSince(start))) s\n".utf8))
        return v
    }

    /// Many units, 10 seats per unit on average: sums, and checked against the exact reference
    /// (max-min validity and uniqueness for divisor methods; Hamilton exactly for largest remainder).
    /// 1,000 units every day, 10,000 under DIMENSIONERING_EXHAUSTIVE=1; `RELIABILITY_UNITS=100000`
    /// for the full size (measured on the 2-core machine, debug build, 3 tests in parallel:
    /// Sainte-Laguë 346 s, D'Hondt 606 s, Hamilton 468 s).
    @Test(arguments: [ApportionmentMethod.sainteLague, .dhondt, .largestRemainder])
    func manyUnits(_ method: ApportionmentMethod) throws {
        var rng = FuzzRNG(seed: 42)
        let n = ProcessInfo.processInfo.environment["RELIABILITY_UNITS"].flatMap(Int.init)
            ?? TestEnvironment.size(everyday: 1_000, exhaustive: 10_000)
        let units = (0..<n).map { i in
            ApportionmentUnit(id: "u\(i)", weight: ExactDecimal("\(Int.random(in: 1...1_000_000, using: &rng)).\(i % 97)")!)
        }
        let seats = 10 * n
        let r = try timed("\(n) units, \(seats) seats, \(method.rawValue)") {
            try Apportioner.apportion(ApportionmentProblem(units: units, seats: seats, method: method, ties: .inputOrder))
        }
        #expect(r.seatsByUnit.count == n)
        #expect(r.seatsByUnit.reduce(0, +) == seats)
        let scaled = ExactDecimal.commonScale(units.map(\.weight))
        if method == .largestRemainder {
            if case .unique(let y) = ReferenceApportion.hamilton(weights: scaled, seats: seats) {
                #expect(y == r.seatsByUnit)
            }
        } else {
            let c = ReferenceApportion.check(weights: scaled, mins: units.map(\.min), maxs: units.map(\.max),
                                             x: r.seatsByUnit, method: method)
            #expect(c.valid, "not a valid \(method.rawValue) allocation")
        }
    }

    /// 1,000,000 seats on 10 units, every method: equals the reference exactly.
    @Test(arguments: ApportionmentMethod.allCases)
    func millionSeatsTenUnits(_ method: ApportionmentMethod) throws {
        let weights = ["1e-9", "1e12", "3", "7.25", "1000000", "0.5", "123456789012345678901234567890", "2", "2", "9e11"]
        let units = weights.enumerated().map { ApportionmentUnit(id: "u\($0.offset)", weight: ExactDecimal($0.element)!) }
        let seats = 1_000_000
        let r = try timed("10 units, 1,000,000 seats, \(method.rawValue)") {
            try Apportioner.apportion(ApportionmentProblem(units: units, seats: seats, method: method, ties: .fail))
        }
        #expect(r.seatsByUnit.reduce(0, +) == seats)
        // Exact check: Hamilton against the reference; divisor methods by the max-min criterion
        // (valid, and unique since --ties fail returned). For Adams, Huntington-Hill and Dean
        // (s(0) = 0) every unit gets a seat first, so the giant unit ends 9 below its quota.
        let scaled = ExactDecimal.commonScale(units.map(\.weight))
        if method == .largestRemainder {
            #expect(ReferenceApportion.hamilton(weights: scaled, seats: seats) == .unique(r.seatsByUnit))
        } else {
            let c = ReferenceApportion.check(weights: scaled, mins: units.map(\.min), maxs: units.map(\.max),
                                             x: r.seatsByUnit, method: method)
            #expect(c.valid && c.unique, "\(method.rawValue): \(r.seatsByUnit)")
        }
        if method == .adams || method == .huntingtonHill || method == .dean {
            #expect(r.seatsByUnit.allSatisfy { $0 >= 1 })
        }
    }

    /// The largest supported vector: 1,000,000 units × 10,000,000 places, every place exact by the
    /// reference's max-min criterion (integers only). Exhaustive runs only (DIMENSIONERING_EXHAUSTIVE=1):
    /// the engine takes about a second in a release build, the reference check longer in debug.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["DIMENSIONERING_EXHAUSTIVE"] == "1"),
          arguments: [ApportionmentMethod.sainteLague, .dhondt])
    func millionUnits(_ method: ApportionmentMethod) throws {
        var rng = SplitMix64(seed: 2026)
        let units = (0..<1_000_000).map { ApportionmentUnit(id: "u\($0)", weight: ExactDecimal(1 + rng.below(1_000_000))) }
        let r = try timed("1,000,000 units, 10,000,000 seats, \(method.rawValue)") {
            try Apportioner.apportion(ApportionmentProblem(units: units, seats: 10_000_000, method: method))
        }
        #expect(r.seatsByUnit.reduce(0, +) == 10_000_000)
        let c = ReferenceApportion.check(weights: ExactDecimal.commonScale(units.map(\.weight)), mins: units.map(\.min),
                                         maxs: units.map(\.max), x: r.seatsByUnit, method: method)
        // Random weights of up to 10^6 among 10^6 units do tie exactly: valid, and a reported tie when not unique.
        #expect(c.valid)
        #expect(c.unique || !r.ties.isEmpty)
        #expect(r.statistics.exactComparisons < 10_000, "integers were needed for \(r.statistics.exactComparisons) comparisons")
    }

    /// Beyond the supported sizes: a clear refusal, not a crash or a hang.
    @Test func refusals() throws {
        let u = [ApportionmentUnit(id: "a", weight: ExactDecimal(1))]
        #expect(throws: DimensioneringError.self) {
            try Apportioner.apportion(ApportionmentProblem(units: u, seats: ApportionmentProblem.maximumSeats + 1, method: .dhondt))
        }
        #expect(throws: DimensioneringError.self) {
            try Apportioner.apportion(ApportionmentProblem(units: [], seats: 1, method: .dhondt))
        }
        #expect(throws: DimensioneringError.self) {
            try Apportioner.apportion(ApportionmentProblem(units: u, seats: -1, method: .dhondt))
        }
        let huge = [ApportionmentUnit(id: "a", weight: ExactDecimal(1), min: Int.max / 4),
                    ApportionmentUnit(id: "b", weight: ExactDecimal(1), min: Int.max / 4)]
        #expect(throws: DimensioneringError.self) {
            try Apportioner.apportion(ApportionmentProblem(units: huge, seats: 10, method: .sainteLague))
        }
        let hugeCap = [ApportionmentUnit(id: "a", weight: ExactDecimal(1), max: Int.max),
                       ApportionmentUnit(id: "b", weight: ExactDecimal(1), max: Int.max)]
        let r = try Apportioner.apportion(ApportionmentProblem(units: hugeCap, seats: 10, method: .sainteLague, ties: .fail))
        #expect(r.seatsByUnit == [5, 5])
    }

    /// Regression (was a trap: Int overflow summing floors in `Apportioner.checkFeasibility`, fixed by
    /// b5212d1): floors whose sum overflows `Int` are refused. Run in a child process (exit test) so a
    /// regression cannot take the test run down.
    @Test func overflowingFloorsDoNotTrap() async {
        await #expect(processExitsWith: .success) {
            let huge = (0..<3).map { ApportionmentUnit(id: "u\($0)", weight: ExactDecimal(1), min: Int.max / 2) }
            do {
                _ = try Apportioner.apportion(ApportionmentProblem(units: huge, seats: 10, method: .sainteLague))
                exit(1)
            } catch is DimensioneringError {
            } catch { exit(1) }
        }
    }

    /// CSV reader on a big file: 10,000 rows every day, 100,000 under DIMENSIONERING_EXHAUSTIVE=1
    /// (the timings are printed; speed itself is measured by `make bench`).
    @Test func bigCSV() throws {
        let n = TestEnvironment.size(everyday: 10_000, exhaustive: 100_000)
        var s = "id;weight;min;max\n"
        for i in 0..<n { s += "kommune \(i);\(i % 1000),\(i % 7);;\n" }
        let t = try timed("CSV \(n) rows") { try CSVTable.parse(Data(s.utf8), file: "big.csv") }
        let units = try timed("ApportionInputs \(n) rows") { try ApportionInputs.units(t) }
        #expect(units.count == n)
        #expect(units[1345].weight.text == "345.1")  // 1345 mod 1000 = 345, 1345 mod 7 = 1
        #expect(units[n - 1].id == "kommune \(n - 1)")
    }
}
