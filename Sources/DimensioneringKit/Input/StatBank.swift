import Foundation

/// An age or an age group as Statistics Denmark labels it: `67 år` is 67…67, `65-69 år` is 65…69,
/// `85 år og derover` is 85…nil.
public struct AgeRange: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var from: Int
    /// Inclusive upper age; nil for "and over".
    public var to: Int?

    public init(from: Int, to: Int?) {
        self.from = from
        self.to = to
    }

    public static func < (a: AgeRange, b: AgeRange) -> Bool {
        a.from != b.from ? a.from < b.from : (a.to ?? Int.max) < (b.to ?? Int.max)
    }

    public var description: String {
        guard let to else { return "\(from)+" }
        return to == from ? "\(from)" : "\(from)-\(to)"
    }

    func overlaps(_ o: AgeRange) -> Bool {
        from <= (o.to ?? Int.max) && o.from <= (to ?? Int.max)
    }
}

/// Residents per municipality and age group for one quarter, read from a FOLK1A export.
public struct PopulationByAge: Sendable {
    /// The quarter (`2020K1`; `2019` for yearly tables; "" when the export has no time column).
    public var quarter: String
    /// The file it was read from, for error messages.
    public var file: String
    /// Municipality code → age group → residents (men and women together).
    public var residents: [String: [AgeRange: Int]]
    /// Quarters present in the export, oldest first.
    public var availableQuarters: [String]
    /// How the file was read: the text encoding of a CSV, or nil for a workbook (.xlsx).
    public var encoding: TextDecoding.Encoding?

    public init(quarter: String, file: String, residents: [String: [AgeRange: Int]], availableQuarters: [String] = []) {
        self.quarter = quarter
        self.file = file
        self.residents = residents
        self.availableQuarters = availableQuarters
    }

    /// All residents of a municipality (sum over its age groups).
    public func total(code: String) -> Int {
        residents[code]?.values.reduce(0, +) ?? 0
    }

    /// Residents of a municipality aged `from…to` (`to` nil: "and over").
    ///
    /// Throws when the export's age groups do not fit the band (e.g. band 67-74 from groups
    /// 65-69, 70-74) or leave a gap, rather than guessing a split.
    public func count(code: String, from: Int, to: Int?) throws -> Int {
        let band = AgeRange(from: from, to: to)
        let loc = SourceLocation(file: file, field: "age")
        guard let groups = residents[code] else {
            throw DimensioneringError.badData(SourceLocation(file: file), "no residents for municipality \(code) in the export")
        }
        if let to, to < from {
            throw DimensioneringError.badData(loc, "age band \(from)-\(to) is empty: its upper age is below its lower age")
        }
        var sum = 0
        var next = from
        let ranges = groups.keys.sorted()
        for r in ranges where r.overlaps(band) {
            let inside = r.from >= from && (to == nil || (r.to != nil && r.to! <= to!))
            guard inside else {
                throw DimensioneringError.badData(loc,
                    "the export's age group \(r) cannot be split into the band \(band): download FOLK1A by single year of age, or put the band limits on the group limits")
            }
            if r.from > next {
                throw DimensioneringError.badData(loc,
                    "the export has no figures for age \(AgeRange(from: next, to: r.from - 1)) (needed for the band \(band))")
            }
            sum += groups[r]!
            next = (r.to ?? Int.max - 1) + 1
        }
        if let to, next <= to {
            throw DimensioneringError.badData(loc,
                "the export has no figures for age \(AgeRange(from: next, to: to)) (needed for the band \(band))")
        }
        if to == nil, next != Int.max, next <= 100 {
            throw DimensioneringError.badData(loc,
                "the export stops at age \(next - 1) without an 'and over' group, so the band \(band) would miss the oldest residents")
        }
        return sum
    }

    /// `count(code:from:to:)` for every municipality.
    public func count(from: Int, to: Int?) throws -> [String: Int] {
        var out: [String: Int] = [:]
        for code in residents.keys { out[code] = try count(code: code, from: from, to: to) }
        return out
    }
}

