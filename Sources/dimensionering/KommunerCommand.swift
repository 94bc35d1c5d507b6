import ArgumentParser
import DimensioneringKit
import Foundation

extension Dimensionering {
    struct Kommuner: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kommuner",
            abstract: "List the municipalities: code, name, KKR and residents 1 January 2022.")
        @OptionGroup var selection: SelectionOptions
        @OptionGroup var report: ReportOptions

        func run() throws {
            try runReportingErrors {
                let format = try report.format(allowed: [.table, .csv, .csvDanish, .json, .markdown, .xlsx])
                let sel = try selection.selection()
                if format == .xlsx {
                    try MunicipalityListing.writeXLSX(.denmark, selection: sel, lang: report.language,
                                                      generated: try report.workbookDate, to: try report.xlsxOutput())
                    return
                }
                try emit(MunicipalityListing.render(MunicipalityRegistry.denmark, selection: sel, format: format, lang: report.language), to: report.output)
            }
        }
    }
}
