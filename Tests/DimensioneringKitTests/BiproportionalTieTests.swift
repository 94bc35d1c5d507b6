import BigInt
@testable import DimensioneringKit
import Foundation
import Testing

/// The canonical tie resolution and the reading fast paths of the biproportional engine.
@Suite struct BiproportionalTieTests {
    /// Every matrix meeting the margins (cells bounded by their row and column totals).
    static func allMatrices(_ R: [Int], _ C: [Int]) -> [[[Int]]] {
        let m = R.count, n = C.count
        var out: [[[Int]]] = []
        var x = [[Int]](repeating: [Int](repeating: 0, count: n), count: m)
        var rowLeft = R, colLeft = C
        func place(_ i: Int) {
            if i == m * n {
                if rowLeft.allSatisfy({ $0 == 0 }) && colLeft.allSatisfy({ $0 == 0 }) { out.append(x) }
                return
            }
            let r = i / n, c = i % n
            let top = Swift.min(rowLeft[r], colLeft[c])
            // The last cell of a row must take what is left of the row.
            let range: [Int] = c == n - 1 ? (rowLeft[r] <= top ? [rowLeft[r]] : []) : Array(0...top)
            for k in range {
                x[r][c] = k; rowLeft[r] -= k; colLeft[c] -= k
                place(i + 1)
                x[r][c] = 0; rowLeft[r] += k; colLeft[c] += k
            }
        }
        place(0)
        return out
    }

    /// Exact comparison of two matrices' objectives: Π over seats of priority², as rationals.
    static func objective(_ x: [[Int]], _ w: [[Int]], _ method: ApportionmentMethod) -> (num: BigInt, den: BigInt) {
        var num = BigInt(1), den = BigInt(1)
        for r in x.indices {
            for c in x[r].indices {
                for k in 0..<x[r][c] {
                    let s2 = method.signpostSquared(k)
                    // priority² = w² / s² = w² · den / num
                    num *= BigInt(w[r][c] * w[r][c]) * s2.den
                    den *= s2.num
                }
            }
        }
        return (num, den)
    }

    /// On every small problem with exact ties, `order` gives the lexicographically first optimum in
    /// cell order (found by brute force), on both paths, whatever optimum they start from.
    @Test func orderGivesTheLexicographicMaximumOfTheOptima() throws {
        var rng = SplitMix64(seed: 0xB1B2)
        var tiedCases = 0
        let count = TestEnvironment.size(everyday: 150, exhaustive: 1_500)
        for index in 0..<count {
            let method: ApportionmentMethod = index % 2 == 0 ? .sainteLague : .dhondt
            let m = 2 + rng.below(2), n = 2 + rng.below(2)
            let seed = (0..<m).map { _ in (0..<n).map { _ in rng.below(4) } }
            let w = (0..<m).map { _ in (0..<n).map { _ in 1 + rng.below(3) } }
            let R = seed.map { $0.reduce(0, +) }, C = (0..<n).map { c in seed.reduce(0) { $0 + $1[c] } }
            // Optima by brute force: the largest product of priorities (exactly).
            var best: [[[Int]]] = [], bestValue: (num: BigInt, den: BigInt)? = nil
            for x in Self.allMatrices(R, C) {
                let v = Self.objective(x, w, method)
                if let b = bestValue {
                    let lhs = v.num * b.den, rhs = b.num * v.den
                    if lhs > rhs { best = [x]; bestValue = v } else if lhs == rhs { best.append(x) }
                } else { best = [x]; bestValue = v }
            }
            let expected = best.max { a, b in a.joined().lexicographicallyPrecedes(b.joined()) }!
            if best.count > 1 { tiedCases += 1 }
            var cells: [BiproportionalCell] = []
            for r in 0..<m { for c in 0..<n { cells.append(BiproportionalCell(row: "r\(r)", column: "c\(c)", weight: ExactDecimal(w[r][c]))) } }
            let p = BiproportionalProblem(cells: cells, rowTotals: (0..<m).map { ("r\($0)", R[$0]) },
                                          columnTotals: (0..<n).map { ("c\($0)", C[$0]) }, method: method, ties: .inputOrder)
            for tuning in [EngineTuning.standard, BiproportionalTransferTests.lpOnly] {
                let result = try Biproportional.apportion(p, tuning: tuning)
                #expect(result.seats == expected, "case #\(index) (\(best.count) optima), transfers \(tuning.biproportionalTransfers)")
                #expect((best.count > 1) == !result.ties.isEmpty, "case #\(index): \(best.count) optima, \(result.ties.count) ties reported")
                // A tie set is reported once, however its cycle was walked.
                #expect(Set(result.ties.map { $0.units }).count == result.ties.count, "case #\(index): \(result.ties)")
            }
        }
        #expect(tiedCases >= count / 10, "only \(tiedCases) tied cases")
    }

