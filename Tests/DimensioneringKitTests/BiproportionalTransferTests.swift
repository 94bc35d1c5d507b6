import DimensioneringKit
import Foundation
import Testing

/// The tie-and-transfer start (`TransferSolver`) against the windowed-LP path on generated problems:
/// the same allocation, the same ties, the same errors, and the transfers really decide most cases.
@Suite struct BiproportionalTransferTests {
    static var lpOnly: EngineTuning {
        var t = EngineTuning.standard
        t.biproportionalTransfers = false
        return t
    }

    /// A random problem: margins from a random integer matrix (so usually feasible), weights of one of
    /// four kinds (few distinct values give exact ties), zero cells, floors, caps, sometimes wild caps
    /// (infeasible), every divisor method.
    static func make(index: Int, maxRows: Int, maxColumns: Int) -> BiproportionalProblem {
        var rng = SplitMix64(seed: 0x7A5F_0000 &+ UInt64(index))
        let methods = ApportionmentMethod.allCases.filter(\.isDivisorMethod)
        let method = methods[index % methods.count]
        let m = 1 + rng.below(maxRows), n = 1 + rng.below(maxColumns)
        let top = [2, 5, 12][rng.below(3)]
        let seed = (0..<m).map { _ in (0..<n).map { _ in rng.below(top + 1) } }
        let kind = rng.below(4)
        let wild = rng.below(10) == 0
        var cells: [BiproportionalCell] = []
        for r in 0..<m {
            for c in 0..<n {
                var w: String
                switch kind {
                case 0: w = String(1 + rng.below(9))
                case 1: w = "\(rng.below(100)).\(String(format: "%03d", 1 + rng.below(999)))"
                case 2: w = String(1 + rng.below(100_000))
                default: w = String(1 + rng.below(3))
                }
                if seed[r][c] == 0 && rng.below(5) == 0 { w = "0" }
                var lo = 0, hi: Int? = nil
                if rng.below(8) == 0 { lo = rng.below(seed[r][c] + 1) }
                if rng.below(8) == 0 { hi = seed[r][c] + rng.below(2) }
                if wild && rng.below(3) == 0 { hi = rng.below(2); lo = Swift.min(lo, hi!) }
                cells.append(BiproportionalCell(row: "r\(r)", column: "c\(c)", weight: ExactDecimal(w)!, min: lo, max: hi))
            }
        }
        let ties: TieRule = [.inputOrder, .lot(seed: UInt64(index)), .fail][index % 3]
        return BiproportionalProblem(
            cells: cells, rowTotals: (0..<m).map { r in ("r\(r)", seed[r].reduce(0, +)) },
            columnTotals: (0..<n).map { c in ("c\(c)", seed.reduce(0) { $0 + $1[c] }) }, method: method, ties: ties)
    }

    enum Outcome: Equatable {
        case solved(seats: [[Int]], ties: [String])
        case failed(String)
    }

    static func outcome(_ p: BiproportionalProblem, _ tuning: EngineTuning) -> (Outcome, SolveStatistics?) {
        do {
            let r = try Biproportional.apportion(p, tuning: tuning)
            return (.solved(seats: r.seats, ties: r.ties.map { "\($0.units) \($0.seats) → \($0.winners)" }), r.statistics)
        } catch { return (.failed("\(error)"), nil) }
    }

    /// Compares both paths on `count` generated problems; returns how many the transfers decided.
    static func compare(count: Int, maxRows: Int, maxColumns: Int) -> (byTransfers: Int, tied: Int, failed: Int) {
        var byTransfers = 0, tied = 0, failed = 0, disagreements = 0
        for index in 0..<count {
            let p = make(index: index, maxRows: maxRows, maxColumns: maxColumns)
            let (new, stats) = outcome(p, .standard)
            let (old, _) = outcome(p, lpOnly)
            if new != old {
                disagreements += 1
                if disagreements <= 5 { Issue.record("case #\(index): transfers \(new), LP \(old)") }
            }
            if let stats, stats.lpSolves == 0 { byTransfers += 1 }
            if case .solved(_, let t) = new, !t.isEmpty { tied += 1 }
            if let r = try? Biproportional.apportion(p) {
                // A tie set is reported once, however its cycle was walked.
                #expect(Set(r.ties.map { $0.units.sorted() }).count == r.ties.count, "case #\(index): \(r.ties)")
            }
            if case .failed = new { failed += 1 }
        }
        #expect(disagreements == 0, "\(disagreements) of \(count) cases disagree")
        return (byTransfers, tied, failed)
    }

