import DimensioneringKit
import Foundation
import LinearProgramming

// Benchmarks for the engine, run by `make bench` (release build). Not a test: it prints a table.
//
// Two kinds of figure per row:
// - whole process: the `dimensionering` binary next to this one is run as a child process on a
//   generated input (wall time, and peak resident memory of the child from wait4's rusage);
// - in-process: the same work called through DimensioneringKit (read + solve), median of repeats.
// "growth" is the exponent k in time ∝ size^k between a row and the row above (1 = linear,
// 1.0-1.1 ≈ n log n at these sizes, 2 = quadratic), so a regression is visible at a glance.
//
// Arguments: --max-units N (default 1,000,000) limits the one-vector rows; --quick runs each
// whole-process figure once; --naive adds the naive unit-segment LP (minutes).


/// Each line reaches the terminal or pipe as soon as it is printed (what `setvbuf(stdout, …, _IOLBF)`
/// did; C's `stdout` is shared mutable state that Swift 6 does not let us touch).
func print(_ line: String = "") {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let arguments = CommandLine.arguments
func argument(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
let maxUnits = argument("--max-units").flatMap(Int.init) ?? 1_000_000
let quick = arguments.contains("--quick")
/// --biproportional-only: just the biproportional rows (profiling the matrix engine).
let biproportionalOnly = arguments.contains("--biproportional-only")
/// --lp: in-process biproportional rows on the windowed-LP path only (the engine before tie-and-transfer).
let biproportionalTuning: EngineTuning = {
    var t = EngineTuning.standard
    t.biproportionalTransfers = !arguments.contains("--lp")
    if let r = argument("--transfer-scaling-rounds").flatMap(Int.init) { t.transferScalingRounds = r }
    return t
}()

let binDirectory = URL(fileURLWithPath: arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
let cli = binDirectory.appendingPathComponent("dimensionering").path
let work = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("dimensionering-bench-\(getpid())")
try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: work) }

func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }

/// Median wall time in milliseconds of `repeats` runs of `body`.
func time(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    var samples: [Double] = []
    for _ in 0..<repeats {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
    }
    return median(samples)
}

struct ProcessFigure {
    var milliseconds: Double
    var peakMegabytes: Double
    var status: Int32
    /// The child's peak was not above this process's own resident size: it is at most that.
    var peakIsBound = false
}

/// Runs the CLI with stdout and stderr to /dev/null; wall time and the child's peak RSS.
func runCLI(_ args: [String]) -> ProcessFigure {
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([cli] + args).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    // posix_spawn starts the child in this process's memory (vfork), and Linux carries that memory's
    // high-water mark into the child's peak: after a large in-process run every later child would
    // report this process's peak. So first give freed memory back (malloc_trim) and reset our own
    // mark (clear_refs 5, Linux ≥ 4.0): the child's figure is then its own peak, or our resident
    // size when that is larger (then the table shows "≤").
    _ = mallocTrim(0)
    _ = try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    let ownResident = residentMegabytes()
    let t0 = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, cli, &actions, nil, argv, environ) == 0 else {
        fatalError("cannot run \(cli): build it with `swift build -c release` (make bench does)")
    }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
    // Linux reports ru_maxrss in kilobytes.
    let peak = Double(usage.ru_maxrss) / 1024
    return ProcessFigure(milliseconds: ms, peakMegabytes: peak, status: (status >> 8) & 0xff, peakIsBound: peak <= ownResident + 1)
}

/// glibc's `malloc_trim` (not in Swift's Glibc module): returns free heap memory to the system.
@_silgen_name("malloc_trim") func mallocTrim(_ pad: Int) -> Int32

/// This process's resident size (VmRSS) in megabytes.
func residentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kb / 1024
}

/// Median of `repeats` whole-process runs (peak memory: the largest seen).
func wholeProcess(_ args: [String], repeats: Int) -> ProcessFigure {
    let runs = (0..<(quick ? 1 : repeats)).map { _ in runCLI(args) }
    let peak = runs.map(\.peakMegabytes).max()!
    return ProcessFigure(milliseconds: median(runs.map(\.milliseconds)), peakMegabytes: peak, status: runs[0].status,
                         peakIsBound: runs.allSatisfy(\.peakIsBound))
}

// MARK: - Table