/// Reads population exports from Statistics Denmark's StatBank (table FOLK1A, also BY2).
///
/// Accepted shapes:
/// - the StatBank CSV download: one column per dimension and the figure last
///   (`OMRÅDE;ALDER;KØN;TID;INDHOLD`), `;` or `,` separated, with or without the header row,
///   Danish or English labels, UTF-8 or Latin-1. Areas by name or "101 København"; ages as single
///   years ("67 år", "67 years", "67"), groups ("65-69 år", "85 år og derover", "100 years and
///   over"); "Alder i alt"/"Age, total" rows are recognised and never added to the groups.
///   Sex: a total ("I alt"/"Total") is used when present, else men + women are added. Any other
///   dimension (e.g. CIVILSTAND) likewise: its total when present, else the sum of its categories.
/// - the "long" layout `tid,omrade_kode,omrade,alder,maend,kvinder` (men and women as columns).
///
/// The whole country, regions, landsdele and Christiansø are left out; an unknown area is an error
/// naming the line; a municipality missing from the export is an error; the same figure given twice
/// is an error. Without `quarter`, the latest quarter in the file is used.
public enum StatBank {
    public static func readFOLK1A(path: String, quarter: String? = nil,
                                  registry: MunicipalityRegistry = .denmark) throws -> PopulationByAge {
        if let t = try CSVTable.readWorkbookIfAny(path: path) {  // .xlsx: WorkbookInput.swift
            return try aggregate(extractRecords(t), file: path, quarter: quarter, registry: registry)
        }
        return try parseFOLK1A(TextDecoding.readFile(path), file: path, quarter: quarter, registry: registry)
    }

    /// The kind of file read, for reports: "Windows-1252", "UTF-8", "UTF-16" or "xlsx".
    public static func formatName(_ encoding: TextDecoding.Encoding?) -> String {
        encoding.map(TextDecoding.describe) ?? "xlsx"
    }

    public static func parseFOLK1A(_ data: Data, file: String, quarter: String? = nil,
                                   registry: MunicipalityRegistry = .denmark) throws -> PopulationByAge {
        let table = try CSVTable.parse(data, file: file)
        let records = try extractRecords(table)
        var population = try aggregate(records, file: file, quarter: quarter, registry: registry)
        population.encoding = table.encoding
        return population
    }

    // MARK: - Labels

    enum Sex: Equatable { case men, women, total }

    enum Age: Equatable { case range(AgeRange), total }

    static func parseSex(_ raw: String) -> Sex? {
        switch raw.trimmingBlanks().lowercased() {
        case "mænd", "maend", "mand", "men", "males", "male", "m": return .men
        case "kvinder", "kvinde", "women", "females", "female", "k", "w": return .women
        case "i alt", "total", "køn i alt", "koen i alt", "sex, total", "both sexes", "begge køn", "all": return .total
        default: return nil
        }
    }

    static func isTotalLabel(_ raw: String) -> Bool {
        let l = raw.trimmingBlanks().lowercased()
        return l == "i alt" || l == "total" || l.hasSuffix(" i alt") || l.hasSuffix(", total") || l.hasSuffix(" total")
    }

