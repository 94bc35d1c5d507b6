import Foundation
import Spreadsheet
import Testing
@testable import DimensioneringKit

/// Issue 16 item 2: every file goes through `AtomicFile` — bytes, a workbook produced at a path,
/// a directory of model files — and exported models run in stock glpsol whatever the ids.
@Suite("One writer: AtomicFile for bytes, workbooks and model directories")
struct WriterTests {
    private func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    private func entries(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    @Test("a producer writes into AtomicFile's temporary file, which is renamed into place")
    func producerIsRenamedIntoPlace() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.bin").path
        var seen: String?
        try AtomicFile.write(to: out, inputs: []) { tmp in
            seen = tmp
            #expect(tmp != out && FileManager.default.fileExists(atPath: tmp))
            try Data("made".utf8).write(to: URL(fileURLWithPath: tmp))
        }
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "made")
        #expect(seen.map { !FileManager.default.fileExists(atPath: $0) } == true)
        #expect(try entries(dir) == ["out.bin"])
    }

    @Test("over an input the producer never runs; a producer that throws leaves the old file and no temporary")
    func producerGuards() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("scenario.toml").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: input))
        var ran = false
        #expect(throws: DimensioneringError.self) {
            try AtomicFile.write(to: input, inputs: [input]) { _ in ran = true }
        }
        #expect(!ran)
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try AtomicFile.write(to: input, inputs: []) { tmp in
                try Data("half".utf8).write(to: URL(fileURLWithPath: tmp))
                throw Boom()
            }
        }
        #expect(try String(contentsOfFile: input, encoding: .utf8) == "old")
        #expect(try entries(dir) == ["scenario.toml"])
    }

    @Test("a workbook over a scenario it read is refused (exit 73), the scenario untouched; else a real workbook")
    func workbookOverAnInput() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("my.toml").path
        try Data("title = \"x\"\n".utf8).write(to: URL(fileURLWithPath: input))
        var b = WorkbookBuilder(lang: .da)
        b.add(Sheet(name: "Ark", rows: [[.text("Køge"), .integer(105)]]))
        do {
            try XLSXReport.write(b, title: "t", created: nil, to: input, inputs: [input])
            Issue.record("the input was overwritten")
        } catch let e as DimensioneringError {
            guard case let .cannotCreateOutput(_, reason) = e else { Issue.record("\(e)"); return }
            #expect(reason.contains("it is the input"))
        }
        #expect(try String(contentsOfFile: input, encoding: .utf8) == "title = \"x\"\n")
        let out = dir.appendingPathComponent("a.xlsx").path
        try XLSXReport.write(b, title: "t", created: nil, to: out, inputs: [input])
        #expect(XLSXReader.isWorkbook(out))
        #expect(try XLSXReader.readFirstSheet(out) == [["Køge", "105"]])
        #expect(try entries(dir) == ["a.xlsx", "my.toml"])
    }

    @Test("a directory is replaced whole: the old set goes, foreign files and inputs are refused")
    func directoryReplacedWhole() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("model").path
        let names: Set<String> = ["a.txt", "b.txt", "c.txt"]
        try AtomicFile.replaceDirectory(target, with: [("a.txt", Data("1".utf8)), ("b.txt", Data("2".utf8))], replaceable: names, inputs: [])
        #expect(try entries(URL(fileURLWithPath: target)) == ["a.txt", "b.txt"])
        try AtomicFile.replaceDirectory(target, with: [("c.txt", Data("3".utf8))], replaceable: names, inputs: [])
        #expect(try entries(URL(fileURLWithPath: target)) == ["c.txt"])
        #expect(try entries(dir) == ["model"])  // no temporary directory beside it
        // A file this writer does not own: refused, nothing changed.
        try Data("mine".utf8).write(to: URL(fileURLWithPath: target + "/notes.txt"))
        #expect(throws: DimensioneringError.self) {
            try AtomicFile.replaceDirectory(target, with: [("a.txt", Data("1".utf8))], replaceable: names, inputs: [])
        }
        #expect(try entries(URL(fileURLWithPath: target)) == ["c.txt", "notes.txt"])
        // An input inside, even under an owned name: refused and named.
        try FileManager.default.removeItem(atPath: target + "/notes.txt")
        do {
            try AtomicFile.replaceDirectory(target, with: [("a.txt", Data("1".utf8))], replaceable: names, inputs: [target + "/c.txt"])
            Issue.record("an input was replaced")
        } catch let DimensioneringError.cannotCreateOutput(_, reason) {
            #expect(reason.contains("it holds the input"))
        }
        #expect(try String(contentsOfFile: target + "/c.txt", encoding: .utf8) == "3")
        // A regular file where the directory should be.
        #expect(throws: DimensioneringError.self) {
            try AtomicFile.replaceDirectory(target + "/c.txt", with: [], replaceable: names, inputs: [])
        }
        #expect(try entries(dir) == ["model"])
    }

    @Test("ids MathProg cannot hold become id1, id2, … (never an existing id); plain ids stay")
    func symbols() {
        let long = String(repeating: "x", count: 101)
        let s = MathProgSymbols(["101", long, "id1", "say \"hi\"", "a\\b", "Køge", "a,b", String(repeating: "y", count: 100)])
        #expect(s.symbols == ["101", "id2", "id1", "id3", "id4", "id5", "id6", String(repeating: "y", count: 100)])
        #expect(s.renamed.map(\.id) == [long, "say \"hi\"", "a\\b", "Køge", "a,b"])
    }

    private func glpsol(_ dir: URL, _ model: String) throws -> String {
        let path = "/usr/bin/glpsol"
        try #require(FileManager.default.isExecutableFile(atPath: path), "stock glpsol is missing (glpk-utils)")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = ["-m", "\(model).mod", "-d", "\(model).dat", "-y", "allocation.csv"]
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return try String(contentsOf: dir.appendingPathComponent("allocation.csv"), encoding: .utf8)
    }

    /// symbol → original id from names.csv (`set,symbol,"id"`), for one set.
    private func names(_ dir: URL, set: String) throws -> [String: String] {
        let text = try String(contentsOf: dir.appendingPathComponent("names.csv"), encoding: .utf8)
        var out: [String: String] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",", maxSplits: 2).map(String.init)
            guard parts.count == 3, parts[0] == set else { continue }
            out[parts[1]] = String(parts[2].dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
        }
        return out
    }

    static let hostile = [
        String(repeating: "ø", count: 60),  // 120 bytes of UTF-8
        "x" + String(repeating: "y", count: 150), "say \"hi\"", "back\\slash", "Køge", "a,b", "*/ end;", "id1",
    ]

    @Test("stock glpsol solves an export with hostile ids and gives the engine's allocation (one dimension, a tie)")
    func hostileIdsOneDimension() throws {
        let units = Self.hostile.enumerated().map { ApportionmentUnit(id: $1, weight: ExactDecimal($0 % 3 + 1)) }
        let result = try Apportioner.apportion(ApportionmentProblem(units: units, seats: 31, method: .sainteLague, ties: .lot(seed: 5)))
        #expect(!result.ties.isEmpty)
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("m")
        try ModelExport.write(try ModelExport.apportionFiles(result), to: out.path, inputs: [])
        let printed = try glpsol(out, "apportion")
        #expect(printed == (try String(contentsOf: out.appendingPathComponent("expected.csv"), encoding: .utf8)))
        let back = try names(out, set: "U")
        var allocation: [String: Int] = [:]
        for line in printed.split(separator: "\n") {
            let p = line.split(separator: ",").map(String.init)
            allocation[back[p[0]] ?? p[0]] = Int(p[1])
        }
        #expect(allocation == result.allocation)
    }

    @Test("stock glpsol solves a biproportional export with hostile row and column ids")
    func hostileIdsBiproportional() throws {
        let rows = Array(Self.hostile.prefix(4)), cols = ["Køge", "id1", String(repeating: "å", count: 51)]
        var cells: [BiproportionalCell] = []
        for (r, row) in rows.enumerated() {
            for (c, col) in cols.enumerated() { cells.append(BiproportionalCell(row: row, column: col, weight: ExactDecimal(100 + 37 * r + 11 * c))) }
        }
        let problem = BiproportionalProblem(cells: cells, rowTotals: zip(rows, [5, 6, 7, 8]).map { ($0, $1) },
                                            columnTotals: zip(cols, [9, 8, 9]).map { ($0, $1) })
        let result = try Biproportional.apportion(problem)
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("m")
        try ModelExport.write(try ModelExport.biproportionalFiles(problem, result), to: out.path, inputs: [])
        let printed = try glpsol(out, "biproportional")
        #expect(printed == (try String(contentsOf: out.appendingPathComponent("expected.csv"), encoding: .utf8)))
        let rb = try names(out, set: "ROWS"), cb = try names(out, set: "COLS")
        for line in printed.split(separator: "\n") {
            let p = line.split(separator: ",").map(String.init)
            let r = try #require(rows.firstIndex(of: rb[p[0]] ?? p[0])), c = try #require(cols.firstIndex(of: cb[p[1]] ?? p[1]))
            #expect(result.seats[r][c] == Int(p[2]))
        }
    }
}
