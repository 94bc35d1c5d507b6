import Foundation

// MARK: - Tie-and-transfer start

/// Exact start for biproportional apportionment without the LP (Balinski & Demange's tie-and-transfer,
/// as successive shortest paths of a convex min-cost flow).
///
/// After alternating scaling, the rounded matrix x_rc = clamp(round_s(w_rc / (ρ_r γ_c))) is optimal for
/// the separable convex programme of `Models/biproportional.mod` with *its own* margins: u_r = −log ρ_r and
/// v_c = −log γ_c are complementary duals. The remaining excesses and deficits of the margins are
/// removed one seat at a time along shortest paths in the residual bipartite graph (row → column: the
/// cell gains its next seat at cost(r, c, x + 1); column → row: the cell gives back its last seat at
/// −cost(r, c, x)), with Dijkstra on reduced costs and node potentials, so the duals stay
/// complementary after every transfer. The caller verifies the result with `DualCertificate` and
/// falls back to the windowed LP when it does not hold (or when no path exists: infeasible margins),
/// so no answer depends on this code alone.
struct TransferSolver {
    let matrix: BiproportionalMatrix
    let tuning: EngineTuning

    struct Outcome {
        /// Seats, flat (r · n + c).
        var x: [Int]
        var u: [Double], v: [Double]
        /// Seats moved along augmenting paths.
        var transfers: Int
    }

