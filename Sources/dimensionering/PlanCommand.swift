import ArgumentParser
import DimensioneringKit
import Foundation

extension Dimensionering {
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Run a plan from a scenario (default: the embedded SOSU 2023 plan).",
            discussion: """
                SCENARIO is the name of an embedded scenario (see --list) or the path of a scenario file (TOML). \
                Every level sums exactly to its parent. --kkr and --kommune show a selection; the plan is \
                always computed for the whole scenario.
                """)
        @Argument(help: "Scenario name or file.") var scenario: String = "sosu-2023"
        @OptionGroup var inputs: ScenarioInputOptions
        @OptionGroup var selection: SelectionOptions
        @OptionGroup var report: ReportOptions
        @Option(help: "Table layout: bilag (one row per municipality, one column per education) or long.") var layout: PlanLayout = .bilag
        @Flag(name: .customLong("list"), help: "List the embedded scenarios with their titles and exit.") var list = false

        func run() throws {
            try runReportingErrors {
                let format = try report.format(allowed: [.table, .csv, .csvDanish, .json, .markdown, .html, .xlsx])
                if format == .xlsx, !list { _ = try report.xlsxOutput() }  // refused before planning
                if list {
                    if format != .table { throw DimensioneringError.usage("--list prints a table; --format \(format.rawValue) is not available with it") }
                    try emit(ScenarioLibrary.listing(), to: report.output)
                    return
                }
                let sel = try selection.selection()
                let result = try inputs.plan(scenario, population: try inputs.population()).selecting(sel)
                if format == .xlsx {
                    try result.writeXLSX(to: try report.xlsxOutput(), lang: report.language, generated: try report.workbookDate)
                    return
                }
                if format == .html {
                    let stamp = try ReportStamp.forReport([result.scenario], overrides: inputs.sets, ageData: inputs.ageData)
                    try emit(ViewsHTML.plan(result, lang: report.language, stamp: stamp), to: report.output)
                    return
                }
                try emit(result.rendered(format, lang: report.language, layout: layout), to: report.output)
            }
        }
    }
}

extension PlanLayout: ExpressibleByArgument {}
