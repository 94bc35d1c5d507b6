import Foundation

/// Reads the CSV inputs of `dimensionering apportion`.
///
/// The files are read as a stream of records (`CSVRecordStream`, the same rules as `CSVTable`):
/// each row is validated and turned into a unit as it arrives, memory stays proportional to the
/// units kept, and a file with more units than supported is refused at the first row past the
/// limit instead of after parsing everything.
public enum ApportionInputs {
    /// `weights.csv`: header `id,weight` with optional `min,max`.
    public static func units(path: String) throws -> [ApportionmentUnit] {
        try units(path: path, limit: ApportionmentProblem.maximumUnits)
    }

    /// `units(path:)` with another limit on the number of units (tests use a small one).
    static func units(path: String, limit: Int) throws -> [ApportionmentUnit] {
        if let workbook = try CSVTable.readWorkbookIfAny(path: path) { return try units(workbook) }  // .xlsx
        var units: [ApportionmentUnit] = []
        var seen: [String: Int] = [:]
        var columns: UnitColumns?? = nil
        let stream = try CSVRecordStream(path: path)
        // A row takes at least ~10 bytes ("u1,12345\n"): room for that many units up front saves
        // rehashing a million ids as the table grows.
        let expected = Swift.min(limit, stream.byteCount / 10)
        units.reserveCapacity(expected)
        seen.reserveCapacity(expected)
        try stream.forEachRow(requiring: ["id", "weight"], optional: ["min", "max"]) { row in
            try refuseBeyondLimit(units.count, limit, "units", row)
            units.append(try unit(row, stream.file, &seen, &columns))
        }
        return try nonEmpty(stream.file, stream.headerLine, units)
    }

    public static func units(_ table: CSVTable) throws -> [ApportionmentUnit] {
        try table.requireColumns(["id", "weight"], optional: ["min", "max"])
        var seen: [String: Int] = [:]
        var columns: UnitColumns?? = nil
        var units: [ApportionmentUnit] = []
        units.reserveCapacity(table.rows.count)
        for row in table.rows {
            try refuseBeyondLimit(units.count, ApportionmentProblem.maximumUnits, "units", row)
            units.append(try unit(row, table.file, &seen, &columns))
        }
        return try nonEmpty(table.file, table.headerLine, units)
    }

    /// Where the columns of a units file are (found once per file, not once per row).
    struct UnitColumns {
        var id: Int, weight: Int, min: Int?, max: Int?
        init?(_ index: ColumnIndex) {
            guard let i = index.index(of: "id"), let w = index.index(of: "weight") else { return nil }
            id = i
            weight = w
            min = index.index(of: "min")
            max = index.index(of: "max")
        }
    }

    static func unit(_ row: CSVRow, _ file: String, _ seen: inout [String: Int], _ columns: inout UnitColumns??) throws -> ApportionmentUnit {
        if columns == nil { columns = .some(UnitColumns(row.columns)) }
        if let c = columns ?? nil, let fast = try plainUnit(row, c, file, &seen) { return fast }
        let id = try row.string("id")
        try unique(id, "id", "id '\(id)'", row, file, &seen)
        let (min, max) = try bounds(row, "'\(id)'")
        return ApportionmentUnit(id: id, weight: try exactDecimal(row, "weight", file), min: min, max: max)
    }

    /// The common case without the general accessors' per-field work: a plain id (no surrounding
    /// whitespace), a weight of plain digits, and empty or plain-digit bounds. Anything else
    /// returns nil and takes the general path, which gives the same values and the errors.
    static func plainUnit(_ row: CSVRow, _ columns: UnitColumns, _ file: String, _ seen: inout [String: Int]) throws -> ApportionmentUnit? {
        // In a Danish file a '.' groups thousands (1.000 is a thousand): the checked path reads it.
        if row.danishNumbers && row.fields[columns.weight].utf8.contains(UInt8(ascii: ".")) { return nil }
        guard let id = plainText(row.fields[columns.id]), let weight = ExactDecimal.plain(row.fields[columns.weight]),
              let (min, max) = plainBounds(row, columns.min, columns.max) else { return nil }
        try unique(id, "id", "id '\(id)'", row, file, &seen)
        return ApportionmentUnit(id: id, weight: weight, min: min, max: max)
    }

