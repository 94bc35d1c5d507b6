import CXLSXWriter
import Foundation

/// Writes a `Workbook` as an .xlsx file with libxlsxwriter.
///
/// - Everything is validated first (`validate`); a workbook libxlsxwriter would refuse or
///   Excel would repair never reaches the C library, and the caller gets a typed error.
/// - The file is written next to its destination under a temporary name and renamed into
///   place, so `path` holds either the old file or the whole new one, never half of one.
/// - The same workbook gives byte-identical files: the created date comes from
///   `DocumentProperties.created`, and libxlsxwriter stamps its zip entries with a fixed date.
public enum XLSXWriter {
    /// Excel's sheet size.
    public static let maxRows = 1_048_576
    public static let maxColumns = 16_384
    /// Excel's longest cell text and formula.
    public static let maxTextLength = 32_767
    public static let maxFormulaLength = 8_192
    /// libxlsxwriter keeps a number format in a 128-byte field (NUL included).
    public static let maxNumberFormatBytes = 127
    /// The largest integer a workbook (IEEE double) holds exactly.
    public static let maxExactInteger = 9_007_199_254_740_992

    /// Set by a single-threaded program (the CLI) to hold back libxlsxwriter's own stderr lines
    /// while a workbook is closed; the typed error carries the reason instead.
    nonisolated(unsafe) public static var holdBackLibraryMessages = false

    public static func write(_ workbook: Workbook, to path: String) throws {
        try validate(workbook)
        let destination = URL(fileURLWithPath: path)
        let directory = destination.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(
            ".\(destination.lastPathComponent).\(getpid()).\(UUID().uuidString).tmp"
        ).path
        do {
            try writeFile(workbook, temporaryPath: temporary, reportedPath: path)
        } catch {
            unlink(temporary)
            throw error
        }
        if rename(temporary, path) != 0 {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw XLSXWriteError.io(path: path, message: message)
        }
    }

    /// Validates `workbook` and writes it to `scratchPath`, a file the caller owns (created, or
    /// truncated), with no rename: a guarded writer (DimensioneringKit's `AtomicFile`) hands out
    /// the temporary path, checks the destination and moves the result into place. Errors name
    /// `reportedPath`, the file the user asked for.
    public static func write(_ workbook: Workbook, scratchPath: String, reportedPath: String) throws {
        try validate(workbook)
        try writeFile(workbook, temporaryPath: scratchPath, reportedPath: reportedPath)
    }

    // MARK: - Validation

    public static func validate(_ workbook: Workbook) throws {
        guard !workbook.sheets.isEmpty else { throw XLSXWriteError.noSheets }
        try validate(workbook.properties)
        var seen = Set<String>()
        for sheet in workbook.sheets {
            try validateName(sheet.name)
            guard seen.insert(sheet.name.lowercased()).inserted else {
                throw XLSXWriteError.duplicateSheetName(sheet.name)
            }
            try validate(sheet)
        }
    }

    static func validate(_ p: DocumentProperties) throws {
        let fields: [(String, String?)] = [
            ("title", p.title), ("subject", p.subject), ("author", p.author),
            ("company", p.company), ("comments", p.comments),
        ]
        for case let (name, value?) in fields {
            try checkCharacters(value, sheet: nil, place: "property \(name)")
            if value.utf16.count > maxTextLength {
                throw XLSXWriteError.propertyTooLong(name: name, length: value.utf16.count)
            }
        }
        let seconds = p.created.timeIntervalSince1970
        // libxlsxwriter reads a created time of 0 as "now"; year 10000 has no ISO 8601 form.
        guard seconds.isFinite, seconds >= 1, seconds < 253_402_300_800 else {
            throw XLSXWriteError.invalidCreatedDate(p.created)
        }
    }

    static func validateName(_ name: String) throws {
        guard !name.isEmpty else { throw XLSXWriteError.invalidSheetName(name, .empty) }
        try checkCharacters(name, sheet: nil, place: "sheet name '\(name)'")
        // Excel counts UTF-16 units, libxlsxwriter code points; UTF-16 is the stricter.
        if name.utf16.count > 31 { throw XLSXWriteError.invalidSheetName(name, .tooLong(name.utf16.count)) }
        if let bad = name.first(where: { "[]:*?/\\".contains($0) }) {
            throw XLSXWriteError.invalidSheetName(name, .forbiddenCharacter(bad))
        }
        if name.hasPrefix("'") || name.hasSuffix("'") {
            throw XLSXWriteError.invalidSheetName(name, .startsOrEndsWithApostrophe)
        }
        if name.lowercased() == "history" { throw XLSXWriteError.invalidSheetName(name, .reserved) }
    }

