import Foundation

public enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, json, markdown, html
    /// CSV for Danish Excel: `;`, decimal comma, UTF-8 BOM.
    case csvDanish = "csv-da"
    /// An Excel workbook (PlanWorkbook.swift); binary, so only with `--output`. Text renderers
    /// never see it: the commands that write xlsx route it to `writeXLSX` before rendering.
    case xlsx
}

/// A result that can be written as a table, CSV or JSON (`dimensionering apportion --format`).
public protocol ApportionmentReport {
    func json() -> JSON
    func csv(danish: Bool) -> String
    func table() -> String
}

extension ApportionmentReport {
    public func rendered(_ format: OutputFormat) -> String {
        switch format {
        case .json: return json().rendered() + "\n"
        case .csv: return csv(danish: false)
        case .csvDanish: return csv(danish: true)
        default: return table()
        }
    }

    func tiesSection(_ ties: [Tie]) -> String {
        ties.isEmpty ? "\nTies: none\n" : "\nTies:\n" + ties.map { "  " + $0.description }.joined(separator: "\n") + "\n"
    }
}

extension ApportionmentResult: ApportionmentReport {
    public func json() -> JSON {
        var fields: [(String, JSON)] = [
            ("method", .string(method.rawValue)),
            ("seats", .int(seats)),
            ("allocation", .object(zip(ids, seatsByUnit).map { ($0, .int($1)) })),
            ("ties", .array(ties.map { $0.json() })),
            ("tie_rule", .string(tieRule.description)),
            ("quotas", .object(zip(ids, idealQuotas).map { ($0, .number($1.decimalString(places: 6))) })),
            ("bounds", .object(zip(ids, bounds).filter { $0.1 != .free }.map { ($0, .string($1.rawValue)) })),
        ]
        if let d = divisor, let r = divisorRange {
            fields.append(("divisor", .double(d)))
            fields.append(("divisor_range", .array([.double(r.low), r.high.isFinite ? .double(r.high) : .null])))
        }
        if let q = restrictedQuotas, minimums.contains(where: { $0 > 0 }) || maximums.contains(where: { $0 != nil }) {
            fields.append(("restricted_quotas", .object(zip(ids, q).map { ($0, .number($1.decimalString(places: 6))) })))
        }
        return .object(fields)
    }

    public func csv(danish: Bool = false) -> String {
        let rows: [[CSVWriter.Cell]] = ids.indices.map { i in
            [.text(ids[i]), .number(weights[i].text), .number(String(minimums[i])),
             .number(maximums[i].map(String.init) ?? ""), .number(idealQuotas[i].decimalString(places: 6)),
             .number(String(seatsByUnit[i])), .text(bounds[i] == .free ? "" : bounds[i].rawValue)]
        }
        return CSVWriter(danish: danish).render(header: ["id", "weight", "min", "max", "quota", "seats", "bound"], rows: rows)
    }

    public func table() -> String {
        let rows: [[String]] = ids.indices.map { i in
            [ids[i], weights[i].text, minimums[i] > 0 ? String(minimums[i]) : "", maximums[i].map(String.init) ?? "",
             idealQuotas[i].decimalString(places: 4), String(seatsByUnit[i]), bounds[i] == .free ? "" : bounds[i].rawValue]
        }
        var out = "Method: \(method.rawValue) (\(method.danishName)); seats: \(seats); tie rule: \(tieRule)\n"
        if let d = divisor { out += "Divisor: \(d)\n" }
        out += "\n"
        out += TextTable(header: ["id", "weight", "min", "max", "quota", "seats", "bound"],
                         rows: rows + [["total", "", "", "", Rational(seats).decimalString(places: 4), String(seatsByUnit.reduce(0, +)), ""]],
                         rightAligned: [1, 2, 3, 4, 5]).render()
        return out + tiesSection(ties)
    }

}

extension Tie {
    public func json() -> JSON {
        .object([("units", .array(units.map { .string($0) })), ("seats", .int(seats)),
                 ("winners", .array(winners.map { .string($0) })), ("rule", .string(rule.description))])
    }
}

extension BiproportionalResult: ApportionmentReport {
    public func json() -> JSON {
        .object([
            ("method", .string(method.rawValue)),
            ("biproportional", .bool(true)),
            ("seats", .int(total)),
            ("allocation", .object(rows.indices.map { r in
                (rows[r], .object(columns.indices.map { c in (columns[c], .int(seats[r][c])) }))
            })),
            ("row_divisors", .object(zip(rows, rowDivisors).map { ($0, .double($1)) })),
            ("column_divisors", .object(zip(columns, columnDivisors).map { ($0, .double($1)) })),
            ("ties", .array(ties.map { $0.json() })),
        ])
    }

    public func csv(danish: Bool = false) -> String {
        var rowsOut: [[CSVWriter.Cell]] = []
        for r in rows.indices {
            for c in columns.indices { rowsOut.append([.text(rows[r]), .text(columns[c]), .number(String(seats[r][c]))]) }
        }
        return CSVWriter(danish: danish).render(header: ["row", "column", "seats"], rows: rowsOut)
    }

    public func table() -> String {
        var out = "Biproportional \(method.rawValue); seats: \(total)\n\n"
        let header = [""] + columns + ["total", "divisor"]
        var body: [[String]] = rows.indices.map { r in
            [rows[r]] + seats[r].map(String.init) + [String(seats[r].reduce(0, +)), format(rowDivisors[r])]
        }
        body.append(["total"] + columns.indices.map { c in String(rows.indices.reduce(0) { $0 + seats[$1][c] }) } + [String(total), ""])
        body.append(["divisor"] + columnDivisors.map(format) + ["", ""])
        out += TextTable(header: header, rows: body, rightAligned: Set(1..<header.count)).render()
        return out + tiesSection(ties)
    }

    func format(_ d: Double) -> String { String(format: "%.6g", d) }

}
