import Foundation
import Spreadsheet

// An Excel workbook given where a CSV file is expected (a StatBank or KL export saved as .xlsx):
// its first sheet is read as the table, with the sheet's row numbers as line numbers.

extension CSVTable {
    /// The first sheet of `path` as a table when `path` is an Excel workbook; nil for any other
    /// file (read it as CSV). An old binary .xls workbook, or a damaged .xlsx, is refused with a
    /// message that says what to do.
    public static func readWorkbookIfAny(path: String) throws -> CSVTable? {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else { return nil }
        let lower = path.lowercased()
        let head = (FileHandle(forReadingAtPath: path).flatMap { h -> Data? in
            defer { try? h.close() }
            return try? h.read(upToCount: 8)
        }) ?? Data()
        // OLE2 compound file: Excel 97-2003 .xls.
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw DimensioneringError.badData(
                SourceLocation(file: path),
                "this is an old Excel workbook (.xls), not a CSV file; save it as .xlsx or export the sheet as CSV (Excel: Gem som → CSV UTF-8)")
        }
        let zip = head.starts(with: [0x50, 0x4B, 0x03, 0x04])
        guard zip || lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") else { return nil }
        guard zip, XLSXReader.isWorkbook(path) else {
            throw DimensioneringError.badData(
                SourceLocation(file: path),
                zip ? "a zip archive that is not an Excel workbook; give a CSV file or an .xlsx workbook"
                    : "named like an Excel workbook but not one (damaged?); export the table as CSV (Excel: Gem som → CSV UTF-8)")
        }
        let sheetRows: [[String]]
        do {
            sheetRows = try XLSXReader.readFirstSheet(path)
        } catch let e as XLSXReadError {
            throw DimensioneringError.badData(
                SourceLocation(file: path), "cannot read the Excel workbook (\(e)); export the first sheet as CSV (Excel: Gem som → CSV UTF-8)")
        }
        return try table(sheetRows, file: path)
    }

    /// Rows of a sheet (row r is line r + 1) as a table: the first non-empty row is the header,
    /// empty rows are skipped, short rows are padded with empty fields.
    static func table(_ sheetRows: [[String]], file: String) throws -> CSVTable {
        func isBlank(_ r: [String]) -> Bool { r.allSatisfy { $0.trimmingBlanks().isEmpty } }
        guard let h = sheetRows.firstIndex(where: { !isBlank($0) }) else {
            throw DimensioneringError.badData(SourceLocation(file: file), "the first sheet of the workbook is empty")
        }
        var header = sheetRows[h].map { $0.trimmingBlanks() }
        while header.count > 1, header.last == "" { header.removeLast() }
        let index = ColumnIndex(header)
        var rows: [CSVRow] = []
        for r in sheetRows.indices where r > h && !isBlank(sheetRows[r]) {
            var fields = sheetRows[r].map { $0.trimmingBlanks() }
            if fields.count > header.count {
                guard fields[header.count...].allSatisfy(\.isEmpty) else {
                    throw DimensioneringError.badData(
                        SourceLocation(file: file, line: r + 1, field: CellAddress.columnName(header.count)),
                        "a value in a column with no name in the header; give the column a name or remove the value")
                }
                fields.removeLast(fields.count - header.count)
            }
            while fields.count < header.count { fields.append("") }
            rows.append(CSVRow(file: file, line: r + 1, fields: fields, columns: index))
        }
        return CSVTable(file: file, header: header, rows: rows, headerLine: h + 1)
    }
}