    static func validate(_ sheet: Sheet) throws {
        let name = sheet.name
        let width = sheet.rows.map(\.count).max() ?? 0
        if sheet.rows.count > maxRows || width > maxColumns || sheet.columns.count > maxColumns {
            throw XLSXWriteError.sheetTooLarge(
                sheet: name, rows: sheet.rows.count, columns: max(width, sheet.columns.count))
        }
        for (c, column) in sheet.columns.enumerated() {
            if let w = column.width, !(w.isFinite && w >= 0 && w <= 255) {
                throw XLSXWriteError.invalidColumnWidth(sheet: name, column: CellAddress.columnName(c), width: w)
            }
        }
        if sheet.frozenRows < 0 || sheet.frozenRows >= maxRows
            || sheet.frozenColumns < 0 || sheet.frozenColumns >= maxColumns {
            throw XLSXWriteError.invalidFreeze(sheet: name, rows: sheet.frozenRows, columns: sheet.frozenColumns)
        }
        if let f = sheet.autofilter {
            guard f.firstRow >= 0, f.firstColumn >= 0, f.firstRow <= f.lastRow, f.firstColumn <= f.lastColumn,
                  f.lastRow < maxRows, f.lastColumn < maxColumns
            else {
                throw XLSXWriteError.invalidAutofilter(
                    sheet: name, range: "rows \(f.firstRow)...\(f.lastRow), columns \(f.firstColumn)...\(f.lastColumn)")
            }
        }
        for (r, row) in sheet.rows.enumerated() {
            for (c, cell) in row.enumerated() {
                try validate(cell, sheet: name, row: r, column: c)
            }
        }
    }

    static func validate(_ cell: Cell, sheet: String, row: Int, column: Int) throws {
        func ref() -> String { CellAddress.reference(row: row, column: column) }
        if let code = cell.style.numberFormat {
            if code.isEmpty || code.utf8.count > maxNumberFormatBytes {
                throw XLSXWriteError.invalidNumberFormat(sheet: sheet, cell: ref(), format: code)
            }
            try checkCharacters(code, sheet: sheet, place: "\(ref()) number format")
        }
        switch cell.value {
        case .empty:
            break
        case let .text(s):
            try checkText(s, sheet: sheet, cell: ref())
        case let .number(d):
            if !d.isFinite { throw XLSXWriteError.nonFiniteNumber(sheet: sheet, cell: ref()) }
        case let .decimal(d):
            if !double(d).isFinite { throw XLSXWriteError.nonFiniteNumber(sheet: sheet, cell: ref()) }
        case let .integer(i):
            if i.magnitude > UInt(maxExactInteger) {
                throw XLSXWriteError.integerOutOfRange(sheet: sheet, cell: ref(), value: i)
            }
        case let .formula(f, cached):
            let body = formulaBody(f)
            if body.isEmpty { throw XLSXWriteError.invalidFormula(sheet: sheet, cell: ref(), reason: "it is empty") }
            if body.utf16.count > maxFormulaLength {
                throw XLSXWriteError.invalidFormula(
                    sheet: sheet, cell: ref(), reason: "\(body.utf16.count) characters; Excel allows \(maxFormulaLength)")
            }
            try checkCharacters(body, sheet: sheet, place: "\(ref()) formula")
            switch cached {
            case let .number(d):
                if !d.isFinite { throw XLSXWriteError.nonFiniteNumber(sheet: sheet, cell: ref()) }
            case let .text(s):
                try checkText(s, sheet: sheet, cell: ref())
            }
        }
    }

    static func checkText(_ s: String, sheet: String, cell: String) throws {
        // Excel counts UTF-16 units; libxlsxwriter counts the code points of the escaped text.
        if s.utf16.count > maxTextLength || escapedForExcel(s).unicodeScalars.count > maxTextLength {
            throw XLSXWriteError.textTooLong(sheet: sheet, cell: cell, length: s.utf16.count)
        }
        try checkCharacters(s, sheet: sheet, place: cell)
    }

