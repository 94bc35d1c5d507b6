import Foundation

/// The bilag layout KKR annex tables use: one row per municipality (code, name, KKR), one column
/// per education, "I alt" per row, a subtotal row per KKR and a national total. One table per
/// study year. Built from the plan (or a selection of it): totals are sums of the rows shown.
public struct BilagTable: Sendable {
    public struct Column: Sendable {
        public var id: String
        public var name: String
        /// For an intake column (overbooking/dropout): the education it derives from.
        public var intakeOf: String?
    }
    public enum LineKind: Sendable, Equatable {
        case municipality(code: String, name: String, kkr: String)
        /// A region's part of the places in a KKR (region_share).
        case region(name: String, kkr: String, illustrative: Bool)
        case kkrTotal(kkr: String)
        case total
    }
    public struct Line: Sendable {
        public var kind: LineKind
        /// Places per column (nil: the unit has no places in that education).
        public var values: [Int?]
        /// Sum over the dimensioned columns (intake columns are not added in).
        public var total: Int
    }
    public var year: String
    public var columns: [Column]
    public var lines: [Line]
    /// True when only part of the plan is shown.
    public var isSelection: Bool

    public var municipalityLines: [Line] { lines.filter { if case .municipality = $0.kind { return true }; return false } }
    public var totalLine: Line? { lines.last { $0.kind == .total } }
}

extension PlanResult {
    /// One bilag table per study year, for the educations that reach the municipalities; empty
    /// when none does (e.g. a plan of sites and seasons only).
    public func bilag() -> [BilagTable] {
        var out: [BilagTable] = []
        for y in years {
            var columns: [BilagTable.Column] = []
            var perColumn: [[String: Int]] = []
            var regional: [[String: (String, Int, Bool)]] = []  // kkr → (name, seats, illustrative)
            for e in y.educations {
                guard let level = e.levels.last(where: { $0.units == .municipality && $0.role == .plain }) else { continue }
                var seats: [String: Int] = [:]
                var reg: [String: (String, Int, Bool)] = [:]
                for g in level.groups {
                    for r in g.rows { seats[r.code, default: 0] += r.seats }
                    if let rp = g.regional, let k = g.rows.first?.kkr { reg[k] = (rp.name, rp.seats, rp.illustrative) }
                }
                var intakeOf: String?
                if case .intake(let of, _) = e.role { intakeOf = of }
                columns.append(.init(id: e.id, name: e.name, intakeOf: intakeOf))
                perColumn.append(seats)
                regional.append(reg)
            }
            guard !columns.isEmpty else { continue }
            let dimensioned = columns.indices.filter { columns[$0].intakeOf == nil }
            func line(_ kind: BilagTable.LineKind, _ values: [Int?]) -> BilagTable.Line {
                BilagTable.Line(kind: kind, values: values, total: dimensioned.reduce(0) { $0 + (values[$1] ?? 0) })
            }
            var lines: [BilagTable.Line] = []
            var national = [Int?](repeating: nil, count: columns.count)
            for kkr in MunicipalityRegistry.kkrNames {
                let ms = registry.all.filter { m in m.kkr == kkr && perColumn.contains { $0[m.code] != nil } }
                let regionHere = regional.contains { $0[kkr] != nil }
                guard !ms.isEmpty || regionHere else { continue }
                var sub = [Int?](repeating: nil, count: columns.count)
                for m in ms {
                    let values = perColumn.map { $0[m.code] }
                    lines.append(line(.municipality(code: m.code, name: m.name, kkr: kkr), values))
                    for c in columns.indices { if let v = values[c] { sub[c] = (sub[c] ?? 0) + v } }
                }
                if regionHere {
                    let values = regional.map { $0[kkr]?.1 }
                    let first = regional.compactMap { $0[kkr] }.first!
                    lines.append(line(.region(name: first.0, kkr: kkr, illustrative: first.2), values))
                    for c in columns.indices { if let v = values[c] { sub[c] = (sub[c] ?? 0) + v } }
                }
                lines.append(line(.kkrTotal(kkr: kkr), sub))
                for c in columns.indices { if let v = sub[c] { national[c] = (national[c] ?? 0) + v } }
            }
            lines.append(line(.total, national))
            out.append(BilagTable(year: y.year, columns: columns, lines: lines, isSelection: selection != nil))
        }
        return out
    }
}