    /// nil when no augmenting path exists (the margins cannot be met) or the work exceeds
    /// `tuning.maximumTransfers`: the LP then decides.
    func solve(rho: [Double], gamma: [Double]) -> Outcome? {
        let mx = matrix, m = mx.m, n = mx.n
        // Flat, row-major state: seats, bounds, log weights, and the cost of each cell's next
        // (gain) and last (lose) seat; +∞ where the cell cannot move that way.
        let lo = mx.lo, hi = mx.hi
        var x = lo
        var active = [Bool](repeating: false, count: m * n)
        for r in 0..<m {
            for c in 0..<n {
                let i = r * n + c
                if mx.isZero(i) { continue }
                active[i] = true
                x[i] = mx.rounded(i, rho[r], gamma[c])
            }
        }
        var gain = [Double](repeating: .infinity, count: m * n)  // cost of seat x + 1
        var lose = [Double](repeating: -.infinity, count: m * n)  // cost of seat x
        @inline(__always) func refresh(_ i: Int) {
            gain[i] = active[i] && x[i] < hi[i] ? mx.cost(i, x[i] + 1) : .infinity
            lose[i] = active[i] && x[i] > lo[i] ? mx.cost(i, x[i]) : -.infinity
        }
        for i in 0..<(m * n) { refresh(i) }

        // Potentials π: rows u_r, columns −v_c; reduced cost of arc a → b is cost − π(a) + π(b).
        var piRow = rho.map { -log($0) }
        var piCol = gamma.map { log($0) }
        // Imbalance: > 0 a source (a row short of its total, a column over it), < 0 a sink.
        var rowExcess = [Int](repeating: 0, count: m), colExcess = [Int](repeating: 0, count: n)
        for r in 0..<m {
            var s = 0
            for c in 0..<n { s += x[r * n + c] }
            rowExcess[r] = mx.R[r] - s
        }
        for c in 0..<n {
            var s = 0
            for r in 0..<m { s += x[r * n + c] }
            colExcess[c] = s - mx.C[c]
        }
        var pending = rowExcess.reduce(0) { $0 + Swift.max(0, $1) } + colExcess.reduce(0) { $0 + Swift.max(0, $1) }
        guard pending <= tuning.maximumTransfers else { return nil }

        // Dijkstra over m + n nodes (rows 0..<m, columns m..<m+n).
        let size = m + n
        var dist = [Double](repeating: .infinity, count: size)
        var parent = [Int](repeating: -1, count: size)  // the cell of the arc that reached the node
        var settled = [Bool](repeating: false, count: size)
        var touched: [Int] = []
        var heap = MinHeap()
        var transfers = 0
        while pending > 0 {
            for v in touched { dist[v] = .infinity; parent[v] = -1; settled[v] = false }
            touched.removeAll(keepingCapacity: true)
            heap.removeAll()
            for r in 0..<m where rowExcess[r] > 0 { dist[r] = 0; touched.append(r); heap.push(0, r) }
            for c in 0..<n where colExcess[c] > 0 { dist[m + c] = 0; touched.append(m + c); heap.push(0, m + c) }
            var sink = -1
            while let (d, a) = heap.pop() {
                if settled[a] || d > dist[a] { continue }
                settled[a] = true
                if a < m ? rowExcess[a] < 0 : colExcess[a - m] < 0 { sink = a; break }
                if a < m {
                    // Row r: a cell of the row gains a seat.
                    let r = a, base = r * n
                    for c in 0..<n where gain[base + c] < .infinity {
                        let b = m + c
                        if settled[b] { continue }
                        let nd = d + Swift.max(0, gain[base + c] - piRow[r] + piCol[c])
                        if nd < dist[b] {
                            if dist[b] == .infinity { touched.append(b) }
                            dist[b] = nd; parent[b] = base + c; heap.push(nd, b)
                        }
                    }
                } else {
                    // Column c: a cell of the column gives back a seat.
                    // The hot loop (a column reaches every row): straight through the buffers.
                    let c = a - m, pc = piCol[c]
                    lose.withUnsafeBufferPointer { lose in
                        piRow.withUnsafeBufferPointer { piRow in
                            settled.withUnsafeBufferPointer { settled in
                                dist.withUnsafeMutableBufferPointer { dist in
                                    parent.withUnsafeMutableBufferPointer { parent in
                                        var i = c
                                        for r in 0..<m {
                                            let l = lose[i]
                                            defer { i += n }
                                            if l == -.infinity || settled[r] { continue }
                                            let nd = d + Swift.max(0, -l - pc + piRow[r])
                                            if nd < dist[r] {
                                                if dist[r] == .infinity { touched.append(r) }
                                                dist[r] = nd; parent[r] = i; heap.push(nd, r)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            guard sink >= 0 else { return nil }
            // Potentials: π ← π − min(d, d_sink), so every residual arc keeps a non-negative reduced cost.
            let dt = dist[sink]
            for v in 0..<size {
                let dv = Swift.min(dist[v], dt)  // untouched nodes are at distance ≥ d_sink
                if v < m { piRow[v] -= dv } else { piCol[v - m] -= dv }
            }
            // Augment one seat along the path.
            var b = sink
            while true {
                let i = parent[b]
                if i < 0 { break }
                if b >= m { x[i] += 1; refresh(i); b = i / n } else { x[i] -= 1; refresh(i); b = m + i % n }
            }
            if b < m { rowExcess[b] -= 1 } else { colExcess[b - m] -= 1 }
            if sink < m { rowExcess[sink] += 1 } else { colExcess[sink - m] += 1 }
            pending -= 1
            transfers += 1
        }
        return Outcome(x: x, u: piRow, v: piCol.map { -$0 }, transfers: transfers)
    }
}

/// A binary min-heap of (key, node); ties by node so the order is deterministic. Entries in one
/// array, sifted with a hole (one write per level) through the buffer.
struct MinHeap {
    private var items: [(key: Double, node: Int)] = []

    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    @inline(__always) private static func less(_ a: (key: Double, node: Int), _ b: (key: Double, node: Int)) -> Bool {
        a.key < b.key || (a.key == b.key && a.node < b.node)
    }

    mutating func push(_ key: Double, _ node: Int) {
        items.append((key, node))
        items.withUnsafeMutableBufferPointer { h in
            let item = (key: key, node: node)
            var i = h.count - 1
            while i > 0 {
                let p = (i - 1) / 2
                if !MinHeap.less(item, h[p]) { break }
                h[i] = h[p]
                i = p
            }
            h[i] = item
        }
    }

    mutating func pop() -> (Double, Int)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if items.isEmpty { return (top.key, top.node) }
        items.withUnsafeMutableBufferPointer { h in
            let count = h.count
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var s = l
                if l >= count { break }
                if r < count && MinHeap.less(h[r], h[l]) { s = r }
                if !MinHeap.less(h[s], last) { break }
                h[i] = h[s]
                i = s
            }
            h[i] = last
        }
        return (top.key, top.node)
    }
}
