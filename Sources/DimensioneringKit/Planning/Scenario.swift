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
    }

    /// Child first.
    public var layers: [Layer]

    /// A located value: the node, the file it is in and its dotted path.
    public struct Located: Sendable {
        public var node: TOMLNode
        public var file: String
        public var directory: String
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
            return Located(node: n, file: l.file, directory: l.directory, path: path)
        }
        return nil
    }

    /// Keys of the (merged) table at `path`, base keys first then new keys in file order.
    public func keys(at path: [String]) -> [String] {
        var out: [String] = []
        for l in candidates(path).reversed() {
            guard let t = Self.subtable(l.table, path) else { continue }
            for k in t.keys where !out.contains(k) { out.append(k) }
        }
        return out
    }

    /// True when some layer has a table at `path`.
    public func hasTable(_ path: [String]) -> Bool { layers.contains { Self.subtable($0.table, path) != nil } }

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
        return (s, v)
    }

    func integer(_ path: [String]) throws -> (Int, Located)? {
        guard let v = get(path) else { return nil }
        guard let s = v.node.integer else { throw typeError(v, "a whole number") }
        return (s, v)
    }

    func number(_ path: [String]) throws -> (Rational, Located)? {
        guard let v = get(path) else { return nil }
        guard let r = v.node.numberText.flatMap(PlanMath.rational) else {
            throw typeError(v, "a non-negative number")
        }
        return (r, v)
    }

    func typeError(_ v: Located, _ expected: String) -> DimensioneringError {
        .badData(v.location, "expected \(expected), found \(v.node.value.typeName)")
    }
}

enum PlanMath {
    /// Exact rational from decimal text ("0.3", "12", "1e-3"); nil for negatives and junk.
    static func rational(_ text: String) -> Rational? {
        guard let d = ExactDecimal(text) else { return nil }
        if d.exponent >= 0 { return Rational(d.significand * BigInt(10).power(d.exponent)) }
        return Rational(d.significand, BigInt(10).power(-d.exponent))
    }

    static func lcm(_ a: BigInt, _ b: BigInt) -> BigInt { a / a.greatestCommonDivisor(with: b) * b }
}

// MARK: - Scenario model

public struct ScenarioComponent: Sendable {
    public enum Kind: Sendable {
        /// Population 1 January 2022 (embedded municipality table).
        case population
        /// A published table: CSV file, unit column, value column.
        case table(path: String, unitColumn: String, valueColumn: String)
        /// Shares given in the scenario, unit id → number.
        case shares([(id: String, value: Rational, location: SourceLocation)])
        /// The ældreudgiftsnøgle with the given bands (needs `--age-data`).
        case elderly([AgeBand])
    }
    public var name: String
    public var kind: Kind
    public var label: String
    public var location: SourceLocation
}

public struct ScenarioLevel: Sendable {
    public enum UnitKind: Sendable, Equatable {
        case kkr
        case municipality
        case custom([String])
    }
    public var name: String
    public var units: UnitKind
    public var names: [String: String]
    /// Component name → weight; the weights sum to 1.
    public var weights: [(component: String, weight: Rational)]
    public var boundsFile: String?
    public var boundsLocation: SourceLocation?
    public var minPercentOfLastYear: Rational?
    public var compareWith: String?
    public var location: SourceLocation
    /// A second level whose units form the columns of a matrix with this level's units as rows
    /// (0 or 1 element): both margins are apportioned from the parent, the cells biproportionally.
    public var columns: [ScenarioLevel] = []
}

public struct ScenarioEducation: Sendable {
    public var id: String
    public var name: String
    /// Year label → total; one entry with label "" when the education has a single `total`.
    public var totals: [(year: String, total: Int)]
    public var region: String?
    public var levels: [ScenarioLevel]
}

public struct Scenario: Sendable {
    public var name: String
    public var title: String
    public var file: String
    public var chain: [String]
    public var method: ApportionmentMethod
    public var ties: TieRule
    public var notes: [String]
    public var components: [String: ScenarioComponent]
    public var educations: [ScenarioEducation]
    /// Years in the order first written; [""] for a single-year plan.
    public var years: [String]