    /// A non-empty field that starts and ends with a printable ASCII character (so trimming is a no-op).
    static func plainText(_ text: String) -> String? {
        guard let first = text.utf8.first, let last = text.utf8.last,
              first > 0x20, first < 0x7F, last > 0x20, last < 0x7F,
              // Control characters (and anything non-ASCII, which may hide C1 or bidi controls)
              // take the general path, which refuses them with file, line and field.
              text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
        return text
    }

    /// A field of 1 to 7 plain digits (so below `ApportionmentProblem.maximumSeats`), else nil.
    static func plainCount(_ text: String) -> Int? {
        let n = text.utf8.count
        guard n >= 1, n <= 7 else { return nil }
        var value = 0
        for c in text.utf8 {
            guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(c - UInt8(ascii: "0"))
        }
        return value
    }

    /// Optional floor and cap of at most 7 plain digits each (below the largest supported floor, so
    /// only the general path refuses floors), cap not below the floor; nil when anything else.
    static func plainBounds(_ row: CSVRow, _ minColumn: Int?, _ maxColumn: Int?) -> (Int, Int?)? {
        func count(_ column: Int?) -> Int?? {
            guard let i = column else { return .some(nil) }
            let text = row.fields[i]
            if text.isEmpty { return .some(nil) }
            guard text.utf8.count <= 7, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
            return .some(Int(text))
        }
        guard let min = count(minColumn), let max = count(maxColumn) else { return nil }
        if let max, max < (min ?? 0) { return nil }
        return (min ?? 0, max)
    }

    /// Largest number of cells read (the biproportional engine's limit).
    public static let maximumCells = 5_000_000

    /// `cells.csv`: header `row,column,weight` with optional `min,max`.
    /// `cells.csv` checked against the row and column totals: a cell whose row or column has no
    /// total is bad data naming the cell's file and line (not a usage error without a place).
    public static func cells(path: String, rowTotals: [(id: String, seats: Int)],
                             columnTotals: [(id: String, seats: Int)]) throws -> [BiproportionalCell] {
        var index: CellIndex? = CellIndex(rows: rowTotals.map(\.id), columns: columnTotals.map(\.id))
        // The first cell without a total; thrown only after the whole file has been read, so an
        // error in the file itself (on any line) still comes first, as when the file was read whole.
        var missing: DimensioneringError? = nil
        func check(_ cell: BiproportionalCell, _ file: String, _ line: Int, _ found: (row: Int?, column: Int?)) {
            guard missing == nil else { return }
            if found.row == nil {
                missing = DimensioneringError.badData(SourceLocation(file: file, line: line, field: "row"),
                    "row '\(cell.row)' has no row total (the row totals have \(quotedList(rowTotals.prefix(5).map(\.id)))\(rowTotals.count > 5 ? ", ..." : ""))")
            } else if found.column == nil {
                missing = DimensioneringError.badData(SourceLocation(file: file, line: line, field: "column"),
                    "column '\(cell.column)' has no column total (the column totals have \(quotedList(columnTotals.prefix(5).map(\.id)))\(columnTotals.count > 5 ? ", ..." : ""))")
            }
        }
        let cells: [BiproportionalCell]
        var table = try CSVTable.readWorkbookIfAny(path: path)  // .xlsx
        var stream: CSVRecordStream? = nil
        if table == nil {
            let s = try CSVRecordStream(path: path)
            // A tab-separated file decides Danish number notation on the whole file (CSVTable.parse):
            // it is read whole; comma- and semicolon-separated files are read as a stream.
            if s.separator == "\t" { table = try CSVTable.read(path: path) } else { stream = s }
        }
        if let stream {
            cells = try self.cells(stream: stream, index: &index) { cell, line, found in check(cell, stream.file, line, found) }
        } else {
            let table = table!
            cells = try self.cells(table)
            for (cell, row) in zip(cells, table.rows) { check(cell, table.file, row.line, index!.find(cell.row, cell.column)) }
        }
        if let missing { throw missing }
        return cells
    }

    public static func cells(path: String) throws -> [BiproportionalCell] {
        if let workbook = try CSVTable.readWorkbookIfAny(path: path) { return try cells(workbook) }  // .xlsx
        var index: CellIndex? = nil
        return try cells(stream: CSVRecordStream(path: path), index: &index)
    }

