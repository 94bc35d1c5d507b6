import BigInt
import Foundation
import LinearProgramming

/// A cell of the weight matrix, e.g. (municipality, education).
public struct BiproportionalCell: Sendable, Equatable {
    public var row: String
    public var column: String
    public var weight: ExactDecimal
    public var min: Int
    public var max: Int?

    public init(row: String, column: String, weight: ExactDecimal, min: Int = 0, max: Int? = nil) {
        self.row = row
        self.column = column
        self.weight = weight
        self.min = min
        self.max = max
    }
}

/// Biproportional apportionment (Balinski & Demange 1989): whole seats in a matrix such that
/// every row and every column total is met exactly and x_rc = round_s(w_rc / (ρ_r · γ_c)) for
/// row divisors ρ and column divisors γ (clamped to the cell's floor and cap).
public struct BiproportionalProblem: Sendable {
    public var cells: [BiproportionalCell]
    public var rowTotals: [(id: String, seats: Int)]
    public var columnTotals: [(id: String, seats: Int)]
    public var method: ApportionmentMethod
    public var ties: TieRule

    public init(cells: [BiproportionalCell], rowTotals: [(id: String, seats: Int)],
                columnTotals: [(id: String, seats: Int)], method: ApportionmentMethod = .sainteLague,
                ties: TieRule = .inputOrder) {
        self.cells = cells
        self.rowTotals = rowTotals
        self.columnTotals = columnTotals
        self.method = method
        self.ties = ties
    }
}

public struct BiproportionalResult: Sendable {
    public var method: ApportionmentMethod
    public var rows: [String]
    public var columns: [String]
    /// seats[r][c]; cells absent from the input hold 0.
    public var seats: [[Int]]
    public var rowDivisors: [Double]
    public var columnDivisors: [Double]
    /// Contenders are named "row/column".
    public var ties: [Tie]
    public var statistics: SolveStatistics

    public var total: Int { seats.joined().reduce(0, +) }
}

public enum Biproportional {
    /// Apportions the matrix: the margins are checked, alternating scaling fits row and column
    /// divisors (`AlternatingScaling`), transfers along shortest augmenting paths meet the margins
    /// (`TransferSolver`), and the result's duals are verified over every cell's full range
    /// (`DualCertificate`). Only if that fails does an LP over small windows around the fitted
    /// quotients do the job (`WindowedLP`, its duals verified the same way, widening the windows
    /// where it fails). Both paths then move to the canonical optimum (`canonicalOptimum`), from which
    /// exact tie cycles are decided by the tie rule (`findTieCycle`).
    public static func apportion(_ problem: BiproportionalProblem, options: SimplexOptions = .apportionment,
                                 tuning: EngineTuning = .standard) throws -> BiproportionalResult {
        let matrix = try BiproportionalMatrix(problem)
        try checkMargins(matrix)
        let scaling = AlternatingScaling(matrix: matrix, tuning: tuning)
            .fit(rounds: tuning.biproportionalTransfers ? tuning.transferScalingRounds : nil)
        var x: [Int], u: [Double], v: [Double]
        var stats = SolveStatistics()
        var ties: [Tie] = []
        // Tie-and-transfer first; its result counts only if the dual certificate holds over every
        // cell's full range (it is then an optimum, and the canonical optimum below is the LP's).
        // Otherwise (or with no path: infeasible margins) the windowed LP decides.
        if tuning.biproportionalTransfers,
           let t = TransferSolver(matrix: matrix, tuning: tuning).solve(rho: scaling.rho, gamma: scaling.gamma),
           DualCertificate(matrix: matrix, tolerance: tuning.reducedCostTolerance).violations(x: t.x, u: t.u, v: t.v).isEmpty {
            (x, u, v) = (t.x, t.u, t.v)
            stats.transfers = t.transfers
        } else {
            // The LP starts from the full alternating scaling.
            let fitted = tuning.biproportionalTransfers ? AlternatingScaling(matrix: matrix, tuning: tuning).fit() : scaling
            var lp = WindowedLP(matrix: matrix, rho: fitted.rho, gamma: fitted.gamma, options: options, tuning: tuning)
            (x, u, v) = try lp.solve()
            stats = lp.stats
        }
        // Ties: both paths first move to the canonical optimum (defined by the set of optima alone),
        // then the tie rule decides each exact tie cycle from there.
        canonicalOptimum(&x, u: u, v: v, matrix: matrix, tolerance: tuning.reducedCostTolerance)
        ties = try resolveTies(&x, u: u, v: v, matrix: matrix, rule: problem.ties, tuning: tuning)

        // Divisors: ρ = e^{-u}, γ = e^{-v}, scaled so the column divisors have geometric mean 1.
        let shift = v.reduce(0, +) / Double(matrix.n)
        let rowDivisors = u.map { exp(-($0 + shift)) }
        let colDivisors = v.map { exp(-($0 - shift)) }
        let n = matrix.n
        let seats = (0..<matrix.m).map { r in Array(x[(r * n)..<(r * n + n)]) }
        return BiproportionalResult(method: matrix.method, rows: matrix.rows, columns: matrix.cols, seats: seats,
                                    rowDivisors: rowDivisors, columnDivisors: colDivisors, ties: ties, statistics: stats)
    }

