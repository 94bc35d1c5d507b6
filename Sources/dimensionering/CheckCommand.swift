import ArgumentParser
import DimensioneringKit
import Foundation

extension Dimensionering {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check a published allocation against a scenario: what was compared, differences, sums, rounding.",
            discussion: """
                The CSV has columns code,places (or id,seats) and optionally education (and year for phase-ins); \
                rows named "Hele landet" or "I alt" are printed totals. Says what was compared, lists every \
                difference, states the published sum against the scenario's total and the agreed minimum, flags a \
                circular comparison (the scenario's key is the table itself), and tests which rounding rules can \
                produce the published numbers. Exit 0 if reproduced, 1 if it differs.
                """)
        @Argument(help: "Scenario name or file.") var scenario: String
        @Option(help: "Published allocation (CSV).") var against: String
        @OptionGroup var inputs: ScenarioInputOptions
        @OptionGroup var report: ReportOptions

        func run() throws {
            var ok = true
            try runReportingErrors {
                let format = try report.format(allowed: [.table, .json])
                let table = try PublishedTable.read(path: against)
                let plan = try inputs.plan(scenario, population: try inputs.population())
                let c = try PublishedCheck.run(plan, against: table)
                try emit(c.rendered(format), to: report.output)
                ok = c.reproduced
            }
            if !ok { throw ExitCode(1) }
        }
    }
}
