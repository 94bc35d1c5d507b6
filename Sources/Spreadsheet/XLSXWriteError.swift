import Foundation

/// Why a workbook was not written. Every case is found before libxlsxwriter is called,
/// except `.library` (an error code from libxlsxwriter) and `.io` (the final rename).
public enum XLSXWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum SheetNameProblem: Sendable, Equatable {
        case empty
        /// More than 31 characters.
        case tooLong(Int)
        /// One of `[ ] : * ? / \`.
        case forbiddenCharacter(Character)
        case startsOrEndsWithApostrophe
        /// "History" is reserved by Excel.
        case reserved
    }

    case noSheets
    case invalidSheetName(String, SheetNameProblem)
    /// Excel compares sheet names ignoring case.
    case duplicateSheetName(String)
    /// A sheet with more rows or columns than Excel's 1,048,576 × 16,384.
    case sheetTooLarge(sheet: String, rows: Int, columns: Int)
    /// A text longer than Excel's 32,767 characters.
    case textTooLong(sheet: String, cell: String, length: Int)
    /// A control character (other than tab, line feed, carriage return) that XML cannot hold.
    /// `place` is a cell reference, or "sheet name", "number format", "property title", ...
    case controlCharacter(sheet: String?, place: String, scalar: UInt32)
    /// NaN or ±infinity, which a workbook cannot store.
    case nonFiniteNumber(sheet: String, cell: String)
    /// An integer beyond ±2^53, which a workbook cannot store exactly.
    case integerOutOfRange(sheet: String, cell: String, value: Int)
    /// An empty formula or one longer than Excel's 8,192 characters.
    case invalidFormula(sheet: String, cell: String, reason: String)
    /// A number format code that is empty or longer than 127 UTF-8 bytes (libxlsxwriter's field).
    case invalidNumberFormat(sheet: String, cell: String, format: String)
    case invalidColumnWidth(sheet: String, column: String, width: Double)
    case invalidFreeze(sheet: String, rows: Int, columns: Int)
    case invalidAutofilter(sheet: String, range: String)
    /// The created date must lie after 1970-01-01T00:00:00Z and before year 10000.
    case invalidCreatedDate(Date)
    /// A property (title, author, ...) longer than 32,767 characters.
    case propertyTooLong(name: String, length: Int)
    /// libxlsxwriter returned an error code.
    case library(code: Int, message: String, path: String)
    /// Creating the temporary file or renaming it into place failed.
    case io(path: String, message: String)

    public var description: String {
        switch self {
        case .noSheets:
            return "a workbook needs at least one sheet"
        case let .invalidSheetName(name, problem):
            let why: String
            switch problem {
            case .empty: why = "it is empty"
            case let .tooLong(n): why = "it has \(n) characters; Excel allows 31"
            case let .forbiddenCharacter(c): why = "it contains '\(c)'; Excel forbids [ ] : * ? / \\"
            case .startsOrEndsWithApostrophe: why = "it starts or ends with an apostrophe"
            case .reserved: why = "Excel reserves the name 'History'"
            }
            return "invalid sheet name '\(name)': \(why)"
        case let .duplicateSheetName(name):
            return "sheet name '\(name)' is used twice (Excel ignores case)"
        case let .sheetTooLarge(sheet, rows, columns):
            return "sheet '\(sheet)' has \(rows) rows and \(columns) columns; Excel allows 1048576 × 16384"
        case let .textTooLong(sheet, cell, length):
            return "sheet '\(sheet)' cell \(cell): text of \(length) characters; Excel allows 32767"
        case let .controlCharacter(sheet, place, scalar):
            let hex = String(scalar, radix: 16, uppercase: true)
            let padded = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            return (sheet.map { "sheet '\($0)' " } ?? "") + "\(place): control character U+\(padded) cannot be stored"
        case let .nonFiniteNumber(sheet, cell):
            return "sheet '\(sheet)' cell \(cell): NaN or infinity cannot be stored"
        case let .integerOutOfRange(sheet, cell, value):
            return "sheet '\(sheet)' cell \(cell): \(value) is beyond ±2^53 and would not be exact"
        case let .invalidFormula(sheet, cell, reason):
            return "sheet '\(sheet)' cell \(cell): invalid formula: \(reason)"
        case let .invalidNumberFormat(sheet, cell, format):
            return "sheet '\(sheet)' cell \(cell): invalid number format '\(format)'"
        case let .invalidColumnWidth(sheet, column, width):
            return "sheet '\(sheet)' column \(column): width \(width) is outside 0...255"
        case let .invalidFreeze(sheet, rows, columns):
            return "sheet '\(sheet)': cannot freeze \(rows) rows and \(columns) columns"
        case let .invalidAutofilter(sheet, range):
            return "sheet '\(sheet)': invalid autofilter range \(range)"
        case let .invalidCreatedDate(date):
            return "created date \(date) is outside 1970-01-01T00:00:01Z ... 9999-12-31"
        case let .propertyTooLong(name, length):
            return "document property \(name) has \(length) characters; at most 32767"
        case let .library(code, message, path):
            return "libxlsxwriter error \(code) writing \(path): \(message)"
        case let .io(path, message):
            return "cannot write \(path): \(message)"
        }
    }
}