    /// Ties: a cycle of cells that could each gain or lose a seat at exactly equal priority.
    static func resolveTies(_ x: inout [Int], u: [Double], v: [Double], matrix: BiproportionalMatrix, rule: TieRule,
                            tuning: EngineTuning) throws -> [Tie] {
        let n = matrix.n, rows = matrix.rows, cols = matrix.cols, method = matrix.method
        var ties: [Tie] = []
        var decided = Set<[Int]>()
        while let cycle = findTieCycle(x: x, matrix: matrix, u: u, v: v, skip: decided, tolerance: tuning.reducedCostTolerance) {
            let contenders = (cycle.gain + cycle.lose).sorted()
            decided.insert(contenders)  // the tie set, however the cycle was walked
            let names = contenders.map { "\(rows[$0 / n])/\(cols[$0 % n])" }
            let k = cycle.lose.count
            // Two allocations are equally good: the current one (seats in `lose`) and the one with the
            // seats moved to `gain`. The rule decides which cells keep them.
            let firstGetsIt: Bool
            switch rule {
            case .fail:
                throw DimensioneringError.tie("\(names.joined(separator: ", ")) tie for \(k) seat\(k == 1 ? "" : "s") (biproportional \(method.rawValue)); choose the tie rule order or lot[:SEED] (--ties for apportion, ties = ... in a scenario)")
            case .inputOrder:
                firstGetsIt = true
            case .lot(let seed):
                var rng = SplitMix64(seed: seed &+ UInt64(ties.count))
                firstGetsIt = rng.below(2) == 0
            }
            let first = contenders[0]
            let firstInGain = cycle.gain.contains(first)
            // Apply the cycle if it brings the outcome the rule asks for.
            if firstInGain == firstGetsIt {
                for g in cycle.gain { x[g] += 1 }
                for l in cycle.lose { x[l] -= 1 }
            }
            let winners = (firstInGain == firstGetsIt ? cycle.gain : cycle.lose).sorted().map { "\(rows[$0 / n])/\(cols[$0 % n])" }
            ties.append(Tie(units: names, seats: k, winners: winners, rule: rule))
            if ties.count > tuning.maximumTieCycles { break }
        }
        return ties
    }

    static func pick(_ low: Double, _ high: Double) -> Double {
        if low.isFinite && high.isFinite { return (low + high) / 2 }
        if low.isFinite { return low }
        if high.isFinite { return high }
        return 0
    }

    /// Row and column margins each checked against their floors and caps.
    static func checkMargins(_ mx: BiproportionalMatrix) throws {
        let m = mx.m, n = mx.n, rows = mx.rows, cols = mx.cols, R = mx.R, C = mx.C, lo = mx.lo, hi = mx.hi
        var colLo = [Int](repeating: 0, count: n), colHi = [Int](repeating: 0, count: n)
        for r in 0..<m {
            var a = 0, b = 0
            for c in 0..<n {
                let i = r * n + c
                a += lo[i]; b += hi[i]; colLo[c] += lo[i]; colHi[c] += hi[i]
            }
            if a > R[r] { throw DimensioneringError.infeasible("row '\(rows[r])': its cells' floors add up to \(a) but the row total is \(R[r]) (\(a - R[r]) too many)") }
            if b < R[r] { throw DimensioneringError.infeasible("row '\(rows[r])': its cells can take at most \(b) places (caps, zero weights and column totals) but the row total is \(R[r]) (\(R[r] - b) short)") }
        }
        for c in 0..<n {
            let a = colLo[c], b = colHi[c]
            if a > C[c] { throw DimensioneringError.infeasible("column '\(cols[c])': its cells' floors add up to \(a) but the column total is \(C[c]) (\(a - C[c]) too many)") }
            if b < C[c] { throw DimensioneringError.infeasible("column '\(cols[c])': its cells can take at most \(b) places (caps, zero weights and row totals) but the column total is \(C[c]) (\(C[c] - b) short)") }
        }
    }

    /// Names a set of rows whose totals cannot be placed in the columns open to them (max-flow min-cut).
    static func diagnoseMargins(_ mx: BiproportionalMatrix) throws -> String {
        let m = mx.m, n = mx.n, rows = mx.rows, cols = mx.cols, R = mx.R, C = mx.C, lo = mx.lo, hi = mx.hi
        // Network: source → row (R − Σlo), row → column (hi − lo), column → sink (C − Σlo).
        let s = m + n, t = m + n + 1, size = m + n + 2
        var capacity = [[Int]](repeating: [Int](repeating: 0, count: size), count: size)
        for r in 0..<m { capacity[s][r] = R[r] - (0..<n).reduce(0) { $0 + lo[r * n + $1] } }
        for c in 0..<n { capacity[m + c][t] = C[c] - (0..<m).reduce(0) { $0 + lo[$1 * n + c] } }
        for r in 0..<m { for c in 0..<n { capacity[r][m + c] = hi[r * n + c] - lo[r * n + c] } }
        var flow = 0
        while true {
            var parent = [Int](repeating: -1, count: size)
            parent[s] = s
            var queue = [s], head = 0
            while head < queue.count, parent[t] < 0 {
                let a = queue[head]; head += 1
                for b in 0..<size where parent[b] < 0 && capacity[a][b] > 0 { parent[b] = a; queue.append(b) }
            }
            if parent[t] < 0 {
                let reach = Set(queue)
                let badRows = (0..<m).filter { reach.contains($0) }
                let openCols = (0..<n).filter { reach.contains(m + $0) }
                let need = badRows.reduce(0) { $0 + R[$1] }
                let demand = R.reduce(0, +)
                return "; rows \(badRows.map { "'\(rows[$0])'" }.joined(separator: ", ")) need \(need) places, "
                    + "but at most \(need - (demand - flow)) fit in the columns open to them"
                    + (openCols.isEmpty ? "" : " (\(openCols.map { "'\(cols[$0])'" }.joined(separator: ", ")) are full)")
                    + ": \(demand - flow) short"
            }
            var bottleneck = Int.max, b = t
            while b != s { bottleneck = Swift.min(bottleneck, capacity[parent[b]][b]); b = parent[b] }
            b = t
            while b != s { capacity[parent[b]][b] -= bottleneck; capacity[b][parent[b]] += bottleneck; b = parent[b] }
            flow += bottleneck
        }
    }

