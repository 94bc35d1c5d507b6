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
        @Option(help: ArgumentHelp("Extra bilag columns, comma-separated: andel (share of the total), sidste-aar (last year's places, from --previous), aendring (change from last year).", valueName: "columns"))
        var columns: String?
        @Option(help: ArgumentHelp("Last year's plan for --columns sidste-aar,aendring (a scenario name or file), e.g. sosu-2022.", valueName: "scenario"))
        var previous: String?

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
                let cols = try columns.map(BilagColumns.init(parsing:)) ?? BilagColumns()
                if (cols.previous || cols.change) && previous == nil {
                    throw DimensioneringError.usage("--columns sidste-aar and aendring need --previous SCENARIO (last year's plan, e.g. sosu-2022)")
                }
                if previous != nil && !(cols.previous || cols.change) {
                    throw DimensioneringError.usage("--previous is used by --columns sidste-aar or aendring; give one of them")
                }
                if !cols.isEmpty && layout != .bilag {
                    throw DimensioneringError.usage("--columns belongs to the bilag layout; it is not available with --layout \(layout.rawValue)")
                }
                let population = try inputs.population()
                let result = try inputs.plan(scenario, population: population).selecting(sel)
                let last = try previous.map { try Planner.run(ScenarioOverrides.load($0, set: []), population: population).selecting(sel) }
                if format == .xlsx {
                    try result.writeXLSX(to: try report.xlsxOutput(), lang: report.language, generated: try report.workbookDate, columns: cols, previous: last)
                    return
                }
                if format == .html {
                    let stamp = try ReportStamp.forReport([result.scenario], overrides: inputs.sets, ageData: inputs.ageData)
                    try emit(ViewsHTML.plan(result, lang: report.language, stamp: stamp, columns: cols, previous: last), to: report.output)
                    return
                }
                let text = result.rendered(format, lang: report.language, layout: layout, columns: cols, previous: last)
                if (format == .csv || format == .csvDanish) && layout == .bilag, result.tablesOutsideBilagCSV > 0 {
                    // A CSV holds one table: say what the bilag CSV leaves out, and where it is.
                    let n = result.tablesOutsideBilagCSV
                    writeStandardError(report.language.english
                        ? "dimensionering: the CSV holds the bilag; the other \(n == 1 ? "allocation table is" : "\(n) allocation tables are") in --layout long or --format xlsx\n"
                        : "dimensionering: CSV'en rummer bilaget; \(n == 1 ? "den øvrige fordelingstabel står" : "de \(n) øvrige fordelingstabeller står") i --layout long eller --format xlsx\n")
                }
                try emit(text, to: report.output)
            }
        }
    }
}

extension PlanLayout: ExpressibleByArgument {}
