import BigInt
import Foundation

// Runs a sweep: loads the scenario once per grid point, perturbs the loaded inputs in memory per
// sample (never re-reading a file), plans each scenario with the pure `Planner.plan`, on all the
// threads asked for. Every scenario's result is stored by its index, so the output is the same
// whatever the thread count.

/// One scenario of a sweep: a grid point and, with `--samples`, a sample.
public struct SweepScenario: Sendable, Equatable {
    public var index: Int
    public var point: Int
    /// The `--set` lines of the grid point (empty without `--vary`).
    public var sets: [String]
    public var sample: Int?
    public var sampleSeed: UInt64?
}

public enum Sweep {
    /// Runs `spec` on `threads` threads. `progress(done, total)` is called after each scenario
    /// (serialised; from any thread).
    public static func run(_ spec: SweepSpec, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                           progress: ((Int, Int) -> Void)? = nil) throws -> SweepResult {
        try spec.validate()
        let threads = Swift.max(1, threads)
        let layers = try ScenarioLibrary.loadLayers(spec.scenario)
        // The baseline: the scenario with the common --set values only.
        let baseScenario = try ScenarioOverrides.load(layers: layers, set: spec.sets)
        let baseInputs = try PlanLoader.load(baseScenario, population: spec.population)
        let baseline = try Planner.plan(baseInputs)
        let layout = SweepLayout(baseline)

        let points = spec.gridPoints
        let samples = spec.samples
        let total = points * Swift.max(samples, 1)
        var ageTable: PopulationByAge? = spec.population
        func pointInputs(_ p: Int) throws -> PlanInputs {
            if spec.vary.isEmpty { return baseInputs }
            let sets = spec.sets(ofPoint: p)
            let s: Scenario
            do {
                s = try ScenarioOverrides.load(layers: layers, set: spec.sets + sets)
            } catch DimensioneringError.badData(let loc, let msg) where loc.file == "--set" {
                throw DimensioneringError.usage("--vary (\(sets.joined(separator: ", "))): \(loc.field.map { "\($0): " } ?? "")\(msg)")
            } catch DimensioneringError.badData(let loc, let msg) {
                throw DimensioneringError.badData(loc, "\(msg) (with --vary \(sets.joined(separator: ", ")))")
            }
            return try PlanLoader.load(s, population: spec.population)
        }

        var seats = [Int32](repeating: -1, count: total * layout.keys.count)
        if samples == 0 {
            // Grid only: each job loads its grid point and plans it.
            let out = try parallel(total, threads: threads, progress: progress) { i in
                try layout.seats(of: Planner.plan(pointInputs(i), detail: .places))
            }
            for (i, row) in out.enumerated() { seats.replaceSubrange(i * layout.keys.count ..< (i + 1) * layout.keys.count, with: row) }
        } else {
            if ageTable == nil, baseInputs.scenario.components.values.contains(where: { if case .elderly = $0.kind { return true }; return false }) {
                ageTable = try ShippedAgeData.load(registry: baseInputs.registry)
            }
            let loaded = try parallel(points, threads: threads, progress: nil) { p -> (PlanInputs, Perturber) in
                let inp = try pointInputs(p)
                return (inp, try Perturber(inputs: inp, perturbations: spec.perturbations, population: ageTable))
            }
            let out = try parallel(total, threads: threads, progress: progress) { i in
                let (inp, perturber) = loaded[i / samples]
                return try layout.seats(of: Planner.plan(perturber.perturbed(inp, seed: spec.sampleSeed(spec.sampleIndex(i % samples))), detail: .places))
            }
            for (i, row) in out.enumerated() { seats.replaceSubrange(i * layout.keys.count ..< (i + 1) * layout.keys.count, with: row) }
        }
        return SweepResult(spec: spec, baseline: baseline, layout: layout, scenarioCount: total, seats: seats)
    }

    /// Runs `body(0..<n)` on `threads` threads; results by index. On failure, the error of the
    /// lowest failing index (the same whatever the thread count: jobs are claimed in order, so
    /// every lower index has run).
    static func parallel<T>(_ n: Int, threads: Int, progress: ((Int, Int) -> Void)?, _ body: (Int) throws -> T) throws -> [T] {
        let st = SweepJobs<T>(n)
        let workers = Swift.min(threads, Swift.max(n, 1))
        withoutActuallyEscaping(body) { body in
            let work = { (_: Int) in
                while true {
                    st.lock.lock()
                    let i = st.next
                    if i >= n || st.failed { st.lock.unlock(); return }
                    st.next += 1
                    st.lock.unlock()
                    let r = Result { try body(i) }
                    st.lock.lock()
                    st.results[i] = r
                    st.done += 1
                    if case .failure = r { st.failed = true }
                    progress?(st.done, n)
                    st.lock.unlock()
                }
            }
            if workers <= 1 {
                work(0)
            } else {
                // The workers share only `st`, under its lock; each job's inputs are its own values.
                let shared = SweepWorker(work)
                DispatchQueue.concurrentPerform(iterations: workers) { shared.run($0) }
            }
        }
        var out: [T] = []
        out.reserveCapacity(n)
        for r in st.results {
            guard let r else { break }  // after a failure, later jobs may not have run
            out.append(try r.get())
        }
        guard out.count == n else {
            // Unreachable: a missing result means an earlier one failed and threw above.
            throw DimensioneringError.internalError("sweep: \(n - out.count) scenarios did not run")
        }
        return out
    }
}