    static func parseAge(_ raw: String) -> Age? {
        var s = raw.trimmingBlanks().lowercased()
        if ["alder i alt", "age, total", "age total", "i alt", "total", "alle aldre", "all ages", "ages, total"].contains(s) {
            return .total
        }
        var open = false
        for suffix in ["og derover", "and over", "or over", "og over", "or more", "+"] where s.hasSuffix(suffix) {
            s.removeLast(suffix.count); open = true
            s = s.trimmingBlanks()
            break
        }
        for unit in ["år", "aar", "years", "year", "yrs"] where s.hasSuffix(unit) {
            s.removeLast(unit.count)
            s = s.trimmingBlanks()
            break
        }
        if !open {
            for suffix in ["og derover", "and over", "+"] where s.hasSuffix(suffix) {
                s.removeLast(suffix.count); open = true
                s = s.trimmingBlanks()
                break
            }
        }
        var under = false
        for prefix in ["under ", "below "] where s.hasPrefix(prefix) {
            s.removeFirst(prefix.count); under = true
        }
        let parts = s.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingBlanks() }
        func num(_ t: String) -> Int? {
            guard !t.isEmpty, t.count <= 3, t.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(t)
        }
        if parts.count == 1, let a = num(parts[0]) {
            if under { return a > 0 ? .range(AgeRange(from: 0, to: a - 1)) : nil }
            return .range(AgeRange(from: a, to: open ? nil : a))
        }
        if parts.count == 2, !open, !under, let a = num(parts[0]), let b = num(parts[1]), a <= b {
            return .range(AgeRange(from: a, to: b))
        }
        return nil
    }

    /// `2020K1`, `2020Q1`, `2020K1 (1 Jan 2020)`, `2019` → normalised `2020K1` / `2019`.
    static func parseTime(_ raw: String) -> String? {
        let s = raw.trimmingBlanks().uppercased()
        let chars = Array(s)
        guard chars.count >= 4, chars[0..<4].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let year = String(chars[0..<4])
        if chars.count == 4 { return year }
        if chars.count >= 6, chars[4] == "K" || chars[4] == "Q", ("1"..."4").contains(chars[5]),
           chars.count == 6 || chars[6] == " " {
            return year + "K" + String(chars[5])
        }
        return nil
    }

    // MARK: - Records

    struct Record {
        var line: Int
        var area: String
        var areaField: String
        var time: String?
        var sex: Sex
        var age: Age
        var ageLabel: String
        var extras: [String]
        var value: Int
    }

    static func isNumber(_ s: String) -> Bool {
        let t = s.trimmingBlanks()
        return !t.isEmpty && t.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func extractRecords(_ table: CSVTable) throws -> [Record] {
        let file = table.file
        let h = table.header.map { $0.lowercased() }
        // Long layout: men and women as columns.
        let menCol = h.firstIndex(where: { ["maend", "mænd", "men", "males"].contains($0) })
        let womenCol = h.firstIndex(where: { ["kvinder", "women", "females"].contains($0) })
        if let menCol, let womenCol {
            return try extractLong(table, menCol: menCol, womenCol: womenCol)
        }
        // StatBank layout: with a header when its last field is not a number.
        var rows: [(line: Int, fields: [String])] = table.rows.map { ($0.line, $0.fields) }
        var names: [String]? = table.header
        if let last = table.header.last, isNumber(last) {
            rows.insert((table.headerLine, table.header), at: 0)
            names = nil
        }
        let width = table.header.count
        guard width >= 3 else {
            throw DimensioneringError.badData(SourceLocation(file: file, line: table.headerLine),
                "expected a StatBank export with columns for area, age, (sex, time) and the figure last; found \(width) column\(width == 1 ? "" : "s")")
        }
        guard !rows.isEmpty else {
            throw DimensioneringError.badData(SourceLocation(file: file), "the export has a header but no figures")
        }
        enum Role { case area, age, sex, time, extra }
        var roles = Array(repeating: Role.extra, count: width - 1)
        let areaNames = ["område", "omraade", "omrade", "område_kode", "region", "area", "kommune", "municipality", "areas"]
        if let names {
            for (i, n) in names.dropLast().enumerated() {
                let l = n.lowercased()
                if areaNames.contains(l) { roles[i] = .area }
                else if ["alder", "age"].contains(l) { roles[i] = .age }
                else if ["køn", "koen", "kon", "sex", "gender"].contains(l) { roles[i] = .sex }
                else if ["tid", "time", "kvartal", "quarter", "år", "aar", "year", "period"].contains(l) { roles[i] = .time }
            }
        }
        // Columns not named in a header are recognised by their values.
        for i in 0..<(width - 1) where roles[i] == .extra {
            let values = Set(rows.map { $0.fields[i] })
            let taken = Set(roles.indices.filter { $0 != i }.map { roles[$0] }.filter { $0 != .extra })
            if !taken.contains(.time), values.allSatisfy({ parseTime($0) != nil }) { roles[i] = .time; continue }
            let ages = values.map(parseAge)
            if !taken.contains(.age), ages.allSatisfy({ $0 != nil }), ages.contains(where: { $0 != .total }) {
                roles[i] = .age; continue
            }
            let sexes = values.map(parseSex)
            if !taken.contains(.sex), sexes.allSatisfy({ $0 != nil }), sexes.contains(where: { $0 != .total }) {
                roles[i] = .sex; continue
            }
        }
        if !roles.contains(.area) {
            // The area column: the unassigned column whose values are most often known areas.
            let registry = MunicipalityRegistry.denmark
            var best: (Int, Int)?
            for i in 0..<(width - 1) where roles[i] == .extra {
                let hits = Set(rows.map { $0.fields[i] }).filter { registry.classify($0) != .unknown }.count
                if hits > 0, best == nil || hits > best!.1 { best = (i, hits) }
            }
            if let best { roles[best.0] = .area }
        }
        let colName = { (i: Int, fallback: String) in names?[i] ?? fallback }
        guard let areaCol = roles.firstIndex(of: .area) else {
            throw DimensioneringError.badData(SourceLocation(file: file, line: table.headerLine),
                "cannot find the area column (OMRÅDE); expected municipality names such as 'København' or '101 København'")
        }
        guard let ageCol = roles.firstIndex(of: .age) else {
            throw DimensioneringError.badData(SourceLocation(file: file, line: table.headerLine),
                "cannot find the age column (ALDER); expected ages such as '67 år', '67 years' or '65-69 år'")
        }
        let sexCol = roles.firstIndex(of: .sex)
        let timeCol = roles.firstIndex(of: .time)
        let extraCols = roles.indices.filter { roles[$0] == .extra }
        let valueName = colName(width - 1, "INDHOLD")
        var out: [Record] = []
        out.reserveCapacity(rows.count)
        for (line, f) in rows {
            let loc = { (field: String) in SourceLocation(file: file, line: line, field: field) }
            guard let age = parseAge(f[ageCol]) else {
                throw DimensioneringError.badData(loc(colName(ageCol, "ALDER")),
                    "'\(f[ageCol])' is not an age; expected e.g. '67 år', '65-69 år', '85 år og derover' or 'Alder i alt'")
            }
            var sex = Sex.total
            if let sexCol {
                guard let s = parseSex(f[sexCol]) else {
                    throw DimensioneringError.badData(loc(colName(sexCol, "KØN")),
                        "'\(f[sexCol])' is not a sex; expected 'Mænd', 'Kvinder' or 'I alt' (or 'Men', 'Women', 'Total')")
                }
                sex = s
            }
            var time: String?
            if let timeCol {
                guard let t = parseTime(f[timeCol]) else {
                    throw DimensioneringError.badData(loc(colName(timeCol, "TID")),
                        "'\(f[timeCol])' is not a quarter; expected e.g. '2022K1'")
                }
                time = t
            }
            let rawValue = f[width - 1].trimmingBlanks()
            guard isNumber(rawValue), rawValue.count <= 12, let value = Int(rawValue) else {
                let why = rawValue == ".." || rawValue == "-" || rawValue.isEmpty
                    ? "the figure is missing ('\(rawValue)'); download the table again with all figures"
                    : "'\(rawValue)' is not a number of residents"
                throw DimensioneringError.badData(loc(valueName), why)
            }
            out.append(Record(line: line, area: f[areaCol], areaField: colName(areaCol, "OMRÅDE"), time: time,
                              sex: sex, age: age, ageLabel: f[ageCol], extras: extraCols.map { f[$0] }, value: value))
        }
        return out
    }

    static func extractLong(_ table: CSVTable, menCol: Int, womenCol: Int) throws -> [Record] {
        let h = table.header.map { $0.lowercased() }
        let file = table.file
        guard let ageCol = h.firstIndex(where: { ["alder", "age"].contains($0) }) else {
            throw DimensioneringError.badData(SourceLocation(file: file, line: table.headerLine, field: "alder"),
                "missing column 'alder' (age); found \(quotedList(table.header))")
        }
        let codeCol = h.firstIndex(where: { $0.hasSuffix("kode") || $0.hasSuffix("code") })
        let nameCol = h.firstIndex(where: { ["omrade", "område", "omraade", "area", "region", "kommune", "municipality",
                                             "omrade_navn", "kommune_navn"].contains($0) })
        guard codeCol != nil || nameCol != nil else {
            throw DimensioneringError.badData(SourceLocation(file: file, line: table.headerLine, field: "omrade"),
                "missing the area column ('omrade' or 'omrade_kode'); found \(quotedList(table.header))")
        }
        let timeCol = h.firstIndex(where: { ["tid", "time", "kvartal", "quarter", "år", "year"].contains($0) })
        var out: [Record] = []
        for row in table.rows {
            let f = row.fields
            guard let age = parseAge(f[ageCol]) else {
                throw DimensioneringError.badData(row.location(table.header[ageCol]), "'\(f[ageCol])' is not an age")
            }
            var time: String?
            if let timeCol {
                guard let t = parseTime(f[timeCol]) else {
                    throw DimensioneringError.badData(row.location(table.header[timeCol]),
                        "'\(f[timeCol])' is not a quarter; expected e.g. '2022K1'")
                }
                time = t
            }
            let area = [codeCol, nameCol].compactMap { $0.map { f[$0] } }.joined(separator: " ")
            let areaField = table.header[codeCol ?? nameCol!]
            for (col, sex) in [(menCol, Sex.men), (womenCol, Sex.women)] {
                let v = try row.int(table.header[col])
                out.append(Record(line: row.line, area: area, areaField: areaField, time: time, sex: sex,
                                  age: age, ageLabel: f[ageCol], extras: [], value: v))
            }
        }
        return out
    }

    // MARK: - Aggregation

    struct Key: Hashable {
        var code: String
        var sex: Int
        var age: AgeRange?
        var extras: [String]
    }

    static func r0Field(_ records: [Record]) -> String { records.first?.areaField ?? "OMRÅDE" }

    static func aggregate(_ records: [Record], file: String, quarter requested: String?,
                          registry: MunicipalityRegistry) throws -> PopulationByAge {
        // Quarter.
        let times = Set(records.compactMap { $0.time }).sorted()
        var chosen = times.last ?? ""
        if let requested {
            guard let q = parseTime(requested) else {
                throw DimensioneringError.usage("'\(requested)' is not a quarter; expected e.g. '2022K1'")
            }
            guard times.contains(q) || times.isEmpty else {
                throw DimensioneringError.badData(SourceLocation(file: file, field: "TID"),
                    "quarter \(q) is not in the export; it has \(times.joined(separator: ", "))")
            }
            chosen = q
        }
        let inQuarter = records.filter { $0.time == nil || $0.time == chosen }
        // Totals: a sex total, or a total in another dimension, replaces its categories.
        let useSexTotal = inQuarter.contains { $0.sex == .total }
        let extraCount = inQuarter.first?.extras.count ?? 0
        let extraTotals = (0..<extraCount).map { i in inQuarter.contains { isTotalLabel($0.extras[i]) } }

        var seen: [Key: Int] = [:]
        // Every municipality must have every (sex, age, other dimensions) combination that the
        // file uses: a municipality without its Kvinder rows would otherwise count half.
        struct Combo: Hashable { var sex: Int; var age: AgeRange; var extras: [String] }
        var comboLine: [Combo: Int] = [:]
        var combosOf: [String: Set<Combo>] = [:]
        var firstLineOf: [String: Int] = [:]
        var residents: [String: [AgeRange: Int]] = [:]
        var rangeLines: [String: [AgeRange: Int]] = [:]
        for r in inQuarter {
            let loc = SourceLocation(file: file, line: r.line, field: r.areaField)
            let code: String
            switch registry.classify(r.area) {
            case .municipality(let m): code = m.code
            case .christianso, .country, .region, .landsdel: continue
            case .mismatch(let c, let name):
                throw DimensioneringError.badData(loc, "code \(c) and name '\(name)' are different municipalities")
            case .unknown:
                var msg = "unknown municipality '\(r.area)'"
                if let s = registry.suggestion(for: r.area) { msg += " — did you mean '\(s.name)' (\(s.code))?" }
                throw DimensioneringError.badData(loc, msg)
            }
            if useSexTotal ? r.sex != .total : r.sex == .total { continue }
            var skip = false
            for i in 0..<extraCount where extraTotals[i] != isTotalLabel(r.extras[i]) { skip = true }
            if skip { continue }
            let ageRange: AgeRange?
            if case .range(let a) = r.age { ageRange = a } else { ageRange = nil }
            let key = Key(code: code, sex: r.sex == .men ? 0 : r.sex == .women ? 1 : 2, age: ageRange, extras: r.extras)
            if let first = seen[key] {
                throw DimensioneringError.badData(loc,
                    "the same figure (area, age '\(r.ageLabel)', sex\(r.time.map { ", \($0)" } ?? "")) is also given at line \(first); it would be counted twice")
            }
            seen[key] = r.line
            guard let ageRange else { continue }  // "Alder i alt": a total, never added to the groups.
            let combo = Combo(sex: key.sex, age: ageRange, extras: r.extras)
            if comboLine[combo] == nil { comboLine[combo] = r.line }
            combosOf[code, default: []].insert(combo)
            if firstLineOf[code] == nil { firstLineOf[code] = r.line }
            residents[code, default: [:]][ageRange, default: 0] += r.value
            if rangeLines[code, default: [:]][ageRange] == nil { rangeLines[code, default: [:]][ageRange] = r.line }
        }
        // Overlapping age groups (single years and groups mixed) would double count.
        var overlap: (AgeRange, Int, AgeRange, Int)?
        for (code, groups) in residents {
            let sorted = groups.keys.sorted()
            for (a, b) in zip(sorted, sorted.dropFirst()) where a.overlaps(b) {
                let la = rangeLines[code]![a]!, lb = rangeLines[code]![b]!
                if overlap == nil || max(la, lb) < max(overlap!.1, overlap!.3) { overlap = (a, la, b, lb) }
            }
        }
        if let (a, la, b, lb) = overlap {
            throw DimensioneringError.badData(SourceLocation(file: file, line: max(la, lb), field: "ALDER"),
                "age groups \(a) (line \(la)) and \(b) (line \(lb)) overlap; residents would be counted twice — download either single years or non-overlapping groups")
        }
        for code in combosOf.keys.sorted(by: { firstLineOf[$0]! < firstLineOf[$1]! }) where combosOf[code]!.count < comboLine.count {
            let have = combosOf[code]!
            let (gap, line) = comboLine.filter { !have.contains($0.key) }.min { $0.value < $1.value }!
            let sexName = ["Mænd", "Kvinder", "I alt"][gap.sex]
            let name = registry.all.first { $0.code == code }.map { "\($0.code) \($0.name)" } ?? code
            let others = gap.extras.isEmpty ? "" : ", " + gap.extras.joined(separator: ", ")
            let missingCount = comboLine.count - have.count
            throw DimensioneringError.badData(SourceLocation(file: file, line: firstLineOf[code]!, field: r0Field(records)),
                "municipality \(name) has no figure for \(sexName), age \(gap.age)\(others) (other municipalities have it, e.g. line \(line))"
                    + (missingCount > 1 ? " and lacks \(missingCount - 1) more such figure\(missingCount == 2 ? "" : "s")" : "")
                    + "; the export is incomplete, so its residents would be undercounted — download the table again")
        }
        let missing = registry.all.filter { residents[$0.code] == nil }
        if !missing.isEmpty {
            let names = missing.prefix(5).map { "\($0.code) \($0.name)" }.joined(separator: ", ")
            let more = missing.count > 5 ? " and \(missing.count - 5) more" : ""
            throw DimensioneringError.badData(SourceLocation(file: file),
                "\(missing.count) municipalit\(missing.count == 1 ? "y is" : "ies are") missing from the export\(chosen.isEmpty ? "" : " for \(chosen)"): \(names)\(more)")
        }
        return PopulationByAge(quarter: chosen, file: file, residents: residents, availableQuarters: times)
    }
}
