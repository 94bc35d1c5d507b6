import Foundation
import Testing
@testable import DimensioneringKit

@Suite("Engine: bounds, divisors, edge cases")
struct EngineTests {
    func units(_ rows: [(String, String, Int, Int?)]) -> [ApportionmentUnit] {
        rows.map { ApportionmentUnit(id: $0.0, weight: ExactDecimal($0.1)!, min: $0.2, max: $0.3) }
    }

    @Test("binding floors and caps are reported; non-binding ones are not", arguments: ApportionmentMethod.allCases)
    func boundStatus(method: ApportionmentMethod) throws {
        // a's cap and d's floor bind; b's floor of 30 does not (b gets 44 by Sainte-Laguë, 43-44 by others).
        let problem = ApportionmentProblem(units: units([("a", "100", 0, 20), ("b", "50", 30, nil), ("c", "30", 0, nil), ("d", "2", 10, 100)]),
                                           seats: 100, method: method)
        let r = try Apportioner.apportion(problem)
        #expect(r.seatsByUnit.reduce(0, +) == 100)
        #expect(r.seatsByUnit[0] == 20 && r.seatsByUnit[3] == 10)
        #expect(r.bounds == [.atMaximum, .free, .free, .atMinimum])
    }

    @Test("every D in the divisor range reproduces the allocation as round_s(w/D)", arguments: ApportionmentMethod.allCases.filter(\.isDivisorMethod))
    func divisorExplains(method: ApportionmentMethod) throws {
        let registry = MunicipalityRegistry.denmark
        let problem = ApportionmentProblem(units: registry.all.map { ApportionmentUnit(id: $0.code, weight: ExactDecimal($0.population)) },
                                           seats: 9000, method: method)
        let r = try Apportioner.apportion(problem)
        let d = try #require(r.divisor)
        let range = try #require(r.divisorRange)
        #expect(range.low < d && d < range.high)
        for (i, u) in problem.units.enumerated() {
            #expect(method.round(u.weight.doubleValue / d) == r.seatsByUnit[i], "\(u.id)")
        }
        #expect(r.seatsByUnit.reduce(0, +) == 9000)
        #expect(r.statistics.lpSolves == 1 && r.statistics.repairs == 0)
    }

    @Test("edge cases: no seats, all seats at the caps, one unit, zero weights")
    func edges() throws {
        let zero = try Apportioner.apportion(ApportionmentProblem(units: units([("a", "1", 0, nil), ("b", "2", 1, nil)]), seats: 1, method: .dhondt))
        #expect(zero.seatsByUnit == [0, 1])
        let none = try Apportioner.apportion(ApportionmentProblem(units: units([("a", "1", 0, nil), ("b", "2", 0, nil)]), seats: 0, method: .adams))
        #expect(none.seatsByUnit == [0, 0] && none.ties.isEmpty)
        let full = try Apportioner.apportion(ApportionmentProblem(units: units([("a", "1", 0, 3), ("b", "2", 0, 4)]), seats: 7, method: .sainteLague))
        #expect(full.seatsByUnit == [3, 4])
        let one = try Apportioner.apportion(ApportionmentProblem(units: units([("only", "0.5", 0, nil)]), seats: 9000, method: .huntingtonHill))
        #expect(one.seatsByUnit == [9000])
        let zeros = try Apportioner.apportion(ApportionmentProblem(units: units([("a", "0", 2, nil), ("b", "3", 0, nil)]), seats: 10, method: .sainteLague))
        #expect(zeros.seatsByUnit == [2, 8])
        #expect(throws: DimensioneringError.self) {
            try Apportioner.apportion(ApportionmentProblem(units: units([("a", "0", 0, nil), ("b", "0", 0, nil)]), seats: 1, method: .dhondt))
        }
    }

    @Test("exact decimals: parsing and comparison never go through Double")
    func decimals() throws {
        #expect(ExactDecimal("1e-9")?.text == "0.000000001")
        #expect(ExactDecimal("1.5E12")?.text == "1500000000000")
        #expect(ExactDecimal("000120.500")?.text == "120.5")
        for bad in ["", "-1", "nan", "inf", "1.2.3", "1,5", "1e999", "0x10"] { #expect(ExactDecimal(bad) == nil, "\(bad)") }
        // 0.1 + 0.2 vs 0.3 style: weights that differ in the 17th digit are still ordered exactly.
        #expect(ExactDecimal("0.30000000000000001")! > ExactDecimal("0.3")!)
        #expect(Rational(-8).decimalString(places: 0) == "-8")
        #expect(Rational(BigIntLiteral.minusFifteen, 2).decimalString(places: 0) == "-8")
        #expect(Rational(15, 2).decimalString(places: 1) == "7.5")
    }
}

import BigInt
enum BigIntLiteral { static let minusFifteen = BigInt(-15) }
extension Rational { init(_ a: Int, _ b: Int) { self.init(BigInt(a), BigInt(b)) } }