    public var needsAgeData: Bool {
        components.values.contains { if case .elderly = $0.kind { return true }; return false }
    }
}

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

    /// Display name of a file: embedded scenarios are shown as `Scenarios/NAME.toml`.
    static func displayPath(_ path: String) -> String {
        if let e = embeddedDirectory(), path.hasPrefix(e + "/") { return "Scenarios/" + path.dropFirst(e.count + 1) }
        // The shipped scenarios' own folder, wherever the checkout is: outputs stay the same.
        if let r = path.range(of: "/Sources/DimensioneringKit/Resources/Scenarios/") { return "Scenarios/" + path[r.upperBound...] }
        let cwd = FileManager.default.currentDirectoryPath
        if path.hasPrefix(cwd + "/") { return String(path.dropFirst(cwd.count + 1)) }
        return path
    }

    public static func loadLayers(_ nameOrPath: String) throws -> ScenarioLayers {
        var layers: [ScenarioLayers.Layer] = []
        var seen: [String] = []
        var path = try resolve(nameOrPath)
        while true {
            let canonical = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
            let shown = displayPath(path)
            let (text, _) = TextDecoding.decode(try TextDecoding.readFile(path))
            let table = try TOML.parse(text, file: shown)
            let dir = (path as NSString).deletingLastPathComponent
            if seen.contains(canonical) {
                let ext = table["extends"]
                let names = layers.map(\.file) + [shown]
                throw DimensioneringError.badData(SourceLocation(file: layers.last!.file, line: layers.last!.table["extends"]?.line, field: "extends"),
                    "extends cycle: \(names.joined(separator: " → "))" + (ext == nil ? "" : ""))
            }
            seen.append(canonical)
            layers.append(.init(file: shown, table: table, directory: dir))
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
        }
        return ScenarioLayers(layers: layers)
    }

    public static func load(_ nameOrPath: String) throws -> Scenario {
        try ScenarioParser(layers: loadLayers(nameOrPath)).parse()
    }
}

/// Resolves a data file named in a scenario: relative to that scenario file, or
/// `embedded:NAME.csv` for the program's own data tables.
func resolveDataFile(_ raw: String, at v: ScenarioLayers.Located) throws -> String {
    if raw.hasPrefix("embedded:") {
        var name = String(raw.dropFirst("embedded:".count))
        if name.hasSuffix(".csv") { name.removeLast(4) }
        do { return try embeddedDataURL(name).path } catch {
            throw DimensioneringError.missingInput(path: raw, reason: "no such embedded data table (named at \(v.location))")
        }
    }
    let p = raw.hasPrefix("/") ? raw : (v.directory as NSString).appendingPathComponent(raw)
    guard FileManager.default.fileExists(atPath: p) else {
        throw DimensioneringError.missingInput(path: raw, reason: "no such file (named at \(v.location))")
    }
    return p
}

// MARK: - Parsing

struct ScenarioParser {
    let layers: ScenarioLayers

    static let topKeys = ["name", "title", "extends", "method", "ties", "notes", "component", "education"]
    static let componentKeys = ["kind", "label", "file", "unit_column", "value_column", "values", "bands"]
    static let educationKeys = ["name", "total", "totals", "region", "levels", "level"]
    static let levelKeys = ["units", "names", "weights", "bounds", "min_pct_of_last_year", "compare_with", "columns"]

    func parse() throws -> Scenario {
        let L = layers
        try L.checkKeys(at: [], allowed: Self.topKeys, what: "the scenario")
        let file = L.layers[0].file
        let name = try L.string(["name"])?.0 ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let title = try L.string(["title"])?.0 ?? name
        var method = ApportionmentMethod.sainteLague
        if let (m, v) = try L.string(["method"]) {
            guard let mm = ApportionmentMethod(name: m) else {
                let names = ApportionmentMethod.allCases.map(\.rawValue)
                let hint = EditDistance.suggestion(for: m, among: names).map { "did you mean '\($0)'? " } ?? ""
                throw DimensioneringError.badData(v.location, "unknown method '\(m)'; \(hint)one of: \(names.joined(separator: ", "))")
            }
            method = mm
        }
        var ties = TieRule.inputOrder
        if let (t, v) = try L.string(["ties"]) {
            guard let tt = TieRule(parsing: t), t.lowercased() != "lot" else {
                throw DimensioneringError.badData(v.location, "unknown tie rule '\(t)'; one of: fail, order, lot:SEED")
            }
            ties = tt
        }
        var notes: [String] = []
        if let v = L.get(["notes"]) {
            guard let arr = v.node.array else { throw L.typeError(v, "an array of strings") }
            for n in arr {
                guard let s = n.string else {
                    throw DimensioneringError.badData(SourceLocation(file: v.file, line: n.line, field: "notes"), "expected a string")
                }
                notes.append(s)
            }
        }

        var components: [String: ScenarioComponent] = [:]
        for c in L.keys(at: ["component"]) {
            components[c] = try parseComponent(c)
        }

        var educations: [ScenarioEducation] = []
        var years: [String] = []
        let eduKeys = L.keys(at: ["education"])
        if eduKeys.isEmpty {
            throw DimensioneringError.badData(SourceLocation(file: file, line: nil, field: "education"), "the scenario defines no education")
        }
        for e in eduKeys {
            let edu = try parseEducation(e, components: components)
            for (y, _) in edu.totals where !y.isEmpty && !years.contains(y) { years.append(y) }
            educations.append(edu)
        }
        if years.isEmpty { years = [""] }
        // Educations with one total run every year; with totals, a missing year is 0? No: an error.
        for e in educations where e.totals.count > 1 || !(e.totals.first?.year.isEmpty ?? true) {
            for y in years where !e.totals.contains(where: { $0.year == y }) {
                let v = L.get(["education", e.id, "totals"])!
                throw DimensioneringError.badData(v.location, "no total for year \(y) (another education has one); give 0 if none")
            }
        }
        return Scenario(name: name, title: title, file: file, chain: L.layers.map(\.file), method: method, ties: ties,
                        notes: notes, components: components, educations: educations, years: years)
    }

