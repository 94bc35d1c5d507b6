import Foundation

/// A CSV file read for every tabular input (weights, cells, totals, floors, caps, StatBank exports).
///
/// Reading rules, in the order they apply:
/// - bytes are decoded by `TextDecoding` (UTF-8 with or without BOM, else Windows-1252);
/// - the separator is detected on the first non-empty line: the most frequent of `;`, tab and `,`
///   outside quotes (ties in that order); a line with none of them is a one-column header;
/// - RFC 4180 quoting: `"a;b"`, `"say ""hi"""`, and quoted line breaks; a record's `line` is the
///   physical line where it starts; CRLF, LF and lone CR all end a line;
/// - spaces and tabs around unquoted fields are trimmed; quoted fields are kept verbatim;
/// - empty lines (and lines of separators only, as Excel writes them) are skipped;
/// - the first record is the header; names are trimmed and matched case-insensitively;
/// - every record must have as many fields as the header (trailing empty header columns, as left by
///   a trailing separator, are dropped together with the matching empty fields).
public struct CSVTable: Sendable {
    public var file: String
    /// Header names as written (trimmed).
    public var header: [String]
    public var rows: [CSVRow]
    /// The physical line of the header (1 unless the file starts with empty lines).
    public var headerLine: Int
    /// `,`, `;` or tab.
    public var separator: Character
    public var encoding: TextDecoding.Encoding

    public init(file: String, header: [String], rows: [CSVRow], headerLine: Int = 1,
                separator: Character = ",", encoding: TextDecoding.Encoding = .utf8) {
        self.file = file
        self.header = header
        self.rows = rows
        self.headerLine = headerLine
        self.separator = separator
        self.encoding = encoding
    }

    /// Reads and parses a file; an unreadable file is `.missingInput`.
    public static func read(path: String) throws -> CSVTable {
        if let t = try readWorkbookIfAny(path: path) { return t }  // .xlsx: WorkbookInput.swift
        return try parse(TextDecoding.readFile(path), file: path)
    }

    /// Parses bytes; `file` names the input in errors.
    public static func parse(_ data: Data, file: String) throws -> CSVTable {
        let (text, encoding) = try TextDecoding.decode(data, file: file)
        let (records, separator) = try records(text, file: file)
        guard let first = records.first else {
            throw DimensioneringError.badData(SourceLocation(file: file), "file is empty")
        }
        var header = first.fields.map { $0.trimmingBlanks() }
        var dropped = 0
        while header.count > 1, header.last == "" { header.removeLast(); dropped += 1 }
        let index = ColumnIndex(header)
        // Danish number notation (`1.867.948`, `2,5`): in ';'-separated files, and in tab-separated
        // files that have a decimal comma somewhere.
        let danish = separator == ";" || (separator == "\t" && records.dropFirst().contains { r in
            r.fields.contains { DecimalText.hasDecimalComma($0) }
        })
        var rows: [CSVRow] = []
        rows.reserveCapacity(records.count - 1)
        for rec in records.dropFirst() {
            var fields = rec.fields
            if fields.count == header.count + dropped && dropped > 0 {
                let extra = fields.suffix(dropped)
                if extra.allSatisfy({ $0.isEmpty }) {
                    fields.removeLast(dropped)
                } else {
                    throw DimensioneringError.badData(
                        SourceLocation(file: file, line: rec.line),
                        "a value in a column with no name in the header; give the column a name or remove the value")
                }
            }
            guard fields.count == header.count else {
                let sepName = separator == "\t" ? "tab" : "'\(separator)'"
                throw DimensioneringError.badData(
                    SourceLocation(file: file, line: rec.line),
                    "expected \(header.count) field\(header.count == 1 ? "" : "s") (\(quotedList(header))) separated by \(sepName), found \(fields.count)"
                        + (fields.count > header.count ? "; quote values that contain \(sepName)" : ""))
            }
            var row = CSVRow(file: file, line: rec.line, fields: fields, columns: index, separator: separator)
            row.danishNumbers = danish
            rows.append(row)
        }
        return CSVTable(file: file, header: header, rows: rows, headerLine: first.line,
                        separator: separator, encoding: encoding)
    }

