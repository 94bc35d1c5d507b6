import BigInt
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
    func csv(danish: Bool, lang: Language) -> String
    func table(lang: Language) -> String
    /// The JSON text as `--format json` writes it (`json().rendered()` and a newline); a large
    /// result may write it without building the `JSON` tree.
    func jsonText() -> String
}

extension ApportionmentReport {
    /// English words by default (`apportion` is a tool for analysts); `lang: .da` gives Danish
    /// headers, words and number format.
    public func rendered(_ format: OutputFormat, lang: Language = .en) -> String {
        switch format {
        case .json: return jsonText()
        case .csv: return csv(danish: false, lang: lang)
        case .csvDanish: return csv(danish: true, lang: lang)
        default: return table(lang: lang)
        }
    }

    public func jsonText() -> String { json().rendered() + "\n" }

    public func csv(danish: Bool = false) -> String { csv(danish: danish, lang: .en) }
    public func table() -> String { table(lang: .en) }

    func tiesSection(_ ties: [Tie], _ lang: Language) -> String {
        if lang.english {
            return ties.isEmpty ? "\nTies: none\n" : "\nTies:\n" + ties.map { "  " + $0.description }.joined(separator: "\n") + "\n"
        }
        return ties.isEmpty ? "\nUafgjort: ingen\n" : "\nUafgjort:\n" + ties.map { t in
            "  \(t.units.joined(separator: ", ")) står lige om \(t.seats) plad\(t.seats == 1 ? "s" : "ser"); afgjort efter \(t.rule.danishDescription): \(t.winners.joined(separator: ", "))"
        }.joined(separator: "\n") + "\n"
    }
}

/// Column headers of `apportion`'s tables per language.
private func apportionHeader(_ lang: Language) -> [String] {
    lang.english ? ["id", "weight", "min", "max", "quota", "seats", "bound"]
        : ["Enhed", "Vægt", "Gulv", "Loft", "Kvote (før afrunding)", "Pladser", "Grænse"]
}

private func boundText(_ b: BoundStatus, _ lang: Language) -> String {
    if b == .free { return "" }
    if lang.english { return b.rawValue }
    return b == .atMinimum ? "gulv binder" : "loft binder"
}

/// A Double as text with up to 6 significant digits, in the language's number format.
private func shortNumber(_ d: Double, _ lang: Language) -> String {
    let s = String(format: "%.6g", d)
    guard !lang.english, !s.contains("e") else { return s }
    if let e = ExactDecimal(s) { return PlanFormat.number(exactRational(e), 6, lang) }
    return s.replacingOccurrences(of: ".", with: ",")
}

