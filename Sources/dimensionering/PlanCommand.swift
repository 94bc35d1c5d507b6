import ArgumentParser
import DimensioneringKit
import Foundation

extension Dimensionering {
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run a plan (default: the embedded SOSU 2023 plan).")
        @Argument(help: "Scenario name or file.") var scenario: String?
        @Option(help: "Output format.") var format: OutputFormat = .table
        @Option(help: "Write to this file (atomically) instead of stdout.") var output: String?

        func run() throws {
            try runReportingErrors {
                let problem = ApportionmentProblem(units: EmbeddedExample.units, seats: EmbeddedExample.seats, method: .sainteLague)
                try emit(try Apportioner.apportion(problem).rendered(format), to: output)
            }
        }
    }
}