    /// Looks for an alternating cycle of cells (gain, lose, gain, …) along which moving one seat
    /// each leaves the objective unchanged; candidates come from near-zero reduced costs, and the
    /// equality is then verified exactly: Π priorities of gained seats = Π of lost seats.
    static func findTieCycle(x: [Int], matrix mx: BiproportionalMatrix, u: [Double], v: [Double],
                             skip: Set<[Int]>, tolerance: Double) -> (gain: [Int], lose: [Int])? {
        let m = mx.m, n = mx.n
        let graph = ZeroCostGraph(x: x, matrix: mx, u: u, v: v, tolerance: tolerance)
        guard graph.any else { return nil }
        let gainEdges = graph.gain, loseEdges = graph.lose
        // Shortest cycles first: BFS from each row over alternating edges back to itself.
        for start in 0..<m where !gainEdges[start].isEmpty {
            var parentRow = [Int](repeating: -2, count: m), parentCol = [Int](repeating: -2, count: n)
            parentRow[start] = -1
            var frontier = [start]
            var found: Int? = nil  // column c with a lose-edge back to start
            search: while !frontier.isEmpty {
                var next: [Int] = []
                for r in frontier {
                    for c in gainEdges[r] where parentCol[c] == -2 {
                        parentCol[c] = r
                        for r2 in loseEdges[c] {
                            if r2 == start { found = c; break search }
                            if parentRow[r2] == -2 { parentRow[r2] = c; next.append(r2) }
                        }
                    }
                }
                frontier = next
            }
            guard let endCol = found else { continue }
            var gain: [Int] = [], lose: [Int] = [start * n + endCol]
            var c = endCol
            while true {
                let r = parentCol[c]
                gain.append(r * n + c)
                if r == start { break }
                c = parentRow[r]
                lose.append(r * n + c)
            }
            if skip.contains((gain + lose).sorted()) { continue }
            // Exact: Π w²/s²(gained seat) == Π w²/s²(lost seat).
            if cycleBalance(gain: gain, lose: lose, x: x, matrix: mx) == 0 { return (gain, lose) }
        }
        return nil
    }
}

/// The cells at zero reduced cost under duals u, v, as a bipartite graph: row → column for a cell
/// that can gain a seat, column → row for one that can give one back (within the tolerance; the
/// exact comparison comes after). Tie cycles and the canonical optimum are cycles in it.
struct ZeroCostGraph {
    var gain: [[Int]]  // row → columns
    var lose: [[Int]]  // column → rows
    var any = false    // some cell can gain

    init(x: [Int], matrix: BiproportionalMatrix, u: [Double], v: [Double], tolerance: Double) {
        let m = matrix.m, n = matrix.n
        gain = [[Int]](repeating: [], count: m)
        lose = [[Int]](repeating: [], count: n)
        for r in 0..<m {
            for c in 0..<n where !matrix.isZero(r * n + c) {
                let i = r * n + c
                let tol = tolerance * (1 + abs(u[r]) + abs(v[c]))
                if x[i] < matrix.hi[i], abs(matrix.cost(i, x[i] + 1) - u[r] - v[c]) <= tol { gain[r].append(c); any = true }
                if x[i] > matrix.lo[i], abs(matrix.cost(i, x[i]) - u[r] - v[c]) <= tol { lose[c].append(r) }
            }
        }
    }
}

// MARK: - The matrix

/// The problem as dense matrices, validated: absent cells have weight 0 and stay at 0; `hi` is the
/// effective cap (never above the row or column total).
struct BiproportionalMatrix {
    let method: ApportionmentMethod
    let rows: [String], cols: [String]
    let m: Int, n: Int
    let R: [Int], C: [Int]
    /// Cell i = r · n + c (row-major, flat): the exact weight, the weight as a float (for costs and
    /// estimates only; 0 exactly when the weight is 0), the floor and the effective cap.
    let weight: [ExactDecimal]
    let w: [Double]
    let lo: [Int], hi: [Int]
    /// log w per cell (−∞ for a zero weight) and log s(j) for j below every cap (−∞ where s = 0):
    /// the costs without a logarithm per call (the same values `log` gives each time).
    let logW: [Double], logSignpost: [Double]
    /// The smallest decimal exponent of a non-zero weight: the common integer scale of `wSquared`.
    let minimumExponent: Int

