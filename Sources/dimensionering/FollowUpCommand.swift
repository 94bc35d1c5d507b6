import ArgumentParser
import DimensioneringKit
import Foundation

extension Dimensionering {
    struct FollowUpCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "follow-up",
            abstract: "Follow-up (opfølgning): dimensioned places against realised, per municipality, KKR and the whole country.",
            discussion: """
                --realised is a CSV (or the first sheet of an .xlsx workbook) with columns code,education,year,realised \
                (extra columns allowed; a column \
                illustrative=yes marks invented figures). code is a municipality (code or name), a KKR or \
                "Hele landet". Realised per municipality adds up to its KKR, KKR to the country. Mangler (shortfall) \
                = dimensioned − realised (negative: more than dimensioned); Opfyldelse = realised / dimensioned; \
                worst shortfalls first.
                """)
        @Argument(help: "Scenario name or file.") var scenario: String
        @Option(help: ArgumentHelp("Realised places (CSV or .xlsx: code,education,year,realised).", valueName: "file")) var realised: String
        @OptionGroup var inputs: ScenarioInputOptions
        @OptionGroup var selection: SelectionOptions
        @OptionGroup var report: ReportOptions

        func run() throws {
            try runReportingErrors {
                let format = try report.format(allowed: [.table, .csv, .csvDanish, .json, .markdown, .html, .xlsx])
                if format == .xlsx { _ = try report.xlsxOutput() }
                let sel = try selection.selection()
                let table = try RealisedTable.read(path: realised)
                let plan = try inputs.plan(scenario, population: try inputs.population())
                let f = try FollowUp.build(plan: plan, realised: table).selecting(sel)
                if format == .xlsx {
                    try f.writeXLSX(to: try report.xlsxOutput(), lang: report.language, generated: try report.workbookDate)
                    return
                }
                try emit(f.rendered(format, lang: report.language), to: report.output)
            }
        }
    }
}