struct Row {
    var label: String
    var size: Double?
    var whole: ProcessFigure?
    var inProcess: Double?
    var note: String = ""
}
nonisolated(unsafe) var printedHeader = false  // the bench is single-threaded
nonisolated(unsafe) var previous: Row?
func ms(_ v: Double) -> String { v >= 1000 ? String(format: "%.2f s", v / 1000) : String(format: "%.1f ms", v) }
func pad(_ s: String, _ n: Int, left: Bool = false) -> String {
    let fill = String(repeating: " ", count: Swift.max(0, n - s.count))
    return left ? fill + s : s + fill
}
func printRow(_ row: Row, group: Bool = false) {
    if !printedHeader {
        print(pad("case", 42) + pad("whole process", 14, left: true) + pad("peak", 10, left: true)
              + pad("in-process", 12, left: true) + pad("growth", 8, left: true) + "  note")
        print(String(repeating: "-", count: 100))
        printedHeader = true
    }
    var growth = ""
    if group, let p = previous, let s0 = p.size, let s1 = row.size, s1 > s0 {
        let t0 = p.inProcess ?? p.whole?.milliseconds, t1 = row.inProcess ?? row.whole?.milliseconds
        if let t0, let t1, t0 > 0 { growth = String(format: "%.2f", log(t1 / t0) / log(s1 / s0)) }
    }
    let whole = row.whole.map { $0.status == 0 ? ms($0.milliseconds) : "\(ms($0.milliseconds)) (exit \($0.status))" } ?? "—"
    let peak = row.whole.map { ($0.peakIsBound ? "≤ " : "") + String(format: "%.0f MB", $0.peakMegabytes) } ?? "—"
    print(pad(row.label, 42) + pad(whole, 14, left: true) + pad(peak, 10, left: true)
          + pad(row.inProcess.map(ms) ?? "—", 12, left: true) + pad(growth, 8, left: true) + "  " + row.note)
    previous = row
}
func section(_ title: String) { print(""); print(title); previous = nil }

// MARK: - Inputs (deterministic: SplitMix64 from fixed seeds)

func writeUnits(_ n: Int) throws -> String {
    var rng = SplitMix64(seed: 2026)
    var text = "id,weight\n"
    text.reserveCapacity(n * 16)
    for i in 0..<n { text += "u\(i),\(1 + rng.below(1_000_000))\n" }
    let path = work.appendingPathComponent("units-\(n).csv").path
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    return path
}

/// A scenario with one education of 10·n places on one custom level `enhed` of `n` units, keyed
/// by a `shares` component with random weights 1…10^6 (issue #11's plan at scale).
func writeBigLevelScenario(_ n: Int) throws -> String {
    var rng = SplitMix64(seed: 3)
    var text = "name = \"big-level\"\ntitle = \"\(n) enheder\"\nmethod = \"sainte-lague\"\nties = \"order\"\n\n"
    text.reserveCapacity(n * 30)
    text += "[component.w]\nkind = \"shares\"\nlabel = \"Vægt\"\nillustrative = true\nvalues = { "
    text += (0..<n).map { "u\($0) = \(1 + rng.below(1_000_000))" }.joined(separator: ", ")
    text += " }\n\n[education.x]\nname = \"X\"\ntotal = \(10 * n)\nlevels = [\"enhed\"]\n\n[education.x.level.enhed]\nunits = ["
    text += (0..<n).map { "\"u\($0)\"" }.joined(separator: ", ")
    text += "]\nweights = { w = 1 }\n"
    let path = work.appendingPathComponent("big-level-\(n).toml").path
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    return path
}

/// A biproportional problem with `rows` × `columns` cells and about 5 places per cell, and its files.
func biproportional(rows: Int, columns: Int) throws -> (BiproportionalProblem, [String]) {
    var rng = SplitMix64(seed: UInt64(rows * 100 + columns))
    var cells: [BiproportionalCell] = []
    var rowTotals: [(id: String, seats: Int)] = []
    var colSums = [Int](repeating: 0, count: columns)
    var cellText = "row,column,weight\n", rowText = "id,seats\n", colText = "id,seats\n"
    for r in 0..<rows {
        var rowTotal = 0
        for c in 0..<columns {
            let seats = rng.below(10)
            rowTotal += seats
            colSums[c] += seats
            let weight = "\(seats)." + String(250 + rng.below(500))
            cells.append(BiproportionalCell(row: "r\(r)", column: "c\(c)", weight: ExactDecimal(weight)!))
            cellText += "r\(r),c\(c),\(weight)\n"
        }
        rowTotals.append(("r\(r)", rowTotal))
        rowText += "r\(r),\(rowTotal)\n"
    }
    for c in 0..<columns { colText += "c\(c),\(colSums[c])\n" }
    let problem = BiproportionalProblem(cells: cells, rowTotals: rowTotals,
                                        columnTotals: colSums.enumerated().map { ("c\($0.offset)", $0.element) })
    let base = work.appendingPathComponent("bp-\(rows)x\(columns)").path
    try cellText.write(toFile: base + "-cells.csv", atomically: false, encoding: .utf8)
    try rowText.write(toFile: base + "-rows.csv", atomically: false, encoding: .utf8)
    try colText.write(toFile: base + "-cols.csv", atomically: false, encoding: .utf8)
    return (problem, ["apportion", "--biproportional", "--input", base + "-cells.csv",
                      "--row-totals", base + "-rows.csv", "--column-totals", base + "-cols.csv", "--format", "json"])
}