    init(_ problem: BiproportionalProblem) throws {
        let method = problem.method
        guard method.isDivisorMethod else {
            throw DimensioneringError.usage("biproportional apportionment needs a divisor method, not \(method.rawValue)")
        }
        let rows = problem.rowTotals.map(\.id), cols = problem.columnTotals.map(\.id)
        var rowIndex: [String: Int] = [:], colIndex: [String: Int] = [:]
        rowIndex.reserveCapacity(rows.count)
        colIndex.reserveCapacity(cols.count)
        for (i, r) in rows.enumerated() {
            guard rowIndex.updateValue(i, forKey: r) == nil else { throw DimensioneringError.usage("row '\(r)' has two totals") }
        }
        for (j, c) in cols.enumerated() {
            guard colIndex.updateValue(j, forKey: c) == nil else { throw DimensioneringError.usage("column '\(c)' has two totals") }
        }
        for t in problem.rowTotals + problem.columnTotals where t.seats < 0 || t.seats > ApportionmentProblem.maximumSeats {
            throw DimensioneringError.usage("total of '\(t.id)' is \(t.seats): it must lie between 0 and \(ApportionmentProblem.maximumSeats)")
        }
        let m = rows.count, n = cols.count
        guard m > 0, n > 0 else { throw DimensioneringError.usage("biproportional apportionment needs at least one row and one column") }
        guard m * n <= 5_000_000 else { throw DimensioneringError.usage("\(m) × \(n) cells: at most 5,000,000 are supported") }
        let R = problem.rowTotals.map(\.seats), C = problem.columnTotals.map(\.seats)
        let total = R.reduce(0, +)
        guard total == C.reduce(0, +) else {
            throw DimensioneringError.infeasible(
                "the row totals add up to \(total) but the column totals to \(C.reduce(0, +)); both margins must have the same sum")
        }
        var weight = [ExactDecimal](repeating: ExactDecimal(0), count: m * n)
        var w = [Double](repeating: 0, count: m * n)
        var lo = [Int](repeating: 0, count: m * n), hi = [Int](repeating: 0, count: m * n)
        var present = [Bool](repeating: false, count: m * n)
        var minimumExponent = Int.max
        // Cells usually come row by row, columns in order: the predicted indices are checked with
        // one string comparison each before the dictionaries are asked.
        var lastRow = -1, lastCol = -1
        for cell in problem.cells {
            let r: Int, c: Int
            if lastRow >= 0, rows[lastRow] == cell.row { r = lastRow }
            else if lastRow + 1 < m, rows[lastRow + 1] == cell.row { r = lastRow + 1 }
            else {
                guard let k = rowIndex[cell.row] else { throw DimensioneringError.usage("cell (\(cell.row), \(cell.column)): row '\(cell.row)' has no row total") }
                r = k
            }
            let nextCol = lastCol + 1 < n ? lastCol + 1 : 0
            if cols[nextCol] == cell.column { c = nextCol }
            else {
                guard let k = colIndex[cell.column] else { throw DimensioneringError.usage("cell (\(cell.row), \(cell.column)): column '\(cell.column)' has no column total") }
                c = k
            }
            (lastRow, lastCol) = (r, c)
            let i = r * n + c
            guard !present[i] else { throw DimensioneringError.usage("cell (\(cell.row), \(cell.column)) appears twice") }
            guard cell.min >= 0, (cell.max ?? 0) >= 0 else { throw DimensioneringError.usage("cell (\(cell.row), \(cell.column)): negative bound") }
            guard cell.min <= ApportionmentProblem.maximumSeats else {
                throw DimensioneringError.usage("cell (\(cell.row), \(cell.column)): min \(cell.min) is more than the \(ApportionmentProblem.maximumSeats) seats supported")
            }
            if let mx = cell.max, mx < cell.min {
                throw DimensioneringError.infeasible("cell (\(cell.row), \(cell.column)): cap \(mx) is below its floor \(cell.min)")
            }
            present[i] = true
            lo[i] = cell.min
            hi[i] = cell.min
            if !cell.weight.isZero {
                weight[i] = cell.weight
                w[i] = BiproportionalMatrix.double(cell.weight)
                hi[i] = Swift.max(cell.min, Swift.min(cell.max ?? Int.max, R[r], C[c]))
                minimumExponent = Swift.min(minimumExponent, cell.weight.exponent)
            }
        }
        self.method = method
        self.rows = rows
        self.cols = cols
        self.m = m
        self.n = n
        self.R = R
        self.C = C
        self.weight = weight
        self.w = w
        self.lo = lo
        self.hi = hi
        self.logW = w.map { log($0) }
        let largest = Swift.min(hi.max() ?? 0, 1 << 16)
        self.logSignpost = (0..<largest).map { log(method.signpost($0)) }
        self.minimumExponent = minimumExponent == Int.max ? 0 : minimumExponent
    }