/// A worker loop handed to every thread of `Sweep.parallel`.
final class SweepWorker: @unchecked Sendable {
    let run: (Int) -> Void
    init(_ run: @escaping (Int) -> Void) { self.run = run }
}

/// The shared state of `Sweep.parallel`, touched only under its lock.
final class SweepJobs<T>: @unchecked Sendable {
    let lock = NSLock()
    var next = 0
    var done = 0
    var failed = false
    var results: [Result<T, Error>?]
    init(_ n: Int) { results = Array(repeating: nil, count: n) }
}

/// The rows a sweep follows: every unit of every level of the baseline plan (matrix cells
/// excepted), in the plan's order.
public struct SweepLayout: Sendable {
    public struct Row: Sendable {
        public var year: String
        public var education: String
        public var educationName: String
        public var level: String
        public var units: ScenarioLevel.UnitKind
        public var parentCode: String
        public var parentName: String
        public var code: String
        public var name: String
        public var kkr: String?
        public var baseline: Int
    }
    public var rows: [Row]
    var keys: [String]
    var index: [String: Int]

    init(_ plan: PlanResult) {
        var rows: [Row] = []
        var keys: [String] = []
        Self.walk(plan) { y, e, l, g, r, key in
            rows.append(Row(year: y.year, education: e.id, educationName: e.name, level: l.name, units: l.units, parentCode: g.parentCode,
                            parentName: g.parentName, code: r.code, name: r.name, kkr: r.kkr, baseline: r.seats))
            keys.append(key)
        }
        self.rows = rows
        self.keys = keys
        index = Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    }

    static func key(_ y: PlanYearResult, _ e: PlanEducationResult, _ l: PlanLevelResult, _ g: PlanGroup, _ r: PlanRow) -> String {
        "\(y.year)\u{1}\(e.id)\u{1}\(l.name)\u{1}\(g.parentCode)\u{1}\(r.code)"
    }

    static func walk(_ plan: PlanResult, _ visit: (PlanYearResult, PlanEducationResult, PlanLevelResult, PlanGroup, PlanRow, String) -> Void) {
        for y in plan.years {
            for e in y.educations {
                for l in e.levels where l.role != .cells {
                    for g in l.groups {
                        for r in g.rows { visit(y, e, l, g, r, key(y, e, l, g, r)) }
                    }
                }
            }
        }
    }

    /// A plan's places in this layout (-1 where the plan has no such row). Rows in the
    /// baseline's order are matched field by field; only a plan of another shape is looked up by key.
    func seats(of plan: PlanResult) -> [Int32] {
        var out = [Int32](repeating: -1, count: keys.count)
        var i = 0
        var aligned = true
        for y in plan.years {
            for e in y.educations {
                for l in e.levels where l.role != .cells {
                    for g in l.groups {
                        for r in g.rows {
                            if aligned, i < rows.count, rows[i].code == r.code, rows[i].parentCode == g.parentCode, rows[i].level == l.name,
                               rows[i].education == e.id, rows[i].year == y.year {
                                out[i] = Int32(r.seats)
                            } else {
                                aligned = false
                                if let j = index[Self.key(y, e, l, g, r)] { out[j] = Int32(r.seats) }
                            }
                            i += 1
                        }
                    }
                }
            }
        }
        return out
    }
}

/// Applies `--perturb` to loaded inputs: a factor per municipality drawn from the sample's seed,
/// applied to the residents behind every `population` and `elderly` component (see
/// `SweepPerturbation`).
struct Perturber: Sendable {
    enum Base: Sendable {
        /// Residents per municipality (registry order).
        case population([Int])
        /// Residents per age band per municipality, the bands' unit amounts on a common scale.
        case elderly(counts: [[Int]], amounts: [BigInt], small: [Int]?, scale: Int)
    }
    let municipalities: [Municipality]
    let kkrs: [String]
    /// Percent as a fraction num/den (2 % → 2/1; 2.5 % → 25/10).
    let percentNum: Int
    let percentDen: Int
    var bases: [String: Base] = [:]
    /// (level, component, units) to replace.
    var targets: [(LevelKey, String, ScenarioLevel.UnitKind)] = []
    /// Resolution of the draw: k uniform in −R…R, factor 1 + P/100 · k/R.
    static let resolution = 1_000_000

