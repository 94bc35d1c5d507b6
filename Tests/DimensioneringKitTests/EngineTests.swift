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
        // The float search found it, and integers were needed for fewer comparisons than there are units.
        #expect(r.statistics.repairs == 0 && r.statistics.exactComparisons < problem.units.count)
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

@Suite("Engine: exact decisions where floating point cannot tell")
struct EngineExactnessTests {
    func units(_ weights: [String]) -> [ApportionmentUnit] {
        weights.enumerated().map { ApportionmentUnit(id: "u\($0.offset)", weight: ExactDecimal($0.element)!) }
    }

    @Test("weights equal as doubles but not exactly: integers decide", arguments: ApportionmentMethod.allCases)
    func seventeenthDigit(method: ApportionmentMethod) throws {
        // 0.3 and 0.30000000000000001 are the same Double; the second is larger, so it wins the odd seat.
        #expect(Double("0.3")! == Double("0.30000000000000001")!)
        let r = try Apportioner.apportion(ApportionmentProblem(units: units(["0.3", "0.30000000000000001"]), seats: 3,
                                                               method: method, ties: .fail))
        #expect(r.seatsByUnit == [1, 2])
        #expect(r.ties.isEmpty)
        #expect(r.statistics.exactComparisons > 0)
    }

    @Test("an exact tie among many units is found and decided by the rule", arguments: [ApportionmentMethod.sainteLague, .dhondt, .largestRemainder])
    func exactTie(method: ApportionmentMethod) throws {
        // 1,000 units of weight 7 and 10,500 seats: 500 seats are contested by all of them.
        let problem = ApportionmentProblem(units: units(Array(repeating: "7", count: 1000)), seats: 10_500, method: method)
        let r = try Apportioner.apportion(problem)
        #expect(r.seatsByUnit == Array(repeating: 11, count: 500) + Array(repeating: 10, count: 500))
        #expect(r.ties.count == 1 && r.ties[0].units.count == 1000 && r.ties[0].seats == 500)
        var failing = problem
        failing.ties = .fail
        #expect(throws: DimensioneringError.self) { try Apportioner.apportion(failing) }
    }

    @Test("random problems with floors and caps: valid by the exact max-min criterion", arguments: ApportionmentMethod.allCases)
    func randomBounded(method: ApportionmentMethod) throws {
        var rng = SplitMix64(seed: 8)
        for _ in 0..<30 {
            let n = 1 + rng.below(60)
            let us = (0..<n).map { i -> ApportionmentUnit in
                let w = ExactDecimal("\(1 + rng.below(100_000)).\(rng.below(1000))")!
                let lo = rng.below(4) == 0 ? rng.below(20) : 0
                let hi: Int? = rng.below(4) == 0 ? lo + rng.below(30) : nil
                return ApportionmentUnit(id: "u\(i)", weight: w, min: lo, max: hi)
            }
            let lo = us.map(\.min).reduce(0, +)
            let seats = lo + rng.below(20 * n)
            guard let r = try? Apportioner.apportion(ApportionmentProblem(units: us, seats: seats, method: method)) else { continue }
            #expect(r.seatsByUnit.reduce(0, +) == seats)
            if method.isDivisorMethod {
                let c = ReferenceApportion.check(weights: ExactDecimal.commonScale(us.map(\.weight)), mins: us.map(\.min),
                                                 maxs: us.map { $0.max.map { Swift.min($0, seats) } }, x: r.seatsByUnit, method: method)
                #expect(c.valid, "\(method.rawValue) \(us) \(seats)")
            }
        }
    }
}

@Suite("Streaming inputs: the same units and the same errors as the table reader")
struct StreamingInputTests {
    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func outcome(_ body: () throws -> [ApportionmentUnit]) -> String {
        do { return try body().map { "\($0.id)|\($0.weight.text)|\($0.min)|\($0.max.map(String.init) ?? "-")" }.joined(separator: ";") } catch {
            return "error: \(error)"
        }
    }

    @Test("streamed and tabled readings agree", arguments: [
        "id,weight\na,1\nb,2.50\n",
        "\u{FEFF}id;weight;min;max\r\na;1,5;;\r\nb;007;2;9\r\n",
        "id,weight,min,max,\nx,3,,,\n\n,,,,\ny,4,1,,\n",
        "id\tweight\n \"q, r\" \t1e3\n\"s\"\"t\"\t.5\n",
        "id,weight\n\"multi\nline\",2\nc,  4  \n",
        "id,weight\na,1\na,2\n", "id,weight\na,-1\n", "id,weight\na,1,2\n", "id,weight\na,\"1\"x\n",
        "id,weight\na,\"1\n", "id,wieght\na,1\n", "id,weight\n", "", "id,weight,min,max\na,1,5,2\n",
        "id,weight,min\na,1,99999999999\n", "id,weight\na,1.2.3\n", "id,weight\n a ,0\n", "id,weight\rb,1\rc,2",
        "id,weight\na,12345678901234567890123\n", "id,weight\na,0.000\n",
    ])
    func agree(_ text: String) throws {
        let path = try write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let streamed = outcome { try ApportionInputs.units(path: path) }
        let tabled = outcome { try ApportionInputs.units(CSVTable.read(path: path)) }
        #expect(streamed == tabled)
    }

    @Test("over the limit: refused at the first row past it, naming the file and that row's line")
    func refusedAtTheLimit() throws {
        var text = "id,weight\n\n"  // a blank line: rows start on line 3
        for i in 0..<150 { text += "u\(i),\(i + 1)\n" }
        let path = try write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ApportionInputs.units(path: path, limit: 150).count == 150)
        do {
            _ = try ApportionInputs.units(path: path, limit: 100)
            Issue.record("no error")
        } catch let DimensioneringError.badData(location, message) {
            #expect(location.file == path && location.line == 103)
            #expect(message.contains("more than 100 units"))
        }
    }
}

import BigInt
enum BigIntLiteral { static let minusFifteen = BigInt(-15) }
extension Rational { init(_ a: Int, _ b: Int) { self.init(BigInt(a), BigInt(b)) } }