/// The 98 municipalities × hjælper/assistent, capped, as in the SOSU plan.
func municipalityMatrix() throws -> (BiproportionalProblem, [String]) {
    var rng = SplitMix64(seed: 2023)
    let municipalities = MunicipalityRegistry.denmark.all
    var cells: [BiproportionalCell] = []
    var cellText = "row,column,weight,min,max\n"
    for m in municipalities {
        let p = m.population
        let a = (ExactDecimal(p), Int(Double(p) / 400)), b = (ExactDecimal(p * 2 + rng.below(1000)), Int(Double(p) / 200))
        cells.append(BiproportionalCell(row: m.code, column: "hjaelper", weight: a.0, max: a.1))
        cells.append(BiproportionalCell(row: m.code, column: "assistent", weight: b.0, max: b.1))
        cellText += "\(m.code),hjaelper,\(a.0),0,\(a.1)\n\(m.code),assistent,\(b.0),0,\(b.1)\n"
    }
    let units = municipalities.map { ApportionmentUnit(id: $0.code, weight: ExactDecimal($0.population)) }
    let rowSeats = try Apportioner.apportion(ApportionmentProblem(units: units, seats: 9000, method: .sainteLague)).seatsByUnit
    let rowTotals = zip(municipalities, rowSeats).map { (id: $0.code, seats: $1) }
    let problem = BiproportionalProblem(cells: cells, rowTotals: rowTotals,
                                        columnTotals: [("hjaelper", 3000), ("assistent", 6000)], method: .sainteLague)
    let base = work.appendingPathComponent("bp-98x2").path
    try cellText.write(toFile: base + "-cells.csv", atomically: false, encoding: .utf8)
    try ("id,seats\n" + rowTotals.map { "\($0.id),\($0.seats)\n" }.joined()).write(toFile: base + "-rows.csv", atomically: false, encoding: .utf8)
    try "id,seats\nhjaelper,3000\nassistent,6000\n".write(toFile: base + "-cols.csv", atomically: false, encoding: .utf8)
    return (problem, ["apportion", "--biproportional", "--input", base + "-cells.csv",
                      "--row-totals", base + "-rows.csv", "--column-totals", base + "-cols.csv", "--format", "json"])
}

/// Which path decided a biproportional problem: transfers alone (no LP), or the windowed LP.
func biproportionalNote(_ s: SolveStatistics) -> String {
    s.lpSolves == 0 ? "\(s.transfers) transfers, no LP" : "LP \(s.columns) cols, \(s.iterations) it, \(s.lpSolves) solves"
}

// MARK: - The table

print("dimensionering benchmark — GLPK \(GLPK.version), \(ProcessInfo.processInfo.activeProcessorCount) cores; "
      + "whole process = the CLI as a child process (median), in-process = read + solve (median)")