    /// The weight as the nearest Double, as `doubleValue` gives it (strtod of the text), without
    /// parsing text: a significand below 2⁵³ and a power of ten up to 10²² are both exact, so one
    /// multiplication or division rounds once, correctly.
    static func double(_ v: ExactDecimal) -> Double {
        // The normalised text ("123", "0.0025", "1200") read as digits D with F after the dot:
        // D / 10^F is then the same number as significand × 10^exponent, and with D < 2⁵³ and
        // F ≤ 22 one division rounds it correctly, without BigInt's generic conversions.
        var digits: UInt64 = 0, fraction = -1, valid = true
        for b in v.text.utf8 {
            if b == UInt8(ascii: ".") { fraction = 0; continue }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9"), digits < 1 << 49 else { valid = false; break }
            digits = digits * 10 + UInt64(b - UInt8(ascii: "0"))
            if fraction >= 0 { fraction += 1 }
        }
        if valid, digits < 1 << 53, fraction <= 22 {
            return fraction > 0 ? Double(digits) / powersOfTen[fraction] : Double(digits)
        }
        guard v.significand.bitWidth <= 54, let s = Int(exactly: v.significand), abs(s) < 1 << 53,
              abs(v.exponent) <= 22 else { return v.doubleValue }
        let p = powersOfTen[abs(v.exponent)]
        return v.exponent >= 0 ? Double(s) * p : Double(s) / p
    }
    static let powersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { p, _ in p * 10 } }

    /// Exact squared weight of cell i = r · n + c on the common integer scale, made on demand (only
    /// cells in a candidate tie cycle ever need it).
    func wSquared(_ i: Int) -> BigInt {
        let v = weight[i]
        if v.isZero { return 0 }
        let scaled = v.significand * BigInt(10).power(v.exponent - minimumExponent)
        return scaled * scaled
    }

    /// LP cost of the k-th seat of cell i: log s(k−1) − log w (−10⁶ for s = 0: always taken first).
    @inline(__always) func cost(_ i: Int, _ k: Int) -> Double {
        if k >= 1 && k <= logSignpost.count {
            let ls = logSignpost[k - 1]
            return ls == -.infinity ? -1e6 : ls - logW[i]
        }
        let s = method.signpost(k - 1)
        return s == 0 ? -1e6 : log(s) - logW[i]
    }

    /// A cell with weight 0 (absent cells too): it stays at its floor.
    @inline(__always) func isZero(_ i: Int) -> Bool { w[i] == 0 }

    /// Seats of cell i for divisors ρ_r, γ_c: clamp(round_s(w / (ρ γ))).
    @inline(__always) func rounded(_ i: Int, _ rho: Double, _ gamma: Double) -> Int {
        Swift.max(lo[i], Swift.min(hi[i], method.round(w[i] / (rho * gamma))))
    }
}

// MARK: - Alternating scaling

/// Row divisors ρ and column divisors γ that (nearly) reproduce the margins: a continuous fit
/// (iterative proportional fitting) seeds them, then discrete alternating scaling (Balinski &
/// Demange) fits each row, then each column, to its total after rounding. It usually converges in
/// a few rounds; the LP then only has to decide the cells whose quotient lies near a signpost.
struct AlternatingScaling {
    let matrix: BiproportionalMatrix
    let tuning: EngineTuning

    /// `rounds` of discrete scaling (at most): the LP wants them all, the transfers only a few.
    func fit(rounds: Int? = nil) -> (rho: [Double], gamma: [Double]) {
        let mx = matrix, m = mx.m, n = mx.n, w = mx.w, R = mx.R, C = mx.C
        var rho = [Double](repeating: 1, count: m), gamma = [Double](repeating: 1, count: n)
        // Column sums in one row-major pass; each column still adds its rows in order (bit-identical).
        var colSum = [Double](repeating: 0, count: n)
        for _ in 0..<tuning.fittingSweeps {
            for r in 0..<m {
                var s = 0.0
                let base = r * n
                for c in 0..<n where w[base + c] > 0 { s += w[base + c] / gamma[c] }
                rho[r] = R[r] > 0 && s > 0 ? s / Double(R[r]) : 1
            }
            for c in 0..<n { colSum[c] = 0 }
            for r in 0..<m {
                let base = r * n, d = rho[r]
                for c in 0..<n where w[base + c] > 0 { colSum[c] += w[base + c] / d }
            }
            for c in 0..<n {
                let s = colSum[c]
                gamma[c] = C[c] > 0 && s > 0 ? s / Double(C[c]) : 1
            }
        }
        func rowSeats(_ r: Int) -> Int {
            var t = 0
            let base = r * n
            for c in 0..<n { t += mx.rounded(base + c, rho[r], gamma[c]) }
            return t
        }
        // Every column's seats in one row-major pass (a column's seats depend on ρ and its own γ only).
        var colSeats = [Int](repeating: 0, count: n)
        func countColumns() {
            for c in 0..<n { colSeats[c] = 0 }
            for r in 0..<m {
                let base = r * n
                for c in 0..<n { colSeats[c] += mx.rounded(base + c, rho[r], gamma[c]) }
            }
        }
        var bestOff = Int.max, stale = 0
        var scratch = FitScratch()
        for _ in 0..<(rounds ?? tuning.scalingRounds) {
            // Stop when the rounds stop helping: the LP finishes the job from here.
            countColumns()
            let unmet = (0..<n).filter { colSeats[$0] != C[$0] }
            if unmet.count < bestOff { bestOff = unmet.count; stale = 0 } else {
                stale += 1
                if stale >= tuning.staleScalingRounds { break }
            }
            for r in 0..<m where rowSeats(r) != R[r] {
                let base = r * n
                rho[r] = fitDivisor(n, R[r], rho[r], &scratch, { c, d in w[base + c] / (d * gamma[c]) }, { c in (mx.lo[base + c], mx.hi[base + c]) })
            }
            var allMet = true
            countColumns()
            for c in 0..<n where colSeats[c] != C[c] {
                allMet = false
                gamma[c] = fitDivisor(m, C[c], gamma[c], &scratch, { r, d in w[r * n + c] / (rho[r] * d) }, { r in (mx.lo[r * n + c], mx.hi[r * n + c]) })
            }
            if allMet { break }
        }
        return (rho, gamma)
    }