    func parseComponent(_ c: String) throws -> ScenarioComponent {
        let L = layers
        let p = ["component", c]
        guard let whole = L.get(p), whole.node.table != nil else {
            throw L.typeError(L.get(p)!, "a table")
        }
        try L.checkKeys(at: p, allowed: Self.componentKeys, what: "component '\(c)'")
        guard let (kind, kv) = try L.string(p + ["kind"]) else {
            throw DimensioneringError.badData(whole.location, "component '\(c)' needs kind = \"population\" | \"table\" | \"shares\" | \"elderly\"")
        }
        let label = try L.string(p + ["label"])?.0 ?? c
        switch kind {
        case "population":
            return ScenarioComponent(name: c, kind: .population, label: label, location: kv.location)
        case "table":
            guard let (f, fv) = try L.string(p + ["file"]) else {
                throw DimensioneringError.badData(kv.location, "a table component needs file = \"...\"")
            }
            let path = try resolveDataFile(f, at: fv)
            guard let (uc, _) = try L.string(p + ["unit_column"]), let (vc, _) = try L.string(p + ["value_column"]) else {
                throw DimensioneringError.badData(kv.location, "a table component needs unit_column and value_column")
            }
            return ScenarioComponent(name: c, kind: .table(path: path, unitColumn: uc, valueColumn: vc), label: label, location: fv.location)
        case "shares":
            guard let vv = L.get(p + ["values"]), vv.node.table != nil else {
                throw DimensioneringError.badData(kv.location, "a shares component needs values = { unit = share, ... }")
            }
            var out: [(id: String, value: Rational, location: SourceLocation)] = []
            for k in L.keys(at: p + ["values"]) {
                let (r, loc) = try L.number(p + ["values", k])!
                out.append((k, r, loc.location))
            }
            return ScenarioComponent(name: c, kind: .shares(out), label: label, location: vv.location)
        case "elderly":
            guard let bv = L.get(p + ["bands"]), let arr = bv.node.array, !arr.isEmpty else {
                throw DimensioneringError.badData(kv.location, "an elderly component needs bands = [{ from = 65, to = 66, amount = ... }, ...]")
            }
            var bands: [AgeBand] = []
            for n in arr {
                let loc = SourceLocation(file: bv.file, line: n.line, field: bv.field)
                guard let t = n.table else { throw DimensioneringError.badData(loc, "expected { from = ..., to = ..., amount = ... }") }
                if let u = t.unknownKeys(allowed: ["from", "to", "amount"]).first {
                    throw DimensioneringError.badData(loc, "unknown key '\(u.key)' in an age band" + (u.suggestion.map { "; did you mean '\($0)'?" } ?? ""))
                }
                guard let from = t["from"]?.integer, let amount = t["amount"]?.numberText else {
                    throw DimensioneringError.badData(loc, "an age band needs from (whole number) and amount (kr.)")
                }
                let to = t["to"]?.integer
                if t["to"] != nil && to == nil { throw DimensioneringError.badData(loc, "to: expected a whole number") }
                guard !amount.hasPrefix("-") else { throw DimensioneringError.badData(loc, "amount must not be negative") }
                bands.append(try AgeBand(from: from, to: to, unitAmount: amount, at: loc))
            }
            return ScenarioComponent(name: c, kind: .elderly(bands), label: label, location: bv.location)
        default:
            let kinds = ["population", "table", "shares", "elderly"]
            let hint = EditDistance.suggestion(for: kind, among: kinds).map { "did you mean '\($0)'? " } ?? ""
            throw DimensioneringError.badData(kv.location, "unknown component kind '\(kind)'; \(hint)one of: \(kinds.joined(separator: ", "))")
        }
    }

