import ArgumentParser
import DimensioneringKit
import Foundation

extension Dimensionering {
    struct Apportion: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "apportion",
            abstract: "Apportion whole places among units by weight, exactly, under floors and caps.",
            discussion: """
                One dimension:   --seats N --input weights.csv   (header id,weight[,min,max])
                Two dimensions:  --biproportional --input cells.csv --row-totals rows.csv --column-totals cols.csv
                                 (cells: row,column,weight[,min,max]; totals: id,seats)
                Methods: largest-remainder (hamilton, hare), dhondt (jefferson), sainte-lague (webster),
                modified-sainte-lague, huntington-hill, adams, dean.
                Ties: fail | order (default: the unit listed first wins) | lot | lot:SEED.
                Without --input: an embedded example (the SOSU 2023 KKR key, 9,000 places).
                """)

        @Option(help: "Apportionment method.") var method: ApportionmentMethod = .sainteLague
        @Option(parsing: .unconditional, help: "Places to allocate (one dimension).") var seats: Int?
        @Option(help: "CSV of weights (or cells with --biproportional).") var input: String?
        @Flag(help: "Biproportional apportionment of a matrix with row and column totals.") var biproportional = false
        @Option(name: .customLong("row-totals"), help: "CSV id,seats of row totals.") var rowTotals: String?
        @Option(name: .customLong("column-totals"), help: "CSV id,seats of column totals.") var columnTotals: String?
        @OptionGroup var report: ReportOptions
        /// Parsed once: `lot` draws its seed here, and only here.
        @Option(help: "Tie rule: fail, order, lot or lot:SEED.") var ties: TieRule = .inputOrder
        @Option(name: .customLong("export-model"), help: "Write the GNU MathProg model and data reproducing the result to this directory (replaced whole: new, empty, or an earlier export).")
        var exportModel: String?

        func validate() throws {
            if biproportional {
                guard input != nil, rowTotals != nil, columnTotals != nil else {
                    throw ValidationError("--biproportional needs --input, --row-totals and --column-totals")
                }
                guard seats == nil else { throw ValidationError("--seats is given by the totals with --biproportional") }
            } else {
                guard rowTotals == nil, columnTotals == nil else { throw ValidationError("--row-totals and --column-totals need --biproportional") }
                if input != nil, seats == nil { throw ValidationError("--seats is required with --input") }
                if let seats, seats < 0 { throw ValidationError("--seats must not be negative") }
            }
        }

        static let formats: [OutputFormat] = [.table, .csv, .csvDanish, .json]

        func run() throws {
            try runReportingErrors {
                let format = try report.format(allowed: Self.formats)
                // English by default (a tool for analysts); --lang da gives Danish words and numbers.
                let lang = report.language(default: .en)
                let tieRule = ties
                if case .lot(let seed) = tieRule { writeStandardError("dimensionering: lot seed \(seed)\n") }
                if biproportional {
                    let rows = try ApportionInputs.totals(path: rowTotals!), columns = try ApportionInputs.totals(path: columnTotals!)
                    let problem = BiproportionalProblem(
                        cells: try ApportionInputs.cells(path: input!, rowTotals: rows, columnTotals: columns),
                        rowTotals: rows, columnTotals: columns, method: method, ties: tieRule)
                    let result = try Biproportional.apportion(problem)
                    if let dir = exportModel {
                        try ModelExport.write(try ModelExport.biproportionalFiles(problem, result), to: dir)
                    }
                    // JSON as bytes (the same as rendered(.json)): a large matrix's text is not validated as a String.
                    if format == .json { try emit(Data(result.jsonBytes()), to: report.output) } else {
                        try emit(result.rendered(format, lang: lang), to: report.output)
                    }
                } else {
                    let units: [ApportionmentUnit]
                    if let input { units = try ApportionInputs.units(path: input) } else { units = EmbeddedExample.units }
                    let problem = ApportionmentProblem(units: units, seats: seats ?? EmbeddedExample.seats, method: method, ties: tieRule)
                    let result = try Apportioner.apportion(problem)
                    if let dir = exportModel {
                        try ModelExport.write(try ModelExport.apportionFiles(result), to: dir)
                    }
                    try emit(result.rendered(format, lang: lang), to: report.output)
                }
            }
        }
    }
}