private func exactRational(_ e: ExactDecimal) -> Rational {
    e.exponent >= 0 ? Rational(e.significand * BigInt(10).power(e.exponent))
        : Rational(e.significand, BigInt(10).power(-e.exponent))
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

    public func csv(danish: Bool, lang: Language) -> String {
        let rows = ids.indices.lazy.map { i -> [CSVWriter.Cell] in
            [.text(ids[i]), .number(weights[i].text), .number(String(minimums[i])),
             .number(maximums[i].map(String.init) ?? ""), .number(idealQuotas[i].decimalString(places: 6)),
             .number(String(seatsByUnit[i])), .text(boundText(bounds[i], lang))]
        }
        return CSVWriter(danish: danish).render(header: apportionHeader(lang), rows: rows)
    }

    public func table(lang: Language) -> String {
        let en = lang.english
        func w(_ e: ExactDecimal) -> String { en ? e.text : PlanFormat.number(exactRational(e), 12, lang) }
        let rows: [[String]] = ids.indices.map { i in
            [ids[i], w(weights[i]), minimums[i] > 0 ? PlanFormat.int(minimums[i], lang) : "", maximums[i].map { PlanFormat.int($0, lang) } ?? "",
             en ? idealQuotas[i].decimalString(places: 4) : PlanFormat.decimal(idealQuotas[i], 4, lang),
             en ? String(seatsByUnit[i]) : PlanFormat.int(seatsByUnit[i], lang), boundText(bounds[i], lang)]
        }
        var out = en ? "Method: \(method.rawValue) (\(method.danishName)); seats: \(seats); tie rule: \(tieRule)\n"
            : "Metode: \(method.danishName); pladser: \(PlanFormat.int(seats, lang)); uafgjort: \(tieRule.danishDescription)\n"
        if let d = divisor { out += "Divisor: \(en ? String(d) : shortNumber(d, lang))\n" }
        out += "\n"
        let total = en ? ["total", "", "", "", Rational(seats).decimalString(places: 4), String(seatsByUnit.reduce(0, +)), ""]
            : ["I alt", "", "", "", PlanFormat.decimal(Rational(seats), 4, lang), PlanFormat.int(seatsByUnit.reduce(0, +), lang), ""]
        out += TextTable(header: apportionHeader(lang), rows: rows + [total], rightAligned: [1, 2, 3, 4, 5]).render()
        return out + tiesSection(ties, lang)
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

    public func jsonText() -> String { String(decoding: jsonBytes(), as: UTF8.self) }

    /// The UTF-8 of `json().rendered() + "\n"`, written straight from the matrix (a value per
    /// cell: no tree of 10⁵ boxed values to build and free, each column's key quoted once, and no
    /// String to validate when the CLI writes the bytes).
    public func jsonBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + rows.count * (24 + columns.count * 16) + columns.count * 32)
        let rows = self.rows, columns = self.columns, seats = self.seats
        func divisors(_ ids: [String], _ values: [Double], _ out: inout [UInt8], _ level: Int) {
            JSON.writeObject(count: Swift.min(ids.count, values.count), to: &out, indent: level) { i, out, _ in
                JSON.appendKey(ids[i], to: &out)
                JSON.appendDouble(values[i], to: &out)
            }
        }
        JSON.writeObject(count: 7, to: &out, indent: 0) { field, out, level in
            switch field {
            case 0: JSON.appendKey("method", to: &out); JSON.appendQuoted(method.rawValue, to: &out)
            case 1: JSON.appendKey("biproportional", to: &out); JSON.append("true", to: &out)
            case 2: JSON.appendKey("seats", to: &out); JSON.appendInt(total, to: &out)
            case 3:
                JSON.appendKey("allocation", to: &out)
                let columnKeys: [[UInt8]] = columns.map { c in
                    var key: [UInt8] = []
                    JSON.appendKey(c, to: &key)
                    return key
                }
                JSON.writeObject(count: rows.count, to: &out, indent: level) { r, out, level in
                    JSON.appendKey(rows[r], to: &out)
                    let line = seats[r]
                    JSON.writeObject(count: columns.count, to: &out, indent: level) { c, out, _ in
                        out.append(contentsOf: columnKeys[c])
                        JSON.appendInt(line[c], to: &out)
                    }
                }
            case 4: JSON.appendKey("row_divisors", to: &out); divisors(rows, rowDivisors, &out, level)
            case 5: JSON.appendKey("column_divisors", to: &out); divisors(columns, columnDivisors, &out, level)
            default: JSON.appendKey("ties", to: &out); JSON.array(ties.map { $0.json() }).write(to: &out, indent: level, pretty: true)
            }
        }
        out.append(0x0A)
        return out
    }

    public func csv(danish: Bool, lang: Language) -> String {
        var rowsOut: [[CSVWriter.Cell]] = []
        for r in rows.indices {
            for c in columns.indices { rowsOut.append([.text(rows[r]), .text(columns[c]), .number(String(seats[r][c]))]) }
        }
        return CSVWriter(danish: danish).render(header: lang.english ? ["row", "column", "seats"] : ["Række", "Søjle", "Pladser"], rows: rowsOut)
    }

    public func table(lang: Language) -> String {
        let en = lang.english
        let n = { (v: Int) in en ? String(v) : PlanFormat.int(v, lang) }
        var out = en ? "Biproportional \(method.rawValue); seats: \(total)\n\n"
            : "Biproportional fordeling, \(method.danishName); pladser: \(PlanFormat.int(total, lang))\n\n"
        let totalWord = en ? "total" : "I alt"
        let header = [""] + columns + [totalWord, "divisor"]
        var body: [[String]] = rows.indices.map { r in
            [rows[r]] + seats[r].map(n) + [n(seats[r].reduce(0, +)), shortNumber(rowDivisors[r], lang)]
        }
        body.append([totalWord] + columns.indices.map { c in n(rows.indices.reduce(0) { $0 + seats[$1][c] }) } + [n(total), ""])
        body.append(["divisor"] + columnDivisors.map { shortNumber($0, lang) } + ["", ""])
        out += TextTable(header: header, rows: body, rightAligned: Set(1..<header.count)).render()
        return out + tiesSection(ties, lang)
    }

}
