import Foundation

/// A short fingerprint of everything a report rests on: the scenario files of each chain, the
/// data files they name (tables, bounds, the shipped municipality and age tables), `--age-data`
/// and the overrides. FNV-1a 64, deterministic and dependency-free; shown in report footers so two
/// printed annexes can be told apart. Reads files; views get only the resulting text.
public enum InputDigest {
    /// The first 12 hex digits of the FNV-1a 64 hash over the inputs of `scenarios`.
    public static func of(_ scenarios: [Scenario], overrides: [String] = [], ageData: String? = nil) -> String {
        var h = FNV1a64()
        var files: [String] = []
        func add(_ path: String) { if !files.contains(path) { files.append(path) } }
        for s in scenarios {
            h.add("scenario:" + s.name)
            for shown in s.chain { if let p = scenarioPath(shown) { add(p) } else { h.add("unresolved:" + shown) } }
            for name in s.components.keys.sorted() {
                if case .table(let path, _, _, _) = s.components[name]!.kind { add(path) }
            }
            for e in s.educations {
                for l in e.levels {
                    for x in [l] + l.columns { if let b = x.boundsFile { add(b) } }
                }
            }
            if s.needsAgeData && ageData == nil, let u = try? embeddedDataURL(ShippedAgeData.tableName) { add(u.path) }
        }
        if let u = try? embeddedDataURL("municipalities") { add(u.path) }
        if let ageData { add(ageData) }
        for f in files {
            // Content only: the same data in another folder gives the same fingerprint.
            if let d = FileManager.default.contents(atPath: f) {
                h.add("file:\(d.count):")
                h.add(d)
            } else {
                h.add("missing:" + (f as NSString).lastPathComponent)
            }
        }
        for o in overrides { h.add("set:" + o) }
        return String(String(format: "%016llx", h.value).prefix(12))
    }

    /// The file a shown scenario name stands for: `Scenarios/NAME.toml` is shipped, anything else
    /// is as the user wrote it (relative to the working directory).
    static func scenarioPath(_ shown: String) -> String? {
        if shown.hasPrefix("Scenarios/"), let dir = ScenarioLibrary.embeddedDirectory() {
            return (dir as NSString).appendingPathComponent(String(shown.dropFirst("Scenarios/".count)))
        }
        return FileManager.default.fileExists(atPath: shown) ? shown : nil
    }
}

/// 64-bit FNV-1a.
struct FNV1a64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        for b in bytes { value = (value ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
    }
    mutating func add(_ s: String) { add(Array(s.utf8)); add([0]) }
}