    func parseEducation(_ e: String, components: [String: ScenarioComponent]) throws -> ScenarioEducation {
        let L = layers
        let p = ["education", e]
        guard let whole = L.get(p), whole.node.table != nil else { throw L.typeError(L.get(p)!, "a table") }
        try L.checkKeys(at: p, allowed: Self.educationKeys, what: "education '\(e)'")
        let name = try L.string(p + ["name"])?.0 ?? e
        var totals: [(year: String, total: Int)] = []
        // A child's `total` overrides a base's `totals` and vice versa: the nearer layer wins.
        let tv = L.get(p + ["total"]), tsv = L.get(p + ["totals"])
        let useTotals: Bool
        switch (tv, tsv) {
        case (nil, nil):
            throw DimensioneringError.badData(whole.location, "education '\(e)' needs total = N or totals = { \"2023/24\" = N, ... }")
        case (_?, nil): useTotals = false
        case (nil, _?): useTotals = true
        case (let a?, let b?):
            let ia = L.layers.firstIndex { $0.file == a.file }!, ib = L.layers.firstIndex { $0.file == b.file }!
            useTotals = ib < ia
        }
        if useTotals {
            guard tsv!.node.table != nil else { throw L.typeError(tsv!, "a table of year = total") }
            for y in L.keys(at: p + ["totals"]) {
                let v = L.get(p + ["totals", y])!
                guard let n = v.node.integer else { throw L.typeError(v, "a whole number") }
                guard n >= 0 else { throw DimensioneringError.badData(v.location, "total \(n) is negative") }
                totals.append((y, n))
            }
        } else {
            guard let n = tv!.node.integer else { throw L.typeError(tv!, "a whole number") }
            guard n >= 0 else { throw DimensioneringError.badData(tv!.location, "total \(n) is negative") }
            totals = [("", n)]
        }
        var region: String?
        if let (r, rv) = try L.string(p + ["region"]) {
            guard let k = MunicipalityRegistry.canonicalKKR(r) else {
                let hint = EditDistance.suggestion(for: r, among: MunicipalityRegistry.kkrNames).map { "did you mean '\($0)'? " } ?? ""
                throw DimensioneringError.badData(rv.location, "unknown KKR '\(r)'; \(hint)one of: \(MunicipalityRegistry.kkrNames.joined(separator: ", "))")
            }
            region = k
        }
        guard let lv = L.get(p + ["levels"]), let arr = lv.node.array, !arr.isEmpty else {
            throw DimensioneringError.badData(whole.location, "education '\(e)' needs levels = [\"kkr\", \"municipality\", ...]")
        }
        var levels: [ScenarioLevel] = []
        for n in arr {
            guard let ln = n.string else { throw DimensioneringError.badData(lv.location, "expected level names (strings)") }
            levels.append(try parseLevel(education: e, name: ln, line: n.line, levelsAt: lv, components: components, region: region))
        }
        let names = levels.map(\.name) + levels.flatMap { $0.columns.map(\.name) }
        let all = Set(names)
        guard all.count == names.count else {
            throw DimensioneringError.badData(lv.location, "a level is used twice (in levels or as columns)")
        }
        try L.checkKeys(at: p + ["level"], allowed: names, what: "the levels of '\(e)' (listed in levels or columns)")
        return ScenarioEducation(id: e, name: name, totals: totals, region: region, levels: levels)
    }

    func scenarioMethodIsDivisor() -> Bool {
        guard let m = layers.get(["method"])?.node.string else { return true }
        return ApportionmentMethod(name: m)?.isDivisorMethod ?? true
    }

