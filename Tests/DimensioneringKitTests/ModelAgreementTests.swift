import Foundation
import LinearProgramming
import Testing
@testable import DimensioneringKit

/// The engine builds its LP through GLPK's API; `Models/*.mod` state the same LP in MathProg.
/// These tests run the exported model and data through GLPK's own translator (in-process, as
/// glpsol does) and through the stock `glpsol` binary, and require the same allocation.
@Suite("Models: the MathProg files give the engine's allocations")
struct ModelAgreementTests {
    static func cases() -> [ApportionmentProblem] {
        var rng = SplitMix64(seed: 7)
        var problems: [ApportionmentProblem] = []
        for (k, method) in ApportionmentMethod.allCases.enumerated() {
            for round in 0..<4 {
                let n = 3 + rng.below(12)
                let units = (0..<n).map { i -> ApportionmentUnit in
                    let w = ExactDecimal(String(1 + rng.below(100_000)) + "." + String(rng.below(1000)))!
                    let min = round == 3 ? rng.below(3) : 0
                    let max: Int? = round >= 2 && i % 3 == 0 ? min + 2 + rng.below(5) : nil
                    return ApportionmentUnit(id: "u\(i)", weight: w, min: min, max: max)
                }
                problems.append(ApportionmentProblem(units: units, seats: 10 + rng.below(60) + k, method: method))
            }
        }
        // A tie: equal weights for 1 seat; the tie rule's decision must survive the export.
        problems.append(ApportionmentProblem(units: ["a", "b", "c"].map { ApportionmentUnit(id: $0, weight: ExactDecimal(5)) },
                                             seats: 4, method: .sainteLague, ties: .lot(seed: 3)))
        return problems
    }

    static func parse(_ text: String) -> [String: Int] {
        var out: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            guard let comma = line.lastIndex(of: ",") else { continue }
            out[String(line[..<comma])] = Int(line[line.index(after: comma)...])
        }
        return out
    }

    @Test("apportion.mod through GLPK's translator equals the engine (API-built LP)")
    func translatorAgrees() throws {
        for problem in Self.cases() {
            let result = try Apportioner.apportion(problem)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mod-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: dir) }
            try ModelExport.write(model: "apportion", data: try ModelExport.apportionData(result), expected: result.csvForGlpsol(), to: dir.path)
            let run = try MathProg.run(model: dir.appendingPathComponent("apportion.mod"), data: dir.appendingPathComponent("apportion.dat"))
            #expect(run.solution.status == .optimal)
            #expect(Self.parse(run.output) == result.allocation, "\(problem.method) \(problem.seats)")
        }
    }

    @Test("the full model (no search window) gives the same allocation")
    func fullModel() throws {
        for problem in Self.cases().prefix(12) {
            let result = try Apportioner.apportion(problem)
            guard result.ties.isEmpty else { continue }
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("full-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: dir) }
            let data = try ModelExport.apportionData(result)
            // Drop from/to: the textbook model between floors and caps.
            var kept: [Substring] = [], skipping = false
            for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("param from") || line.hasPrefix("param to") { skipping = true }
                if !skipping { kept.append(line) }
                if skipping && line.hasSuffix(";") { skipping = false }
            }
            try ModelExport.write(model: "apportion", data: kept.joined(separator: "\n"), expected: "", to: dir.path)
            let run = try MathProg.run(model: dir.appendingPathComponent("apportion.mod"), data: dir.appendingPathComponent("apportion.dat"))
            #expect(Self.parse(run.output) == result.allocation)
        }
    }

    @Test("stock glpsol reproduces exported allocations, one and two dimensions")
    func glpsolAgrees() throws {
        let glpsol = ["/usr/bin/glpsol", "/usr/local/bin/glpsol"].first { FileManager.default.isExecutableFile(atPath: $0) }
        try #require(glpsol != nil, "glpsol (Debian package glpk-utils) is needed for this test")
        func run(_ dir: URL, _ model: String) throws -> String {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: glpsol!)
            p.arguments = ["-m", dir.appendingPathComponent("\(model).mod").path, "-d", dir.appendingPathComponent("\(model).dat").path,
                           "-y", dir.appendingPathComponent("allocation.csv").path]
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
            return try String(contentsOf: dir.appendingPathComponent("allocation.csv"), encoding: .utf8)
        }
        for problem in Self.cases().enumerated().filter({ $0.offset % 3 == 0 }).map(\.element) {
            let result = try Apportioner.apportion(problem)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("glpsol-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: dir) }
            try ModelExport.write(model: "apportion", data: try ModelExport.apportionData(result), expected: result.csvForGlpsol(), to: dir.path)
            #expect(try run(dir, "apportion") == result.csvForGlpsol())
        }
        // Biproportional: 4 × 3 with a cap.
        let w = [[530, 470, 120], [250, 750, 300], [100, 90, 800], [333, 333, 334]]
        var cells: [BiproportionalCell] = []
        for r in 0..<4 { for c in 0..<3 { cells.append(BiproportionalCell(row: "r\(r)", column: "c\(c)", weight: ExactDecimal(w[r][c]), max: r == 3 && c == 2 ? 3 : nil)) } }
        let problem = BiproportionalProblem(cells: cells, rowTotals: [("r0", 7), ("r1", 9), ("r2", 6), ("r3", 8)],
                                            columnTotals: [("c0", 8), ("c1", 11), ("c2", 11)])
        let result = try Biproportional.apportion(problem)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("glpsol-bp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try ModelExport.write(model: "biproportional", data: try ModelExport.biproportionalData(problem, result),
                              expected: result.csvForGlpsol(problem), to: dir.path)
        #expect(try run(dir, "biproportional") == result.csvForGlpsol(problem))
        #expect(result.seats.map { $0.reduce(0, +) } == [7, 9, 6, 8])
    }
}