    /// The plain-number fast path gives exactly what the general parser gives.
    @Test func plainDecimalsAgreeWithTheGeneralParser() throws {
        var rng = SplitMix64(seed: 0xDEC)
        let alphabet = Array("0000123456789..")
        var checked = 0
        for _ in 0..<20_000 {
            let s = String((0..<(1 + rng.below(12))).map { _ in alphabet[rng.below(alphabet.count)] })
            guard let fast = ExactDecimal.plain(s) else { continue }
            let general = try #require(ExactDecimal.general(try DecimalText.normalise(s, allowDecimalComma: false, at: SourceLocation(file: "t"))), "\(s)")
            #expect(fast.significand == general.significand && fast.exponent == general.exponent && fast.text == general.text,
                    "'\(s)': fast \(fast.significand)e\(fast.exponent) '\(fast.text)', general \(general.significand)e\(general.exponent) '\(general.text)'")
            checked += 1
        }
        #expect(checked > 5_000)
        #expect(ExactDecimal.plain("3.250")?.text == "3.25")
        #expect(ExactDecimal.plain("0.050")?.text == "0.05")
        #expect(ExactDecimal.plain("1200")?.exponent == 2)
    }

    /// JSON written as bytes: escapes, integers and nesting as before.
    @Test func jsonRendering() {
        let v = JSON.object([("a<b", .string("x\"y\\z\næ&")), ("n", .array([.int(-1234567890123), .int(0), .double(2.5), .double(3), .null])),
                             ("o", .array([.object([("k", .bool(true))])])), ("e", .object([]))])
        #expect(v.rendered() == "{\n  \"a\\u003cb\": \"x\\\"y\\\\z\\næ\\u0026\",\n  \"n\": [-1234567890123, 0, 2.5, 3, null],\n  \"o\": [\n    {\n      \"k\": true\n    }\n  ],\n  \"e\": {}\n}")
        #expect(JSON.quote("\u{1}ok") == "\"\\u0001ok\"")
        #expect(JSON.int(Int.min).rendered() == String(Int.min))
    }
}

extension BiproportionalTieTests {
    /// The matrix's float weights without parsing text are exactly strtod's.
    @Test func weightsAsDoublesAreStrtods() {
        var rng = SplitMix64(seed: 0xF10A7)
        for _ in 0..<20_000 {
            let digits = String(1 + rng.below(Int(Int32.max))) + String(rng.below(1_000_000))
            let cut = rng.below(digits.count + 1)
            let text = String(digits.prefix(cut)) + "." + String(digits.dropFirst(cut))
            guard let v = ExactDecimal.plain(text) else { continue }
            #expect(BiproportionalMatrix.double(v).bitPattern == v.doubleValue.bitPattern, "\(text)")
        }
        // Exponents, leading zeros, 16+ digits (the BigInt path) and the largest exact integers.
        for text in ["1200", "5e3", "1.5E12", "0.000123", "1e-30", "0.1", "9007199254740993", "9007199254740991",
                     "123456789012345678901234567890", "4.9e-39", "0", "7.", ".5"] {
            guard let v = ExactDecimal(text) else { Issue.record("\(text)"); continue }
            #expect(BiproportionalMatrix.double(v).bitPattern == v.doubleValue.bitPattern, "\(text)")
        }
    }

    /// The biproportional JSON written straight from the matrix is byte for byte the JSON tree's.
    @Test func biproportionalJSONTextIsTheTreesRendering() throws {
        var rng = SplitMix64(seed: 0x150)
        for trial in 0..<40 {
            let m = 1 + rng.below(6), n = 1 + rng.below(4)
            var cells: [BiproportionalCell] = []
            var R = [Int](repeating: 0, count: m), C = [Int](repeating: 0, count: n)
            for r in 0..<m {
                for c in 0..<n where rng.below(5) > 0 {
                    let seats = rng.below(6)
                    R[r] += seats; C[c] += seats
                    // Equal weights in some trials: ties, so the "ties" array is not empty.
                    let weight = trial % 3 == 0 ? "1" : "\(1 + rng.below(900)).\(rng.below(100))"
                    cells.append(BiproportionalCell(row: r == 0 ? "a<\"r\"" : "r\(r)", column: "c\(c)&", weight: ExactDecimal(weight)!))
                }
            }
            guard R.reduce(0, +) > 0 else { continue }
            let problem = BiproportionalProblem(cells: cells, rowTotals: (0..<m).map { (r: Int) in (id: r == 0 ? "a<\"r\"" : "r\(r)", seats: R[r]) },
                                                columnTotals: (0..<n).map { (id: "c\($0)&", seats: C[$0]) })
            let result = try Biproportional.apportion(problem)
            #expect(result.jsonText() == result.json().rendered() + "\n")
            #expect(result.rendered(.json) == result.json().rendered() + "\n")
        }
        let empty = BiproportionalResult(method: .dhondt, rows: [], columns: [], seats: [], rowDivisors: [], columnDivisors: [],
                                         ties: [], statistics: SolveStatistics())
        #expect(empty.jsonText() == empty.json().rendered() + "\n")
    }
}
