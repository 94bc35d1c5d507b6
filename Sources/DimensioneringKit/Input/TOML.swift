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

    /// Moves the table out of this node (leaving a placeholder), so that it can be changed
    /// without a copy; put it back with `value = .table(t)`. Nil (and no change) if not a table.
    mutating func takeTable() -> TOMLTable? {
        guard case .table(let t) = value else { return nil }
        value = .bool(false)
        return t
    }

    /// `takeTable` for arrays.
    mutating func takeArray() -> [TOMLNode]? {
        guard case .array(let a) = value else { return nil }
        value = .bool(false)
        return a
    }

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

    /// Runs `body` on the node of `key` in place (no copy of the node's table), which keeps
    /// building a table linear in its size. The key must exist.
    mutating func modify<R>(_ key: String, _ body: (inout TOMLNode) throws -> R) rethrows -> R {
        try body(&storage[key]!)
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
    /// Nesting limit: arrays and inline tables inside each other, and the parts of a table path
    /// (`[a.b.c]`, or the current table plus a dotted key). Scenario files use fewer than 6.
    public static let maximumDepth = 64
    /// The longest key, in characters.
    public static let maximumKeyLength = 1024
    /// The longest bare value (number, boolean), in characters.
    public static let maximumScalarLength = 256
    /// The largest scenario file read, in bytes.
    public static let maximumFileSize = 8 << 20

    public static func parse(_ text: String, file: String) throws -> TOMLTable {
        var p = TOMLParser(text: text, file: file)
        return try p.parseDocument()
    }

    public static func read(path: String) throws -> TOMLTable {
        let data = try TextDecoding.readFile(path, limit: maximumFileSize)
        let (text, _) = try TextDecoding.decode(data, file: path)
        return try parse(text, file: path)
    }
}

/// Builds the `.badData` errors of one TOML file (kept apart from the parser so that tables can
/// be modified in place without the parser's copy of them being retained).
struct TOMLErrorContext {
    let file: String
    func error(_ msg: String, line: Int) -> DimensioneringError {
        .badData(SourceLocation(file: file, line: line), msg)
    }
}

