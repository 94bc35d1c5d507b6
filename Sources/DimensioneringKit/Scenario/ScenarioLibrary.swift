import BigInt
import Foundation

// MARK: - Finding and loading

public enum ScenarioLibrary {
    /// The scenarios shipped with the program, sorted by name.
    public static func embeddedNames() -> [String] {
        guard let dir = embeddedDirectory(),
              let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return files.filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
    }

    public static func embeddedDirectory() -> String? {
        var candidates: [URL] = []
        if let u = Bundle.module.url(forResource: "Scenarios", withExtension: nil, subdirectory: "Resources") { candidates.append(u) }
        if let base = Bundle.module.resourceURL {
            candidates.append(base.appendingPathComponent("Resources/Scenarios"))
            candidates.append(base.appendingPathComponent("Scenarios"))
        }
        for c in candidates {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: c.path, isDirectory: &isDir), isDir.boolValue { return c.path }
        }
        return nil
    }

    /// A path for `nameOrPath`: an existing file, else an embedded scenario of that name.
    public static func resolve(_ nameOrPath: String, relativeTo dir: String? = nil) throws -> String {
        let fm = FileManager.default
        if nameOrPath.hasSuffix(".toml") || nameOrPath.contains("/") {
            let p = dir.map { nameOrPath.hasPrefix("/") ? nameOrPath : ($0 as NSString).appendingPathComponent(nameOrPath) } ?? nameOrPath
            if fm.fileExists(atPath: p) { return p }
            throw DimensioneringError.missingInput(path: p, reason: "no such scenario file")
        }
        if let dir {
            let p = (dir as NSString).appendingPathComponent(nameOrPath + ".toml")
            if fm.fileExists(atPath: p) { return p }
        }
        if let e = embeddedDirectory() {
            let p = (e as NSString).appendingPathComponent(nameOrPath + ".toml")
            if fm.fileExists(atPath: p) { return p }
        }
        let names = embeddedNames()
        let hint = EditDistance.suggestion(for: nameOrPath, among: names).map { "did you mean '\($0)'? " } ?? ""
        throw DimensioneringError.missingInput(path: nameOrPath,
            reason: "no such scenario file or embedded scenario; \(hint)embedded: \(names.joined(separator: ", "))")
    }

    /// How a file is shown to the user: a shipped scenario as `Scenarios/NAME.toml`; any other
    /// file as it was written (on the command line, or in `extends` relative to the file that
    /// names it). Never an absolute path the user did not type, so outputs do not depend on
    /// where the program or the checkout lies.
    static func shownName(resolved path: String, asWritten raw: String, shownDirectory: String?) -> String {
        if let e = embeddedDirectory(), path.hasPrefix(e + "/") { return "Scenarios/" + path.dropFirst(e.count + 1) }
        return joinShown(shownDirectory, raw)
    }

    /// `dir/raw` for a relative `raw`, normalised ("a/./b" → "a/b", "a/x/../b" → "a/b").
    static func joinShown(_ dir: String?, _ raw: String) -> String {
        let joined = raw.hasPrefix("/") || (dir ?? "").isEmpty ? raw : dir! + "/" + raw
        var parts: [String] = []
        for p in joined.split(separator: "/", omittingEmptySubsequences: false).map(String.init) {
            if p == "." || (p.isEmpty && !parts.isEmpty) { continue }
            if p == "..", let last = parts.last, last != "..", !last.isEmpty { parts.removeLast(); continue }
            parts.append(p)
        }
        return parts.joined(separator: "/")
    }

    public static func loadLayers(_ nameOrPath: String) throws -> ScenarioLayers {
        var layers: [ScenarioLayers.Layer] = []
        var seen: [String] = []
        var path = try resolve(nameOrPath)
        var shown = shownName(resolved: path, asWritten: nameOrPath, shownDirectory: nil)
        while true {
            let canonical = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
            let (text, _) = try TextDecoding.decode(try TextDecoding.readFile(path, limit: TOML.maximumFileSize), file: path)
            let table = try TOML.parse(text, file: shown)
            let dir = (path as NSString).deletingLastPathComponent
            let shownDir = (shown as NSString).deletingLastPathComponent
            if seen.contains(canonical) {
                let names = layers.map(\.file) + [shown]
                throw DimensioneringError.badData(SourceLocation(file: layers.last!.file, line: layers.last!.table["extends"]?.line, field: "extends"),
                    "extends cycle: \(names.joined(separator: " → "))")
            }
            seen.append(canonical)
            layers.append(.init(file: shown, table: table, directory: dir, shownDirectory: shownDir))
            guard let ext = table["extends"] else { break }
            guard let base = ext.string, !base.isEmpty else {
                throw DimensioneringError.badData(SourceLocation(file: shown, line: ext.line, field: "extends"),
                                                  "expected the name or path of a scenario")
            }
            do {
                path = try resolve(base, relativeTo: dir)
            } catch DimensioneringError.missingInput(let p, let reason) {
                throw DimensioneringError.missingInput(path: p, reason: "\(reason) (extends at \(shown):\(ext.line))")
            }
            let asFile = base.hasSuffix(".toml") || base.contains("/")
            shown = shownName(resolved: path, asWritten: asFile ? base : base + ".toml", shownDirectory: shownDir)
        }
        let result = ScenarioLayers(layers: layers)
        try result.checkTableKinds()
        return result
    }

    public static func load(_ nameOrPath: String) throws -> Scenario {
        try ScenarioParser(layers: loadLayers(nameOrPath)).parse()
    }
}

/// Resolves a data file named in a scenario: relative to that scenario file, or
/// `embedded:NAME.csv` for the program's own data tables. Returns the path to read and the
/// name to show (as written, relative to the scenario as the user names it).
func resolveDataFile(_ raw: String, at v: ScenarioLayers.Located) throws -> (path: String, shown: String) {
    if raw.hasPrefix("embedded:") {
        var name = String(raw.dropFirst("embedded:".count))
        if name.hasSuffix(".csv") { name.removeLast(4) }
        do { return (try embeddedDataURL(name).path, "data/\(name).csv") } catch {
            throw DimensioneringError.missingInput(path: raw, reason: "no such embedded data table (named at \(v.location))")
        }
    }
    let p = raw.hasPrefix("/") ? raw : (v.directory as NSString).appendingPathComponent(raw)
    guard FileManager.default.fileExists(atPath: p) else {
        throw DimensioneringError.missingInput(path: raw, reason: "no such file (named at \(v.location))")
    }
    return (p, ScenarioLibrary.joinShown(v.shownDirectory, raw))
}


extension ScenarioLibrary {
    /// The embedded scenarios, one per line: name and title.
    public static func listing() throws -> String {
        var rows: [[String]] = []
        for n in embeddedNames() {
            let title = (try? load(n).title) ?? ""
            rows.append([n, title])
        }
        let width = rows.map { $0[0].count }.max() ?? 0
        return rows.map { $0[0].padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0[1] }.joined(separator: "\n") + "\n"
    }
}