    /// Index of a column, matched case-insensitively after trimming.
    public func columnIndex(_ name: String) -> Int? {
        ColumnIndex(header).index(of: name)
    }

    public func hasColumn(_ name: String) -> Bool { columnIndex(name) != nil }

    /// Checks the header: every `names` column present, no column outside `names + optional`,
    /// no column twice. Errors name the header line and the column, and suggest the closest name.
    public func requireColumns(_ names: [String], optional: [String] = []) throws {
        let known = names + optional
        let norm = { (s: String) in s.trimmingBlanks().lowercased() }
        var seen: [String: Int] = [:]
        for (i, h) in header.enumerated() {
            if let j = seen[norm(h)] {
                throw DimensioneringError.badData(
                    SourceLocation(file: file, line: headerLine, field: h),
                    "column '\(h)' appears twice (columns \(j + 1) and \(i + 1))")
            }
            seen[norm(h)] = i
        }
        let unknown = header.filter { h in !known.contains { norm($0) == norm(h) } }
        for name in names where !hasColumn(name) {
            var msg = "missing column '\(name)'; found \(quotedList(header))"
            if let s = EditDistance.suggestion(for: name, among: unknown) {
                msg += " — did you mean '\(name)' instead of '\(s)'?"
            } else if header.count == 1, header[0].contains(where: { ",;\t".contains($0) }) == false,
                      names.count > 1 {
                msg += " (only one column: is the separator one of ',', ';' or tab?)"
            }
            throw DimensioneringError.badData(SourceLocation(file: file, line: headerLine, field: name), msg)
        }
        if let u = unknown.first {
            var msg = "unknown column '\(u)'; expected \(quotedList(known))"
            if let s = EditDistance.suggestion(for: u, among: known) { msg += " — did you mean '\(s)'?" }
            throw DimensioneringError.badData(SourceLocation(file: file, line: headerLine, field: u), msg)
        }
    }

    // MARK: - Tokenizer

    struct Record { var line: Int; var fields: [String] }

    static func detectSeparator(_ scalars: [Unicode.Scalar]) -> Character {
        var counts: [Unicode.Scalar: Int] = [";": 0, "\t": 0, ",": 0]
        var inQuotes = false
        var sawContent = false
        for s in scalars {
            if s == "\"" { inQuotes.toggle(); sawContent = true; continue }
            if !inQuotes && (s == "\n" || s == "\r") {
                if sawContent { break } else { continue }
            }
            if !inQuotes, counts[s] != nil { counts[s]! += 1 }
            if s != " " { sawContent = true }
        }
        var best: Unicode.Scalar = ","
        var bestCount = 0
        for c in [";", "\t", ","] as [Unicode.Scalar] where counts[c]! > bestCount {
            best = c
            bestCount = counts[c]!
        }
        return Character(best)
    }