    @Test func transfersAgreeWithTheLP() {
        let count = TestEnvironment.size(everyday: 400, exhaustive: 4_000)
        let r = Self.compare(count: count, maxRows: 8, maxColumns: 5)
        // The generator must exercise ties and errors, and the new path must be the one deciding.
        #expect(r.tied >= count / 50, "only \(r.tied) tied cases")
        #expect(r.failed >= count / 100, "only \(r.failed) failing cases")
        #expect(r.byTransfers >= (count - r.failed) * 9 / 10, "transfers decided only \(r.byTransfers) of \(count)")
    }

    @Test(.enabled(if: TestEnvironment.isExhaustive)) func transfersAgreeWithTheLPOnLargerMatrices() {
        let r = Self.compare(count: 300, maxRows: 120, maxColumns: 12)
        #expect(r.byTransfers >= 250, "transfers decided only \(r.byTransfers) of 300")
    }

    /// The benchmark's 10,000 × 10 matrix holds an exact tie: the transfers decide it (no LP), and
    /// the same way as the LP path (the canonical optimum, then the tie rule).
    @Test(.enabled(if: TestEnvironment.isExhaustive)) func largeBenchShapeTieWithoutLP() throws {
        let p = Self.benchShape(rows: 10_000)
        let new = try Biproportional.apportion(p)
        let old = try Biproportional.apportion(p, tuning: Self.lpOnly)
        #expect(new.seats == old.seats)
        #expect(new.ties == old.ties)
        #expect(new.statistics.lpSolves == 0)
        #expect(new.ties.map(\.units) == [["r1298/c0", "r1298/c9", "r3727/c0", "r3727/c9"]])
        #expect(new.ties.map(\.winners) == [["r1298/c0", "r3727/c9"]])
    }

    static func benchShape(rows: Int) -> BiproportionalProblem {
        var rng = SplitMix64(seed: UInt64(rows * 100 + 10))
        var cells: [BiproportionalCell] = []
        var rowTotals: [(id: String, seats: Int)] = [], colSums = [Int](repeating: 0, count: 10)
        for r in 0..<rows {
            var total = 0
            for c in 0..<10 {
                let seats = rng.below(10)
                total += seats
                colSums[c] += seats
                cells.append(BiproportionalCell(row: "r\(r)", column: "c\(c)", weight: ExactDecimal("\(seats)." + String(250 + rng.below(500)))!))
            }
            rowTotals.append(("r\(r)", total))
        }
        return BiproportionalProblem(cells: cells, rowTotals: rowTotals,
                                     columnTotals: colSums.enumerated().map { ("c\($0.offset)", $0.element) })
    }

    /// The benchmark's shape: 1,000 × 10, about 4.5 places per cell; the LP is not needed.
    @Test func benchShapeNeedsNoLP() throws {
        let p = Self.benchShape(rows: 1_000)
        let new = try Biproportional.apportion(p)
        let old = try Biproportional.apportion(p, tuning: Self.lpOnly)
        #expect(new.seats == old.seats)
        #expect(new.statistics.lpSolves == 0)
        #expect(old.statistics.lpSolves >= 1 && old.statistics.transfers == 0)
        #expect(new.total == 45_057)
        for r in 0..<1_000 { #expect(new.seats[r].reduce(0, +) == p.rowTotals[r].seats) }
        for c in 0..<10 { #expect(new.seats.reduce(0) { $0 + $1[c] } == p.columnTotals[c].seats) }
    }
}
