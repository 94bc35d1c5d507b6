import Foundation

/// The population by age band the program ships (derived from Statistics Denmark's FOLK1A,
/// 1 January 2020), so the ældreudgiftsnøgle runs without `--age-data`. See
/// Resources/data/SOURCES.md.
public enum ShippedAgeData {
    public static let tableName = "folk1a-2020K1-age-bands"
    public static let shownName = "data/folk1a-2020K1-age-bands.csv"
    public static let citation = "Danmarks Statistik, FOLK1A"

    /// Reads the shipped table: one row per municipality (`code`), one column per age band, named
    /// like `a65_66`, `age_67_74`, `85plus` or `85+`.
    public static func load(registry: MunicipalityRegistry = .denmark) throws -> PopulationByAge {
        let url: URL
        do { url = try embeddedDataURL(tableName) } catch {
            throw DimensioneringError.missingInput(path: shownName, reason: "the shipped age-band table is missing from this build")
        }
        var t = try CSVTable.read(path: url.path)
        t.file = shownName
        for i in t.rows.indices { t.rows[i].file = shownName }
        return try parse(t, registry: registry)
    }

    static func parse(_ t: CSVTable, registry: MunicipalityRegistry) throws -> PopulationByAge {
        let codeColumn = ["code", "kommune_kode", "kommunekode"].first(where: t.hasColumn)
        guard let codeColumn else {
            throw DimensioneringError.badData(SourceLocation(file: t.file, line: t.headerLine, field: "code"), "no 'code' column")
        }
        var bands: [(column: String, range: AgeRange)] = []
        for h in t.header {
            if let r = band(h) { bands.append((h, r)) }
        }
        guard !bands.isEmpty else {
            throw DimensioneringError.badData(SourceLocation(file: t.file, line: t.headerLine, field: nil), "no age-band columns (e.g. a65_66, a85plus)")
        }
        var quarter = "2020K1"
        if t.hasColumn("quarter"), let first = t.rows.first { quarter = try first.string("quarter") }
        var residents: [String: [AgeRange: Int]] = [:]
        for row in t.rows {
            let code = try row.string(codeColumn)
            guard registry.byCode[code] != nil else { continue }  // Christiansø, totals
            guard residents[code] == nil else { throw DimensioneringError.badData(row.location(codeColumn), "'\(code)' appears twice") }
            var m: [AgeRange: Int] = [:]
            for b in bands { m[b.range] = try row.int(b.column) }
            residents[code] = m
        }
        for m in registry.all where residents[m.code] == nil {
            throw DimensioneringError.badData(SourceLocation(file: t.file, line: nil, field: codeColumn), "no row for \(m.code) \(m.name)")
        }
        return PopulationByAge(quarter: quarter, file: t.file, residents: residents, availableQuarters: [quarter])
    }

    /// "a65_66" → 65–66, "age_85_plus" / "a85plus" / "85+" → 85 and over; nil for other columns.
    static func band(_ header: String) -> AgeRange? {
        let h = header.lowercased()
        let digits = h.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        let open = h.hasSuffix("plus") || h.hasSuffix("+")
        let looksLikeBand = h.hasPrefix("a") || h.hasPrefix("age") || h.first?.isNumber == true
        guard looksLikeBand else { return nil }
        if digits.count == 1, open { return AgeRange(from: digits[0], to: nil) }
        if digits.count == 2, !open, digits[0] <= digits[1] { return AgeRange(from: digits[0], to: digits[1]) }
        return nil
    }

    /// "2020K1" → "1. januar 2020"; other text as it is.
    public static func dateText(quarter q: String) -> String {
        let months = ["1": "1. januar", "2": "1. april", "3": "1. juli", "4": "1. oktober"]
        let parts = q.uppercased().split(separator: "K")
        if parts.count == 2, let m = months[String(parts[1])] { return "\(m) \(parts[0])" }
        return q
    }
}