    /// Row and column ids to indices, for checking cells against the totals and finding duplicate
    /// cells with an array of first lines instead of a dictionary of string keys. Cells usually come
    /// row by row with the columns in order: the predicted indices are checked with one string
    /// comparison each before a dictionary is asked.
    struct CellIndex {
        let rows: [String], columns: [String]
        let rowIndex: [String: Int], columnIndex: [String: Int]
        /// The line of each cell seen (r · n + c; 0 = not yet), when the matrix is small enough.
        var firstLine: [Int]
        var lastRow = -1, lastColumn = -1

        init(rows: [String], columns: [String]) {
            self.rows = rows
            self.columns = columns
            rowIndex = Dictionary(rows.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            columnIndex = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            let size = rows.count.multipliedReportingOverflow(by: columns.count)
            firstLine = !size.overflow && size.partialValue <= ApportionInputs.maximumCells ? [Int](repeating: 0, count: size.partialValue) : []
        }

        mutating func find(_ row: String, _ column: String) -> (row: Int?, column: Int?) {
            let r: Int?, c: Int?
            if lastRow >= 0, rows[lastRow] == row { r = lastRow }
            else if lastRow + 1 < rows.count, rows[lastRow + 1] == row { r = lastRow + 1 }
            else { r = rowIndex[row] }
            let next = lastColumn + 1 < columns.count ? lastColumn + 1 : 0
            if columns[next] == column { c = next } else { c = columnIndex[column] }
            if let r { lastRow = r }
            if let c { lastColumn = c }
            return (r, c)
        }
    }

    static func cells(_ table: CSVTable) throws -> [BiproportionalCell] {
        try table.requireColumns(["row", "column", "weight"], optional: ["min", "max"])
        var seen: [String: Int] = [:]
        return try nonEmpty(table.file, table.headerLine, table.rows.map { row in
            let r = try row.string("row"), c = try row.string("column")
            try unique(r + "\u{1F}" + c, "column", "cell (\(r), \(c))", row, table.file, &seen)
            let (min, max) = try bounds(row, "cell (\(r), \(c))")
            return BiproportionalCell(row: r, column: c, weight: try exactDecimal(row, "weight", table.file), min: min, max: max)
        })
    }

    static func cells(stream: CSVRecordStream, index: inout CellIndex?,
                      _ each: (BiproportionalCell, _ line: Int, _ found: (row: Int?, column: Int?)) -> Void = { _, _, _ in }) throws -> [BiproportionalCell] {
        var cells: [BiproportionalCell] = []
        var seen: [String: Int] = [:]
        // A row takes at least ~6 bytes ("a,b,1\n").
        cells.reserveCapacity(Swift.min(maximumCells, stream.byteCount / 10))
        let flat = index.map { !$0.firstLine.isEmpty } ?? false
        let n = index?.columns.count ?? 0
        /// Duplicates: by index when the cell's row and column have totals, else by its text.
        func register(_ r: String, _ c: String, _ row: CSVRow) throws -> (row: Int?, column: Int?) {
            guard index != nil else {
                try unique(r + "\u{1F}" + c, "column", "cell (\(r), \(c))", row, stream.file, &seen)
                return (nil, nil)
            }
            let found = index!.find(r, c)
            if flat, let ri = found.row, let ci = found.column {
                let k = ri * n + ci
                let first = index!.firstLine[k]
                if first > 0 {
                    throw DimensioneringError.badData(SourceLocation(file: stream.file, line: row.line, field: "column"),
                                                      "duplicate cell (\(r), \(c)) (first on line \(first))")
                }
                index!.firstLine[k] = row.line
            } else {
                try unique(r + "\u{1F}" + c, "column", "cell (\(r), \(c))", row, stream.file, &seen)
            }
            return found
        }
        var columns: (row: Int, column: Int, weight: Int, min: Int?, max: Int?)? = nil
        try stream.forEachRow(requiring: ["row", "column", "weight"], optional: ["min", "max"]) { row in
            try refuseBeyondLimit(cells.count, maximumCells, "cells", row)
            let index = row.columns
            if columns == nil, let r = index.index(of: "row"), let c = index.index(of: "column"), let w = index.index(of: "weight") {
                columns = (r, c, w, index.index(of: "min"), index.index(of: "max"))
            }
            // Fast path (plain fields), with the general path below for everything else and for errors.
            // In a Danish file a '.' groups thousands (1.000 is a thousand): the checked path reads it.
            if let k = columns, !(row.danishNumbers && row.fields[k.weight].utf8.contains(UInt8(ascii: "."))),
               let r = plainText(row.fields[k.row]), let c = plainText(row.fields[k.column]),
               let weight = ExactDecimal.plain(row.fields[k.weight]), let (min, max) = plainBounds(row, k.min, k.max) {
                let found = try register(r, c, row)
                let cell = BiproportionalCell(row: r, column: c, weight: weight, min: min, max: max)
                each(cell, row.line, found)
                cells.append(cell)
                return
            }
            let r = try row.string("row"), c = try row.string("column")
            let found = try register(r, c, row)
            let (min, max) = try bounds(row, "cell (\(r), \(c))")
            let cell = BiproportionalCell(row: r, column: c, weight: try exactDecimal(row, "weight", stream.file), min: min, max: max)
            each(cell, row.line, found)
            cells.append(cell)
        }
        return try nonEmpty(stream.file, stream.headerLine, cells)
    }