let units98 = MunicipalityRegistry.denmark.all.map { ApportionmentUnit(id: $0.code, weight: ExactDecimal($0.population)) }
if !biproportionalOnly {  // (not re-indented, to keep the diff small)
section("Plans")
printRow(Row(label: "default plan (`dimensionering`)", whole: wholeProcess([], repeats: 9)))
// Issue #11: target under 2 s whole process on 2 cores.
printRow(Row(label: "1,000-scenario sweep (sosu-2023-kl-key)",
             whole: wholeProcess(["sweep", "sosu-2023-kl-key", "--samples", "1000", "--seed", "1", "--perturb", "population=2%", "--format", "json"], repeats: 3),
             note: "--perturb population=2%, all cores"))
// Issue #11: a plan's level with 100,000 units under 5 s whole process.
if maxUnits >= 100_000 {
    let path = try writeBigLevelScenario(100_000)
    let whole = wholeProcess(["plan", path, "--format", "csv"], repeats: 1)
    // Whole process only: an in-process run here would raise this process's peak memory, which
    // the children spawned after it report as theirs (the peak column of the rows below).
    printRow(Row(label: "plan, one level of 100,000 units (csv)", whole: whole,
                 note: "custom level, shares component; target < 5 s"))
}

section("One vector: Sainte-Laguë, n units × 10·n places, random weights 1…10^6 (`apportion --format csv`)")
for n in [100, 1_000, 10_000, 100_000, 1_000_000] where n <= maxUnits {
    let path = try writeUnits(n)
    let whole = wholeProcess(["apportion", "--input", path, "--seats", "\(10 * n)", "--format", "csv"], repeats: n >= 100_000 ? 1 : 5)
    let repeats = n >= 100_000 ? 1 : (n >= 10_000 ? 3 : 10)
    let inProcess = try time(repeats) {
        let units = try ApportionInputs.units(path: path)
        _ = try Apportioner.apportion(ApportionmentProblem(units: units, seats: 10 * n, method: .sainteLague))
    }
    printRow(Row(label: "\(n.formatted()) units × \((10 * n).formatted())", size: Double(n), whole: whole, inProcess: inProcess),
             group: true)
}
if maxUnits >= 1_000_000 {
    // Over the limit: refused at the first row past it (exit 65), not after reading everything.
    var text = "id,weight\n"
    for i in 0..<1_000_001 { text += "u\(i),\(1 + i % 997)\n" }
    let path = work.appendingPathComponent("over-limit.csv").path
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    printRow(Row(label: "refusing 1,000,001 units", whole: wholeProcess(["apportion", "--input", path, "--seats", "10"], repeats: 1),
                 note: "expected exit 65"))
}

section("One vector, every method: 98 municipalities × 9,000 places (in-process solve)")
for method in ApportionmentMethod.allCases {
    let problem = ApportionmentProblem(units: units98, seats: 9000, method: method)
    let t = try time(50) { _ = try Apportioner.apportion(problem) }
    let stats = try Apportioner.apportion(problem).statistics
    printRow(Row(label: method.rawValue, inProcess: t, note: "LP: \(stats.columns) columns, \(stats.iterations) iterations"))
}

}

section("Biproportional (Sainte-Laguë), rows × columns, about 4.5 places per cell (`apportion --biproportional --format json`)")
do {
    let (problem, args) = try municipalityMatrix()
    let whole = wholeProcess(args, repeats: 9)
    let t = try time(20) { _ = try Biproportional.apportion(problem, tuning: biproportionalTuning) }
    let s = try Biproportional.apportion(problem, tuning: biproportionalTuning).statistics
    printRow(Row(label: "98 × 2 municipalities, capped, 9,000", whole: whole, inProcess: t,
                 note: biproportionalNote(s)))
}
for rows in [100, 1_000, 10_000] {
    let (problem, args) = try biproportional(rows: rows, columns: 10)
    let whole = wholeProcess(args, repeats: rows >= 10_000 ? 3 : 9)
    let t = try time(rows >= 10_000 ? 3 : 10) { _ = try Biproportional.apportion(problem, tuning: biproportionalTuning) }
    let s = try Biproportional.apportion(problem, tuning: biproportionalTuning).statistics
    printRow(Row(label: "\(rows.formatted()) × 10, \(problem.rowTotals.reduce(0) { $0 + $1.seats }.formatted()) places",
                 size: Double(rows), whole: whole, inProcess: t,
                 note: biproportionalNote(s)), group: true)
}

if arguments.contains("--naive") {
    section("Naive unit-segment LP: 98 × 9,000 = 882,000 columns (GLPK's defaults + presolve)")
    let windows = units98.map { _ in (0, 9000) }
    let (lp, _) = Apportioner.buildLP(method: .sainteLague, weights: units98.map { $0.weight.doubleValue }, restricted: nil,
                                      windows: windows, seats: 9000)
    let t = try time(1) { _ = try lp.solve(options: SimplexOptions(method: .primal, presolve: true)) }
    printRow(Row(label: "naive LP, primal simplex, presolve", inProcess: t))
}
