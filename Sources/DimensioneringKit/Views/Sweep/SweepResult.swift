import BigInt
import Foundation

/// How many scenarios gave a unit a number of places.
public struct SweepValueCount: Sendable, Equatable {
    public var places: Int
    public var count: Int
}

/// One unit's places across the scenarios of a sweep.
public struct SweepStats: Sendable {
    public var row: SweepLayout.Row
    /// Scenarios in which the unit has places (all, unless a --vary changes the plan's shape).
    public var scenarios: Int
    public var min: Int
    /// The middle value; with an even number of scenarios the mean of the two middle ones (x.5 possible).
    public var median: Rational
    public var max: Int
    /// Each value with the number of scenarios giving it, ascending.
    public var counts: [SweepValueCount]
    /// Scenarios whose places differ from the baseline.
    public var changed: Int
    /// The first scenario (lowest index) giving the minimum and the maximum.
    public var minScenario: Int
    public var maxScenario: Int

    public var baseline: Int { row.baseline }
    /// Fragile: the places change in at least one scenario.
    public var isFragile: Bool { changed > 0 }
    public var changedShare: Rational { scenarios == 0 ? Rational(0) : Rational(changed) / Rational(scenarios) }
    public var bracketsBaseline: Bool { min <= baseline && baseline <= max }
}

/// The answer of a sweep: per unit (municipality, KKR, …) and education, the range of places
/// over every scenario, next to the baseline plan.
public struct SweepResult: Sendable {
    public var spec: SweepSpec
    /// The scenario with the common `--set` values and nothing varied or perturbed.
    public var baseline: PlanResult
    public var layout: SweepLayout
    public var scenarioCount: Int
    /// Scenario-major: seats[scenario × rows + row]; -1 where the scenario's plan has no such row.
    var seats: [Int32]
    public var stats: [SweepStats]

    init(spec: SweepSpec, baseline: PlanResult, layout: SweepLayout, scenarioCount: Int, seats: [Int32]) {
        self.spec = spec
        self.baseline = baseline
        self.layout = layout
        self.scenarioCount = scenarioCount
        self.seats = seats
        let n = layout.rows.count
        var stats: [SweepStats] = []
        for (j, row) in layout.rows.enumerated() {
            var tally: [Int: Int] = [:]
            var minS = -1, maxS = -1, lo = Int.max, hi = Int.min, changed = 0, count = 0
            for i in 0..<scenarioCount {
                let v32 = seats[i * n + j]
                guard v32 >= 0 else { continue }
                let v = Int(v32)
                count += 1
                tally[v, default: 0] += 1
                if v < lo { lo = v; minS = i }
                if v > hi { hi = v; maxS = i }
                if v != row.baseline { changed += 1 }
            }
            let counts = tally.keys.sorted().map { SweepValueCount(places: $0, count: tally[$0]!) }
            stats.append(SweepStats(row: row, scenarios: count, min: count > 0 ? lo : row.baseline, median: Self.median(counts, count) ?? Rational(row.baseline),
                                    max: count > 0 ? hi : row.baseline, counts: counts, changed: changed, minScenario: minS, maxScenario: maxS))
        }
        self.stats = stats
    }

    /// The median of a tally: the middle value, or the mean of the two middle values.
    static func median(_ counts: [SweepValueCount], _ n: Int) -> Rational? {
        guard n > 0 else { return nil }
        func nth(_ k: Int) -> Int {  // 0-based
            var seen = 0
            for c in counts {
                seen += c.count
                if k < seen { return c.places }
            }
            return counts.last!.places
        }
        if n % 2 == 1 { return Rational(nth(n / 2)) }
        return Rational(BigInt(nth(n / 2 - 1) + nth(n / 2)), BigInt(2))
    }

    /// Units whose places change in at least one scenario: most often changed first, then in
    /// the plan's order.
    public var fragile: [SweepStats] {
        stats.enumerated().filter { $0.element.isFragile }.sorted {
            $0.element.changed != $1.element.changed ? $0.element.changed > $1.element.changed : $0.offset < $1.offset
        }.map(\.element)
    }

    /// The places scenario `i` gave each row (nil where it had no such row).
    public func places(scenario i: Int) -> [Int?] {
        let n = layout.rows.count
        return (0..<n).map { seats[i * n + $0] >= 0 ? Int(seats[i * n + $0]) : nil }
    }

    public func scenario(_ i: Int) -> SweepScenario {
        let per = Swift.max(spec.samples, 1)
        let point = i / per
        let sample: Int? = spec.samples > 0 ? spec.sampleIndex(i % per) : nil
        return SweepScenario(index: i, point: point, sets: spec.sets(ofPoint: point), sample: sample, sampleSeed: sample.map(spec.sampleSeed))
    }

    /// One command line that reproduces scenario `i`: `dimensionering plan … --set …` for a grid
    /// point; `dimensionering sweep … --sample K` for a perturbed sample (it prints that sample's places).
    public func reproduce(_ i: Int) -> String {
        let sc = scenario(i)
        var args = ["dimensionering", sc.sample == nil ? "plan" : "sweep", spec.scenario]
        if let a = spec.ageDataPath { args += ["--age-data", a] }
        if let q = spec.quarter { args += ["--quarter", q] }
        for s in spec.sets + sc.sets { args += ["--set", s] }
        if let k = sc.sample {
            for p in spec.perturbations { args += ["--perturb", "\(p.target.rawValue)=\(p.percentText)%"] }
            args += ["--seed", String(spec.seed), "--sample", String(k)]
        }
        return args.map(Self.shellQuoted).joined(separator: " ")
    }

    static func shellQuoted(_ s: String) -> String {
        let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.,:=/%+@")
        if !s.isEmpty, s.unicodeScalars.allSatisfy({ safe.contains($0) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The scenarios at some unit's extreme, ascending (only units that change).
    public var extremeScenarios: [Int] {
        var s = Set<Int>()
        for st in stats where st.isFragile { s.insert(st.minScenario); s.insert(st.maxScenario) }
        return s.sorted()
    }
}