    /// A divisor d for one line with Σ clamp(round_s(q_i / d)) = target (q_i = quotient(i, 1)), or
    /// the nearest one when crossings coincide. From the start divisor's seats, the missing seats
    /// are handed out (or the surplus taken back) in the order of their signpost crossings
    /// d = q_i / s(k) with a heap, O(count + δ log count) instead of bisection's 60 · count, and d is
    /// the geometric mean of the last crossing taken and the next one.
    /// Buffers of `fitDivisor`, allocated once per fit rather than once per line.
    struct FitScratch {
        var q: [Double] = [], seats: [Int] = [], lo: [Int] = [], hi: [Int] = []
        var heap = MinHeap()
    }

    func fitDivisor(_ count: Int, _ target: Int, _ start: Double, _ scratch: inout FitScratch,
                    _ quotient: (Int, Double) -> Double, _ bounds: (Int) -> (Int, Int)) -> Double {
        let method = matrix.method
        if scratch.q.count < count {
            scratch.q = [Double](repeating: 0, count: count); scratch.seats = [Int](repeating: 0, count: count)
            scratch.lo = [Int](repeating: 0, count: count); scratch.hi = [Int](repeating: 0, count: count)
        }
        var q = scratch.q, seats = scratch.seats, lo = scratch.lo, hi = scratch.hi
        scratch.q = []; scratch.seats = []; scratch.lo = []; scratch.hi = []  // uniquely ours while fitting
        defer { (scratch.q, scratch.seats, scratch.lo, scratch.hi) = (q, seats, lo, hi) }
        var total = 0
        for i in 0..<count {
            q[i] = quotient(i, 1)
            (lo[i], hi[i]) = bounds(i)
            seats[i] = Swift.max(lo[i], Swift.min(hi[i], method.round(q[i] / start)))
            total += seats[i]
        }
        if total == target { return start }
        // Gaining: the seat k + 1 arrives when d falls to q / s(k): largest crossing first (a min-heap
        // on −d). Losing: the seat k leaves when d rises past q / s(k − 1): smallest first.
        let gaining = total < target
        @inline(__always) func crossing(_ i: Int) -> Double? {
            if gaining {
                guard seats[i] < hi[i], q[i] > 0 else { return nil }
                let s = method.signpost(seats[i])
                return s == 0 ? .infinity : q[i] / s
            }
            guard seats[i] > lo[i] else { return nil }
            let s = method.signpost(seats[i] - 1)
            return s == 0 ? .infinity : q[i] / s
        }
        var heap = scratch.heap
        scratch.heap = MinHeap()
        heap.removeAll()
        defer { scratch.heap = heap }
        for i in 0..<count { if let d = crossing(i) { heap.push(gaining ? -d : d, i) } }
        var last = start
        var remaining = abs(target - total)
        while remaining > 0, let (key, i) = heap.pop() {
            last = gaining ? -key : key
            seats[i] += gaining ? 1 : -1
            remaining -= 1
            if let d = crossing(i) { heap.push(gaining ? -d : d, i) }
        }
        guard last.isFinite else { return start }
        guard let (nextKey, _) = heap.pop() else { return gaining ? last / 2 : last * 2 }
        let next = gaining ? -nextKey : nextKey
        guard next.isFinite else { return gaining ? last / 2 : last * 2 }
        return (last * next).squareRoot()
    }
}

// MARK: - Windowed LP and its dual certificate

/// The LP of `Models/biproportional.mod`, restricted to a window of seats per cell around the
/// fitted quotient w/(ρ γ), warm-started at the fitted seats. Its duals are then checked over every
/// cell's full range (`certify`); where they fail the windows widen and the LP runs again, up to
/// `tuning.windowAttempts` times, after which every window is the full range.
struct WindowedLP {
    let matrix: BiproportionalMatrix
    let rho: [Double], gamma: [Double]
    let options: SimplexOptions
    let tuning: EngineTuning
    private(set) var stats = SolveStatistics()
    /// Cells whose window was widened after a failed certificate.
    private var forced: [Int: (Int, Int)] = [:]

    init(matrix: BiproportionalMatrix, rho: [Double], gamma: [Double], options: SimplexOptions, tuning: EngineTuning) {
        self.matrix = matrix
        self.rho = rho
        self.gamma = gamma
        self.options = options
        self.tuning = tuning
    }

