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
        layers.layers.insert(ScenarioLayers.Layer(file: "--set", table: table, directory: FileManager.default.currentDirectoryPath), at: 0)
        try layers.checkTableKinds()
        return try ScenarioParser(layers: layers).parse()
    }
}