    static func records(_ text: String, file: String) throws -> ([Record], Character) {
        let scalars = Array(text.unicodeScalars)
        let sepChar = detectSeparator(scalars)
        let sep = sepChar.unicodeScalars.first!
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var fieldQuoted = false
        var line = 1
        var recordLine = 1
        var i = 0
        let n = scalars.count
        var atFieldStart = true

        func endField() {
            var s = String(field)
            if !fieldQuoted { s = s.trimmingSpacesAndTabs() }
            fields.append(s)
            field = String.UnicodeScalarView()
            fieldQuoted = false
            atFieldStart = true
        }
        func endRecord() {
            endField()
            let blank = fields.allSatisfy { $0.isEmpty } && !anyQuoted
            if !blank { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            anyQuoted = false
        }
        var anyQuoted = false

        while i < n {
            let c = scalars[i]
            if atFieldStart && c == "\"" || (atFieldStart && (c == " " || c == "\t") && c != sep
                                            && nextNonBlankIsQuote(scalars, i)) {
                // Skip blanks before an opening quote.
                while scalars[i] != "\"" { i += 1 }
                let quoteLine = line
                i += 1
                fieldQuoted = true
                anyQuoted = true
                atFieldStart = false
                var closed = false
                while i < n {
                    let q = scalars[i]
                    if q == "\"" {
                        if i + 1 < n && scalars[i + 1] == "\"" {
                            field.append("\""); i += 2; continue
                        }
                        closed = true; i += 1; break
                    }
                    if q == "\r" {
                        line += 1
                        if i + 1 < n && scalars[i + 1] == "\n" { field.append("\r"); field.append("\n"); i += 2; continue }
                    } else if q == "\n" { line += 1 }
                    field.append(q)
                    i += 1
                }
                if !closed {
                    throw DimensioneringError.badData(
                        SourceLocation(file: file, line: quoteLine),
                        "unterminated quoted field: the '\"' opened on this line is never closed")
                }
                // After the closing quote: blanks, then a separator or end of line.
                while i < n && (scalars[i] == " " || scalars[i] == "\t") && scalars[i] != sep { i += 1 }
                if i < n && scalars[i] != sep && scalars[i] != "\n" && scalars[i] != "\r" {
                    throw DimensioneringError.badData(
                        SourceLocation(file: file, line: line),
                        "unexpected text after a closing quote; inside a quoted field write a quote as \"\"")
                }
                continue
            }
            if c == sep {
                endField(); i += 1; continue
            }
            if c == "\n" || c == "\r" {
                endRecord()
                if c == "\r" && i + 1 < n && scalars[i + 1] == "\n" { i += 1 }
                i += 1
                line += 1
                recordLine = line
                continue
            }
            field.append(c)
            atFieldStart = false
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty || fieldQuoted { endRecord() }
        return (records, sepChar)
    }

    private static func nextNonBlankIsQuote(_ s: [Unicode.Scalar], _ start: Int) -> Bool {
        var j = start
        while j < s.count && (s[j] == " " || s[j] == "\t") { j += 1 }
        return j < s.count && s[j] == "\""
    }
}

/// Case-insensitive lookup of header names, shared by all rows of a table.
public struct ColumnIndex: Sendable {
    private var map: [String: Int] = [:]
    public init(_ header: [String]) {
        for (i, h) in header.enumerated() {
            let k = h.trimmingBlanks().lowercased()
            if map[k] == nil { map[k] = i }
        }
    }
    public func index(of name: String) -> Int? {
        map[name.trimmingBlanks().lowercased()]
    }
}

/// One record of a `CSVTable`. The typed accessors throw `.badData` naming file, line and column.
public struct CSVRow: Sendable {
    public var file: String
    /// Physical line where the record starts (1-based).
    public var line: Int
    public var fields: [String]
    public var columns: ColumnIndex
    public var separator: Character
    /// Numbers are written the Danish way: `.` groups thousands, `,` is the decimal mark.
    public var danishNumbers: Bool

    public init(file: String, line: Int, fields: [String], columns: ColumnIndex, separator: Character = ",") {
        self.file = file
        self.line = line
        self.fields = fields
        self.columns = columns
        self.separator = separator
        self.danishNumbers = separator == ";"
    }

    /// The field of a column (case-insensitive name), or nil when the table has no such column.
    public subscript(_ column: String) -> String? {
        guard let i = columns.index(of: column), i < fields.count else { return nil }
        return fields[i]
    }

    func location(_ field: String?) -> SourceLocation {
        SourceLocation(file: file, line: line, field: field)
    }

    /// A non-empty text field.
    public func string(_ field: String) throws -> String {
        guard let v = self[field] else {
            throw DimensioneringError.badData(location(field), "no column '\(field)' in this file")
        }
        let t = v.trimmingBlanks()
        guard !t.isEmpty else { throw DimensioneringError.badData(location(field), "value is empty") }
        if let bad = CSVRow.firstControlCharacter(t) {
            throw DimensioneringError.badData(location(field),
                "the value contains the control character \(bad) (invisible in most programs); remove it")
        }
        return t
    }

    /// A whole number such as `1234`. Negative numbers only with `allowNegative`.
    public func int(_ field: String, allowNegative: Bool = false) throws -> Int {
        let raw = try string(field)
        return try CSVRow.parseInt(danishNumbers ? DecimalText.danishWholeNumber(raw, at: location(field)) : raw,
                                   allowNegative: allowNegative, at: location(field))
    }

    /// `int(_:)`, or nil when the column is absent or the field empty.
    public func optionalInt(_ field: String, allowNegative: Bool = false) throws -> Int? {
        guard let v = self[field], !v.trimmingBlanks().isEmpty else { return nil }
        return try int(field, allowNegative: allowNegative)
    }

    /// A finite non-negative decimal number, returned as normalised dot-decimal text (see
    /// `DecimalText.normalise`). The engine parses the text exactly; it never goes through Double.
    public func decimal(_ field: String) throws -> String {
        let raw = try string(field)
        if danishNumbers {
            return try DecimalText.normalise(DecimalText.fromDanish(raw, at: location(field)), allowDecimalComma: false, at: location(field))
        }
        return try DecimalText.normalise(raw, allowDecimalComma: separator != ",", at: location(field))
    }

    /// `decimal(_:)`, or nil when the column is absent or the field empty.
    public func optionalDecimal(_ field: String) throws -> String? {
        guard let v = self[field], !v.trimmingBlanks().isEmpty else { return nil }
        return try decimal(field)
    }

    /// The first control character (C0, DEL, C1, or a bidirectional override such as U+202E)
    /// in `s`, as "U+001B"; nil if none. Such characters in ids would reach terminals, CSV,
    /// Markdown and models unseen.
    public static func firstControlCharacter(_ s: String) -> String? {
        for u in s.unicodeScalars {
            let v = u.value
            if v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
                || v == 0x200E || v == 0x200F || v == 0x2028 || v == 0x2029 {
                let h = String(v, radix: 16, uppercase: true)
                return "U+" + String(repeating: "0", count: max(0, 4 - h.count)) + h
            }
        }
        return nil
    }

    static func parseInt(_ raw: String, allowNegative: Bool, at loc: SourceLocation) throws -> Int {
        var s = Substring(raw)
        var negative = false
        if s.first == "+" { s = s.dropFirst() } else if s.first == "-" { negative = true; s = s.dropFirst() }
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            var hint = ""
            if s.contains(".") || s.contains(",") {
                hint = " (a whole number is required: no decimals, no thousands separators)"
            } else if s.contains(" ") {
                hint = " (write the number without spaces)"
            }
            throw DimensioneringError.badData(loc, "'\(raw)' is not a whole number\(hint)")
        }
        if negative && !allowNegative {
            throw DimensioneringError.badData(loc, "'\(raw)' is negative; a count cannot be negative")
        }
        guard let v = Int(s), s.count <= 18 else {
            throw DimensioneringError.badData(loc, "'\(raw)' is too large")
        }
        return negative ? -v : v
    }
}

/// Validation and normalisation of decimal numbers read from inputs.
///
/// Output form ("dot-decimal text"): plain digits with an optional `.` fraction, no sign, no
/// exponent, no leading zeros (except a single `0` before the point), no trailing fractional
/// zeros: `1234,5` → `1234.5`, `1e-9` → `0.000000001`, `1.5E12` → `1500000000000`, `007.50` → `7.5`.
public enum DecimalText {
    /// At most this many significant digits, and an exponent within ±`maximumExponent`.
    public static let maximumDigits = 40
    public static let maximumExponent = 40

