import Foundation

/// A TOML value. Floats keep their text (underscores removed) so that decimals stay exact:
/// `share = 0.1` is `.float(text: "0.1")`, never the binary double nearest to 0.1.
public indirect enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case float(text: String)
    case bool(Bool)
    case array([TOMLNode])
    case table(TOMLTable)

    /// "string", "integer", "float", "boolean", "array", "table" — for error messages.
    public var typeName: String {
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .float: return "float"
        case .bool: return "boolean"
        case .array: return "array"
        case .table: return "table"
        }
    }
}

/// A value with the (1-based) line where it was defined: the key's line, the `[table]` header's
/// line, or, for array elements, the element's own line.
public struct TOMLNode: Sendable, Equatable {
    public var value: TOMLValue
    public var line: Int
    /// Created by `[[header]]` (may be appended to by later headers).
    var isTableArray: Bool = false

    public init(value: TOMLValue, line: Int) {
        self.value = value
        self.line = line
    }

    public static func == (a: TOMLNode, b: TOMLNode) -> Bool { a.value == b.value && a.line == b.line }

    public var string: String? { if case .string(let s) = value { return s }; return nil }
    public var integer: Int? { if case .integer(let v) = value { return v }; return nil }
    public var bool: Bool? { if case .bool(let v) = value { return v }; return nil }
    public var array: [TOMLNode]? { if case .array(let v) = value { return v }; return nil }
    public var table: TOMLTable? { if case .table(let v) = value { return v }; return nil }
    /// An integer or a float as exact decimal text ("12", "0.25", "1e-9"); nil for other types.
    public var numberText: String? {
        switch value {
        case .integer(let v): return String(v)
        case .float(let t): return t
        default: return nil
        }
    }
}

/// A TOML table: keys in the order written, each with its node.
public struct TOMLTable: Sendable, Equatable {
    public private(set) var keys: [String] = []
    private var storage: [String: TOMLNode] = [:]
    /// The line of the `[header]` (or of the first dotted key / inline table); 0 for the root.
    public var line: Int
    /// Dotted path from the root, e.g. ["key", "weights"].
    public var path: [String]

    enum Origin: Sendable { case root, header, implicit, dotted, inline }
    var origin: Origin

    init(line: Int, path: [String], origin: Origin) {
        self.line = line
        self.path = path
        self.origin = origin
    }

    public static func == (a: TOMLTable, b: TOMLTable) -> Bool { a.keys == b.keys && a.storage == b.storage }