    /// Totals files: header `id,seats`.
    public static func totals(path: String) throws -> [(id: String, seats: Int)] {
        var result: [(id: String, seats: Int)] = []
        var seen: [String: Int] = [:]
        if let workbook = try CSVTable.readWorkbookIfAny(path: path) {  // .xlsx
            try workbook.requireColumns(["id", "seats"])
            for row in workbook.rows { try totalsRow(row, workbook.file, &seen, &result) }
            return try nonEmpty(workbook.file, workbook.headerLine, result)
        }
        let stream = try CSVRecordStream(path: path)
        var columns: (id: Int, seats: Int)? = nil
        try stream.forEachRow(requiring: ["id", "seats"], optional: []) { row in
            if columns == nil, let i = row.columns.index(of: "id"), let s = row.columns.index(of: "seats") { columns = (i, s) }
            // Fast path: a plain id and at most 7 plain digits (below the largest supported number
            // of seats); anything else, and every error, takes the general path.
            if let k = columns, let id = plainText(row.fields[k.id]), let seats = plainCount(row.fields[k.seats]) {
                try refuseBeyondLimit(result.count, maximumCells, "totals", row)
                try unique(id, "id", "id '\(id)'", row, stream.file, &seen)
                result.append((id, seats))
                return
            }
            try totalsRow(row, stream.file, &seen, &result)
        }
        return try nonEmpty(stream.file, stream.headerLine, result)
    }

    static func totalsRow(_ row: CSVRow, _ file: String, _ seen: inout [String: Int], _ result: inout [(id: String, seats: Int)]) throws {
        try refuseBeyondLimit(result.count, maximumCells, "totals", row)
        let id = try row.string("id")
        try unique(id, "id", "id '\(id)'", row, file, &seen)
        let seats = try row.int("seats")
        if seats > ApportionmentProblem.maximumSeats {
            throw DimensioneringError.badData(row.location("seats"),
                                              "\(seats) is more than the \(ApportionmentProblem.maximumSeats) seats supported")
        }
        result.append((id, seats))
    }

    /// The row that would be number `limit + 1` is refused on its own line.
    static func refuseBeyondLimit(_ count: Int, _ limit: Int, _ what: String, _ row: CSVRow) throws {
        if count >= limit {
            throw DimensioneringError.badData(SourceLocation(file: row.file, line: row.line),
                                              "more than \(limit) \(what): at most \(limit) are supported (this is row \(count + 1))")
        }
    }

    static func unique(_ key: String, _ field: String, _ what: @autoclosure () -> String, _ row: CSVRow, _ file: String,
                       _ seen: inout [String: Int]) throws {
        if let first = seen.updateValue(row.line, forKey: key) {
            throw DimensioneringError.badData(SourceLocation(file: file, line: row.line, field: field),
                                              "duplicate \(what()) (first on line \(first))")
        }
    }