    /// XML 1.0 holds no C0 control character but tab, line feed and carriage return, nor U+FFFE/U+FFFF;
    /// NUL would also cut the C string short.
    static func checkCharacters(_ s: String, sheet: String?, place: String) throws {
        for u in s.unicodeScalars {
            let v = u.value
            if (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE || v == 0xFFFF {
                throw XLSXWriteError.controlCharacter(sheet: sheet, place: place, scalar: v)
            }
        }
    }

    /// Excel reads `_xHHHH_` in a stored string as the character U+HHHH; a text that contains such
    /// a sequence literally has its underscore written as `_x005F_` (as Excel itself does), which
    /// libxlsxwriter 1.1.4 does not do.
    static func escapedForExcel(_ s: String) -> String {
        guard s.contains("_x") else { return s }
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if scalars[i] == "_", i + 6 < scalars.count, scalars[i + 1] == "x", scalars[i + 6] == "_",
               scalars[(i + 2)...(i + 5)].allSatisfy({ $0.properties.isASCIIHexDigit }) {
                out.append(contentsOf: "_x005F".unicodeScalars)
            }
            out.append(scalars[i])
            i += 1
        }
        return String(out)
    }

    static func formulaBody(_ f: String) -> String {
        f.hasPrefix("=") ? String(f.dropFirst()) : f
    }

    /// The nearest double to an exact decimal (Swift's string-to-double rounds correctly).
    static func double(_ d: Decimal) -> Double {
        d.isNaN ? .nan : (Double(d.description) ?? .nan)
    }

    // MARK: - Writing (after validation)

