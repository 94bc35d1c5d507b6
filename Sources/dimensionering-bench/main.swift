import DimensioneringKit
import Foundation
import LinearProgramming

/// Each line reaches the terminal or pipe as soon as it is printed (what `setvbuf(stdout, …, _IOLBF)`
/// did; C's `stdout` is shared mutable state that Swift 6 does not let us touch).
func print(_ line: String = "") {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

// Benchmarks for the apportionment engine, run by `make bench` (release build).
// Prints the median wall time of repeated in-process solves; not a test.

func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }

func time(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    var samples: [Double] = []
    for _ in 0..<repeats {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
    }
    return median(samples)
}

var rng = SplitMix64(seed: 2023)
let municipalities = MunicipalityRegistry.denmark.all
let units98 = municipalities.map { ApportionmentUnit(id: $0.code, weight: ExactDecimal($0.population)) }

print("dimensionering benchmark — GLPK \(GLPK.version); median of repeated runs, milliseconds")
print("")
print("1. 98 municipalities (population 2022) × 9,000 places")
for method in ApportionmentMethod.allCases {
    let problem = ApportionmentProblem(units: units98, seats: 9000, method: method)
    let ms = try time(50) { _ = try Apportioner.apportion(problem) }
    let stats = try Apportioner.apportion(problem).statistics
    print("   " + method.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)
          + String(format: "%8.3f ms   (LP: %d columns, %d iterations)", ms, stats.columns, stats.iterations))
}

print("")
print("   Solver settings on the Sainte-Laguë problem (window LP vs naive unit-segment LP):")
let sl = ApportionmentProblem(units: units98, seats: 9000, method: .sainteLague)
for (name, opts) in [("dual simplex, no presolve", SimplexOptions(method: .dualThenPrimal, presolve: false)),
                     ("primal simplex, no presolve", SimplexOptions(method: .primal, presolve: false)),
                     ("primal simplex, presolve", SimplexOptions(method: .primal, presolve: true))] {
    let ms = try time(20) { _ = try Apportioner.apportion(sl, options: opts) }
    print("   window LP, " + name.padding(toLength: 30, withPad: " ", startingAt: 0) + String(format: "%8.3f ms", ms))
}
if CommandLine.arguments.contains("--naive") {
for (name, opts) in [("primal simplex, presolve (GLPK default + presolve)", SimplexOptions(method: .primal, presolve: true)),
                     ("dual simplex, no presolve", SimplexOptions(method: .dualThenPrimal, presolve: false))] {
    let windows = units98.map { _ in (0, 9000) }
    let (lp, _) = Apportioner.buildLP(method: .sainteLague, weights: units98.map { $0.weight.doubleValue }, restricted: nil, windows: windows, seats: 9000)
    let ms = try time(1) { _ = try lp.solve(options: opts) }
    print("   naive LP (\(lp.columns.count) columns), \(name): " + String(format: "%.1f ms", ms))
}
} else {
    print("   (the naive unit-segment LP with 882,000 columns: run with --naive; it takes minutes)")
}

print("")
print("2. Biproportional 98 × 2 (municipality × hjælper/assistent), capped")
var cells: [BiproportionalCell] = []
for m in municipalities {
    let p = m.population
    cells.append(BiproportionalCell(row: m.code, column: "hjaelper", weight: ExactDecimal(p), max: Int(Double(p) / 400)))
    cells.append(BiproportionalCell(row: m.code, column: "assistent", weight: ExactDecimal(p * 2 + Int(rng.below(1000))), max: Int(Double(p) / 200)))
}
let rowSeats = try Apportioner.apportion(ApportionmentProblem(units: units98, seats: 9000, method: .sainteLague)).seatsByUnit
let bp = BiproportionalProblem(cells: cells, rowTotals: zip(municipalities, rowSeats).map { ($0.code, $1) },
                               columnTotals: [("hjaelper", 3000), ("assistent", 6000)], method: .sainteLague)
let bpms = try time(20) { _ = try Biproportional.apportion(bp) }
let bpstats = try Biproportional.apportion(bp).statistics
print(String(format: "   sainte-lague            %8.3f ms   (LP: %d columns, %d rows, %d iterations, %d widenings)", bpms, bpstats.columns, bpstats.rows, bpstats.iterations, bpstats.widenings))

print("")
print("3. Biproportional 10,000 units × 10 columns (random weights), 200,000 places")
var big: [BiproportionalCell] = []
var rowsBig: [(id: String, seats: Int)] = []
var colSums = [Int](repeating: 0, count: 10)
let bigRows = Int(ProcessInfo.processInfo.environment["BENCH_ROWS"] ?? "10000")!
for r in 0..<bigRows {
    var rowTotal = 0
    for c in 0..<10 {
        let seats = rng.below(5)
        rowTotal += seats
        colSums[c] += seats
        big.append(BiproportionalCell(row: "u\(r)", column: "c\(c)", weight: ExactDecimal(String(Double(seats) + 0.25 + Double(rng.below(1000)) / 2000))!))
    }
    rowsBig.append(("u\(r)", rowTotal))
}
let bigProblem = BiproportionalProblem(cells: big, rowTotals: rowsBig, columnTotals: colSums.enumerated().map { ("c\($0)", $1) })
let bigms = try time(3) { _ = try Biproportional.apportion(bigProblem) }
let bigstats = try Biproportional.apportion(bigProblem).statistics
print(String(format: "   sainte-lague            %8.1f ms   (LP: %d columns, %d rows, %d iterations, %d widenings)", bigms, bigstats.columns, bigstats.rows, bigstats.iterations, bigstats.widenings))

print("")
print("4. One dimension, 100,000 units × 1,000,000 places (random weights)")
let manyUnits = (0..<100_000).map { ApportionmentUnit(id: "u\($0)", weight: ExactDecimal(String(1 + rng.below(1_000_000)))!) }
for method in [ApportionmentMethod.sainteLague, .dhondt, .largestRemainder] {
    let problem = ApportionmentProblem(units: manyUnits, seats: 1_000_000, method: method)
    let ms = try time(3) { _ = try Apportioner.apportion(problem) }
    let stats = try Apportioner.apportion(problem).statistics
    print("   " + method.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)
          + String(format: "%8.1f ms   (LP: %d columns, %d iterations)", ms, stats.columns, stats.iterations))
}