struct TOMLParser {
    let s: [Unicode.Scalar]
    let file: String
    var i = 0
    var line = 1
    var root = TOMLTable(line: 0, path: [], origin: .root)
    var current: [String] = []
    /// Arrays and inline tables currently open.
    var depth = 0
    var ctx: TOMLErrorContext { TOMLErrorContext(file: file) }

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
                if current.count + path.count > TOML.maximumDepth {
                    throw error("the key '\(show(path))' under [\(show(current))] nests tables more than \(TOML.maximumDepth) deep", line: startLine)
                }
                try Self.insert(into: &root, at: current, key: path, node: node, ctx: ctx, inline: false)
                try expectEndOfLine(after: "the value of '\(show(path))'")
            }
        }
        return root
    }

    func show(_ path: [String]) -> String { Self.show(path) }
    static func show(_ path: [String]) -> String { path.map(TOMLTable.displayKey).joined(separator: ".") }

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
        var path = [try checkedKey()]
        while true {
            skipSpaces()
            guard peek == "." else { return path }
            if path.count >= TOML.maximumDepth {
                throw error("a dotted key with more than \(TOML.maximumDepth) parts; tables nest at most \(TOML.maximumDepth) deep")
            }
            i += 1
            skipSpaces()
            path.append(try checkedKey())
        }
    }

    mutating func checkedKey() throws -> String {
        let k = try parseSimpleKey()
        if k.unicodeScalars.count > TOML.maximumKeyLength {
            throw error("a key of \(k.unicodeScalars.count) characters; keys have at most \(TOML.maximumKeyLength)")
        }
        return k
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
    //
    // Tables are modified in place (`TOMLTable.modify`, payloads moved out of their node while
    // changed) so that adding a key never copies the table it goes into: building a document is
    // linear in its size.

    /// Inserts `key` (dotted) = node into the table at `tablePath` (relative to `table`).
    static func insert(into table: inout TOMLTable, at tablePath: [String], key: [String], node: TOMLNode,
                       ctx: TOMLErrorContext, inline: Bool) throws {
        try descend(&table, tablePath[...]) { t in
            try insertDotted(into: &t, key: key[...], node: node, ctx: ctx, inline: inline, prefix: t.path)
        }
    }

    static func insertDotted(into t: inout TOMLTable, key: ArraySlice<String>, node: TOMLNode, ctx: TOMLErrorContext,
                             inline: Bool, prefix: [String]) throws {
        let k = key.first!
        func full() -> String { show(prefix + [k]) }
        if key.count == 1 {
            if let old = t[k] {
                throw ctx.error("duplicate key '\(full())' (first defined at line \(old.line))", line: node.line)
            }
            var n = node
            if var sub = n.takeTable() {
                sub.path = prefix + [k]
                n.value = .table(sub)
            }
            t[k] = n
            return
        }
        if let old = t[k] {
            guard case .table(let existing) = old.value, !old.isTableArray else {
                throw ctx.error("cannot use '\(full())' as a table: it is already \(describe(old)) (line \(old.line))", line: node.line)
            }
            switch existing.origin {
            case .inline:
                throw ctx.error("cannot add keys to the inline table '\(full())' (line \(old.line)) after it is closed", line: node.line)
            case .header where !inline:
                throw ctx.error("cannot add to the table [\(full())] (line \(old.line)) with a dotted key from outside it; write the key under its header", line: node.line)
            default: break
            }
        } else {
            let sub = TOMLTable(line: node.line, path: prefix + [k], origin: inline ? .inline : .dotted)
            t[k] = TOMLNode(value: .table(sub), line: node.line)
        }
        try t.modify(k) { n in
            guard var sub = n.takeTable() else { throw DimensioneringError.internalError("TOML: lost table \(k)") }
            defer { n.value = .table(sub) }
            if sub.origin == .implicit { sub.origin = .dotted }
            try insertDotted(into: &sub, key: key.dropFirst(), node: node, ctx: ctx, inline: inline, prefix: prefix + [k])
        }
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
    static func descend(_ t: inout TOMLTable, _ path: ArraySlice<String>,
                        _ body: (inout TOMLTable) throws -> Void) throws {
        guard let k = path.first else { try body(&t); return }
        guard t[k] != nil else { throw DimensioneringError.internalError("TOML: lost table \(k)") }
        try t.modify(k) { node in
            if var sub = node.takeTable() {
                defer { node.value = .table(sub) }
                try descend(&sub, path.dropFirst(), body)
            } else if node.isTableArray, var items = node.takeArray() {
                defer { node.value = .array(items) }
                guard let last = items.indices.last, var lastTable = items[last].takeTable() else {
                    throw DimensioneringError.internalError("TOML: empty table array")
                }
                defer { items[last].value = .table(lastTable) }
                try descend(&lastTable, path.dropFirst(), body)
            } else {
                throw DimensioneringError.internalError("TOML: \(k) is not a table")
            }
        }
    }

    /// Walks `[a.b.c]`'s parents, creating implicit tables, and checks each is a table.
    mutating func prepareParents(_ path: [String], line l: Int) throws {
        let ctx = self.ctx
        var walked: [String] = []
        for k in path.dropLast() {
            let parent = walked
            walked.append(k)
            let here = walked
            try Self.descend(&root, parent[...]) { t in
                if let old = t[k] {
                    if old.isTableArray { return }
                    guard case .table(let sub) = old.value else {
                        throw ctx.error("cannot use '\(Self.show(here))' as a table: it is already \(Self.describe(old)) (line \(old.line))", line: l)
                    }
                    if sub.origin == .inline {
                        throw ctx.error("cannot add to the inline table '\(Self.show(here))' (line \(old.line))", line: l)
                    }
                } else {
                    t[k] = TOMLNode(value: .table(TOMLTable(line: l, path: here, origin: .implicit)), line: l)
                }
            }
        }
    }

    mutating func addTable(_ path: [String], line l: Int) throws {
        try prepareParents(path, line: l)
        let ctx = self.ctx
        let k = path.last!
        let shown = show(path)
        try Self.descend(&root, path.dropLast()[...]) { t in
            if let old = t[k] {
                guard case .table(let existing) = old.value, !old.isTableArray else {
                    throw ctx.error("cannot define the table [\(shown)]: '\(shown)' is already \(Self.describe(old)) (line \(old.line))", line: l)
                }
                switch existing.origin {
                case .header, .root:
                    throw ctx.error("the table [\(shown)] is defined twice (first at line \(old.line))", line: l)
                case .dotted:
                    throw ctx.error("the table [\(shown)] was already defined with dotted keys (line \(old.line))", line: l)
                case .inline:
                    throw ctx.error("the table [\(shown)] was already defined as an inline table (line \(old.line))", line: l)
                case .implicit:
                    t.modify(k) { node in
                        guard var sub = node.takeTable() else { return }
                        sub.origin = .header
                        sub.line = l
                        node.value = .table(sub)
                        node.line = l
                    }
                }
            } else {
                t[k] = TOMLNode(value: .table(TOMLTable(line: l, path: path, origin: .header)), line: l)
            }
        }
    }

    /// Nil for an array of tables; else what the node is, for messages. (A function, so that no
    /// copy of the node outlives the check and the array can then be appended to in place.)
    static func notATableArray(_ old: TOMLNode) -> String? {
        if old.isTableArray, case .array = old.value { return nil }
        return "\(describe(old)) (line \(old.line))"
    }

    mutating func addTableArray(_ path: [String], line l: Int) throws {
        try prepareParents(path, line: l)
        let ctx = self.ctx
        let k = path.last!
        let shown = show(path)
        try Self.descend(&root, path.dropLast()[...]) { t in
            let fresh = TOMLNode(value: .table(TOMLTable(line: l, path: path, origin: .header)), line: l)
            if t[k] != nil {
                if let problem = Self.notATableArray(t[k]!) {
                    throw ctx.error("cannot use [[\(shown)]]: '\(shown)' is already \(problem)", line: l)
                }
                t.modify(k) { node in
                    guard var items = node.takeArray() else { return }
                    items.append(fresh)
                    node.value = .array(items)
                }
            } else {
                var node = TOMLNode(value: .array([fresh]), line: l)
                node.isTableArray = true
                t[k] = node
            }
        }
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
        case "[", "{":
            if depth >= TOML.maximumDepth {
                throw error("arrays and inline tables nested more than \(TOML.maximumDepth) deep for the key '\(key)'")
            }
            depth += 1
            defer { depth -= 1 }
            if c == "[" { return .array(try parseArray(key: key)) }
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
            try Self.insertDotted(into: &t, key: path[...], node: node, ctx: ctx, inline: true, prefix: [])
            try skipBlankLines()
            guard let d = peek else { throw error("unterminated inline table: the '{' opened here is never closed", line: start) }
            if d == "," { i += 1; continue }
            if d == "}" { i += 1; return t }
            throw error("expected ',' or '}' in the inline table '\(key)', found '\(Character(d))'")
        }
    }

    mutating func parseScalar(key: String) throws -> TOMLValue {
        var tok = ""
        var length = 0
        while let c = peek, Self.isBareKeyScalar(c) || c == "+" || c == "." || c == ":" {
            length += 1
            if length > TOML.maximumScalarLength {
                throw error("a value of more than \(TOML.maximumScalarLength) characters for the key '\(key)'; text must be in quotes")
            }
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
