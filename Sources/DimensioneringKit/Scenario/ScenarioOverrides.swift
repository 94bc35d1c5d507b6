import BigInt
import Foundation

/// Scenario loading with `--set key=value` overrides (a TOML layer above the scenario file).
public enum ScenarioOverrides {
    public static func load(_ nameOrPath: String, set: [String]) throws -> Scenario {
        if set.isEmpty { return try ScenarioLibrary.load(nameOrPath) }
        return try load(layers: ScenarioLibrary.loadLayers(nameOrPath), set: set)
    }

    /// The same with the scenario's files already read (a sweep parses many variants of one scenario).
    public static func load(layers: ScenarioLayers, set: [String]) throws -> Scenario {
        var layers = layers
        if set.isEmpty { return try ScenarioParser(layers: layers).parse() }
        var lines: [String] = []
        for s in set {
            guard let eq = s.firstIndex(of: "=") else { throw DimensioneringError.usage("--set expects key=value (got '\(s)')") }
            let k = s[..<eq].trimmingBlanks()
            let v = s[s.index(after: eq)...].trimmingBlanks()
            guard !k.isEmpty else { throw DimensioneringError.usage("--set expects key=value (got '\(s)')") }
            if k == "extends" || k.hasPrefix("extends.") {
                throw DimensioneringError.usage("--set cannot change 'extends' (the files are already read); give the other scenario as its own argument, or write a scenario file with extends = \(v)")
            }
            if (try? TOML.parse("\(k) = \(v)", file: "--set")) != nil {
                lines.append("\(k) = \(v)")
            } else {
                lines.append("\(k) = \(JSON.quote(v))")
            }
        }
        let table = try TOML.parse(lines.joined(separator: "\n"), file: "--set")
        // What each change replaces, read before the --set layer goes on top.
        var changes: [ScenarioOverride] = []
        for (path, node) in Self.leaves(table, []) {
            let old = layers.get(path).map { Self.text($0.node) }
            changes.append(ScenarioOverride(path: path.map(TOMLTable.displayKey).joined(separator: "."), from: old, to: Self.text(node)))
        }
        layers.layers.insert(ScenarioLayers.Layer(file: "--set", table: table, directory: FileManager.default.currentDirectoryPath), at: 0)
        try layers.checkTableKinds()
        var scenario = try ScenarioParser(layers: layers).parse()
        scenario.overrides = changes
        return scenario
    }

    /// The values a `--set` table gives, with their paths (an inline table is one value).
    static func leaves(_ t: TOMLTable, _ path: [String]) -> [([String], TOMLNode)] {
        t.keys.flatMap { k -> [([String], TOMLNode)] in
            let n = t[k]!
            if let sub = n.table, sub.origin != .inline { return leaves(sub, path + [k]) }
            return [(path + [k], n)]
        }
    }

    /// A value as TOML text, as a reader would write it after `--set key=`.
    static func text(_ n: TOMLNode) -> String {
        switch n.value {
        case .string(let s): return s
        case .integer(let i): return String(i)
        case .float(let t): return t
        case .bool(let b): return b ? "true" : "false"
        case .array(let a): return "[" + a.map { text($0) }.joined(separator: ", ") + "]"
        case .table(let t): return "{ " + t.keys.map { "\(TOMLTable.displayKey($0)) = \(text(t[$0]!))" }.joined(separator: ", ") + " }"
        }
    }
}

