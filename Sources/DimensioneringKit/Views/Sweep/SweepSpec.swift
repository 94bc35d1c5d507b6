import BigInt
import Foundation

// What a sweep runs: a grid over scenario values (`--vary`), random perturbations of the loaded
// inputs (`--samples`, `--seed`, `--perturb`), or both (every grid point gets every sample).

/// One `--vary PATH=FROM:TO:STEP[,complement=OTHER]`: the values FROM, FROM+STEP, … up to TO
/// (exact decimals), each set on PATH as `--set PATH=value` would. With `complement=OTHER`,
/// OTHER is set to 1 − value at the same time: a level's `weights` table is replaced as a whole
/// by `--set`, so varying one of two weights needs the other given with it (they sum to 1).
public struct SweepVary: Sendable, Equatable {
    public var path: String
    /// The values as decimal text ("0.3", "2900"), in increasing order.
    public var values: [String]
    public var complement: String?
    /// The text as given, for messages.
    public var text: String

    /// Grid points a sweep may have (all `--vary` together).
    public static let maximumPoints = 100_000

    /// The `--set` lines of grid value `i`.
    public func sets(_ i: Int) -> [String] {
        var out = ["\(path)=\(values[i])"]
        if let complement { out.append("\(complement)=\(SweepVary.text(Rational(1) - SweepVary.rational(values[i])!, scale: SweepVary.scale(values[i])))") }
        return out
    }

    public static func parse(_ text: String) throws -> SweepVary {
        func bad(_ why: String) -> DimensioneringError {
            .usage("--vary '\(text)': \(why); expected PATH=FROM:TO:STEP, e.g. education.hjaelper.total=2900:3100:50, optionally ,complement=OTHERPATH")
        }
        guard let eq = text.firstIndex(of: "=") else { throw bad("no '='") }
        let path = text[..<eq].trimmingCharacters(in: .whitespaces)
        guard !path.isEmpty, !path.contains(where: { $0.isWhitespace }) else { throw bad("no path before '='") }
        var parts = text[text.index(after: eq)...].split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let range = parts.removeFirst()
        var complement: String?
        for p in parts {
            guard p.hasPrefix("complement="), p.count > "complement=".count else { throw bad("unknown option '\(p)' (only complement=OTHERPATH)") }
            let c = String(p.dropFirst("complement=".count))
            guard !c.contains(where: { $0.isWhitespace || $0 == "=" }) else { throw bad("bad complement path '\(c)'") }
            guard c != path else { throw bad("the complement is the varied path itself") }
            complement = c
        }
        let nums = range.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard nums.count == 3 else { throw bad("'\(range)' is not FROM:TO:STEP") }
        var r: [Rational] = []
        for (name, n) in zip(["FROM", "TO", "STEP"], nums) {
            guard let v = rational(n) else { throw bad("\(name) '\(n)' is not a non-negative decimal number") }
            r.append(v)
        }
        let (from, to, step) = (r[0], r[1], r[2])
        guard step > Rational(0) else { throw bad("STEP must be above 0") }
        guard to >= from else { throw bad("TO (\(nums[1])) is below FROM (\(nums[0]))") }
        let count = ((to - from) / step).floor + 1
        guard count <= BigInt(maximumPoints) else { throw bad("\(count) values; at most \(maximumPoints)") }
        let sc = nums.map(scale).max() ?? 0
        var values: [String] = []
        for i in 0..<Int(count) {
            let v = from + step * Rational(i)
            if complement != nil, v > Rational(1) {
                throw bad("with complement=\(complement!) the values must be at most 1 (\(Self.text(v, scale: sc)) is not)")
            }
            values.append(Self.text(v, scale: sc))
        }
        return SweepVary(path: path, values: values, complement: complement, text: text)
    }

    /// Non-negative decimal text → exact value; nil for anything else.
    static func rational(_ s: String) -> Rational? {
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), s.filter({ $0 == "." }).count <= 1,
              s != "." else { return nil }
        return Rational(decimalText: s.hasPrefix(".") ? "0" + s : s)
    }

    static func scale(_ s: String) -> Int {
        guard let dot = s.firstIndex(of: ".") else { return 0 }
        return s.distance(from: dot, to: s.endIndex) - 1
    }

    /// Shortest decimal text of an exact value with at most `scale` decimals ("0.30" → "0.3").
    static func text(_ v: Rational, scale: Int) -> String {
        var s = v.decimalString(places: scale)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }
}

/// One `--perturb population=P%`: every municipality's population is multiplied by its own
/// factor drawn uniformly from [1 − P %, 1 + P %] (a fresh draw per sample). What it changes in
/// the loaded inputs (`PlanInputs`): components of kind `population` (the municipality's
/// residents) and `elderly` (the ældreudgiftsnøgle: every age-band count of the municipality is
/// multiplied by the same factor), each count rounded to whole residents; at KKR level the sums
/// of the perturbed municipalities. Published tables, shares, floors and caps are kept.
public struct SweepPerturbation: Sendable, Equatable {
    public enum Target: String, Sendable { case population }
    public var target: Target
    /// The half-width in percent (2 for ±2 %), at most two decimals.
    public var percent: Rational
    public var percentText: String

