import Foundation
import Testing

// Issue 16 item 2, as a user meets it: a file is what its name says, never written over an input,
// and standard output that cannot be written is exit 73 with one line, never a crash or a signal.

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite("One writer: formats from names, inputs kept, unwritable output exit 73", .serialized)
struct WriterCLITests {
    private func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dim-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `script` in /bin/sh in `dir`, with `$B` the binary.
    private func shell(_ script: String, in dir: URL) throws -> RunResult {
        try runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", script], in: dir, environment: ["B": try dimensioneringBinary().path])
    }

    private func leftovers(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
    }

    /// A weights file whose table output (about 300 kB) is larger than a pipe's buffer.
    private func bigWeights(_ dir: URL) throws {
        var csv = "id,weight\n"
        for i in 0..<5000 { csv += "u\(i),\(i % 97 + 1)\n" }
        try Data(csv.utf8).write(to: dir.appendingPathComponent("big.csv"))
    }

    @Test("plan my.toml --format xlsx --output my.toml is refused (exit 73, naming the input), the scenario untouched")
    func xlsxOverTheScenario() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("my.toml")
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Scenarios/sosu-2023.toml"), to: scenario)
        let before = try Data(contentsOf: scenario)
        for args in [["--format", "xlsx", "--output", "my.toml"], ["--output", "./my.toml", "--format", "xlsx"]] {
            let r = try runDimensionering(["plan", "my.toml"] + args, in: dir)
            #expect(r.status == 73, "\(r.status) \(r.stderr)")
            #expect(r.stderr.contains("it is the input 'my.toml'"), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
        }
        #expect(try Data(contentsOf: scenario) == before)
        #expect(try leftovers(dir).isEmpty)
    }

    @Test("--output bilag.xlsx writes a workbook and bilag.html an HTML page, without --format")
    func formatFromExtension() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let x = try runDimensionering(["plan", "sosu-2023", "--output", "bilag.xlsx"], in: dir)
        #expect(x.status == 0, "\(x.stderr)")
        let check = try runProcess(URL(fileURLWithPath: "/usr/bin/env"),
                                   ["python3", "-c", "import openpyxl; print(openpyxl.load_workbook('bilag.xlsx').sheetnames)"], in: dir)
        #expect(check.status == 0, "openpyxl: \(check.stderr)")
        #expect(check.text.contains("'Bilag'"), "\(check.text)")
        let h = try runDimensionering(["plan", "sosu-2023", "--output", "bilag.HTML"], in: dir)
        #expect(h.status == 0, "\(h.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("bilag.HTML"), encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        // An extension that says nothing keeps the default (table).
        let t = try runDimensionering(["kommuner", "--output", "k.dat"], in: dir)
        #expect(t.status == 0)
        #expect(try String(contentsOf: dir.appendingPathComponent("k.dat"), encoding: .utf8).contains("Køge"))
    }

    @Test("an extension that contradicts --format is refused (exit 64), naming both; nothing written")
    func contradictingExtension() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (format, file) in [("csv", "x.xlsx"), ("table", "x.html"), ("json", "x.csv")] {
            let r = try runDimensionering(["plan", "sosu-2023", "--format", format, "--output", file], in: dir)
            #expect(r.status == 64, "\(format) \(file): \(r.status)")
            #expect(r.stderr.contains("--format \(format)") && r.stderr.contains(file), "\(r.stderr)")
        }
        // csv-da is CSV too; a command that cannot write what the name says refuses it.
        #expect(try runDimensionering(["plan", "sosu-2023", "--format", "csv-da", "--output", "y.csv"], in: dir).status == 0)
        #expect(try runDimensionering(["explain", "sosu-2023", "--kommune", "259", "--output", "k.xlsx"], in: dir).status == 64)
        #expect(try runDimensionering(["plan", "--list", "--output", "l.json"], in: dir).status == 64)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["y.csv"])
    }

    @Test("standard output on a full disk or closed: exit 73, one line, no crash")
    func unwritableStandardOutput() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (redirect, reason) in [("> /dev/full", "No space left on device"), (">&-", "Bad file descriptor")] {
            let r = try shell("\"$B\" kommuner \(redirect)", in: dir)
            #expect(r.status == 73, "\(redirect): \(r.status) \(r.stderr)")
            #expect(r.stderr == "dimensionering: cannot write standard output: \(reason)\n", "\(r.stderr)")
        }
    }

    @Test("a broken pipe (| head -c 10) is exit 73 with one line, never a SIGPIPE death or a crash")
    func brokenPipe() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try bigWeights(dir)
        let r = try shell("{ \"$B\" apportion --seats 20000 --input big.csv 2>err; echo $? >rc; } | head -c 10 >/dev/null; cat rc err", in: dir)
        #expect(r.text == "73\ndimensionering: cannot write standard output: Broken pipe\n", "\(r.text) \(r.stderr)")
    }

    @Test("past ulimit -f: exit 73, the old file intact, no temporary file (text and xlsx)")
    func fileSizeLimit() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try bigWeights(dir)
        try Data("old\n".utf8).write(to: dir.appendingPathComponent("out.txt"))
        try Data("old\n".utf8).write(to: dir.appendingPathComponent("out.xlsx"))
        let r = try shell("""
            ulimit -f 1
            "$B" apportion --seats 20000 --input big.csv --output out.txt; echo "text $?"
            "$B" plan sosu-2023 --output out.xlsx 2>xerr; echo "xlsx $?"
            "$B" apportion --seats 20000 --input big.csv > stdout.txt; echo "stdout $?"
            """, in: dir)
        #expect(r.text == "text 73\nxlsx 73\nstdout 73\n", "\(r.text) \(r.stderr)")
        #expect(r.stderr.contains("cannot write out.txt: File too large"), "\(r.stderr)")
        #expect(r.stderr.contains("cannot write standard output: File too large"), "\(r.stderr)")
        // libxlsxwriter's own error lines are held back: one line, with the system's reason.
        let xerr = try String(contentsOf: dir.appendingPathComponent("xerr"), encoding: .utf8)
        #expect(xerr.hasPrefix("dimensionering: cannot write out.xlsx:") && xerr.hasSuffix("(File too large)\n")
                && xerr.split(separator: "\n").count == 1, "\(xerr)")
        try FileManager.default.removeItem(at: dir.appendingPathComponent("xerr"))
        #expect(try String(contentsOf: dir.appendingPathComponent("out.txt"), encoding: .utf8) == "old\n")
        #expect(try String(contentsOf: dir.appendingPathComponent("out.xlsx"), encoding: .utf8) == "old\n")
        #expect(try leftovers(dir).isEmpty)
    }

    @Test("--export-model: a signal while the new set is written leaves the old set and no temporary directory")
    func exportModelInterrupted() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("id,weight\na,1\nb,2\n".utf8).write(to: dir.appendingPathComponent("w.csv"))
        let model = dir.appendingPathComponent("model")
        #expect(try runDimensionering(["apportion", "--seats", "5", "--input", "w.csv", "--export-model", "model"], in: dir).status == 0)
        let old = try Data(contentsOf: model.appendingPathComponent("expected.csv"))
        let p = Process()
        p.executableURL = try dimensioneringBinary()
        p.arguments = ["apportion", "--seats", "9", "--input", "w.csv", "--export-model", "model"]
        p.currentDirectoryURL = dir
        p.environment = ProcessInfo.processInfo.environment.merging(["DIMENSIONERING_TEST_WRITE_PAUSE_MS": "5000"]) { $1 }
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        var sawTemporary = false
        for _ in 0..<100 where !sawTemporary {
            usleep(50_000)
            sawTemporary = try !leftovers(dir).isEmpty
        }
        #expect(sawTemporary)
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGTERM)
        #expect(try leftovers(dir).isEmpty)
        #expect(try Data(contentsOf: model.appendingPathComponent("expected.csv")) == old)
        // Not over a directory holding anything else, nor over one holding an input.
        let here = try runDimensionering(["apportion", "--seats", "5", "--input", "w.csv", "--export-model", "."], in: dir)
        #expect(here.status == 73 && here.stderr.contains("it holds the input 'w.csv'"), "\(here.stderr)")
    }
}
