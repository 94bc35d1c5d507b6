import ArgumentParser
import DimensioneringKit
import Foundation

extension Dimensionering {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a published allocation against the scenario: differences, totals, methods.",
            discussion: """
                The CSV has columns code,places (or id,seats) and optionally education (and year for phase-ins);
                rows named "Hele landet" or "I alt" are printed totals. Lists every difference, flags totals that
                do not add up, and tests exactly which divisor methods (and largest remainder) can produce the
                published numbers from the scenario's key. Exit 0 if reproduced, 1 if it differs.
                """)
        @Argument(help: "Scenario name or file.") var scenario: String
        @Option(help: "Published allocation (CSV).") var against: String
        @Option(name: .customLong("set"), help: "Override a scenario value, key=value.") var sets: [String] = []
        @Option(name: .customLong("age-data"), help: "StatBank FOLK1A export, for the ældreudgiftsnøgle.") var ageData: String?
        @Option(help: "FOLK1A quarter to use.") var quarter: String?
        @Option(help: "Output format: table (text) or json.") var format: OutputFormat = .table
        @Option(help: "Write to this file (atomically) instead of stdout.") var output: String?

        func run() throws {
            var ok = true
            try runReportingErrors {
                let s = try ScenarioOverrides.load(scenario, set: sets)
                var population: PopulationByAge?
                if let ageData { population = try StatBank.readFOLK1A(path: ageData, quarter: quarter) }
                let plan = try Planner.run(s, population: population)
                let c = try PublishedCheck.run(plan, against: against)
                try emit(format == .json ? c.json().rendered() + "\n" : c.text, to: output)
                ok = c.reproduced
            }
            if !ok { throw ExitCode(1) }
        }
    }
}