    public static func parse(_ text: String) throws -> SweepPerturbation {
        func bad(_ why: String) -> DimensioneringError {
            .usage("--perturb '\(text)': \(why); expected population=P% with 0 ≤ P ≤ 50 (at most two decimals), e.g. population=2%")
        }
        guard let eq = text.firstIndex(of: "=") else { throw bad("no '='") }
        let name = text[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
        guard let target = Target(rawValue: name) else { throw bad("unknown target '\(name)' (only population)") }
        var v = text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        guard v.hasSuffix("%") else { throw bad("the amount needs a % sign") }
        v = String(v.dropLast()).trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard let p = SweepVary.rational(v) else { throw bad("'\(v)' is not a non-negative number") }
        guard SweepVary.scale(v) <= 2 else { throw bad("more than two decimals") }
        guard p <= Rational(50) else { throw bad("more than 50 %") }
        return SweepPerturbation(target: target, percent: p, percentText: SweepVary.text(p, scale: 2))
    }
}

/// Everything a sweep runs.
public struct SweepSpec: Sendable {
    /// Scenario name or file.
    public var scenario: String
    /// `--set` values applied to every scenario of the sweep (and the baseline).
    public var sets: [String]
    public var vary: [SweepVary]
    /// Random samples per grid point (0: none).
    public var samples: Int
    public var seed: UInt64
    public var perturbations: [SweepPerturbation]
    /// `--age-data` (nil: the shipped table); read once.
    public var population: PopulationByAge?
    /// The `--age-data` path as given, for the `plan` lines printed.
    public var ageDataPath: String?
    public var quarter: String?
    /// `--sample K`: run only sample K of the seed's sequence (to look at one extreme again).
    public var onlySample: Int?

    /// Scenarios a sweep may run in all.
    public static let maximumScenarios = 1_000_000

    public init(scenario: String, sets: [String] = [], vary: [SweepVary] = [], samples: Int = 0, seed: UInt64 = 1,
                perturbations: [SweepPerturbation] = [], population: PopulationByAge? = nil, ageDataPath: String? = nil, quarter: String? = nil) {
        self.scenario = scenario
        self.sets = sets
        self.vary = vary
        self.samples = samples
        self.seed = seed
        self.perturbations = perturbations
        self.population = population
        self.ageDataPath = ageDataPath
        self.quarter = quarter
    }

    /// Grid points (1 without `--vary`).
    public var gridPoints: Int { vary.reduce(1) { $0 * $1.values.count } }

    /// Checks the combination; usage errors (exit 64).
    public func validate() throws {
        if vary.isEmpty && samples == 0 {
            throw DimensioneringError.usage("nothing to sweep: give --vary PATH=FROM:TO:STEP and/or --samples N with --perturb population=P%")
        }
        if samples < 0 { throw DimensioneringError.usage("--samples must be 0 or more (got \(samples))") }
        if samples > 0 && perturbations.isEmpty {
            throw DimensioneringError.usage("--samples \(samples) needs something to perturb, e.g. --perturb population=2%")
        }
        if samples == 0 && !perturbations.isEmpty {
            throw DimensioneringError.usage("--perturb needs --samples N (how many perturbed scenarios to draw)")
        }
        if let k = onlySample, k < 0 { throw DimensioneringError.usage("--sample must be 0 or more (got \(k))") }
        var seen = Set<String>()
        for v in vary {
            for p in [v.path] + (v.complement.map { [$0] } ?? []) {
                guard seen.insert(p).inserted else { throw DimensioneringError.usage("--vary: '\(p)' is varied twice") }
            }
        }
        if Set(perturbations.map(\.target)).count != perturbations.count {
            throw DimensioneringError.usage("--perturb: each target at most once")
        }
        var points = 1
        for v in vary {
            points *= v.values.count
            guard points <= SweepVary.maximumPoints else {
                throw DimensioneringError.usage("--vary: more than \(SweepVary.maximumPoints) grid points together")
            }
        }
        guard points * Swift.max(samples, 1) <= Self.maximumScenarios else {
            throw DimensioneringError.usage("\(points) grid points × \(samples) samples is more than the \(Self.maximumScenarios) scenarios a sweep may run")
        }
    }

    /// The `--set` lines of grid point `p` (the first `--vary` varies slowest).
    public func sets(ofPoint p: Int) -> [String] {
        var out: [String] = []
        var rest = p
        var idx = [Int](repeating: 0, count: vary.count)
        for i in vary.indices.reversed() {
            idx[i] = rest % vary[i].values.count
            rest /= vary[i].values.count
        }
        for i in vary.indices { out += vary[i].sets(idx[i]) }
        return out
    }

    /// The index in the seed's sequence of the `j`th sample run (j itself unless `--sample K`).
    public func sampleIndex(_ j: Int) -> Int { onlySample ?? j }

    /// The seed of sample `i`: SplitMix64 of the sweep's seed mixed with the index, so a sample
    /// is the same whatever the thread count or the order samples are run in.
    public func sampleSeed(_ i: Int) -> UInt64 {
        var g = SplitMix64(seed: seed ^ (UInt64(i) &* 0xD1B5_4A32_D192_ED03))
        return g.next()
    }
}
