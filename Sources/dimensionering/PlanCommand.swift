import ArgumentParser
import DimensioneringKit
import Foundation

extension Dimensionering {
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a plan from a scenario file (default: the embedded SOSU 2023 plan).",
            discussion: """
                SCENARIO is the name of an embedded scenario or the path of a scenario file (TOML).
                Embedded: \(ScenarioLibrary.embeddedNames().joined(separator: ", ")).
                Every level sums exactly to its parent.
                """)
        @Argument(help: "Scenario name or file.") var scenario: String = "sosu-2023"
        @Option(name: .customLong("age-data"), help: "StatBank FOLK1A export (population by municipality and age), for the ældreudgiftsnøgle.")
        var ageData: String?
        @Option(help: "FOLK1A quarter to use, e.g. 2020K1 (default: the latest in the file).") var quarter: String?
        @Option(help: "Output format: table, csv, csv-da, json, markdown, html.") var format: OutputFormat = .table
        @Option(help: "Write to this file (atomically) instead of stdout.") var output: String?
        @Flag(help: "English labels instead of Danish.") var english = false
        @Flag(name: .customLong("list"), help: "List the embedded scenarios and exit.") var list = false

        func run() throws {
            try runReportingErrors {
                if list {
                    try emit(ScenarioLibrary.embeddedNames().joined(separator: "\n") + "\n", to: output)
                    return
                }
                let s = try ScenarioLibrary.load(scenario)
                var population: PopulationByAge?
                if let ageData {
                    population = try StatBank.readFOLK1A(path: ageData, quarter: quarter)
                }
                let result = try Planner.run(s, population: population)
                try emit(result.rendered(format, english: english), to: output)
            }
        }
    }
}
