import BigInt
import Foundation

// MARK: - Canonical optimum (tie resolution independent of the starting optimum)

extension Biproportional {
    /// Exact comparison of moving one seat along a cycle (each cell of `gain` takes its next seat,
    /// each of `lose` gives back its last): 1 if the cycle improves the objective (the gained
    /// priorities' product is larger), 0 for an exact tie, −1 if it is worse. Integers only:
    /// Π w²/s² of the gained seats against Π w²/s² of the lost ones.
    static func cycleBalance(gain: [Int], lose: [Int], x: [Int], matrix: BiproportionalMatrix) -> Int {
        let method = matrix.method
        var lhs = BigInt(1), rhs = BigInt(1)
        var infinite = (0, 0)
        for g in gain {
            let s2 = method.signpostSquared(x[g])
            if s2.num.isZero { infinite.0 += 1; continue }
            lhs *= matrix.wSquared(g) * s2.den; rhs *= s2.num
        }
        for l in lose {
            let s2 = method.signpostSquared(x[l] - 1)
            if s2.num.isZero { infinite.1 += 1; continue }
            rhs *= matrix.wSquared(l) * s2.den; lhs *= s2.num
        }
        if infinite.0 != infinite.1 { return infinite.0 > infinite.1 ? 1 : -1 }
        return lhs == rhs ? 0 : (lhs > rhs ? 1 : -1)
    }

    /// Moves an optimal matrix to the canonical optimum: the lexicographic maximum, in cell order
    /// (rows in the order of the row totals, then columns in the order of the column totals), of
    /// all optimal matrices. Every optimal matrix is reached from any other by cycles of seats at
    /// zero reduced cost, so the result depends on the set of optima alone, not on the one the
    /// transfers or the LP happened to find. Cell by cell in that order, the cell takes another seat
    /// along such a cycle through cells after it for as long as one exists (verified exactly; a
    /// cycle that the exact comparison shows to be an improvement, a near-tie the floating-point
    /// duals could not see, is applied too). Returns the cycles applied.
    ///
    /// Known gap: the search takes the first (shortest) zero-reduced-cost cycle it finds for a cell;
    /// if the exact comparison shows that cycle to be worse (a near-tie on the wrong side), the cell
    /// is left as it is without trying a longer cycle. No generated or brute-force test has hit it;
    /// closing it means searching on past a rejected cycle.
    @discardableResult
    static func canonicalOptimum(_ x: inout [Int], u: [Double], v: [Double], matrix: BiproportionalMatrix,
                                 tolerance: Double, maximumCycles: Int = 100_000) -> Int {
        let m = matrix.m, n = matrix.n, size = m + n
        var gainAdj = [[Int]](repeating: [], count: m)  // row → columns: a cell that can gain at zero reduced cost
        var loseAdj = [[Int]](repeating: [], count: n)  // column → rows: a cell that can lose at zero reduced cost
        var component = [Int](repeating: 0, count: size)
        var anyEdge = false
        func rebuild() {
            let graph = ZeroCostGraph(x: x, matrix: matrix, u: u, v: v, tolerance: tolerance)
            (gainAdj, loseAdj, anyEdge) = (graph.gain, graph.lose, graph.any)
            if anyEdge { strongComponents() }
        }
        // Tarjan's strongly connected components, iteratively: a cell's gain edge can lie on a cycle
        // only if its row and column are in one component.
        func strongComponents() {
            var index = [Int](repeating: -1, count: size), low = [Int](repeating: 0, count: size)
            var onStack = [Bool](repeating: false, count: size)
            var stack: [Int] = [], call: [(node: Int, next: Int)] = []
            var counter = 0, comp = 0
            func successors(_ a: Int) -> [Int] { a < m ? gainAdj[a].map { m + $0 } : loseAdj[a - m] }
            for root in 0..<size where index[root] < 0 {
                call.append((root, 0))
                index[root] = counter; low[root] = counter; counter += 1
                stack.append(root); onStack[root] = true
                while let (a, next) = call.last {
                    let succ = successors(a)
                    if next < succ.count {
                        call[call.count - 1].next += 1
                        let b = succ[next]
                        if index[b] < 0 {
                            index[b] = counter; low[b] = counter; counter += 1
                            stack.append(b); onStack[b] = true
                            call.append((b, 0))
                        } else if onStack[b] {
                            low[a] = Swift.min(low[a], index[b])
                        }
                        continue
                    }
                    call.removeLast()
                    if let parent = call.last { low[parent.node] = Swift.min(low[parent.node], low[a]) }
                    if low[a] == index[a] {
                        while let b = stack.popLast() {
                            onStack[b] = false
                            component[b] = comp
                            if b == a { break }
                        }
                        comp += 1
                    }
                }
            }
        }
        rebuild()
        guard anyEdge else { return 0 }
        var applied = 0
        var parentRow = [Int](repeating: -2, count: m), parentCol = [Int](repeating: -2, count: n)
        var i = 0
        while i < m * n && applied < maximumCycles {
            let r = i / n, c = i % n
            guard gainAdj[r].contains(c), component[r] == component[m + c] else { i += 1; continue }
            // BFS from column c back to row r over cells after i (cells before it are decided).
            for k in 0..<m { parentRow[k] = -2 }
            for k in 0..<n { parentCol[k] = -2 }
            parentCol[c] = -1
            var frontier = [c], found = false
            search: while !frontier.isEmpty {
                var next: [Int] = []
                for c1 in frontier {
                    for r1 in loseAdj[c1] where r1 * n + c1 > i && parentRow[r1] == -2 {
                        parentRow[r1] = c1
                        if r1 == r { found = true; break search }
                        for c2 in gainAdj[r1] where r1 * n + c2 > i && parentCol[c2] == -2 {
                            parentCol[c2] = r1
                            next.append(c2)
                        }
                    }
                }
                frontier = next
            }
            guard found else { i += 1; continue }
            var gain = [i], lose: [Int] = []
            var row = r
            while true {
                let col = parentRow[row]
                lose.append(row * n + col)
                if col == c { break }
                row = parentCol[col]
                gain.append(row * n + col)
            }
            guard cycleBalance(gain: gain, lose: lose, x: x, matrix: matrix) >= 0 else { i += 1; continue }
            for g in gain { x[g] += 1 }
            for l in lose { x[l] -= 1 }
            applied += 1
            rebuild()  // and try cell i again
        }
        return applied
    }
}