    init(inputs: PlanInputs, perturbations: [SweepPerturbation], population: PopulationByAge?) throws {
        municipalities = inputs.registry.all
        kkrs = municipalities.map(\.kkr)
        let p = perturbations.first { $0.target == .population }?.percent ?? Rational(0)
        let r = p.reduced
        percentNum = Int(r.numerator)
        percentDen = Int(r.denominator)
        let s = inputs.scenario
        var levelUnits: [LevelKey: ScenarioLevel.UnitKind] = [:]
        for e in s.educations { for l in e.levels { for x in [l] + l.columns { levelUnits[LevelKey(education: e.id, level: x.name)] = x.units } } }
        for key in inputs.levels.keys.sorted(by: { ($0.education, $0.level) < ($1.education, $1.level) }) {
            guard let units = levelUnits[key], units == .kkr || units == .municipality else { continue }
            for cname in inputs.levels[key]!.values.keys.sorted() {
                guard let c = s.components[cname] else { continue }
                switch c.kind {
                case .population:
                    if bases[cname] == nil { bases[cname] = .population(municipalities.map(\.population)) }
                case .elderly(let bands):
                    if bases[cname] == nil {
                        guard let population else { throw DimensioneringError.internalError("sweep: no age data for '\(cname)'") }
                        let key = try ElderlyKey.compute(population: population, bands: bands, registry: inputs.registry)
                        let amounts = bands.map { ElderlyKey.scaled($0.unitAmount) }
                        let scale = amounts.map(\.scale).max() ?? 0
                        let big = amounts.map { $0.value * BigInt(10).power(scale - $0.scale) }
                        // Whole-number arithmetic when a municipality's sum cannot overflow: counts
                        // at most doubled (P ≤ 50 %) times the amounts, summed over the bands.
                        let counts = key.entries.map(\.residents)
                        let maxCount = BigInt(counts.joined().max() ?? 0) * 2 + 1
                        let fits = big.reduce(BigInt(0), +) * maxCount < BigInt(Int.max)
                        bases[cname] = .elderly(counts: counts, amounts: big, small: fits ? big.map { Int($0) } : nil, scale: scale)
                    }
                default: continue
                }
                targets.append((key, cname, units))
            }
        }
    }

    /// `count` × (1 + P/100 · k/R), rounded to the nearest whole resident (halves away from zero).
    func scaled(_ count: Int, _ k: Int) -> Int {
        let num = count * percentNum * k
        let den = 100 * Self.resolution * percentDen
        let q = (2 * abs(num) + den) / (2 * den)
        return count + (num < 0 ? -q : q)
    }

    func perturbed(_ inputs: PlanInputs, seed: UInt64) -> PlanInputs {
        var rng = SplitMix64(seed: seed)
        let R = Self.resolution
        let ks = municipalities.map { _ in rng.below(2 * R + 1) - R }
        var perM: [String: [Rational]] = [:]
        func values(_ cname: String) -> [Rational] {
            if let v = perM[cname] { return v }
            var v: [Rational] = []
            switch bases[cname]! {
            case .population(let counts):
                v = counts.indices.map { Rational(scaled(counts[$0], ks[$0])) }
            case .elderly(let counts, let amounts, let small, let scale):
                let den = BigInt(10).power(scale)
                if let small {
                    v = counts.indices.map { i in
                        var sum = 0
                        for (b, c) in counts[i].enumerated() { sum += scaled(c, ks[i]) * small[b] }
                        return Rational(BigInt(sum), den)
                    }
                    break
                }
                v = counts.indices.map { i in
                    var sum = BigInt(0)
                    for (b, c) in counts[i].enumerated() { sum += BigInt(scaled(c, ks[i])) * amounts[b] }
                    return Rational(sum, den)
                }
            }
            perM[cname] = v
            return v
        }
        var out = inputs
        for (key, cname, units) in targets {
            let v = values(cname)
            var dict: [String: Rational] = [:]
            if units == .municipality {
                for (i, m) in municipalities.enumerated() { dict[m.code] = v[i] }
            } else {
                for (i, k) in kkrs.enumerated() { dict[k] = (dict[k] ?? Rational(0)) + v[i] }
            }
            out.levels[key]!.values[cname] = dict
        }
        return out
    }
}
