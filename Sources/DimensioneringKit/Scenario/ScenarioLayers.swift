import BigInt
import Foundation

// MARK: - Layered scenario files (`extends`)

/// One scenario file and the files it extends, child first. A value is looked up in the child,
/// then in its base, and so on; tables are merged key by key. Every value remembers the file it
/// came from, so errors name the right file and line.
public struct ScenarioLayers: Sendable {
    public struct Layer: Sendable {
        public var file: String
        public var table: TOMLTable
        /// Directory of the file: relative paths inside it are resolved against this.
        public var directory: String
        /// The directory as shown to the user ("Scenarios" for the shipped scenarios).
        public var shownDirectory: String = ""
    }

    /// Child first.
    public var layers: [Layer]

    /// A located value: the node, the file it is in and its dotted path.
    public struct Located: Sendable {
        public var node: TOMLNode
        public var file: String
        public var directory: String
        public var shownDirectory: String = ""
        public var path: [String]
        public var field: String { path.map(TOMLTable.displayKey).joined(separator: ".") }
        public var location: SourceLocation { SourceLocation(file: file, line: node.line, field: field) }
    }

    static func subtable(_ t: TOMLTable, _ path: [String]) -> TOMLTable? {
        var cur = t
        for k in path {
            guard let next = cur[k]?.table else { return nil }
            cur = next
        }
        return cur
    }

    /// Tables replaced as a whole by a nearer file instead of merged key by key: a scenario that
    /// overrides `weights` gives all of them.
    public static let atomicTables: Set<String> = ["weights", "values", "totals", "names", "bands"]

    /// The layers that may answer for `path`: all of them, or, below an atomic table, only the
    /// nearest layer that has that table.
    func candidates(_ path: [String]) -> [Layer] {
        for i in path.indices where Self.atomicTables.contains(path[i]) {
            let prefix = Array(path[...i])
            if let first = layers.first(where: { l in
                Self.subtable(l.table, Array(prefix.dropLast()))?[prefix.last!] != nil
            }) { return [first] }
            return []
        }
        return layers
    }

    /// The value at `path` from the first layer that has it (a table at `path` is returned as is;
    /// use `keys(at:)` to merge tables).
    public func get(_ path: [String]) -> Located? {
        for l in candidates(path) {
            guard let parent = Self.subtable(l.table, Array(path.dropLast())), let n = parent[path.last!] else { continue }
            return Located(node: n, file: l.file, directory: l.directory, shownDirectory: l.shownDirectory, path: path)
        }
        return nil
    }

    /// Keys of the (merged) table at `path`, base keys first then new keys in file order.
    public func keys(at path: [String]) -> [String] {
        let tables = candidates(path).reversed().compactMap { Self.subtable($0.table, path) }
        // One table (the usual case, and a 100,000-unit `values`): its keys as they are.
        if tables.count == 1 { return tables[0].keys }
        var out: [String] = []
        var seen = Set<String>()
        for t in tables {
            for k in t.keys where seen.insert(k).inserted { out.append(k) }
        }
        return out
    }

    /// True when some layer has a table at `path`.
    public func hasTable(_ path: [String]) -> Bool { layers.contains { Self.subtable($0.table, path) != nil } }

    /// A value whose kind (table, array of tables, other) differs between a file and the files
    /// it extends is an error at the nearer file: `education = 5` over a base's `[education]`
    /// would otherwise hide the key from the merge and silently give the base's plan.
    func checkTableKinds() throws {
        func kind(_ n: TOMLNode) -> String {
            n.isTableArray ? "an array of tables ([[...]])" : n.table != nil ? "a table" : "a single value"
        }
        func walk(_ t: TOMLTable, _ path: [String], _ layer: Int) throws {
            for k in t.keys {
                let n = t[k]!
                let p = path + [k]
                for base in layers[(layer + 1)...] {
                    guard let parent = Self.subtable(base.table, path), let b = parent[k] else { continue }
                    if kind(n) != kind(b) {
                        let found = kind(n) == "a single value" ? "a single value (\(n.value.typeName))" : kind(n)
                        throw DimensioneringError.badData(
                            SourceLocation(file: layers[layer].file, line: n.line, field: p.map(TOMLTable.displayKey).joined(separator: ".")),
                            "expected \(kind(b)) as in \(base.file) (line \(b.line)), found \(found)")
                    }
                    break
                }
                if let sub = n.table { try walk(sub, p, layer) }
            }
        }
        for i in layers.indices.dropLast() { try walk(layers[i].table, [], i) }
    }

    /// Checks every layer's table at `path` for unknown keys.
    func checkKeys(at path: [String], allowed: [String], what: String) throws {
        for l in layers {
            guard let t = Self.subtable(l.table, path) else { continue }
            if let u = t.unknownKeys(allowed: allowed).first {
                let hint = u.suggestion.map { "; did you mean '\($0)'?" } ?? "; expected one of: \(allowed.joined(separator: ", "))"
                throw DimensioneringError.badData(SourceLocation(file: l.file, line: u.line, field: t.dottedPath(u.key)),
                                                  "unknown key '\(u.key)' in \(what)\(hint)")
            }
        }
    }

    // Typed accessors.

    func string(_ path: [String]) throws -> (String, Located)? {
        guard let v = get(path) else { return nil }
        guard let s = v.node.string else { throw typeError(v, "a string") }
        try Self.checkText(s, at: v.location)
        return (s, v)
    }

    /// Names, labels, notes and ids go into every report: no control or format characters (a TOML
    /// escape such as \u001B could otherwise drive a terminal, hide text or break a CSV).
    static func checkText(_ s: String, at location: SourceLocation) throws {
        // Printable ASCII (most ids and names) has no control or format character.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return }
        if let bad = s.unicodeScalars.first(where: { $0.properties.generalCategory == .control || ($0.properties.generalCategory == .format && $0.value != 0x200D) }) {
            throw DimensioneringError.badData(location, String(format: "a control character (U+%04X) in a text value", bad.value))
        }
    }

    func integer(_ path: [String]) throws -> (Int, Located)? {
        guard let v = get(path) else { return nil }
        guard let s = v.node.integer else { throw typeError(v, "a whole number") }
        return (s, v)
    }

    func number(_ path: [String]) throws -> (Rational, Located)? {
        guard let v = get(path) else { return nil }
        // A whole number ≥ 0 is its own value (the same Rational the decimal text would give).
        if case .integer(let n) = v.node.value, n >= 0 { return (Rational(n), v) }
        guard let r = v.node.numberText.flatMap({ Rational(decimalText: $0) }) else {
            throw typeError(v, "a non-negative number")
        }
        return (r, v)
    }

    func typeError(_ v: Located, _ expected: String) -> DimensioneringError {
        if case .float(let t) = v.node.value, expected == "a whole number" {
            return .badData(v.location, "expected \(expected), found the decimal number \(t)")
        }
        if let t = v.node.numberText {
            // The right type but a value outside what is supported (negative, 1e-50, 1e400).
            let why = t.hasPrefix("-") ? "it is negative"
                : "numbers need at most \(ExactDecimal.maximumDigits) significant digits and an exponent within ±40"
            return .badData(v.location, "expected \(expected), found \(t): \(why)")
        }
        return .badData(v.location, "expected \(expected), found \(v.node.value.typeName)")
    }
}