    /// `2,5` or `1.000,25`: digits, a comma, digits (possibly with thousands dots).
    static func hasDecimalComma(_ raw: String) -> Bool {
        let t = raw.trimmingBlanks()
        let parts = t.split(separator: ",", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && parts[0].allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "." } && parts[1].allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// A Danish number as dot-decimal text: thousands dots removed (they must group by three:
    /// `1.000`, `1.867.948`), the decimal comma made a point (`2,5` → `2.5`, `1.000,5` → `1000.5`).
    /// A dot that does not group thousands (`1.5`, `0.25`, `1.00`) is ambiguous in a Danish file
    /// and refused rather than read as another number. Exponents (`1e-9`) pass unchanged.
    public static func fromDanish(_ raw: String, at loc: SourceLocation) throws -> String {
        let s = raw.trimmingBlanks()
        guard s.contains(".") else { return s.replacingOccurrences(of: ",", with: ".") }
        var body = Substring(s)
        var sign = ""
        if body.first == "+" || body.first == "-" { sign = String(body.first!); body = body.dropFirst() }
        let commaParts = body.split(separator: ",", omittingEmptySubsequences: false)
        let intPart = commaParts[0]
        let groups = intPart.split(separator: ".", omittingEmptySubsequences: false)
        let isDigits = { (g: Substring) in !g.isEmpty && g.allSatisfy { $0.isASCII && $0.isNumber } }
        guard commaParts.count <= 2, groups.count >= 2, isDigits(groups[0]), groups[0].count <= 3, groups[0].first != "0",
              groups.dropFirst().allSatisfy({ $0.count == 3 && isDigits($0) }),
              commaParts.count == 1 || isDigits(commaParts[1]) else {
            throw DimensioneringError.badData(loc,
                "'\(raw)' is ambiguous: in this file (';'-separated or with decimal commas) '.' separates thousands (1.867.948) and ',' is the decimal mark (2,5); write it that way")
        }
        return sign + groups.joined() + (commaParts.count == 2 ? "." + commaParts[1] : "")
    }

    /// A Danish whole number: thousands dots removed (`3.000` → `3000`); other text unchanged
    /// (so that `parseInt` can say what is wrong with it).
    public static func danishWholeNumber(_ raw: String, at loc: SourceLocation) throws -> String {
        let s = raw.trimmingBlanks()
        guard s.contains("."), !s.contains(",") else { return raw }
        return try fromDanish(s, at: loc)
    }

    public static func normalise(_ raw: String, allowDecimalComma: Bool, at loc: SourceLocation) throws -> String {
        let s = raw.trimmingBlanks()
        func fail(_ why: String) -> DimensioneringError {
            .badData(loc, "'\(raw)' is not a valid number: \(why)")
        }
        guard !s.isEmpty else { throw DimensioneringError.badData(loc, "value is empty") }
        let lower = s.lowercased()
        if ["nan", "inf", "infinity", "+inf", "-inf", "+nan", "-nan", "∞"].contains(lower) {
            throw fail("it must be a finite number")
        }
        if s.hasPrefix("-") { throw fail("it must not be negative") }
        var body = Substring(s)
        if body.first == "+" { body = body.dropFirst() }
        var mantissa = body
        var exp = 0
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = body[..<e]
            var t = body[body.index(after: e)...]
            var neg = false
            if t.first == "+" || t.first == "-" { neg = t.first == "-"; t = t.dropFirst() }
            guard !t.isEmpty, t.count <= 4, t.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(t) else {
                throw fail("bad exponent")
            }
            exp = neg ? -v : v
        }
        let commas = mantissa.filter { $0 == "," }.count
        let dots = mantissa.filter { $0 == "." }.count
        if commas + dots > 1 {
            throw fail("more than one '.' or ','; write it without thousands separators, e.g. 1234567.5")
        }
        if commas == 1 {
            guard allowDecimalComma else {
                throw fail("a decimal comma is only accepted in ';'-separated files; use '.'")
            }
        }
        let parts = mantissa.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "." || $0 == "," })
        let intPart = parts[0]
        let fracPart = parts.count > 1 ? parts[1] : ""
        guard !(intPart.isEmpty && fracPart.isEmpty),
              intPart.allSatisfy({ $0.isASCII && $0.isNumber }),
              fracPart.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw fail("expected digits, e.g. 1234.5 or 1e-9")
        }
        var digits = String(intPart) + String(fracPart)
        exp -= fracPart.count
        while digits.count > 1, digits.first == "0" { digits.removeFirst() }
        while digits.count > 1, digits.last == "0" { digits.removeLast(); exp += 1 }
        if digits == "0" { return "0" }
        guard digits.count <= maximumDigits else {
            throw fail("more than \(maximumDigits) significant digits")
        }
        guard abs(exp) <= maximumExponent + maximumDigits, abs(exp + digits.count) <= maximumExponent + 1 else {
            throw fail("too large or too small")
        }
        if exp >= 0 { return digits + String(repeating: "0", count: exp) }
        let point = digits.count + exp
        if point > 0 {
            return String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
        }
        return "0." + String(repeating: "0", count: -point) + digits
    }
}