    func parseLevel(education e: String, name: String, line: Int, levelsAt lv: ScenarioLayers.Located,
                    components: [String: ScenarioComponent], region: String?) throws -> ScenarioLevel {
        let L = layers
        let p = ["education", e, "level", name]
        let here = SourceLocation(file: lv.file, line: line, field: lv.field)
        guard L.hasTable(p) else {
            throw DimensioneringError.badData(here, "level '\(name)' has no [education.\(e).level.\(name)] table")
        }
        try L.checkKeys(at: p, allowed: Self.levelKeys, what: "level '\(name)'")
        let field = p.joined(separator: ".")
        let tableLoc = L.get(p)!.location
        var units: ScenarioLevel.UnitKind
        if let uv = L.get(p + ["units"]) {
            guard let arr = uv.node.array, !arr.isEmpty else { throw L.typeError(uv, "a non-empty array of unit ids") }
            var ids: [String] = []
            for n in arr {
                guard let s = n.string, !s.isEmpty else { throw L.typeError(uv, "unit ids (strings)") }
                guard !ids.contains(s) else { throw DimensioneringError.badData(uv.location, "unit '\(s)' is listed twice") }
                ids.append(s)
            }
            units = .custom(ids)
        } else if name == "kkr" {
            units = .kkr
        } else if name == "municipality" || name == "kommune" {
            units = .municipality
        } else {
            throw DimensioneringError.badData(tableLoc, "level '\(name)' needs units = [...] (only 'kkr' and 'municipality' are built in)")
        }
        var names: [String: String] = [:]
        for k in L.keys(at: p + ["names"]) {
            guard let (s, _) = try L.string(p + ["names", k]) else { continue }
            names[k] = s
        }
        // Weights.
        guard let wv = L.get(p + ["weights"]), wv.node.table != nil else {
            throw DimensioneringError.badData(tableLoc, "level '\(name)' needs weights = { component = weight, ... } (summing to 1)")
        }
        var weights: [(component: String, weight: Rational)] = []
        var sum = Rational(0)
        for k in L.keys(at: p + ["weights"]) {
            let (w, loc) = try L.number(p + ["weights", k])!
            guard let comp = components[k] else {
                let hint = EditDistance.suggestion(for: k, among: components.keys.sorted()).map { "did you mean '\($0)'? " } ?? ""
                throw DimensioneringError.badData(loc.location, "unknown component '\(k)'; \(hint)components: \(components.keys.sorted().joined(separator: ", "))")
            }
            if w == Rational(0) { continue }
            switch (comp.kind, units) {
            case (.shares, .custom), (.table, _), (.population, .kkr), (.population, .municipality), (.elderly, .kkr), (.elderly, .municipality),
                 (.shares, .kkr), (.shares, .municipality):
                break
            default:
                throw DimensioneringError.badData(loc.location, "component '\(k)' (\(comp.label)) gives no value for the units of level '\(name)'")
            }
            weights.append((k, w))
            sum = sum + w
        }
        guard sum == Rational(1) else {
            throw DimensioneringError.badData(SourceLocation(file: wv.file, line: wv.node.line, field: field + ".weights"),
                                              "weights sum to \(sum.decimalString(places: 6)), not 1")
        }
        var bounds: String?, boundsLoc: SourceLocation?
        if let (b, bv) = try L.string(p + ["bounds"]) {
            bounds = try resolveDataFile(b, at: bv)
            boundsLoc = bv.location
        }
        var pct: Rational?
        if let (r, rv) = try L.number(p + ["min_pct_of_last_year"]) {
            guard r <= Rational(100) else { throw DimensioneringError.badData(rv.location, "a percentage above 100") }
            guard bounds != nil else { throw DimensioneringError.badData(rv.location, "needs bounds = \"FILE.csv\" with a last_year column") }
            pct = r
        }
        var compare: String?
        if let (c, cv) = try L.string(p + ["compare_with"]) {
            guard let comp = components[c] else { throw DimensioneringError.badData(cv.location, "unknown component '\(c)'") }
            guard case .table = comp.kind else { throw DimensioneringError.badData(cv.location, "compare_with needs a table component") }
            compare = c
        }
        var columns: [ScenarioLevel] = []
        if let (c, cv) = try L.string(p + ["columns"]) {
            guard c != name else { throw DimensioneringError.badData(cv.location, "a level cannot be its own columns") }
            guard L.hasTable(["education", e, "level", c]) else {
                throw DimensioneringError.badData(cv.location, "no [education.\(e).level.\(c)] table for the columns")
            }
            guard scenarioMethodIsDivisor() else {
                throw DimensioneringError.badData(cv.location, "a matrix level (columns) needs a divisor method, e.g. method = \"sainte-lague\"")
            }
            let col = try parseLevel(education: e, name: c, line: cv.node.line, levelsAt: cv, components: components, region: region)
            guard col.columns.isEmpty else { throw DimensioneringError.badData(cv.location, "the columns level '\(c)' cannot have columns itself") }
            columns = [col]
        }
        return ScenarioLevel(name: name, units: units, names: names, weights: weights, boundsFile: bounds, boundsLocation: boundsLoc,
                             minPercentOfLastYear: pct, compareWith: compare, location: tableLoc, columns: columns)
    }
}