    /// Seats, row duals u and column duals v of the unshifted programme.
    mutating func solve() throws -> ([Int], [Double], [Double]) {
        let mx = matrix, m = mx.m, n = mx.n
        var delta = tuning.windowWidth
        var extra = 0
        var attempt = 0
        while true {
            attempt += 1
            let full = attempt > tuning.windowAttempts
            let win = windows(full: full, delta: delta, extra: extra)
            let built = build(win)
            if built.missed && !full {
                stats.widenings += 1
                continue
            }
            let solution: LPSolution
            do { solution = try built.lp.solve(options: options) } catch { throw DimensioneringError.internalError("\(error)") }
            stats.lpSolves += 1
            stats.columns = built.lp.columns.count
            stats.rows = built.lp.rows.count
            stats.iterations += solution.iterations
            if solution.status != .optimal {
                if full {
                    throw DimensioneringError.infeasible(
                        "no matrix meets both the row and the column totals within the cells' floors and caps"
                            + (try Biproportional.diagnoseMargins(mx)))
                }
                delta *= 4
                if attempt >= 5 { extra += 1 }
                stats.widenings += 1
                continue
            }
            var x = win.flatMap { $0.map(\.0) }
            for (j, val) in solution.columnValues.enumerated() where val > 0.5 { x[built.index[j].0 * n + built.index[j].1] += 1 }
            let (u, v) = duals(solution, built, x)
            let violations = DualCertificate(matrix: mx, tolerance: tuning.reducedCostTolerance).violations(x: x, u: u, v: v)
            if violations.isEmpty { return (x, u, v) }
            if full {
                throw DimensioneringError.internalError("the biproportional certificate failed with the full LP (\(violations.count) cells)")
            }
            // Widen only where the certificate failed: the cell's window grows around its value.
            let grow = 1 + stats.widenings
            for cell in violations {
                let (r, c) = (cell / n, cell % n)
                let old = forced[cell] ?? (x[r * n + c], x[r * n + c])
                forced[cell] = (Swift.min(old.0, x[r * n + c] - grow), Swift.max(old.1, x[r * n + c] + grow))
            }
            stats.widenings += 1
            _ = m
        }
    }

    /// The window [a, b] of seats of each cell.
    func windows(full: Bool, delta: Double, extra: Int) -> [[(Int, Int)]] {
        let mx = matrix, m = mx.m, n = mx.n, R = mx.R, C = mx.C
        var win = [[(Int, Int)]](repeating: [(Int, Int)](repeating: (0, 0), count: n), count: m)
        for r in 0..<m {
            for c in 0..<n {
                if mx.isZero(r * n + c) || full {
                    win[r][c] = (mx.lo[r * n + c], mx.hi[r * n + c])
                    continue
                }
                let t = mx.w[r * n + c] / (rho[r] * gamma[c])
                var a = mx.method.round(t * (1 - delta)) - extra, b = mx.method.round(t * (1 + delta)) + extra
                if let f = forced[r * n + c] { a = Swift.min(a, f.0); b = Swift.max(b, f.1) }
                win[r][c] = (Swift.min(Swift.max(mx.lo[r * n + c], a), mx.hi[r * n + c]), Swift.max(Swift.min(mx.hi[r * n + c], b), mx.lo[r * n + c]))
            }
        }
        // Each row and column must be able to reach its total inside the windows; widen the
        // cells of those that cannot (cheap, and keeps the LP small).
        var lineWidened = true, lineRounds = 0
        while lineWidened && lineRounds < tuning.lineWideningRounds {
            lineWidened = false
            lineRounds += 1
            for r in 0..<m {
                let a = win[r].reduce(0) { $0 + $1.0 }, b = win[r].reduce(0) { $0 + $1.1 }
                if a > R[r] || b < R[r] {
                    lineWidened = true
                    for c in 0..<n where !mx.isZero(r * n + c) {
                        win[r][c] = (Swift.max(mx.lo[r * n + c], win[r][c].0 - (a > R[r] ? 1 : 0)), Swift.min(mx.hi[r * n + c], win[r][c].1 + (b < R[r] ? 1 : 0)))
                    }
                }
            }
            for c in 0..<n {
                var a = 0, b = 0
                for r in 0..<m { a += win[r][c].0; b += win[r][c].1 }
                if a > C[c] || b < C[c] {
                    lineWidened = true
                    for r in 0..<m where !mx.isZero(r * n + c) {
                        win[r][c] = (Swift.max(mx.lo[r * n + c], win[r][c].0 - (a > C[c] ? 1 : 0)), Swift.min(mx.hi[r * n + c], win[r][c].1 + (b < C[c] ? 1 : 0)))
                    }
                }
            }
        }
        return win
    }

    struct Built {
        var lp: LinearProgram
        var index: [(Int, Int)]
        var rowOf: [Int?], colOf: [Int?]
        var rowHasColumns: [Bool], colHasColumns: [Bool]
        var missed: Bool
    }