    /// Optional `min` (default 0) and `max` columns; a cap below the floor is an error on its line.
    static func bounds(_ row: CSVRow, _ what: String) throws -> (Int, Int?) {
        let min = try row.optionalInt("min") ?? 0
        // A floor above the largest supported number of seats can never be met; refusing it here
        // also keeps sums of floors far from Int overflow (the engine adds them up).
        if min > ApportionmentProblem.maximumSeats {
            throw DimensioneringError.badData(row.location("min"),
                                              "floor \(min) is more than the \(ApportionmentProblem.maximumSeats) seats supported")
        }
        let max = try row.optionalInt("max")
        if let max, max < min {
            throw DimensioneringError.badData(row.location("max"), "cap \(max) is below the floor \(min) of \(what)")
        }
        return (min, max)
    }

    static func nonEmpty<T>(_ file: String, _ headerLine: Int, _ rows: [T]) throws -> [T] {
        guard !rows.isEmpty else {
            throw DimensioneringError.badData(SourceLocation(file: file, line: headerLine), "no rows after the header")
        }
        return rows
    }

    static func exactDecimal(_ row: CSVRow, _ field: String, _ file: String) throws -> ExactDecimal {
        let text = try row.decimal(field)
        guard let value = ExactDecimal(text) else {
            throw DimensioneringError.badData(SourceLocation(file: file, line: row.line, field: field),
                                              "'\(text)' is not a supported decimal number (at most \(ExactDecimal.maximumDigits) digits, exponent within ±40)")
        }
        return value
    }
}

/// A CSV file read record by record, by exactly the rules of `CSVTable` (encoding, separator
/// detection on the first non-empty line, RFC 4180 quoting, trimming, blank lines, trailing empty
/// header columns, field counts), with the same errors; only no table of all rows is ever built.
/// The tokenizer works on UTF-8 bytes: every character it acts on (quote, separator, CR, LF,
/// space, tab) is ASCII, so bytes and Unicode scalars give the same records.
final class CSVRecordStream {
    let file: String
    private var text: String
    let encoding: TextDecoding.Encoding
    let separator: Character
    private(set) var headerLine = 1
    /// The decoded text's size in UTF-8 bytes.
    var byteCount: Int { text.utf8.count }

    init(path: String) throws {
        file = path
        (text, encoding) = try TextDecoding.decode(try TextDecoding.readFile(path), file: path)
        // The separator is decided on the first non-empty line (a prefix is enough to see it).
        // Only the scalars up to the end of that line are copied (the detection stops there), not
        // a megabyte of the file.
        var length = 0, inQuotes = false, sawContent = false
        for s in text.unicodeScalars {
            length += 1
            if length >= 1 << 20 { break }
            if s == "\"" { inQuotes.toggle(); sawContent = true; continue }
            if !inQuotes && (s == "\n" || s == "\r") {
                if sawContent { break } else { continue }
            }
            if s != " " { sawContent = true }
        }
        separator = CSVTable.detectSeparator(Array(text.unicodeScalars.prefix(length)))
    }

    /// Checks the header as `CSVTable.requireColumns` does, then calls `body` with each row.
    func forEachRow(requiring names: [String], optional: [String], _ body: (CSVRow) throws -> Void) throws {
        var header: [String]? = nil
        var dropped = 0
        var index = ColumnIndex([])
        let file = self.file, separator = self.separator
        try records { line, fields in
            guard let headerFields = header else {
                var h = fields.map { $0.trimmingCharacters(in: .whitespaces) }
                while h.count > 1, h.last == "" { h.removeLast(); dropped += 1 }
                headerLine = line
                try CSVTable(file: file, header: h, rows: [], headerLine: line, separator: separator, encoding: encoding)
                    .requireColumns(names, optional: optional)
                header = h
                index = ColumnIndex(h)
                return
            }
            var fields = fields
            if fields.count == headerFields.count + dropped && dropped > 0 {
                if fields.suffix(dropped).allSatisfy({ $0.isEmpty }) {
                    fields.removeLast(dropped)
                } else {
                    throw DimensioneringError.badData(
                        SourceLocation(file: file, line: line),
                        "a value in a column with no name in the header; give the column a name or remove the value")
                }
            }
            guard fields.count == headerFields.count else {
                let sepName = separator == "\t" ? "tab" : "'\(separator)'"
                throw DimensioneringError.badData(
                    SourceLocation(file: file, line: line),
                    "expected \(headerFields.count) field\(headerFields.count == 1 ? "" : "s") (\(quotedList(headerFields))) separated by \(sepName), found \(fields.count)"
                        + (fields.count > headerFields.count ? "; quote values that contain \(sepName)" : ""))
            }
            try body(CSVRow(file: file, line: line, fields: fields, columns: index, separator: separator))
        }
        if header == nil { throw DimensioneringError.badData(SourceLocation(file: file), "file is empty") }
    }

