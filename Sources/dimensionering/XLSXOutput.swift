import DimensioneringKit
import Foundation

extension ReportOptions {
    /// Where `--format xlsx` writes: `--output` is required (a workbook is binary; it is never
    /// written to standard output), exit 64 otherwise.
    func xlsxOutput() throws -> String {
        guard let output, !output.isEmpty, output != "-" else {
            throw DimensioneringError.usage("--format xlsx writes an Excel workbook (binary) and needs --output FILE.xlsx; it is never written to standard output")
        }
        return output
    }

    /// The date a workbook records: SOURCE_DATE_EPOCH when set, else none (the file is the same for the same input).
    var workbookDate: Date? {
        get throws { try XLSXReport.sourceDate() }
    }
}
