import Foundation

/// One of the 98 Danish municipalities (kommuner).
public struct Municipality: Sendable, Hashable, CustomStringConvertible {
    /// The 3-digit code, e.g. "101" (København) … "860" (Hjørring).
    public var code: String
    /// The official Danish name, e.g. "Høje-Taastrup".
    public var name: String
    /// The KKR (region) in canonical form: one of `MunicipalityRegistry.kkrNames`.
    public var kkr: String
    /// Residents on 1 January 2022 (embedded data) or as loaded.
    public var population: Int

    public init(code: String, name: String, kkr: String, population: Int) {
        self.code = code
        self.name = name
        self.kkr = kkr
        self.population = population
    }

    public var description: String { "\(code) \(name)" }
}

/// What an area label in a Statistics Denmark export (or a planner's file) refers to.
public enum AreaKind: Sendable, Equatable {
    case municipality(Municipality)
    /// Christiansø (411): state-administered, not a municipality; left out of every key.
    case christianso
    /// "Hele landet" / "All Denmark" (000).
    case country
    /// A region (081-085), with the canonical KKR name.
    case region(String)
    /// A landsdel / province (001-011), e.g. "Landsdel Byen København".
    case landsdel(String)
    /// The code and the name of a "101 København"-style label name different municipalities.
    case mismatch(code: String, name: String)
    case unknown
}

/// The municipalities, with lookup by code or by any of the names planners and StatBank use.
public struct MunicipalityRegistry: Sendable {
    /// The canonical KKR names, in the order KL lists them.
    /// Where the shipped populations come from (Resources/data/SOURCES.md).
    public static let populationSource = "Udlændingestyrelsen, Landstal for 2023, bilag A (kommunernes indbyggertal)"
    public static let populationDate = "1. januar 2022"

    public static let kkrNames = ["Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland"]

    /// The 98 municipalities of Denmark with their 1 January 2022 population (embedded data,
    /// see Resources/data/SOURCES.md).
    public static let denmark: MunicipalityRegistry = {
        do {
            return try MunicipalityRegistry(table: CSVTable.parse(Data(contentsOf: embeddedDataURL("municipalities")),
                                                                  file: "municipalities.csv (embedded)"))
        } catch {
            fatalError("embedded municipality table is unreadable: \(error)")
        }
    }()

    /// All municipalities in file order (by code for the embedded table).
    public let all: [Municipality]
    public let byCode: [String: Municipality]
    private let byName: [String: String]  // folded name -> code; "" marks an ambiguous key

    /// Builds a registry from a table `code,name,kkr,population_2022` (`population` also accepted).
    public init(table: CSVTable) throws {
        let popColumn = table.hasColumn("population") ? "population" : "population_2022"
        try table.requireColumns(["code", "name", "kkr", popColumn])
        var list: [Municipality] = []
        for row in table.rows {
            let code = try row.string("code")
            guard code.count <= 3, let n = Int(code), n > 0 else {
                throw DimensioneringError.badData(row.location("code"), "'\(code)' is not a 3-digit municipality code")
            }
            let kkrLabel = try row.string("kkr")
            guard let kkr = MunicipalityRegistry.canonicalKKR(kkrLabel) else {
                throw DimensioneringError.badData(row.location("kkr"),
                    "unknown KKR '\(kkrLabel)'; expected one of \(quotedList(MunicipalityRegistry.kkrNames))")
            }
            list.append(Municipality(code: String(n), name: try row.string("name"), kkr: kkr,
                                     population: try row.int(popColumn)))
        }
        try self.init(list, file: table.file)
    }

    public init(_ municipalities: [Municipality], file: String = "municipalities") throws {
        var byCode: [String: Municipality] = [:]
        var byName: [String: String] = [:]
        func add(_ key: String, _ code: String) {
            if let old = byName[key], old != code { byName[key] = "" } else { byName[key] = code }
        }
        for m in municipalities {
            if byCode[m.code] != nil {
                throw DimensioneringError.badData(SourceLocation(file: file, field: "code"), "municipality code \(m.code) appears twice")
            }
            byCode[m.code] = m
        }
        for m in municipalities {
            for k in Self.nameKeys(m.name) { add(k, m.code) }
        }
        for (alias, code) in Self.aliases where byCode[code] != nil {
            for k in Self.nameKeys(alias) { add(k, code) }
        }
        self.all = municipalities
        self.byCode = byCode
        self.byName = byName
    }

