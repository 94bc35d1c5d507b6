import ArgumentParser
import DimensioneringKit
import Foundation

extension Dimensionering {
    struct Sweep: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sweep",
            abstract: "How robust is each quota: plan a scenario many times (a grid of values, random perturbations) and report each unit's range.",
            discussion: """
                --vary PATH=FROM:TO:STEP sets PATH (any numeric scenario value, the paths of --set) to FROM, FROM+STEP, … TO; \
                several --vary make a grid (every combination). Weights must sum to 1 and --set replaces a level's whole \
                weights table, so vary one of two weights with its complement: \
                --vary education.hjaelper.level.kkr.weights.published_hjaelper_2022=0.3:0.7:0.1,complement=education.hjaelper.level.kkr.weights.elderly \
                (the complement is set to 1 − value). \
                --samples N --seed S --perturb population=P% plans N scenarios in which every municipality's population is \
                multiplied by its own factor drawn uniformly within ±P % (residents in population components and every age-band \
                count of the ældreudgiftsnøgle, rounded to whole residents; KKR values are their municipalities' sums; published \
                tables, floors and caps are kept). With both, every grid point gets every sample. \
                Per unit and education: baseline, min, median, max, how often each value occurs; the fragile quotas (changed in \
                at least one scenario); the scenarios at the extremes, each with a command line that reproduces it \
                (plan --set … for a grid point, sweep … --sample K for a sample). The output is the same whatever --threads.
                """)
        @Argument(help: "Scenario name or file.") var scenario: String
        @OptionGroup var inputs: ScenarioInputOptions
        @Option(help: ArgumentHelp("Vary a scenario value over a grid; repeatable.", valueName: "PATH=FROM:TO:STEP[,complement=PATH]"))
        var vary: [String] = []
        @Option(help: "Number of perturbed samples (with --perturb).") var samples: Int = 0
        @Option(help: "Seed of the samples (SplitMix64).") var seed: UInt64 = 1
        @Option(help: ArgumentHelp("What to perturb and by how much, e.g. population=2%.", valueName: "population=P%"))
        var perturb: [String] = []
        @Option(help: ArgumentHelp("Run only sample K of the seed's sequence (reproduces one extreme).", valueName: "K"))
        var sample: Int?
        @Option(help: "Threads to use (default: the active processor count).") var threads: Int?
        @OptionGroup var report: ReportOptions

        func run() throws {
            try runReportingErrors {
                let format = try report.format(allowed: [.table, .csv, .csvDanish, .json, .html, .xlsx])
                if format == .xlsx { _ = try report.xlsxOutput() }
                let threads = self.threads ?? ProcessInfo.processInfo.activeProcessorCount
                guard threads >= 1 else { throw DimensioneringError.usage("--threads must be 1 or more (got \(threads))") }
                var spec = SweepSpec(scenario: scenario, sets: inputs.sets, vary: try vary.map(SweepVary.parse),
                                     samples: samples, seed: seed, perturbations: try perturb.map(SweepPerturbation.parse),
                                     ageDataPath: inputs.ageData, quarter: inputs.quarter)
                if let k = sample {
                    spec.onlySample = k
                    spec.samples = 1
                }
                try spec.validate()
                spec.population = try inputs.population()
                let bar = ProgressBar()
                let progress: ((Int, Int) -> Void)? = bar.map { b in { done, total in b.update(done, total) } }
                let result = try DimensioneringKit.Sweep.run(spec, threads: threads, progress: progress)
                bar?.finish()
                if format == .xlsx {
                    try result.writeXLSX(to: try report.xlsxOutput(), lang: report.language, generated: try report.workbookDate)
                    return
                }
                try emit(result.rendered(format, lang: report.language), to: report.output)
            }
        }
    }
}

/// A progress bar on stderr, only when stderr is a terminal; redrawn when the percentage changes.
final class ProgressBar {
    private var shown = -1

    init?() {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
    }

    func update(_ done: Int, _ total: Int) {
        let pct = total == 0 ? 100 : done * 100 / total
        guard pct != shown else { return }
        shown = pct
        let width = 30
        let filled = pct * width / 100
        let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] \(pct) % (\(done)/\(total))"
        writeStandardError(line)
    }

    func finish() {
        writeStandardError("\r\u{1B}[K")
    }
}