    /// The LP over the windows. Columns are named `y[row,column,k]` and rows `row[id]` / `column[id]`
    /// after the problem's ids, so a dumped model reads like the problem.
    mutating func build(_ win: [[(Int, Int)]]) -> Built {
        let mx = matrix, m = mx.m, n = mx.n
        var lp = LinearProgram(name: "biproportional", sense: .minimize)
        var rowTerms = [[(column: Int, coefficient: Double)]](repeating: [], count: m)
        var colTerms = [[(column: Int, coefficient: Double)]](repeating: [], count: n)
        var rowFixed = [Int](repeating: 0, count: m), colFixed = [Int](repeating: 0, count: n)
        var index: [(Int, Int)] = []
        let rowNames = mx.rows.map { LinearProgram.columnName($0, limit: 100) }
        let colNames = mx.cols.map { LinearProgram.columnName($0, limit: 100) }
        for r in 0..<m {
            for c in 0..<n {
                let (a, b) = win[r][c]
                rowFixed[r] += a
                colFixed[c] += a
                guard b > a else { continue }
                // Warm start: costs shifted by log ρ_r + log γ_c (a constant per row and column,
                // which only shifts the objective since the margins are fixed) and the seats the
                // fitted divisors give at their upper bound: a dual feasible start.
                let shift = log(rho[r]) + log(gamma[c])
                let fitted = mx.method.round(mx.w[r * n + c] / (rho[r] * gamma[c]))
                for k in (a + 1)...b {
                    let j = lp.addColumn("y[\(rowNames[r]),\(colNames[c]),\(k)]", .range(0, 1), objective: mx.cost(r * n + c, k) + shift,
                                         startsAtUpperBound: k <= fitted)
                    rowTerms[r].append((j, 1))
                    colTerms[c].append((j, 1))
                    index.append((r, c))
                }
            }
        }
        // Rows and columns without a free seat are left out of the LP; one whose fixed cells miss
        // its total widens the windows of its cells.
        var rowOf = [Int?](repeating: nil, count: m), colOf = [Int?](repeating: nil, count: n)
        var missed = false
        for r in 0..<m {
            if rowTerms[r].isEmpty {
                if mx.R[r] != rowFixed[r] {
                    missed = true
                    for c in 0..<n where !mx.isZero(r * n + c) { forced[r * n + c] = (win[r][c].0 - 1, win[r][c].1 + 1) }
                }
            } else { rowOf[r] = lp.addRow("row[\(rowNames[r])]", .fixed(Double(mx.R[r] - rowFixed[r])), rowTerms[r]) }
        }
        for c in 0..<n {
            if colTerms[c].isEmpty {
                if mx.C[c] != colFixed[c] {
                    missed = true
                    for r in 0..<m where !mx.isZero(r * n + c) { forced[r * n + c] = (win[r][c].0 - 1, win[r][c].1 + 1) }
                }
            } else { colOf[c] = lp.addRow("column[\(colNames[c])]", .fixed(Double(mx.C[c] - colFixed[c])), colTerms[c]) }
        }
        return Built(lp: lp, index: index, rowOf: rowOf, colOf: colOf,
                     rowHasColumns: rowTerms.map { !$0.isEmpty }, colHasColumns: colTerms.map { !$0.isEmpty }, missed: missed)
    }

    /// Duals of the unshifted programme; rows or columns without LP columns have arbitrary duals:
    /// start from the fitted divisors and choose feasible ones.
    func duals(_ solution: LPSolution, _ built: Built, _ x: [Int]) -> ([Double], [Double]) {
        let mx = matrix, m = mx.m, n = mx.n
        var u = (0..<m).map { r in built.rowOf[r].map { solution.rowDuals[$0] - log(rho[r]) } ?? 0 }
        var v = (0..<n).map { c in built.colOf[c].map { solution.rowDuals[$0] - log(gamma[c]) } ?? 0 }
        for r in 0..<m where !built.rowHasColumns[r] { u[r] = -log(rho[r]) }
        for c in 0..<n where !built.colHasColumns[c] { v[c] = -log(gamma[c]) }
        for _ in 0..<2 {
            for r in 0..<m where !built.rowHasColumns[r] {
                var low = -Double.infinity, high = Double.infinity
                for c in 0..<n where !mx.isZero(r * n + c) {
                    if x[r * n + c] > mx.lo[r * n + c] { low = Swift.max(low, mx.cost(r * n + c, x[r * n + c]) - v[c]) }
                    if x[r * n + c] < mx.hi[r * n + c] { high = Swift.min(high, mx.cost(r * n + c, x[r * n + c] + 1) - v[c]) }
                }
                u[r] = Biproportional.pick(low, high)
            }
            for c in 0..<n where !built.colHasColumns[c] {
                var low = -Double.infinity, high = Double.infinity
                for r in 0..<m where !mx.isZero(r * n + c) {
                    if x[r * n + c] > mx.lo[r * n + c] { low = Swift.max(low, mx.cost(r * n + c, x[r * n + c]) - u[r]) }
                    if x[r * n + c] < mx.hi[r * n + c] { high = Swift.min(high, mx.cost(r * n + c, x[r * n + c] + 1) - u[r]) }
                }
                v[c] = Biproportional.pick(low, high)
            }
        }
        return (u, v)
    }
}

/// The dual certificate over the full ranges: with row duals u and column duals v, no seat outside
/// the allocation is cheaper, and no seat inside dearer, than u_r + v_c (within the tolerance; ties
/// at exactly zero are then settled exactly by the tie cycles).
struct DualCertificate {
    let matrix: BiproportionalMatrix
    let tolerance: Double

    /// Cells (r · n + c) where the certificate fails.
    func violations(x: [Int], u: [Double], v: [Double]) -> [Int] {
        let mx = matrix, n = mx.n
        var violations: [Int] = []
        for r in 0..<mx.m {
            for c in 0..<n where !mx.isZero(r * n + c) {
                let tol = tolerance * (1 + abs(u[r]) + abs(v[c]))
                if x[r * n + c] < mx.hi[r * n + c], mx.cost(r * n + c, x[r * n + c] + 1) - u[r] - v[c] < -tol { violations.append(r * n + c) }
                if x[r * n + c] > mx.lo[r * n + c], mx.cost(r * n + c, x[r * n + c]) - u[r] - v[c] > tol { violations.append(r * n + c) }
            }
        }
        return violations
    }
}
