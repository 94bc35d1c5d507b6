import CGLPK
import Foundation
import Testing
@testable import LinearProgramming

@Suite("LinearProgramming: the GLPK layer")
struct LinearProgramTests {
    /// max 3x + 2y, x + y ≤ 4, x + 3y ≤ 7, x ≤ 3 → x = 3, y = 1, objective 11 (solved by hand at the vertex).
    func textbook() -> LinearProgram {
        var lp = LinearProgram(name: "t", sense: .maximize)
        let x = lp.addColumn("x", .range(0, 3), objective: 3)
        let y = lp.addColumn("y", .lower(0), objective: 2)
        lp.addRow("a", .upper(4), [(x, 1), (y, 1)])
        lp.addRow("b", .upper(7), [(x, 1), (y, 3)])
        return lp
    }

    @Test("solves a hand-solved LP with every simplex setting", arguments: [
        SimplexOptions(method: .primal, presolve: false), SimplexOptions(method: .primal, presolve: true),
        SimplexOptions(method: .dual, presolve: false), SimplexOptions(method: .dualThenPrimal, presolve: false),
    ])
    func handSolved(options: SimplexOptions) throws {
        let s = try textbook().solve(options: options)
        #expect(s.status == .optimal)
        #expect(s.termination == .finished)
        #expect(abs(s.objective - 11) < 1e-9)
        #expect(abs(s.columnValues[0] - 3) < 1e-9 && abs(s.columnValues[1] - 1) < 1e-9)
        // Dual of row a is 2 (one more unit of capacity is worth 2), row b is slack.
        #expect(abs(s.rowDuals[0] - 2) < 1e-9 && abs(s.rowDuals[1]) < 1e-9)
    }

    @Test("reports infeasibility and unboundedness as statuses, not crashes")
    func statuses() throws {
        var lp = LinearProgram(sense: .minimize)
        let x = lp.addColumn("x", .range(0, 1), objective: 1)
        lp.addRow("r", .fixed(5), [(x, 1)])
        let s = try lp.solve()
        #expect(s.status == .noFeasibleSolution)
        let p = try lp.solve(options: SimplexOptions(method: .primal, presolve: true))
        #expect(p.status == .noFeasibleSolution)
        #expect(p.termination == .presolverFoundNoFeasibleOrBoundedSolution)

        var u = LinearProgram(sense: .maximize)
        let y = u.addColumn("y", .lower(0), objective: 1)
        u.addRow("r", .lower(1), [(y, 1)])
        #expect(try u.solve(options: .glpkDefault).status == .unbounded)
    }

    @Test("input that would make GLPK abort is refused before any C call")
    func validation() {
        var lp = LinearProgram()
        let x = lp.addColumn("x", .range(0, 1), objective: 1)
        var bad = lp
        bad.addRow("r", .fixed(1), [(x + 5, 1)])
        #expect(throws: LPError.self) { try bad.solve() }
        bad = lp
        bad.addRow("r", .fixed(1), [(x, 1), (x, 2)])
        #expect(throws: LPError.self) { try bad.solve() }
        bad = lp
        bad.columns[0].bounds = .range(2, 1)
        #expect(throws: LPError.self) { try bad.solve() }
        bad = lp
        bad.columns[0].objective = .nan
        #expect(throws: LPError.self) { try bad.solve() }
        bad = lp
        bad.columns[0].name = String(repeating: "n", count: 300)
        #expect(throws: LPError.self) { try bad.solve() }
        // An empty programme is fine.
        #expect(throws: Never.self) { try LinearProgram().solve() }
    }

    @Test("MathProg runs in-process and reports translator errors")
    func mathProg() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("m.mod")
        try "var x >= 0, <= 3; var y >= 0; maximize z: 3*x + 2*y; s.t. a: x + y <= 4; s.t. b: x + 3*y <= 7; solve; printf \"%g %g\\n\", x, y; end;\n"
            .write(to: model, atomically: true, encoding: .utf8)
        let run = try MathProg.run(model: model, data: nil)
        #expect(run.solution.status == .optimal)
        #expect(run.columns["x"] == 3 && run.columns["y"] == 1)
        #expect(run.output == "3 1\n")
        let broken = dir.appendingPathComponent("b.mod")
        try "var x >= 0; maximize z: x +;\nend;\n".write(to: broken, atomically: true, encoding: .utf8)
        #expect {
            try MathProg.run(model: broken, data: nil)
        } throws: { error in
            guard case LPError.mathProg(let stage, let message) = error else { return false }
            return stage == "reading the model" && message.contains("b.mod:1")
        }
    }

    /// GLPK's own count of the memory blocks it holds (per thread: the solves below run on this one).
    func glpkBlocks() -> (count: Int32, bytes: Int) {
        var count: Int32 = 0, peak: Int32 = 0
        var total = 0, totalPeak = 0
        glp_mem_usage(&count, &peak, &total, &totalPeak)
        return (count, total)
    }

    @Test("2,000 problems in a row leave no GLPK memory behind")
    func repeated() throws {
        _ = try textbook().solve()  // GLPK's environment is set up on first use
        let before = glpkBlocks()
        for _ in 0..<2000 {
            let s = try textbook().solve()
            #expect(s.status == .optimal)
        }
        let after = glpkBlocks()
        #expect(after.count == before.count, "GLPK holds \(after.count) blocks, \(before.count) before")
        #expect(after.bytes == before.bytes, "GLPK holds \(after.bytes) bytes, \(before.bytes) before")
    }
}