    /// The tokenizer of `CSVTable.records`, one record at a time: (physical line where it starts, fields).
    func records(_ emit: (Int, [String]) throws -> Void) throws {
        let file = self.file
        let sep = separator.asciiValue ?? UInt8(ascii: ",")
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        try text.withUTF8 { b in
            let n = b.count
            var fields: [String] = []
            // An unquoted field is the run of bytes b[fieldStart..<i], decoded straight from the
            // buffer; only a quoted field (with "" to unescape) is collected in `field`.
            var field: [UInt8] = []
            var fieldStart = 0
            var fieldQuoted = false, anyQuoted = false, atFieldStart = true
            var line = 1, recordLine = 1
            var i = 0

            func endField() {
                if fieldQuoted {
                    fields.append(String(decoding: field, as: UTF8.self))
                    field.removeAll(keepingCapacity: true)
                } else {
                    var lower = atFieldStart ? i : fieldStart, upper = i
                    while lower < upper, b[lower] == space || b[lower] == tab { lower += 1 }
                    while upper > lower, b[upper - 1] == space || b[upper - 1] == tab { upper -= 1 }
                    fields.append(String(decoding: UnsafeBufferPointer(rebasing: b[lower..<upper]), as: UTF8.self))
                }
                fieldQuoted = false
                atFieldStart = true
            }
            func endRecord() throws {
                endField()
                let blank = !anyQuoted && fields.allSatisfy { $0.isEmpty }
                if !blank { try emit(recordLine, fields) }
                fields.removeAll(keepingCapacity: true)
                anyQuoted = false
            }
            func nextNonBlankIsQuote(_ start: Int) -> Bool {
                var j = start
                while j < n && (b[j] == space || b[j] == tab) { j += 1 }
                return j < n && b[j] == quote
            }

            while i < n {
                let c = b[i]
                if atFieldStart && c == quote || (atFieldStart && (c == space || c == tab) && c != sep && nextNonBlankIsQuote(i)) {
                    while b[i] != quote { i += 1 }
                    let quoteLine = line
                    i += 1
                    fieldQuoted = true
                    anyQuoted = true
                    atFieldStart = false
                    var closed = false
                    while i < n {
                        let q = b[i]
                        if q == quote {
                            if i + 1 < n && b[i + 1] == quote { field.append(quote); i += 2; continue }
                            closed = true; i += 1; break
                        }
                        if q == cr {
                            line += 1
                            if i + 1 < n && b[i + 1] == lf { field.append(cr); field.append(lf); i += 2; continue }
                        } else if q == lf { line += 1 }
                        field.append(q)
                        i += 1
                    }
                    if !closed {
                        throw DimensioneringError.badData(
                            SourceLocation(file: file, line: quoteLine),
                            "unterminated quoted field: the '\"' opened on this line is never closed")
                    }
                    while i < n && (b[i] == space || b[i] == tab) && b[i] != sep { i += 1 }
                    if i < n && b[i] != sep && b[i] != lf && b[i] != cr {
                        throw DimensioneringError.badData(
                            SourceLocation(file: file, line: line),
                            "unexpected text after a closing quote; inside a quoted field write a quote as \"\"")
                    }
                    continue
                }
                if c == sep { endField(); i += 1; continue }
                if c == lf || c == cr {
                    try endRecord()
                    if c == cr && i + 1 < n && b[i + 1] == lf { i += 1 }
                    i += 1
                    line += 1
                    recordLine = line
                    continue
                }
                if atFieldStart { fieldStart = i; atFieldStart = false }
                i += 1
            }
            if !atFieldStart || !fields.isEmpty || fieldQuoted { try endRecord() }
        }
    }
}
