import Foundation

/// Realised places read for `follow-up` (and a `carry_over_from` file): one row per unit,
/// education and year. Columns `code,education,year` and `realised` (or, for a carry-over file,
/// `shortfall`, or `dimensioned` with `realised`); CSV or an .xlsx workbook (first sheet); an `illustrative` column (yes/no) marks
/// invented figures; other columns are allowed and ignored.
///
/// `code` is a municipality (code or name), a KKR ("Sjælland", "KKR Sjælland", "Region
/// Sjælland") or the whole country ("Hele landet").
public struct RealisedTable: Sendable {
    public enum Unit: Sendable, Hashable, Comparable {
        case nation
        case kkr(String)
        case municipality(String)
    }

    public struct Row: Sendable {
        /// The code as written.
        public var label: String
        public var unit: Unit
        public var education: String
        public var year: String
        public var realised: Int?
        public var dimensioned: Int?
        /// Given directly (carry-over files); else dimensioned − realised when both are given.
        public var shortfall: Int?
        public var illustrative: Bool
        public var location: SourceLocation
        public var educationLocation: SourceLocation
        public var yearLocation: SourceLocation
        public var realisedLocation: SourceLocation
    }

    /// The file as the user named it.
    public var file: String
    public var rows: [Row]

    public var anyIllustrative: Bool { rows.contains { $0.illustrative } }

    /// Reads a realised file. `needsRealised` (follow-up) requires the `realised` column; else a
    /// carry-over file needs `shortfall` or `dimensioned` and `realised`.
    public static func read(path: String, shown: String? = nil, needsRealised: Bool = true,
                            registry: MunicipalityRegistry = .denmark) throws -> RealisedTable {
        let shown = shown ?? path
        // CSV, or the first sheet of an .xlsx workbook (CSVTable.read; an .xls or a damaged workbook is refused).
        var t = try CSVTable.read(path: path)
        for k in t.rows.indices { t.rows[k].file = shown }
        t.file = shown
        return try parse(t, needsRealised: needsRealised, registry: registry)
    }

    public static func parse(_ t: CSVTable, needsRealised: Bool = true, registry: MunicipalityRegistry = .denmark) throws -> RealisedTable {
        let header = SourceLocation(file: t.file, line: t.headerLine)
        for c in ["code", "education", "year"] where !t.hasColumn(c) {
            throw DimensioneringError.badData(SourceLocation(file: t.file, line: t.headerLine, field: c),
                "missing column '\(c)'; a realised file has columns code,education,year,realised (and optionally illustrative); found \(t.header.joined(separator: ", "))")
        }
        if needsRealised && !t.hasColumn("realised") {
            let hint = EditDistance.suggestion(for: "realised", among: t.header).map { " — did you mean 'realised' instead of '\($0)'?" } ?? ""
            throw DimensioneringError.badData(SourceLocation(file: t.file, line: t.headerLine, field: "realised"),
                "missing column 'realised'; found \(t.header.joined(separator: ", "))\(hint)")
        }
        if !needsRealised && !t.hasColumn("shortfall") && !(t.hasColumn("dimensioned") && t.hasColumn("realised")) {
            throw DimensioneringError.badData(SourceLocation(file: t.file, line: t.headerLine, field: "shortfall"),
                "a carry-over file needs a 'shortfall' column, or 'dimensioned' and 'realised' (e.g. the CSV of follow-up); found \(t.header.joined(separator: ", "))")
        }
        var rows: [Row] = []
        var seen: [String: Int] = [:]
        for r in t.rows {
            let label = try r.string("code")
            let unit = try resolve(label, at: r.location("code"), registry: registry)
            let education = try r.string("education")
            let year = try r.string("year")
            let realised = needsRealised ? try r.int("realised") : try r.optionalInt("realised")
            let dimensioned = try r.optionalInt("dimensioned")
            var shortfall = try r.optionalInt("shortfall", allowNegative: true)
            if shortfall == nil, let d = dimensioned, let re = realised { shortfall = d - re }
            if !needsRealised && shortfall == nil {
                throw DimensioneringError.badData(r.location(t.hasColumn("shortfall") ? "shortfall" : "realised"),
                                                  "value is empty (give the shortfall, or dimensioned and realised)")
            }
            var illustrative = false
            if let v = r["illustrative"]?.trimmingBlanks().lowercased(), !v.isEmpty {
                switch v {
                case "yes", "ja", "true", "1", "y", "j", "x": illustrative = true
                case "no", "nej", "false", "0", "n": illustrative = false
                default:
                    throw DimensioneringError.badData(r.location("illustrative"), "'\(v)' is not yes or no")
                }
            }
            let key = "\(unit)|\(education)|\(year)"
            if let line = seen[key] {
                throw DimensioneringError.badData(r.location("code"), "'\(label)' \(education) \(year) appears twice (first on line \(line))")
            }
            seen[key] = r.line
            rows.append(Row(label: label, unit: unit, education: education, year: year, realised: realised, dimensioned: dimensioned,
                            shortfall: shortfall, illustrative: illustrative, location: r.location("code"),
                            educationLocation: r.location("education"), yearLocation: r.location("year"),
                            realisedLocation: r.location("realised")))
        }
        guard !rows.isEmpty else { throw DimensioneringError.badData(header, "the file has no rows (only a header)") }
        return RealisedTable(file: t.file, rows: rows)
    }

    /// A code as a unit: KKR names first, then municipalities (code or name), then the country.
    static func resolve(_ label: String, at loc: SourceLocation, registry: MunicipalityRegistry) throws -> Unit {
        let t = label.trimmingBlanks()
        if ["hele landet", "i alt", "danmark", "landet", "dk"].contains(t.lowercased()) { return .nation }
        if let k = MunicipalityRegistry.canonicalKKR(t) { return .kkr(k) }
        switch registry.classify(t) {
        case .municipality(let m): return .municipality(m.code)
        case .country: return .nation
        case .region(let k): return .kkr(k)
        default:
            var hint = ""
            if let m = registry.suggestion(for: t) { hint = "; did you mean '\(m.code) \(m.name)'?" } else if let k = EditDistance.suggestion(for: t, among: MunicipalityRegistry.kkrNames) { hint = "; did you mean '\(k)'?" }
            throw DimensioneringError.badData(loc, "unknown municipality, KKR or 'Hele landet': '\(t)'\(hint)")
        }
    }
}