    public subscript(_ key: String) -> TOMLNode? {
        get { storage[key] }
        set {
            if let newValue {
                if storage[key] == nil { keys.append(key) }
                storage[key] = newValue
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// Keys of this table that are not in `allowed`, with their line and the closest allowed key.
    public func unknownKeys(allowed: [String]) -> [(key: String, line: Int, suggestion: String?)] {
        keys.filter { !allowed.contains($0) }.map { k in
            (k, storage[k]!.line, EditDistance.suggestion(for: k, among: allowed))
        }
    }

    /// "key.weights" for messages; `key` appended when given.
    public func dottedPath(_ key: String? = nil) -> String {
        (path + (key.map { [$0] } ?? [])).map(TOMLTable.displayKey).joined(separator: ".")
    }

    static func displayKey(_ k: String) -> String {
        let bare = !k.isEmpty && k.unicodeScalars.allSatisfy { TOMLParser.isBareKeyScalar($0) }
        return bare ? k : "\"" + k.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// A hand-written parser for TOML 1.0 as people write scenario files, minus dates and times.
/// Every error is `.badData(file:line:)` with the problem in words.
public enum TOML {
    public static func parse(_ text: String, file: String) throws -> TOMLTable {
        var p = TOMLParser(text: text, file: file)
        return try p.parseDocument()
    }

    public static func read(path: String) throws -> TOMLTable {
        let (text, _) = TextDecoding.decode(try TextDecoding.readFile(path))
        return try parse(text, file: path)
    }
}

struct TOMLParser {
    let s: [Unicode.Scalar]
    let file: String
    var i = 0
    var line = 1
    var root = TOMLTable(line: 0, path: [], origin: .root)
    var current: [String] = []

    init(text: String, file: String) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        self.s = scalars
        self.file = file
    }

    func error(_ msg: String, line l: Int? = nil) -> DimensioneringError {
        .badData(SourceLocation(file: file, line: l ?? line), msg)
    }

    var peek: Unicode.Scalar? { i < s.count ? s[i] : nil }
    func peek(_ k: Int) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }

    static func isBareKeyScalar(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "-"
    }

    mutating func skipSpaces() {
        while let c = peek, c == " " || c == "\t" { i += 1 }
    }

    mutating func skipComment() {
        if peek == "#" { while let c = peek, c != "\n", c != "\r" { i += 1 } }
    }

    /// Consumes a newline (LF or CRLF); false if none.
    mutating func newline() -> Bool {
        if peek == "\n" { i += 1; line += 1; return true }
        if peek == "\r" && peek(1) == "\n" { i += 2; line += 1; return true }
        return false
    }

    /// Blanks, comments and newlines (inside arrays and between statements).
    mutating func skipBlankLines() throws {
        while true {
            skipSpaces()
            skipComment()
            if newline() { continue }
            if peek == "\r" { throw error("a carriage return must be followed by a line feed") }
            return
        }
    }

    mutating func expectEndOfLine(after what: String) throws {
        skipSpaces()
        skipComment()
        if peek == nil || newline() { return }
        throw error("expected the end of the line after \(what), found '\(Character(peek!))'")
    }

    // MARK: Document

    mutating func parseDocument() throws -> TOMLTable {
        while true {
            try skipBlankLines()
            guard let c = peek else { break }
            let startLine = line
            if c == "[" {
                let array = peek(1) == "["
                i += array ? 2 : 1
                skipSpaces()
                let path = try parseKeyPath()
                skipSpaces()
                if array {
                    guard peek == "]" && peek(1) == "]" else { throw error("expected ']]' to close the header [[\(show(path))]]") }
                    i += 2
                    try addTableArray(path, line: startLine)
                } else {
                    guard peek == "]" else { throw error("expected ']' to close the header [\(show(path))]") }
                    i += 1
                    try addTable(path, line: startLine)
                }
                current = path
                try expectEndOfLine(after: array ? "[[\(show(path))]]" : "[\(show(path))]")
            } else {
                let (path, node) = try parseKeyValue()
                try Self.insert(into: &root, at: current, key: path, node: node, parser: self, inline: false)
                try expectEndOfLine(after: "the value of '\(show(path))'")
            }
        }
        return root
    }

    func show(_ path: [String]) -> String { path.map(TOMLTable.displayKey).joined(separator: ".") }

    // MARK: Keys

    mutating func parseSimpleKey() throws -> String {
        guard let c = peek else { throw error("expected a key, found the end of the file") }
        if c == "\"" {
            if peek(1) == "\"" && peek(2) == "\"" { throw error("a key cannot be a multi-line string") }
            return try parseBasicString()
        }
        if c == "'" {
            if peek(1) == "'" && peek(2) == "'" { throw error("a key cannot be a multi-line string") }
            return try parseLiteralString()
        }
        var k = String.UnicodeScalarView()
        while let c = peek, Self.isBareKeyScalar(c) { k.append(c); i += 1 }
        if k.isEmpty {
            if c == "=" { throw error("missing key before '='") }
            if c == "\n" || c == "\r" { throw error("expected a key") }
            throw error("invalid character '\(Character(c))' in a key; use letters, digits, '_' and '-', or put the key in quotes")
        }
        return String(k)
    }

    mutating func parseKeyPath() throws -> [String] {
        var path = [try parseSimpleKey()]
        while true {
            skipSpaces()
            guard peek == "." else { return path }
            i += 1
            skipSpaces()
            path.append(try parseSimpleKey())
        }
    }

    mutating func parseKeyValue() throws -> ([String], TOMLNode) {
        let keyLine = line
        let path = try parseKeyPath()
        skipSpaces()
        guard peek == "=" else {
            if peek == nil || peek == "\n" || peek == "\r" || peek == "#" {
                throw error("expected '=' after the key '\(show(path))'")
            }
            throw error("expected '=' after the key '\(show(path))', found '\(Character(peek!))'")
        }
        i += 1
        skipSpaces()
        let value = try parseValue(key: show(path))
        return (path, TOMLNode(value: value, line: keyLine))
    }

    // MARK: Tables

    /// Inserts `key` (dotted) = node into the table at `tablePath` (relative to `table`).
    static func insert(into table: inout TOMLTable, at tablePath: [String], key: [String], node: TOMLNode,
                       parser: TOMLParser, inline: Bool) throws {
        try descend(&table, tablePath[...], parser: parser) { t in
            var t2 = t
            try insertDotted(into: &t2, key: key[...], node: node, parser: parser, inline: inline, prefix: t.path)
            t = t2
        }
    }

    static func insertDotted(into t: inout TOMLTable, key: ArraySlice<String>, node: TOMLNode, parser: TOMLParser,
                             inline: Bool, prefix: [String]) throws {
        let k = key.first!
        let full = parser.show(prefix + [k])
        if key.count == 1 {
            if let old = t[k] {
                throw parser.error("duplicate key '\(full)' (first defined at line \(old.line))", line: node.line)
            }
            var n = node
            if case .table(var sub) = n.value {
                sub.path = prefix + [k]
                n.value = .table(sub)
            }
            t[k] = n
            return
        }
        var sub: TOMLTable
        if let old = t[k] {
            guard case .table(let existing) = old.value, !old.isTableArray else {
                throw parser.error("cannot use '\(full)' as a table: it is already \(describe(old)) (line \(old.line))", line: node.line)
            }
            switch existing.origin {
            case .inline:
                throw parser.error("cannot add keys to the inline table '\(full)' (line \(old.line)) after it is closed", line: node.line)
            case .header where !inline:
                throw parser.error("cannot add to the table [\(full)] (line \(old.line)) with a dotted key from outside it; write the key under its header", line: node.line)
            default: break
            }
            sub = existing
        } else {
            sub = TOMLTable(line: node.line, path: prefix + [k], origin: inline ? .inline : .dotted)
        }
        if sub.origin == .implicit { sub.origin = .dotted }
        try insertDotted(into: &sub, key: key.dropFirst(), node: node, parser: parser, inline: inline, prefix: prefix + [k])
        let oldLine = t[k]?.line ?? node.line
        t[k] = TOMLNode(value: .table(sub), line: oldLine)
    }

    static func describe(_ n: TOMLNode) -> String {
        if n.isTableArray { return "an array of tables" }
        switch n.value {
        case .table: return "a table"
        case .array: return "an array"
        case .integer: return "an integer value"
        default: return "a \(n.value.typeName) value"
        }
    }

    /// Runs `body` on the table at `path`, descending into the last element of arrays of tables.
    static func descend(_ t: inout TOMLTable, _ path: ArraySlice<String>, parser: TOMLParser,
                        _ body: (inout TOMLTable) throws -> Void) throws {
        guard let k = path.first else { try body(&t); return }
        guard var node = t[k] else { throw DimensioneringError.internalError("TOML: lost table \(k)") }
        switch node.value {
        case .table(var sub):
            try descend(&sub, path.dropFirst(), parser: parser, body)
            node.value = .table(sub)
        case .array(var items) where node.isTableArray:
            guard case .table(var last)? = items.last?.value else { throw DimensioneringError.internalError("TOML: empty table array") }
            try descend(&last, path.dropFirst(), parser: parser, body)
            items[items.count - 1].value = .table(last)
            node.value = .array(items)
        default:
            throw DimensioneringError.internalError("TOML: \(k) is not a table")
        }
        t[k] = node
    }

    /// Walks `[a.b.c]`'s parents, creating implicit tables, and checks each is a table.
    mutating func prepareParents(_ path: [String], line l: Int) throws {
        var r = root
        let me = self
        defer { root = r }
        var walked: [String] = []
        for k in path.dropLast() {
            let parent = walked
            walked.append(k)
            let shown = show(walked)
            var failure: DimensioneringError?
            try Self.descend(&r, parent[...], parser: me) { t in
                if let old = t[k] {
                    if old.isTableArray { return }
                    guard case .table(let sub) = old.value else {
                        failure = me.error("cannot use '\(shown)' as a table: it is already \(Self.describe(old)) (line \(old.line))", line: l)
                        return
                    }
                    if sub.origin == .inline {
                        failure = me.error("cannot add to the inline table '\(shown)' (line \(old.line))", line: l)
                    }
                } else {
                    t[k] = TOMLNode(value: .table(TOMLTable(line: l, path: walked, origin: .implicit)), line: l)
                }
            }
            if let failure { throw failure }
        }
    }

    mutating func addTable(_ path: [String], line l: Int) throws {
        try prepareParents(path, line: l)
        var r = root
        let me = self
        defer { root = r }
        let k = path.last!
        let shown = show(path)
        var failure: DimensioneringError?
        try Self.descend(&r, path.dropLast()[...], parser: me) { t in
            if let old = t[k] {
                guard case .table(var sub) = old.value, !old.isTableArray else {
                    failure = me.error("cannot define the table [\(shown)]: '\(shown)' is already \(Self.describe(old)) (line \(old.line))", line: l)
                    return
                }
                switch sub.origin {
                case .header, .root:
                    failure = me.error("the table [\(shown)] is defined twice (first at line \(old.line))", line: l)
                case .dotted:
                    failure = me.error("the table [\(shown)] was already defined with dotted keys (line \(old.line))", line: l)
                case .inline:
                    failure = me.error("the table [\(shown)] was already defined as an inline table (line \(old.line))", line: l)
                case .implicit:
                    sub.origin = .header
                    sub.line = l
                    t[k] = TOMLNode(value: .table(sub), line: l)
                }
            } else {
                t[k] = TOMLNode(value: .table(TOMLTable(line: l, path: path, origin: .header)), line: l)
            }
        }
        if let failure { throw failure }
    }

    mutating func addTableArray(_ path: [String], line l: Int) throws {
        try prepareParents(path, line: l)
        var r = root
        let me = self
        defer { root = r }
        let k = path.last!
        let shown = show(path)
        var failure: DimensioneringError?
        try Self.descend(&r, path.dropLast()[...], parser: me) { t in
            let fresh = TOMLNode(value: .table(TOMLTable(line: l, path: path, origin: .header)), line: l)
            if var old = t[k] {
                guard old.isTableArray, case .array(var items) = old.value else {
                    failure = me.error("cannot use [[\(shown)]]: '\(shown)' is already \(Self.describe(old)) (line \(old.line))", line: l)
                    return
                }
                items.append(fresh)
                old.value = .array(items)
                t[k] = old
            } else {
                var node = TOMLNode(value: .array([fresh]), line: l)
                node.isTableArray = true
                t[k] = node
            }
        }
        if let failure { throw failure }
    }

    // MARK: Values

    mutating func parseValue(key: String) throws -> TOMLValue {
        guard let c = peek, c != "\n", c != "\r", c != "#" else {
            throw error("missing value after '=' for the key '\(key)'")
        }
        switch c {
        case "\"":
            if peek(1) == "\"" && peek(2) == "\"" { return .string(try parseMultilineString(literal: false)) }
            return .string(try parseBasicString())
        case "'":
            if peek(1) == "'" && peek(2) == "'" { return .string(try parseMultilineString(literal: true)) }
            return .string(try parseLiteralString())
        case "[":
            return .array(try parseArray(key: key))
        case "{":
            return .table(try parseInlineTable(key: key))
        default:
            return try parseScalar(key: key)
        }
    }

    mutating func parseBasicString() throws -> String {
        let start = line
        i += 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek else { throw error("unterminated string: the '\"' opened here is never closed", line: start) }
            if c == "\n" || c == "\r" {
                throw error("unterminated string: a \"...\" string must end on the same line (use \"\"\" for text over several lines)", line: start)
            }
            i += 1
            if c == "\"" { return String(out) }
            if c == "\\" { out.append(try parseEscape()) } else { out.append(c) }
        }
    }

    mutating func parseEscape() throws -> Unicode.Scalar {
        guard let e = peek else { throw error("unterminated string") }
        i += 1
        switch e {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "e": return "\u{1B}"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let n = e == "u" ? 4 : 8
            var hex = ""
            for _ in 0..<n {
                guard let h = peek, h.properties.isASCIIHexDigit else {
                    throw error("invalid escape '\\\(e)\(hex)': expected \(n) hexadecimal digits")
                }
                hex.unicodeScalars.append(h)
                i += 1
            }
            guard let v = UInt32(hex, radix: 16), let sc = Unicode.Scalar(v) else {
                throw error("invalid escape '\\\(e)\(hex)': not a Unicode character")
            }
            return sc
        default:
            throw error("invalid escape '\\\(Character(e))' in a string; write a backslash as '\\\\' or use a 'literal string'")
        }
    }

    mutating func parseLiteralString() throws -> String {
        let start = line
        i += 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek else { throw error("unterminated string: the \"'\" opened here is never closed", line: start) }
            if c == "\n" || c == "\r" {
                throw error("unterminated string: a '...' string must end on the same line (use ''' for text over several lines)", line: start)
            }
            i += 1
            if c == "'" { return String(out) }
            out.append(c)
        }
    }

    mutating func parseMultilineString(literal: Bool) throws -> String {
        let start = line
        let q: Unicode.Scalar = literal ? "'" : "\""
        i += 3
        _ = newline()  // a newline right after the opening quotes is not part of the string
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek else {
                throw error("unterminated multi-line string: the \(literal ? "'''" : "\"\"\"") opened here is never closed", line: start)
            }
            if c == q && peek(1) == q && peek(2) == q {
                var n = 3
                while peek(n) == q && n < 5 { n += 1 }
                for _ in 0..<(n - 3) { out.append(q) }
                i += n
                return String(out)
            }
            if c == "\n" { out.append(c); i += 1; line += 1; continue }
            if c == "\r" && peek(1) == "\n" { out.append("\r"); out.append("\n"); i += 2; line += 1; continue }
            if !literal && c == "\\" {
                // A backslash at the end of a line trims the newline and the following blanks.
                var j = i + 1
                while j < s.count, s[j] == " " || s[j] == "\t" { j += 1 }
                if j < s.count, s[j] == "\n" || s[j] == "\r" {
                    i = j
                    while let w = peek, w == " " || w == "\t" || w == "\n" || w == "\r" {
                        if w == "\n" { line += 1 }
                        i += 1
                    }
                    continue
                }
                i += 1
                out.append(try parseEscape())
                continue
            }
            out.append(c)
            i += 1
        }
    }

    mutating func parseArray(key: String) throws -> [TOMLNode] {
        let start = line
        i += 1
        var items: [TOMLNode] = []
        while true {
            try skipBlankLines()
            guard let c = peek else { throw error("unterminated array: the '[' opened here is never closed", line: start) }
            if c == "]" { i += 1; return items }
            let l = line
            let v = try parseValue(key: "\(key)[\(items.count)]")
            items.append(TOMLNode(value: v, line: l))
            try skipBlankLines()
            guard let d = peek else { throw error("unterminated array: the '[' opened here is never closed", line: start) }
            if d == "," { i += 1; continue }
            if d == "]" { i += 1; return items }
            throw error("expected ',' or ']' in the array '\(key)', found '\(Character(d))'")
        }
    }

    mutating func parseInlineTable(key: String) throws -> TOMLTable {
        let start = line
        i += 1
        var t = TOMLTable(line: start, path: [], origin: .inline)
        var first = true
        while true {
            try skipBlankLines()
            guard let c = peek else { throw error("unterminated inline table: the '{' opened here is never closed", line: start) }
            if c == "}" { i += 1; return t }
            if !first {
                // `parseInlineTable` consumed the separator already; a second comma is an error.
                if c == "," { throw error("two commas in a row in the inline table '\(key)'") }
            }
            first = false
            let (path, node) = try parseKeyValue()
            try Self.insertDotted(into: &t, key: path[...], node: node, parser: self, inline: true, prefix: [])
            try skipBlankLines()
            guard let d = peek else { throw error("unterminated inline table: the '{' opened here is never closed", line: start) }
            if d == "," { i += 1; continue }
            if d == "}" { i += 1; return t }
            throw error("expected ',' or '}' in the inline table '\(key)', found '\(Character(d))'")
        }
    }

    mutating func parseScalar(key: String) throws -> TOMLValue {
        var tok = ""
        while let c = peek, Self.isBareKeyScalar(c) || c == "+" || c == "." || c == ":" {
            tok.unicodeScalars.append(c)
            i += 1
        }
        // A date-time may contain a space between date and time.
        if tok.isEmpty { throw error("invalid value for the key '\(key)': unexpected '\(Character(peek!))'") }
        switch tok {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf", "+inf", "-inf", "nan", "+nan", "-nan": return .float(text: tok)
        default: break
        }
        if tok.contains(":") || (tok.count >= 10 && tok.dropFirst(4).first == "-" && tok.prefix(4).allSatisfy(\.isNumber)) {
            throw error("dates and times are not supported for the key '\(key)'; write the value in quotes")
        }
        if let c = tok.first, c.isLetter, !tok.hasPrefix("0") {
            throw error("invalid value '\(tok)' for the key '\(key)': text must be in quotes, e.g. \"\(tok)\"")
        }
        if let v = try parseInteger(tok, key: key) { return .integer(v) }
        if let f = try parseFloat(tok, key: key) { return .float(text: f) }
        if let c = tok.first, c.isLetter {
            throw error("invalid value '\(tok)' for the key '\(key)': text must be in quotes, e.g. \"\(tok)\"")
        }
        throw error("invalid number '\(tok)' for the key '\(key)'")
    }

    /// Digits with single underscores between them; nil when not of that shape.
    func stripUnderscores(_ t: Substring, isDigit: (Character) -> Bool) -> String? {
        guard let f = t.first, let l = t.last, isDigit(f), isDigit(l) else { return nil }
        var out = ""
        var prevUnderscore = false
        for c in t {
            if c == "_" {
                if prevUnderscore { return nil }
                prevUnderscore = true
                continue
            }
            guard isDigit(c) else { return nil }
            prevUnderscore = false
            out.append(c)
        }
        return out
    }

    func parseInteger(_ tok: String, key: String) throws -> Int? {
        var body = Substring(tok)
        var negative = false
        if body.first == "+" || body.first == "-" { negative = body.first == "-"; body = body.dropFirst() }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where body.hasPrefix(prefix) {
            guard tok.first != "+" && tok.first != "-" else { throw error("invalid number '\(tok)' for the key '\(key)': no sign on \(prefix) numbers") }
            let digits = stripUnderscores(body.dropFirst(2)) { Int(String($0), radix: radix) != nil }
            guard let digits, let v = Int(digits, radix: radix) else {
                throw error("invalid number '\(tok)' for the key '\(key)'")
            }
            return v
        }
        guard let digits = stripUnderscores(body, isDigit: { $0.isASCII && $0.isNumber }) else { return nil }
        if digits.count > 1 && digits.first == "0" {
            throw error("invalid number '\(tok)' for the key '\(key)': leading zeros are not allowed")
        }
        guard let v = Int(digits) else {
            throw error("the integer '\(tok)' for the key '\(key)' is too large")
        }
        return negative ? -v : v
    }

    func parseFloat(_ tok: String, key: String) throws -> String? {
        var body = Substring(tok)
        var sign = ""
        if body.first == "+" || body.first == "-" { sign = body.first == "-" ? "-" : ""; body = body.dropFirst() }
        var mantissa = body
        var expPart: Substring?
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = body[..<e]
            expPart = body[body.index(after: e)...]
        }
        let isDigit = { (c: Character) in c.isASCII && c.isNumber }
        let pieces = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count <= 2, pieces.count == 2 || expPart != nil else { return nil }
        guard let intDigits = stripUnderscores(pieces[0], isDigit: isDigit) else {
            throw error("invalid number '\(tok)' for the key '\(key)'")
        }
        if intDigits.count > 1 && intDigits.first == "0" {
            throw error("invalid number '\(tok)' for the key '\(key)': leading zeros are not allowed")
        }
        var text = sign + intDigits
        if pieces.count == 2 {
            guard let frac = stripUnderscores(pieces[1], isDigit: isDigit) else {
                throw error("invalid number '\(tok)' for the key '\(key)': a '.' needs digits on both sides")
            }
            text += "." + frac
        }
        if var e = expPart {
            var esign = ""
            if e.first == "+" || e.first == "-" { esign = e.first == "-" ? "-" : ""; e = e.dropFirst() }
            guard let ed = stripUnderscores(e, isDigit: isDigit) else {
                throw error("invalid number '\(tok)' for the key '\(key)': bad exponent")
            }
            text += "e" + esign + ed
        }
        return text
    }
}