    /// Names that differ from the official one in StatBank exports or in common use.
    static let aliases: [(String, String)] = [
        ("Copenhagen", "101"), ("Kbh", "101"), ("Københavns", "101"),
        ("Århus", "751"),
        ("Brønderslev-Dronninglund", "810"),
        ("Bornholms Regionskommune", "400"),
        ("Vesthimmerlands", "820"),
        ("Nordfyn", "480"),
        ("Lyngby", "173"),
        ("Aabenraa", "580"), ("Åbenrå", "580"),
    ]

    /// A municipality by code ("101", "0101", "101 København") or by name, case-insensitively and
    /// tolerant of spelling variants ("Copenhagen", "Århus", "Høje Taastrup", "Nordfyn",
    /// "Bornholms Regionskommune", "Vesthimmerlands", "Kobenhavn"). Nil for Christiansø, regions,
    /// the whole country and unknown names.
    public func lookup(_ nameOrCode: String) -> Municipality? {
        if case .municipality(let m) = classify(nameOrCode) { return m }
        return nil
    }

    /// Closest municipality names for a "did you mean" hint.
    public func suggestion(for label: String) -> Municipality? {
        let names = all.map { $0.name }
        guard let s = EditDistance.suggestion(for: Self.stripCode(label).name, among: names) else { return nil }
        return all.first { $0.name == s }
    }

    /// Classifies an area label: a municipality, Christiansø, the country, a region or a landsdel.
    public func classify(_ label: String) -> AreaKind {
        let (code, name) = Self.stripCode(label)
        var byCodeKind: AreaKind?
        if let code {
            byCodeKind = classifyCode(code)
            if name.isEmpty { return byCodeKind ?? .unknown }
        }
        let byNameKind = classifyName(name)
        switch (byCodeKind, byNameKind) {
        case (nil, let k): return k
        case (let c?, .unknown): return c
        case (.municipality(let a)?, .municipality(let b)) where a != b:
            return .mismatch(code: code!, name: name)
        case (_, let k): return k
        }
    }

    private func classifyCode(_ code: String) -> AreaKind? {
        guard let n = Int(code) else { return nil }
        switch n {
        case 0: return .country
        case 411: return .christianso
        case 81...85: return .region(Self.kkrNames[[84, 85, 83, 82, 81].firstIndex(of: n)!])
        case 1...11 where code.count == 3: return .landsdel(code)
        default:
            if let m = byCode[String(n)] { return .municipality(m) }
            return nil
        }
    }

    private func classifyName(_ raw: String) -> AreaKind {
        let name = raw.trimmingBlanks()
        let lower = name.lowercased()
        if lower.hasPrefix("landsdel ") || lower.hasPrefix("province ") { return .landsdel(name) }
        let keys = Self.nameKeys(name)
        if keys.contains(where: { ["heleland", "helelandet", "alldenmark", "denmark", "danmark", "danmarkialt",
                                   "ialt", "total", "wholecountry"].contains($0) }) {
            return .country
        }
        if keys.contains("christiansoe") || keys.contains("christianso") { return .christianso }
        if lower.hasPrefix("region") || lower.hasSuffix("region") || lower.contains("region of")
            || lower.hasPrefix("capital region") || lower.hasPrefix("kkr ") {
            if let k = Self.canonicalKKR(name) { return .region(k) }
        }
        for k in keys {
            if let code = byName[k], !code.isEmpty, let m = byCode[code] { return .municipality(m) }
        }
        if let k = Self.canonicalKKR(name) { return .region(k) }
        return .unknown
    }