    private static func writeFile(_ workbook: Workbook, temporaryPath: String, reportedPath: String) throws {
        let strings = CStrings()
        func check(_ code: lxw_error) throws {
            guard code == LXW_NO_ERROR else {
                throw XLSXWriteError.library(
                    code: Int(code.rawValue), message: String(cString: lxw_strerror(code)), path: reportedPath)
            }
        }
        var options = lxw_workbook_options()
        options.constant_memory = 0
        options.use_zip64 = 0
        guard let wb = workbook_new_opt(strings.make(temporaryPath), &options) else {
            throw XLSXWriteError.library(
                code: Int(LXW_ERROR_MEMORY_MALLOC_FAILED.rawValue), message: "workbook_new_opt failed", path: reportedPath)
        }
        var closed = false
        defer { if !closed { lxw_workbook_free(wb) } }

        let p = workbook.properties
        var properties = lxw_doc_properties()
        properties.title = strings.make(p.title)
        properties.subject = strings.make(p.subject)
        properties.author = strings.make(p.author)
        properties.company = strings.make(p.company)
        properties.comments = strings.make(p.comments)
        properties.created = time_t(p.created.timeIntervalSince1970.rounded(.down))
        try check(workbook_set_properties(wb, &properties))

        var formats: [CellStyle: UnsafeMutablePointer<lxw_format>] = [:]
        func format(_ style: CellStyle) throws -> UnsafeMutablePointer<lxw_format>? {
            if style == .plain { return nil }
            if let f = formats[style] { return f }
            guard let f = workbook_add_format(wb) else { try check(LXW_ERROR_MEMORY_MALLOC_FAILED); return nil }
            apply(style, to: f, strings: strings)
            formats[style] = f
            return f
        }

        for sheet in workbook.sheets {
            guard let ws = workbook_add_worksheet(wb, strings.make(sheet.name)) else {
                throw XLSXWriteError.library(
                    code: Int(LXW_ERROR_PARAMETER_VALIDATION.rawValue),
                    message: "workbook_add_worksheet refused '\(sheet.name)'", path: reportedPath)
            }
            for (c, column) in sheet.columns.enumerated() {
                if let width = column.width {
                    try check(worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), width, nil))
                }
            }
            if sheet.frozenRows > 0 || sheet.frozenColumns > 0 {
                worksheet_freeze_panes(ws, lxw_row_t(sheet.frozenRows), lxw_col_t(sheet.frozenColumns))
            }
            if let f = sheet.autofilter {
                try check(worksheet_autofilter(
                    ws, lxw_row_t(f.firstRow), lxw_col_t(f.firstColumn), lxw_row_t(f.lastRow), lxw_col_t(f.lastColumn)))
            }
            for (r, row) in sheet.rows.enumerated() {
                let rr = lxw_row_t(r)
                for (c, cell) in row.enumerated() {
                    let cc = lxw_col_t(c)
                    let fmt = try format(cell.style)
                    switch cell.value {
                    case .empty:
                        if fmt != nil { try check(worksheet_write_blank(ws, rr, cc, fmt)) }
                    case let .text(s):
                        if s.isEmpty {
                            if fmt != nil { try check(worksheet_write_blank(ws, rr, cc, fmt)) }
                        } else {
                            try check(worksheet_write_string(ws, rr, cc, strings.make(escapedForExcel(s)), fmt))
                        }
                    case let .number(d):
                        try check(worksheet_write_number(ws, rr, cc, d, fmt))
                    case let .decimal(d):
                        try check(worksheet_write_number(ws, rr, cc, double(d), fmt))
                    case let .integer(i):
                        try check(worksheet_write_number(ws, rr, cc, Double(i), fmt))
                    case let .formula(f, .number(value)):
                        try check(worksheet_write_formula_num(ws, rr, cc, strings.make(formulaBody(f)), fmt, value))
                    case let .formula(f, .text(value)):
                        try check(worksheet_write_formula_str(
                            ws, rr, cc, strings.make(formulaBody(f)), fmt, strings.make(escapedForExcel(value))))
                    }
                }
            }
        }
        closed = true  // workbook_close frees the workbook whatever it returns
        // libxlsxwriter prints its own "[ERROR] ..." lines on stderr when the file cannot be
        // written (full disk, file-size limit); they are held back and the system's reason is
        // put in the typed error instead, so the user sees one line.
        // Only where the process says it writes one workbook at a time (the CLI): fd 2 is the
        // process's, so in a process with other threads (the tests) the messages are left alone.
        let quiet = XLSXWriter.holdBackLibraryMessages
        let saved = quiet ? dup(2) : -1
        let devNull = quiet ? open("/dev/null", O_WRONLY | O_CLOEXEC) : -1
        if saved >= 0, devNull >= 0 { fflush(nil); dup2(devNull, 2) }
        errno = 0
        let code = withExtendedLifetime(strings) { workbook_close(wb) }
        let systemError = errno
        if saved >= 0, devNull >= 0 { fflush(nil); dup2(saved, 2) }
        if saved >= 0 { close(saved) }
        if devNull >= 0 { close(devNull) }
        if code != LXW_NO_ERROR, systemError != 0 {
            throw XLSXWriteError.library(
                code: Int(code.rawValue),
                message: String(cString: lxw_strerror(code)) + " (" + String(cString: strerror(systemError)) + ")", path: reportedPath)
        }
        try check(code)
    }

    private static func apply(_ style: CellStyle, to f: UnsafeMutablePointer<lxw_format>, strings: CStrings) {
        if style.bold { format_set_bold(f) }
        if style.italic { format_set_italic(f) }
        if let code = style.numberFormat { format_set_num_format(f, strings.make(code)) }
        if let fill = style.fill {
            format_set_pattern(f, UInt8(LXW_PATTERN_SOLID.rawValue))
            format_set_bg_color(f, lxw_color_t(fill & 0xFFFFFF))
        }
        if let color = style.fontColor { format_set_font_color(f, lxw_color_t(color & 0xFFFFFF)) }
        if let b = style.topBorder { format_set_top(f, border(b)) }
        if let b = style.bottomBorder { format_set_bottom(f, border(b)) }
        switch style.alignment {
        case .general: break
        case .left: format_set_align(f, UInt8(LXW_ALIGN_LEFT.rawValue))
        case .center: format_set_align(f, UInt8(LXW_ALIGN_CENTER.rawValue))
        case .right: format_set_align(f, UInt8(LXW_ALIGN_RIGHT.rawValue))
        }
        if style.wrap { format_set_text_wrap(f) }
    }

    private static func border(_ b: CellStyle.Border) -> UInt8 {
        switch b {
        case .thin: return UInt8(LXW_BORDER_THIN.rawValue)
        case .medium: return UInt8(LXW_BORDER_MEDIUM.rawValue)
        case .double: return UInt8(LXW_BORDER_DOUBLE.rawValue)
        }
    }
}

/// C strings that live until the workbook is closed, whether or not libxlsxwriter copies them.
private final class CStrings {
    private var owned: [UnsafeMutablePointer<CChar>] = []

    func make(_ s: String) -> UnsafeMutablePointer<CChar> {
        let p = strdup(s)!
        owned.append(p)
        return p
    }

    func make(_ s: String?) -> UnsafeMutablePointer<CChar>? {
        s.map { make($0) }
    }

    deinit { owned.forEach { free($0) } }
}
