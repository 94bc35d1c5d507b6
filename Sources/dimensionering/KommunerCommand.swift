import ArgumentParser
import DimensioneringKit
import Foundation

extension Dimensionering {
    struct Kommuner: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the municipalities: code, name, KKR and residents 1 January 2022.")
        @OptionGroup var selection: SelectionOptions
        @OptionGroup var report: ReportOptions

        func run() throws {
            try runReportingErrors {
                let format = try report.format(allowed: [.table, .csv, .csvDanish, .json, .markdown])
                let sel = try selection.selection()
                try emit(MunicipalityListing.render(MunicipalityRegistry.denmark, selection: sel, format: format, lang: report.language), to: report.output)
            }
        }
    }
}
