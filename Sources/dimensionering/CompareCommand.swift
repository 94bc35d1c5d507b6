import ArgumentParser
import DimensioneringKit
import Foundation

extension Dimensionering {
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare scenarios (or the years of a phase-in) per KKR and per municipality.",
            discussion: """
                SCENARIO: embedded names or files. With one scenario of several years, the years are compared.
                --set key=value (TOML, e.g. method=dhondt or education.assistent.total=6100) applies to every
                scenario after the first; with a single scenario it compares the scenario with its what-if variant.
                Shows places side by side, changes (places and %), totals, the largest changes, bounds that bind,
                and Loosemore-Hanby and Gallagher disproportionality against each scenario's own key.
                """)
        @Argument(help: "Scenario names or files (the first is the baseline).") var scenarios: [String]
        @Option(name: .customLong("set"), help: "Override a scenario value (what-if), key=value.") var sets: [String] = []
        @Option(name: .customLong("age-data"), help: "StatBank FOLK1A export, for the ældreudgiftsnøgle.") var ageData: String?
        @Option(help: "FOLK1A quarter to use.") var quarter: String?
        @Option(help: "Output format: table, markdown, json, csv, csv-da, html.") var format: OutputFormat = .table
        @Option(help: "Write to this file (atomically) instead of stdout.") var output: String?

        func run() throws {
            try runReportingErrors {
                guard !scenarios.isEmpty else { throw DimensioneringError.usage("compare needs at least one scenario") }
                var population: PopulationByAge?
                if let ageData { population = try StatBank.readFOLK1A(path: ageData, quarter: quarter) }
                var runs: [(label: String, result: PlanResult)] = []
                var names = scenarios
                if names.count == 1 && !sets.isEmpty { names.append(names[0]) }
                for (i, n) in names.enumerated() {
                    let overrides = i == 0 ? [] : sets
                    let s = try ScenarioOverrides.load(n, set: overrides)
                    let p = try Planner.run(s, population: s.needsAgeData ? population : nil)
                    let label = overrides.isEmpty ? s.name : "\(s.name) [\(overrides.joined(separator: ", "))]"
                    runs.append((label, p))
                }
                if runs.count == 1 && runs[0].result.years.count < 2 {
                    throw DimensioneringError.usage("compare needs two scenarios, --set, or a scenario with several years")
                }
                try emit(Comparison.build(runs).rendered(format), to: output)
            }
        }
    }
}
