import ArgumentParser
import DimensioneringKit
import Foundation

extension Dimensionering {
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Explain, step by step in Danish, how one municipality's places come about.",
            discussion: """
                For every education and level down to the municipality: its data, each key component and
                weight, its share, the ideal quota, the divisor, the rounding, the bounds, ties, and — where a
                cap binds — what one more place of capacity would change.
                """)
        @Argument(help: "Scenario name or file.") var scenario: String = "sosu-2023"
        @Option(help: "Municipality: code (259) or name (Køge).") var kommune: String
        @Option(name: .customLong("set"), help: "Override a scenario value (what-if), key=value.") var sets: [String] = []
        @Option(name: .customLong("age-data"), help: "StatBank FOLK1A export, for the ældreudgiftsnøgle.") var ageData: String?
        @Option(help: "FOLK1A quarter to use.") var quarter: String?
        @Option(help: "Output format: table (text) or json.") var format: OutputFormat = .table
        @Option(help: "Write to this file (atomically) instead of stdout.") var output: String?

        func run() throws {
            try runReportingErrors {
                let registry = MunicipalityRegistry.denmark
                guard let m = registry.lookup(kommune) else {
                    let hint = registry.suggestion(for: kommune).map { "; did you mean '\($0.code) \($0.name)'?" } ?? ""
                    throw DimensioneringError.usage("unknown municipality '\(kommune)'\(hint)")
                }
                let s = try ScenarioOverrides.load(scenario, set: sets)
                var population: PopulationByAge?
                if let ageData { population = try StatBank.readFOLK1A(path: ageData, quarter: quarter) }
                let plan = try Planner.run(s, population: population)
                let ex = try Explanation.explain(plan, municipality: m, population: population)
                try emit(format == .json ? ex.json().rendered() + "\n" : ex.text, to: output)
            }
        }
    }
}