    /// The canonical KKR name ("Hovedstaden", "Sjælland", …) for a label such as "Sjaelland",
    /// "Region Hovedstaden", "KKR Nordjylland", "Capital Region of Denmark", "Region Zealand".
    public static func canonicalKKR(_ label: String) -> String? {
        var k = fold(label, danishDigraphs: true)
        for prefix in ["kkr", "region"] where k.hasPrefix(prefix) && k.count > prefix.count {
            k.removeFirst(prefix.count)
        }
        let table: [String: String] = [
            "hovedstaden": "Hovedstaden", "capitalregionofdenmark": "Hovedstaden", "capital": "Hovedstaden",
            "capitalregion": "Hovedstaden", "ofcopenhagen": "Hovedstaden",
            "sjaelland": "Sjælland", "zealand": "Sjælland", "sjalland": "Sjælland", "sjlland": "Sjælland",
            "syddanmark": "Syddanmark", "ofsoutherndenmark": "Syddanmark", "southerndenmark": "Syddanmark",
            "midtjylland": "Midtjylland", "centraldenmarkregion": "Midtjylland", "centraldenmark": "Midtjylland",
            "centraljutland": "Midtjylland",
            "nordjylland": "Nordjylland", "northdenmarkregion": "Nordjylland", "northdenmark": "Nordjylland",
            "northjutland": "Nordjylland",
        ]
        return table[k]
    }

    // MARK: - Name folding

    /// Splits "101 København" / "0101" into code and name; a label without a leading number has no code.
    static func stripCode(_ label: String) -> (code: String?, name: String) {
        let t = label.trimmingBlanks()
        let digits = t.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty else { return (nil, t) }
        let rest = t.dropFirst(digits.count)
        if rest.isEmpty { return (String(digits), "") }
        guard rest.first == " " || rest.first == "\t" || rest.first == "-" || rest.first == ":" else { return (nil, t) }
        let name = rest.drop(while: { " \t-:".contains($0) })
        return (String(digits), String(name))
    }

    /// Lower-cased, letters and digits only, with Danish letters either spelt out (ø → oe, å → aa)
    /// or reduced (ø → o, å → a).
    static func fold(_ s: String, danishDigraphs: Bool) -> String {
        var out = ""
        for ch in s.lowercased() {
            switch ch {
            case "æ", "ä": out += "ae"
            case "ø", "ö": out += danishDigraphs ? "oe" : "o"
            case "å": out += danishDigraphs ? "aa" : "a"
            case "é", "è": out += "e"
            case "ü": out += "u"
            default:
                if ch.isLetter || ch.isNumber { out.append(ch) }
            }
        }
        return out
    }

    /// The lookup keys for a name: both foldings, without "kommune"/"municipality" suffixes, and
    /// without a trailing genitive "s" ("Nordfyns" = "Nordfyn").
    static func nameKeys(_ name: String) -> [String] {
        var base = name.trimmingBlanks().lowercased()
        for suffix in [" regionskommune", " kommune", " municipality", " regional municipality"] where base.hasSuffix(suffix) {
            base.removeLast(suffix.count)
        }
        var keys: [String] = []
        for digraphs in [true, false] {
            let k = fold(base, danishDigraphs: digraphs)
            guard !k.isEmpty else { continue }
            if !keys.contains(k) { keys.append(k) }
            if k.hasSuffix("s"), k.count > 3 {
                let d = String(k.dropLast())
                if !keys.contains(d) { keys.append(d) }
            }
        }
        return keys
    }
}

/// The URL of a CSV shipped in Resources/data (the target copies the Resources folder verbatim).
func embeddedDataURL(_ name: String) throws -> URL {
    // The direct path first: Bundle's resource search lists directories and costs a millisecond a call.
    if let base = Bundle.module.resourceURL {
        let u = base.appendingPathComponent("Resources/data/\(name).csv")
        if FileManager.default.fileExists(atPath: u.path) { return u }
    }
    if let u = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Resources/data") { return u }
    if let u = Bundle.module.url(forResource: "Resources/data/" + name, withExtension: "csv") { return u }
    throw DimensioneringError.internalError("embedded data file Resources/data/\(name).csv is missing from the bundle")
}
